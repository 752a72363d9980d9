#pragma once

#include <QAbstractTableModel>
#include <deque>
#include <vector>

#include "engine/core/log.h"

namespace riverdelta::models {

class EngineBridge;

// Engine log entries as they arrive from the bridge (sequence-numbered, at most `capacity`; the
// oldest go first).
class LogModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { TimeColumn, LevelColumn, SourceColumn, MessageColumn, ColumnCount };
    static constexpr int LevelRole = Qt::UserRole + 1;     // core::LogLevel as int
    static constexpr int SequenceRole = Qt::UserRole + 2;  // the entry's sequence number

    explicit LogModel(EngineBridge& bridge, std::size_t capacity = 5000, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void append(const std::vector<core::LogEntry>& entries);
    [[nodiscard]] const core::LogEntry& entry(int row) const {
        return entries_[static_cast<std::size_t>(row)];
    }

  private:
    std::deque<core::LogEntry> entries_;
    std::size_t capacity_;
};

}  // namespace riverdelta::models
