#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "engine/topics/topics_view.h"

namespace riverdelta::models {

class EngineBridge;

// Every topic of the connected cluster (EngineSnapshot::topics): name, partitions, messages, rate.
class TopicListModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { NameColumn, PartitionsColumn, MessagesColumn, RateColumn, ColumnCount };
    static constexpr int SortRole = Qt::UserRole + 1;  // numbers as numbers

    explicit TopicListModel(EngineBridge& bridge, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    [[nodiscard]] const topics::TopicInfo* topic(int row) const;
    [[nodiscard]] int rowOf(const QString& name) const;
    // "12 topics · refreshed 14:02:11" or the refresh error.
    [[nodiscard]] QString summary() const;

  private:
    void refresh();

    EngineBridge& bridge_;
    std::vector<topics::TopicInfo> topics_;
    QString summary_;
};

}  // namespace riverdelta::models
