#include "models/pipeline_model.h"

#include <QLocale>
#include <algorithm>

#include "models/byte_text.h"
#include "models/engine_bridge.h"

namespace riverdelta::models {

namespace {

bool sameShape(const run::ScenarioStatus& a, const run::ScenarioStatus& b) {
    if (a.loaded != b.loaded || a.file != b.file || a.stages != b.stages ||
        a.generators.size() != b.generators.size())
        return false;
    for (std::size_t i = 0; i < a.generators.size(); ++i)
        if (a.generators[i].name != b.generators[i].name ||
            a.generators[i].target != b.generators[i].target ||
            a.generators[i].stage != b.generators[i].stage)
            return false;
    return true;
}

bool sameInfo(const run::ScenarioStatus& a, const run::ScenarioStatus& b) {
    return a.name == b.name && a.file == b.file && a.speed == b.speed &&
           a.continuous == b.continuous && a.runExists == b.runExists && a.runState == b.runState &&
           a.runError == b.runError && a.currentStage == b.currentStage && a.problems == b.problems;
}

QString joined(const std::vector<std::string>& items) {
    QStringList out;
    for (const auto& i : items)
        out << QString::fromStdString(i);
    return out.join(QStringLiteral(", "));
}

}  // namespace

PipelineModel::PipelineModel(EngineBridge& bridge, QObject* parent)
    : QAbstractListModel(parent), bridge_(bridge) {
    connect(&bridge_, &EngineBridge::polled, this, &PipelineModel::refresh);
    refresh();
}

void PipelineModel::resetRates() {
    for (auto& w : rateWindows_)
        w.reset();
    for (auto& w : captureWindows_)
        w.reset();
    std::fill(rates_.begin(), rates_.end(), 0.0);
    std::fill(captureRates_.begin(), captureRates_.end(), 0.0);
}

void PipelineModel::refresh() {
    const run::ScenarioStatus& next = bridge_.snapshot().scenario;
    const auto now = WindowedRate::Clock::now();
    if (!sameShape(scenario_, next)) {
        beginResetModel();
        scenario_ = next;
        stages_.clear();
        for (const auto& s : scenario_.stages)
            stages_ << QString::fromStdString(s);
        rateWindows_.assign(scenario_.generators.size(), {});
        rates_.assign(scenario_.generators.size(), 0.0);
        captureWindows_.assign(scenario_.captures.size(), {});
        captureRates_.assign(scenario_.captures.size(), 0.0);
        endResetModel();
        emit scenarioReloaded();
        emit scenarioInfoChanged();
        return;
    }
    const bool infoChanged = !sameInfo(scenario_, next);
    bool capturesMoved = scenario_.captures != next.captures;
    int first = -1, last = -1;
    for (std::size_t i = 0; i < next.generators.size(); ++i) {
        // The row's rate: the same window as the chart's, and only while it runs.
        const auto& g = next.generators[i];
        rateWindows_[i].add(now, g.acknowledged, g.bytes);
        const double rate =
            g.state == run::StreamState::Running ? rateWindows_[i].rate(now).eventsPerSecond : 0.0;
        const bool rateMoved = rate != rates_[i];
        rates_[i] = rate;
        if (rateMoved || scenario_.generators[i] != g) {
            if (first < 0) first = static_cast<int>(i);
            last = static_cast<int>(i);
        }
    }
    if (captureWindows_.size() != next.captures.size()) {
        captureWindows_.assign(next.captures.size(), {});
        captureRates_.assign(next.captures.size(), 0.0);
    }
    for (std::size_t i = 0; i < next.captures.size(); ++i) {
        const auto& c = next.captures[i];
        captureWindows_[i].add(now, c.eventsAcknowledged);
        const bool running = c.source && (c.source->state == cdc::SourceState::Snapshotting ||
                                          c.source->state == cdc::SourceState::Streaming);
        const double rate = running ? captureWindows_[i].rate(now).eventsPerSecond : 0.0;
        capturesMoved = capturesMoved || rate != captureRates_[i];
        captureRates_[i] = rate;
    }
    scenario_ = next;
    if (first >= 0) emit dataChanged(index(first), index(last));
    if (infoChanged) emit scenarioInfoChanged();
    if (capturesMoved) emit capturesChanged();
}

std::vector<PipelineModel::CaptureRow> PipelineModel::captureRows() const {
    std::vector<CaptureRow> rows;
    for (std::size_t i = 0; i < scenario_.captures.size(); ++i) {
        const auto& c = scenario_.captures[i];
        CaptureRow row;
        row.tables = joined(c.tables);
        row.topics = joined(c.topics);
        row.started = c.wanted;
        if (!c.source) {
            row.stateText = tr("waiting");
            row.reason = !c.wanted        ? tr("not started")
                         : c.note.empty() ? tr("waiting for the run's tables")
                                          : QString::fromStdString(c.note);
        } else {
            const auto& s = *c.source;
            row.events = c.eventsAcknowledged;
            row.rate = i < captureRates_.size() ? captureRates_[i] : 0.0;
            switch (s.state) {
                case cdc::SourceState::Starting:
                    row.state = run::StreamState::Running;
                    row.stateText = tr("starting");
                    break;
                case cdc::SourceState::Snapshotting: {
                    std::uint64_t done = 0, total = 0;
                    for (const auto& t : s.snapshot) {
                        done += t.rowsDone;
                        total += t.rowsTotal;
                    }
                    row.state = run::StreamState::Running;
                    row.stateText = tr("snapshot");
                    row.reason = tr("%1 of %2 rows")
                                     .arg(QLocale().toString(qulonglong(done)),
                                          QLocale().toString(qulonglong(total)));
                    row.snapshotProgress =
                        total ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
                    break;
                }
                case cdc::SourceState::Streaming:
                    row.state = run::StreamState::Running;
                    row.stateText = tr("streaming");
                    row.caughtUp = s.lagBytes == 0;
                    row.reason = s.lagBytes == 0
                                     ? tr("caught up")
                                     : tr("lag %1, %2 s")
                                           .arg(byteText(static_cast<double>(s.lagBytes)))
                                           .arg(s.lagSeconds, 0, 'f', 1);
                    break;
                case cdc::SourceState::Stopped:
                    row.state = c.wanted ? run::StreamState::Waiting : run::StreamState::Paused;
                    row.stateText = c.wanted ? tr("waiting") : tr("paused");
                    row.reason = c.wanted ? tr("restarting") : tr("stopped");
                    row.rate = 0;
                    break;
                case cdc::SourceState::Failed:
                    row.state = run::StreamState::Failed;
                    row.stateText = tr("failed");
                    row.reason = QString::fromStdString(s.failureReason);
                    row.rate = 0;
                    break;
            }
            const bool running = s.state == cdc::SourceState::Starting ||
                                 s.state == cdc::SourceState::Snapshotting ||
                                 s.state == cdc::SourceState::Streaming;
            if (running && !s.waitingFor.empty()) {
                // A capture held up by a server is not "caught up", whatever its lag says.
                row.waitingFor = QString::fromStdString(s.waitingFor);
                row.reason = row.waitingFor;
                row.caughtUp = false;
                row.state = run::StreamState::Waiting;  // not shown as moving along
            }
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

int PipelineModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(scenario_.generators.size());
}

int PipelineModel::rowOf(const QString& generator) const {
    const std::string name = generator.toStdString();
    for (std::size_t i = 0; i < scenario_.generators.size(); ++i)
        if (scenario_.generators[i].name == name) return static_cast<int>(i);
    return -1;
}

QVariant PipelineModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& g = scenario_.generators[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case NameRole:
            return QString::fromStdString(g.name);
        case StageRole:
            return g.stage;
        case StageNameRole:
            return g.stage >= 0 && g.stage < stages_.size() ? stages_[g.stage] : QString();
        case TargetRole:
            return QString::fromStdString(g.target);
        case TargetKindRole:
            return g.table ? QStringLiteral("table") : QStringLiteral("topic");
        case StateRole:
            return static_cast<int>(g.state);
        case StateTextRole:
            return QString::fromUtf8(run::toString(g.state));
        case ReasonRole:
            return QString::fromStdString(g.reason);
        case StartedRole:
            return g.started;
        case AcknowledgedRole:
            return static_cast<qulonglong>(g.acknowledged);
        case GeneratedRole:
            return static_cast<qulonglong>(g.generated);
        case MaxEventsRole:
            return g.maxEvents ? QVariant(static_cast<qulonglong>(*g.maxEvents)) : QVariant();
        case RateRole:
            return static_cast<std::size_t>(index.row()) < rates_.size()
                       ? rates_[static_cast<std::size_t>(index.row())]
                       : 0.0;
        case UnmatchedRole:
            return static_cast<qulonglong>(g.unmatched);
        case UncappedRole:
            return g.uncapped;
        case ProgressRole:
            if (!g.maxEvents || *g.maxEvents == 0) return {};
            return std::min(
                1.0, static_cast<double>(g.acknowledged) / static_cast<double>(*g.maxEvents));
        default:
            return {};
    }
}

QHash<int, QByteArray> PipelineModel::roleNames() const {
    return {{NameRole, "name"},
            {StageRole, "stage"},
            {StageNameRole, "stageName"},
            {TargetRole, "target"},
            {TargetKindRole, "targetKind"},
            {StateRole, "state"},
            {StateTextRole, "stateText"},
            {ReasonRole, "reason"},
            {StartedRole, "started"},
            {AcknowledgedRole, "acknowledged"},
            {GeneratedRole, "generated"},
            {MaxEventsRole, "maxEvents"},
            {RateRole, "rate"},
            {ProgressRole, "progress"},
            {UnmatchedRole, "unmatched"},
            {UncappedRole, "uncapped"}};
}

}  // namespace riverdelta::models
