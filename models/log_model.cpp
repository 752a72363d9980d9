#include "models/log_model.h"

#include <QColor>
#include <QDateTime>

#include "models/engine_bridge.h"

namespace riverdelta::models {

LogModel::LogModel(EngineBridge& bridge, std::size_t capacity, QObject* parent)
    : QAbstractTableModel(parent), capacity_(capacity) {
    connect(&bridge, &EngineBridge::logged, this, &LogModel::append);
}

void LogModel::append(const std::vector<core::LogEntry>& entries) {
    if (entries.empty()) return;
    const std::size_t incoming = std::min(entries.size(), capacity_);
    const std::size_t overflow =
        entries_.size() + incoming > capacity_ ? entries_.size() + incoming - capacity_ : 0;
    if (overflow > 0) {
        beginRemoveRows({}, 0, static_cast<int>(overflow) - 1);
        entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(overflow));
        endRemoveRows();
    }
    const int first = static_cast<int>(entries_.size());
    beginInsertRows({}, first, first + static_cast<int>(incoming) - 1);
    entries_.insert(entries_.end(), entries.end() - static_cast<std::ptrdiff_t>(incoming),
                    entries.end());
    endInsertRows();
}

int LogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}

int LogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex& index, int role) const {
    if (index.row() < 0 || index.row() >= rowCount()) return {};
    const core::LogEntry& e = entry(index.row());
    if (role == LevelRole) return static_cast<int>(e.level);
    if (role == SequenceRole) return static_cast<qulonglong>(e.sequence);
    if (role == Qt::ToolTipRole && index.column() == MessageColumn)
        return QString::fromStdString(e.message);
    if (role == Qt::ForegroundRole && index.column() == LevelColumn) {
        // Mid-tone reds and oranges read on light and dark backgrounds alike.
        if (e.level == core::LogLevel::Error) return QColor(0xe5, 0x39, 0x35);
        if (e.level == core::LogLevel::Warning) return QColor(0xef, 0x6c, 0x00);
        return {};
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case TimeColumn: {
            const auto ms =
                std::chrono::duration_cast<std::chrono::milliseconds>(e.time.time_since_epoch())
                    .count();
            return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
        }
        case LevelColumn:
            return QString::fromUtf8(core::toString(e.level));
        case SourceColumn:
            return QString::fromStdString(e.source);
        case MessageColumn:
            return QString::fromStdString(e.message);
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case TimeColumn:
            return tr("Time");
        case LevelColumn:
            return tr("Level");
        case SourceColumn:
            return tr("Source");
        case MessageColumn:
            return tr("Message");
    }
    return {};
}

}  // namespace riverdelta::models
