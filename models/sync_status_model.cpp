#include "models/sync_status_model.h"

#include <QDateTime>
#include <QLocale>
#include <algorithm>

#include "models/engine_bridge.h"

namespace riverdelta::models {

using lake::sync::SyncState;

namespace {

QString milliseconds(double ms) {
    if (ms < 1000) return QObject::tr("%1 ms").arg(ms, 0, 'f', 0);
    return QObject::tr("%1 s").arg(ms / 1000.0, 0, 'f', ms < 10000 ? 1 : 0);
}

}  // namespace

SyncStatusModel::SyncStatusModel(EngineBridge& bridge, QObject* parent)
    : QAbstractTableModel(parent), bridge_(bridge) {
    connect(&bridge_, &EngineBridge::snapshotChanged, this, &SyncStatusModel::refresh);
    refresh();
}

QString SyncStatusModel::stateText(SyncState state) {
    switch (state) {
        case SyncState::Pending:
            return tr("Pending");
        case SyncState::Syncing:
            return tr("Syncing");
        case SyncState::CaughtUp:
            return tr("Caught up");
        case SyncState::Paused:
            return tr("Paused");
        case SyncState::Failed:
            return tr("Failed");
        case SyncState::Stopped:
            return tr("Stopped");
        case SyncState::Damaged:
            return tr("Damaged");
    }
    return {};
}

void SyncStatusModel::refresh() {
    std::vector<lake::sync::SyncStatus> next = bridge_.snapshot().syncs;
    std::sort(next.begin(), next.end(),
              [](const auto& a, const auto& b) { return a.topic < b.topic; });
    bool sameTopics = next.size() == syncs_.size();
    for (std::size_t i = 0; sameTopics && i < next.size(); ++i)
        sameTopics = next[i].topic == syncs_[i].topic;
    if (sameTopics) {
        syncs_ = std::move(next);
        if (!syncs_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        syncs_ = std::move(next);
        endResetModel();
    }
}

int SyncStatusModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(syncs_.size());
}

int SyncStatusModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const lake::sync::SyncStatus* SyncStatusModel::status(int row) const {
    if (row < 0 || row >= rowCount()) return nullptr;
    return &syncs_[static_cast<std::size_t>(row)];
}

int SyncStatusModel::rowOf(const QString& topic) const {
    const std::string t = topic.toStdString();
    for (std::size_t i = 0; i < syncs_.size(); ++i)
        if (syncs_[i].topic == t) return static_cast<int>(i);
    return -1;
}

QVariant SyncStatusModel::data(const QModelIndex& index, int role) const {
    const lake::sync::SyncStatus* s = status(index.row());
    if (!s) return {};
    const QLocale locale;
    if (role == StateRole) return static_cast<int>(s->state);
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
            case VersionColumn:
            case RowsColumn:
            case LagColumn:
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            default:
                return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == LastErrorColumn || index.column() == StateColumn)
            return s->reason.empty() ? QVariant() : QString::fromStdString(s->reason);
        if (index.column() == TopicColumn) return QString::fromStdString(s->location);
        return {};
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case TopicColumn:
            return QString::fromStdString(s->topic);
        case StateColumn:
            return stateText(s->state);
        case VersionColumn:
            return s->version < 0 ? QStringLiteral("—") : QString::number(s->version);
        case RowsColumn:
            return locale.toString(static_cast<qlonglong>(s->rows));
        case LagColumn:
            return s->partitions.empty() ? QStringLiteral("—")
                                         : locale.toString(static_cast<qlonglong>(s->lag()));
        case FreshnessColumn:
            if (!s->freshnessP50Ms) return QStringLiteral("—");
            return tr("%1 / %2").arg(milliseconds(*s->freshnessP50Ms),
                                     milliseconds(s->freshnessP95Ms.value_or(*s->freshnessP50Ms)));
        case LastCommitColumn: {
            if (!s->lastCommit) return QStringLiteral("—");
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                s->lastCommit->time_since_epoch())
                                .count();
            return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
        }
        case LastErrorColumn:
            // A plain pause has "paused" as its reason; the badge says that already.
            if ((s->state == SyncState::Failed || s->state == SyncState::Damaged ||
                 s->state == SyncState::Paused || s->state == SyncState::Pending ||
                 s->state == SyncState::Stopped) &&
                s->reason != "paused")
                return QString::fromStdString(s->reason);
            return s->skipped > 0 ? (s->skipped == 1 ? tr("1 record skipped")
                                                     : tr("%1 records skipped").arg(s->skipped))
                                  : QString();
    }
    return {};
}

QVariant SyncStatusModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case TopicColumn:
            return tr("Topic");
        case StateColumn:
            return tr("State");
        case VersionColumn:
            return tr("Version");
        case RowsColumn:
            return tr("Rows");
        case LagColumn:
            return tr("Lag");
        case FreshnessColumn:
            return tr("Freshness p50 / p95");
        case LastCommitColumn:
            return tr("Last commit");
        case LastErrorColumn:
            return tr("Last error");
    }
    return {};
}

}  // namespace riverdelta::models
