#include "ui/pipeline_view.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

#include "engine/run/run_status.h"
#include "models/pipeline_model.h"
#include "ui/elided_label.h"
#include "ui/glyph_icon.h"
#include "ui/state_colors.h"

namespace riverdelta::ui {

namespace {

using Model = models::PipelineModel;

// Start and Stop share the last column: only the one that applies is shown.
enum Column { NameCol, TargetCol, ProgressCol, CountCol, RateCol, StateCol, ButtonCol };

// Per minute below one a second (a stream of one event every 12 s reads 5.0/min, not 0.1/s).
QString rateText(double perSecond) {
    if (perSecond <= 0) return QStringLiteral("–");
    if (perSecond < 1) {
        const double perMinute = perSecond * 60;
        return QObject::tr("%1/min").arg(perMinute, 0, 'f', perMinute < 10 ? 1 : 0);
    }
    if (perSecond < 10) return QObject::tr("%1/s").arg(perSecond, 0, 'f', 1);
    return QObject::tr("%1/s").arg(QLocale().toString(qRound64(perSecond)));
}

QColor stateColor(run::StreamState state, const QPalette& p) {
    switch (state) {
        case run::StreamState::Running:
            return readable(p, QColor(0x1b, 0x7f, 0x3b), QColor(0x6f, 0xd8, 0x8c));
        case run::StreamState::Paused:
            return readable(p, QColor(0xb2, 0x5c, 0x00), QColor(0xff, 0xb7, 0x4d));
        case run::StreamState::Done:
            return readable(p, QColor(0x15, 0x65, 0xc0), QColor(0x82, 0xb1, 0xff));
        case run::StreamState::Failed:
            return readable(p, QColor(0xc6, 0x28, 0x28), QColor(0xff, 0x8a, 0x80));
        case run::StreamState::Waiting:
            break;
    }
    return p.color(QPalette::Disabled, QPalette::WindowText);
}

}  // namespace

PipelineView::PipelineView(models::PipelineModel& model, QWidget* parent)
    : QWidget(parent), model_(model), stageStrip_(new QWidget(this)) {
    setObjectName(QStringLiteral("pipeline"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* strip = new QHBoxLayout(stageStrip_);
    strip->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(stageStrip_);
    connect(&model_, &Model::scenarioReloaded, this, &PipelineView::rebuild);
    connect(&model_, &Model::scenarioInfoChanged, this, &PipelineView::updateStages);
    connect(&model_, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& a, const QModelIndex& b) { updateRows(a.row(), b.row()); });
    connect(&model_, &Model::capturesChanged, this, &PipelineView::updateCaptures);
    rebuild();
}

void PipelineView::rebuild() {
    // Stage strip: one chip per stage, arrows between.
    auto* strip = static_cast<QHBoxLayout*>(stageStrip_->layout());
    while (auto* item = strip->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    stageChips_.clear();
    const QStringList& stages = model_.stages();
    for (int i = 0; i < stages.size(); ++i) {
        if (i > 0) {
            auto* arrow = new QLabel(QStringLiteral("→"), stageStrip_);
            arrow->setForegroundRole(QPalette::PlaceholderText);
            strip->addWidget(arrow);
        }
        auto* chip = new QLabel(stageStrip_);
        chip->setObjectName(QStringLiteral("stage%1").arg(i));
        chip->setAlignment(Qt::AlignCenter);
        strip->addWidget(chip);
        stageChips_.push_back(chip);
    }
    strip->addStretch(1);

    // Generator rows, grouped by stage.
    delete body_;
    rows_.clear();
    body_ = new QWidget(this);
    grid_ = new QGridLayout(body_);
    grid_->setContentsMargins(0, 4, 0, 0);
    grid_->setHorizontalSpacing(12);
    grid_->setVerticalSpacing(4);
    grid_->setColumnStretch(ProgressCol, 1);
    static_cast<QVBoxLayout*>(layout())->addWidget(body_);
    if (!model_.scenario().loaded) {
        updateStages();
        return;
    }
    rows_.resize(static_cast<std::size_t>(model_.rowCount()));
    int gridRow = 0;
    const int stageCount = static_cast<int>(stages.size());
    for (int stage = -1; stage < stageCount; ++stage) {
        bool any = false;
        for (int r = 0; r < model_.rowCount(); ++r) {
            const QModelIndex idx = model_.index(r);
            if (idx.data(Model::StageRole).toInt() != stage) continue;
            if (!any) {
                any = true;
                auto* header =
                    new QLabel(stage >= 0 ? tr("%1 · %2").arg(stage + 1).arg(stages[stage])
                                          : tr("Not scheduled"),
                               body_);
                QFont f = header->font();
                f.setBold(true);
                header->setFont(f);
                header->setContentsMargins(0, gridRow == 0 ? 0 : 8, 0, 0);
                grid_->addWidget(header, gridRow++, 0, 1, ButtonCol + 1);
            }
            Row& row = rows_[static_cast<std::size_t>(r)];
            row = makeRow(idx.data(Model::NameRole).toString(),
                          tr("→ %1 %2").arg(idx.data(Model::TargetKindRole).toString(),
                                            idx.data(Model::TargetRole).toString()),
                          gridRow);
            const QString name = row.name;
            connect(row.start, &QPushButton::clicked, this,
                    [this, name] { emit startRequested(name); });
            connect(row.stop, &QPushButton::clicked, this,
                    [this, name] { emit stopRequested(name); });
            ++gridRow;
        }
    }
    // Change data capture runs beside the stages: from the seed's first row to the last stream.
    captureRows_.clear();
    const auto captures = model_.captureRows();
    if (!captures.empty()) {
        auto* header = new QLabel(tr("Change data capture · PostgreSQL → Kafka"), body_);
        QFont f = header->font();
        f.setBold(true);
        header->setFont(f);
        header->setContentsMargins(0, gridRow == 0 ? 0 : 8, 0, 0);
        grid_->addWidget(header, gridRow++, 0, 1, ButtonCol + 1);
        for (const auto& c : captures) {
            Row row = makeRow(QStringLiteral("cdc"), tr("→ topics %1").arg(c.topics), gridRow++);
            row.nameLabel->setToolTip(tr("Captures %1").arg(c.tables));
            row.target->setToolTip(c.topics);
            row.target->setMaximumWidth(
                row.target->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 34);
            connect(row.start, &QPushButton::clicked, this,
                    [this] { emit captureStartRequested(); });
            connect(row.stop, &QPushButton::clicked, this, [this] { emit captureStopRequested(); });
            captureRows_.push_back(row);
        }
    }
    grid_->setRowStretch(gridRow, 1);
    updateRows(0, model_.rowCount() - 1);
    updateCaptures();
    updateStages();
}

PipelineView::Row PipelineView::makeRow(const QString& name, const QString& target, int gridRow) {
    Row row;
    row.name = name;
    row.nameLabel = new QLabel(row.name, body_);
    row.nameLabel->setContentsMargins(12, 0, 0, 0);
    row.target = new ElidedLabel(body_);
    row.target->setText(target);
    row.target->setForegroundRole(QPalette::PlaceholderText);
    row.progress = new QProgressBar(body_);
    row.progress->setObjectName(QStringLiteral("progress:") + row.name);
    row.progress->setTextVisible(false);
    row.progress->setMinimumWidth(100);
    row.count = new QLabel(body_);
    row.count->setObjectName(QStringLiteral("count:") + row.name);
    row.count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    row.rate = new QLabel(body_);
    row.rate->setObjectName(QStringLiteral("rate:") + row.name);
    row.rate->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // Elided to the room it gets (the full text on hover): a fixed width of 24 characters made
    // the pipeline scroll sideways in presentation mode at 1024×700.
    row.state = new ElidedLabel(body_);
    row.state->setObjectName(QStringLiteral("state:") + row.name);
    row.start = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Start"), body_);
    row.start->setObjectName(QStringLiteral("start:") + row.name);
    row.stop = new QPushButton(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop"), body_);
    row.stop->setObjectName(QStringLiteral("stop:") + row.name);
    grid_->addWidget(row.nameLabel, gridRow, NameCol);
    grid_->addWidget(row.target, gridRow, TargetCol);
    grid_->addWidget(row.progress, gridRow, ProgressCol);
    grid_->addWidget(row.count, gridRow, CountCol);
    grid_->addWidget(row.rate, gridRow, RateCol);
    grid_->addWidget(row.state, gridRow, StateCol);
    grid_->addWidget(row.start, gridRow, ButtonCol);
    grid_->addWidget(row.stop, gridRow, ButtonCol);
    return row;
}

void PipelineView::updateStages() {
    const auto& scenario = model_.scenario();
    const QPalette& p = palette();
    for (std::size_t i = 0; i < stageChips_.size(); ++i) {
        const int stage = static_cast<int>(i);
        bool done = scenario.runExists;
        bool hasAny = false;
        for (const auto& g : scenario.generators)
            if (g.stage == stage) {
                hasAny = true;
                done = done && g.state == run::StreamState::Done;
            }
        done = done && hasAny;
        const bool current = scenario.runExists && scenario.currentStage == stage && !done;
        QString text = QStringLiteral("%1  %2").arg(stage + 1).arg(model_.stages()[stage]);
        QColor bg = p.color(QPalette::Button), fg = p.color(QPalette::ButtonText);
        if (done) {
            text = QStringLiteral("✓ ") + model_.stages()[stage];
            fg = stateColor(run::StreamState::Done, p);
        } else if (current) {
            bg = p.color(QPalette::Highlight);
            fg = p.color(QPalette::HighlightedText);
        }
        QLabel* chip = stageChips_[i];
        chip->setText(text);
        chip->setProperty("current", current);
        chip->setProperty("done", done);
        const QString css = QStringLiteral(
                                "QLabel { background: %1; color: %2; border: 1px solid %3;"
                                " border-radius: 6px; padding: 3px 12px; }")
                                .arg(bg.name(), fg.name(), p.color(QPalette::Mid).name());
        if (chip->styleSheet() != css) chip->setStyleSheet(css);
    }
}

void PipelineView::updateRows(int first, int last) {
    if (rows_.empty()) return;
    updateStages();
    const QLocale locale;
    for (int r = std::max(0, first); r <= last && r < static_cast<int>(rows_.size()); ++r) {
        Row& row = rows_[static_cast<std::size_t>(r)];
        if (!row.progress) continue;
        const QModelIndex idx = model_.index(r);
        const auto state = static_cast<run::StreamState>(idx.data(Model::StateRole).toInt());
        const auto acked = idx.data(Model::AcknowledgedRole).toULongLong();
        const QVariant max = idx.data(Model::MaxEventsRole);
        const double rate = idx.data(Model::RateRole).toDouble();
        if (max.isValid()) {
            const auto total = max.toULongLong();
            row.progress->setRange(0, 1000);
            row.progress->setValue(total ? static_cast<int>(1000 * std::min(acked, total) / total)
                                         : 1000);
            row.count->setText(tr("%1 / %2").arg(locale.toString(acked), locale.toString(total)));
            row.progress->setToolTip(tr("%1 of %2 events acknowledged").arg(acked).arg(total));
        } else if (idx.data(Model::UncappedRole).toBool()) {
            // Continuous: a full, steady bar while it streams; the count runs on.
            row.progress->setRange(0, 1000);
            row.progress->setValue(state == run::StreamState::Running ? 1000 : 0);
            row.count->setText(locale.toString(acked));
            row.progress->setToolTip(tr("continuous: runs until stopped"));
        } else {
            // Unbounded: the bar shows the rate against the highest rate seen.
            row.peakRate = std::max(row.peakRate, rate);
            row.progress->setRange(0, 1000);
            row.progress->setValue(row.peakRate > 0 ? static_cast<int>(1000 * rate / row.peakRate)
                                                    : 0);
            row.count->setText(locale.toString(acked));
            row.progress->setToolTip(
                tr("unbounded: rate against its peak of %1").arg(rateText(row.peakRate)));
        }
        // Updates and deletes whose `where` found no row: not an error, but worth seeing.
        const auto unmatched = idx.data(Model::UnmatchedRole).toULongLong();
        if (unmatched > 0) {
            row.count->setText(row.count->text() +
                               tr(" · %1 no match").arg(locale.toString(unmatched)));
            row.count->setToolTip(
                tr("%1 updates or deletes matched no row (their `where` found nothing)")
                    .arg(locale.toString(unmatched)));
        } else {
            row.count->setToolTip({});
        }
        row.rate->setText(rateText(rate));
        const bool done = state == run::StreamState::Done || idx.data(Model::StageRole).toInt() < 0;
        styleRow(row, state, idx.data(Model::StateTextRole).toString(),
                 idx.data(Model::ReasonRole).toString(), idx.data(Model::StartedRole).toBool(),
                 done);
    }
}

void PipelineView::updateCaptures() {
    const auto captures = model_.captureRows();
    const QLocale locale;
    for (std::size_t i = 0; i < captureRows_.size() && i < captures.size(); ++i) {
        Row& row = captureRows_[i];
        const auto& c = captures[i];
        row.progress->setRange(0, 1000);
        if (!c.waitingFor.isEmpty()) {
            row.progress->setValue(c.snapshotProgress ? static_cast<int>(1000 * *c.snapshotProgress)
                                                      : 0);
            row.progress->setToolTip(tr("waiting: %1").arg(c.waitingFor));
        } else if (c.snapshotProgress) {
            row.progress->setValue(static_cast<int>(1000 * *c.snapshotProgress));
            row.progress->setToolTip(tr("snapshot of the tables: %1").arg(c.reason));
        } else if (c.caughtUp) {
            // Caught up is complete: every change is in Kafka (an empty bar would say "idle").
            row.progress->setValue(1000);
            row.progress->setToolTip(tr("caught up: every committed change is in Kafka"));
        } else {
            row.peakRate = std::max(row.peakRate, c.rate);
            row.progress->setValue(row.peakRate > 0 ? static_cast<int>(1000 * c.rate / row.peakRate)
                                                    : 0);
            row.progress->setToolTip(
                tr("change events: rate against its peak of %1").arg(rateText(row.peakRate)));
        }
        row.count->setText(tr("%1 events").arg(locale.toString(c.events)));
        row.rate->setText(rateText(c.rate));
        styleRow(row, c.state, c.stateText, c.reason, c.started, false);
    }
}

void PipelineView::styleRow(Row& row, run::StreamState state, const QString& stateText,
                            const QString& reason, bool started, bool done) {
    const QPalette& p = palette();
    const QColor color = stateColor(state, p);
    const QString full = reason.isEmpty() ? stateText : stateText + QStringLiteral(" · ") + reason;
    // Room for "waiting" or "running · 12…" at least; more when the row has it.
    const int x = row.state->fontMetrics().horizontalAdvance(QLatin1Char('x'));
    row.state->setMinimumWidth(x * 13);
    row.state->setMaximumWidth(x * 30);  // the progress bar keeps its room on a wide window
    if (row.state->text() != full) row.state->setText(full);
    row.state->setToolTip(full);
    // Style sheets are costly to re-apply: only when the colour or weight changes.
    const QString css =
        QStringLiteral("QLabel { color: %1; font-weight: %2; }")
            .arg(color.name(), state == run::StreamState::Waiting ? QStringLiteral("normal")
                                                                  : QStringLiteral("bold"));
    if (row.state->styleSheet() != css) row.state->setStyleSheet(css);
    row.start->setEnabled(connected_ && !done && !started);
    row.stop->setEnabled(!done && started);
    row.stop->setVisible(!done && started);
    row.start->setVisible(done || !started);
    const QColor glyph = p.color(QPalette::ButtonText);
    if (row.start->property("glyph").value<QColor>() != glyph) {
        row.start->setIcon(glyphIcon(Glyph::Play, glyph));
        row.stop->setIcon(glyphIcon(Glyph::Stop, glyph));
        row.start->setProperty("glyph", glyph);
    }
    row.start->setToolTip(connected_ ? tr("Start %1").arg(row.name)
                                     : tr("Waiting for the connection to Kafka and PostgreSQL"));
}

void PipelineView::setConnected(bool connected) {
    if (connected_ == connected) return;
    connected_ = connected;
    updateRows(0, static_cast<int>(rows_.size()) - 1);
    updateCaptures();
}

void PipelineView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        updateRows(0, static_cast<int>(rows_.size()) - 1);
        updateCaptures();
    }
}

const PipelineView::Row* PipelineView::row(const QString& generator) const {
    for (const auto& r : rows_)
        if (r.name == generator) return &r;
    return nullptr;
}

QPushButton* PipelineView::startButton(const QString& g) const {
    const Row* r = row(g);
    return r ? r->start : nullptr;
}
QPushButton* PipelineView::stopButton(const QString& g) const {
    const Row* r = row(g);
    return r ? r->stop : nullptr;
}
QProgressBar* PipelineView::progressBar(const QString& g) const {
    const Row* r = row(g);
    return r ? r->progress : nullptr;
}
QLabel* PipelineView::rateLabel(const QString& g) const {
    const Row* r = row(g);
    return r ? r->rate : nullptr;
}
QLabel* PipelineView::stateLabel(const QString& g) const {
    const Row* r = row(g);
    return r ? r->state : nullptr;
}
QPushButton* PipelineView::captureStartButton() const {
    return captureRows_.empty() ? nullptr : captureRows_.front().start;
}
QPushButton* PipelineView::captureStopButton() const {
    return captureRows_.empty() ? nullptr : captureRows_.front().stop;
}
QLabel* PipelineView::captureStateLabel() const {
    return captureRows_.empty() ? nullptr : captureRows_.front().state;
}
QLabel* PipelineView::captureCountLabel() const {
    return captureRows_.empty() ? nullptr : captureRows_.front().count;
}

}  // namespace riverdelta::ui
