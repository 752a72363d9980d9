#pragma once

#include <QAbstractListModel>

#include "engine/engine_snapshot.h"

namespace riverdelta::models {

class EngineBridge;

// The connection status of each service (Kafka, PostgreSQL) as a list model.
class ServiceStatusModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        StateRole,      // ServiceState as int
        StateTextRole,  // "connected", "failed", ...
        EndpointRole,
        DetailRole,
        ErrorRole,
    };
    enum Row { KafkaRow = 0, PostgresRow = 1, RowCount = 2 };

    explicit ServiceStatusModel(EngineBridge& bridge, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // One line for the status bar: what the app is connected to.
    [[nodiscard]] QString summary() const;

  private:
    void refresh();
    [[nodiscard]] const ServiceStatus& status(int row) const;

    EngineBridge& bridge_;
    ServiceStatus kafka_;
    ServiceStatus postgres_;
    QString environment_;
};

}  // namespace riverdelta::models
