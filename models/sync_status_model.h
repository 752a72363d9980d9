#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "engine/lake/sync/sync_job.h"

namespace riverdelta::models {

class EngineBridge;

// Lake sync status per topic (EngineSnapshot::syncs), refreshed on every bridge poll.
class SyncStatusModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column {
        TopicColumn,
        StateColumn,
        VersionColumn,
        RowsColumn,
        LagColumn,
        FreshnessColumn,
        LastCommitColumn,
        LastErrorColumn,
        ColumnCount
    };
    static constexpr int StateRole = Qt::UserRole + 1;  // lake::sync::SyncState as int

    explicit SyncStatusModel(EngineBridge& bridge, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    [[nodiscard]] const lake::sync::SyncStatus* status(int row) const;
    [[nodiscard]] int rowOf(const QString& topic) const;
    static QString stateText(lake::sync::SyncState state);

  private:
    void refresh();

    EngineBridge& bridge_;
    std::vector<lake::sync::SyncStatus> syncs_;
};

}  // namespace riverdelta::models
