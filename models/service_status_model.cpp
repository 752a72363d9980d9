#include "models/service_status_model.h"

#include "models/engine_bridge.h"

namespace riverdelta::models {

ServiceStatusModel::ServiceStatusModel(EngineBridge& bridge, QObject* parent)
    : QAbstractListModel(parent), bridge_(bridge) {
    refresh();
    connect(&bridge_, &EngineBridge::snapshotChanged, this, &ServiceStatusModel::refresh);
}

int ServiceStatusModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : RowCount;
}

const ServiceStatus& ServiceStatusModel::status(int row) const {
    return row == KafkaRow ? kafka_ : postgres_;
}

QVariant ServiceStatusModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= RowCount) return {};
    const ServiceStatus& s = status(index.row());
    switch (role) {
        case Qt::DisplayRole:
        case NameRole:
            return index.row() == KafkaRow ? tr("Kafka") : tr("PostgreSQL");
        case StateRole:
            return static_cast<int>(s.state);
        case StateTextRole:
            return QString::fromUtf8(toString(s.state));
        case EndpointRole:
            return QString::fromStdString(s.endpoint);
        case DetailRole:
            return QString::fromStdString(s.detail);
        case ErrorRole:
            return QString::fromStdString(s.error);
        case Qt::ToolTipRole:
            return QString::fromStdString(s.error.empty() ? s.detail : s.error);
        default:
            return {};
    }
}

QHash<int, QByteArray> ServiceStatusModel::roleNames() const {
    return {{NameRole, "name"},         {StateRole, "state"},   {StateTextRole, "stateText"},
            {EndpointRole, "endpoint"}, {DetailRole, "detail"}, {ErrorRole, "error"}};
}

QString ServiceStatusModel::summary() const {
    auto part = [](const QString& name, const ServiceStatus& s) {
        if (s.state == ServiceState::Connected)
            return name + " " + QString::fromStdString(s.endpoint);
        return name + " " + QString::fromUtf8(toString(s.state));
    };
    return environment_ + QStringLiteral(" — ") + part(tr("Kafka"), kafka_) +
           QStringLiteral(" · ") + part(tr("PostgreSQL"), postgres_);
}

void ServiceStatusModel::refresh() {
    const EngineSnapshot& s = bridge_.snapshot();
    kafka_ = s.kafka;
    postgres_ = s.postgres;
    environment_ = QString::fromStdString(s.environment);
    emit dataChanged(index(0), index(RowCount - 1));
}

}  // namespace riverdelta::models
