#include "models/topic_list_model.h"

#include <QDateTime>
#include <QLocale>

#include "models/engine_bridge.h"

namespace riverdelta::models {

TopicListModel::TopicListModel(EngineBridge& bridge, QObject* parent)
    : QAbstractTableModel(parent), bridge_(bridge) {
    connect(&bridge_, &EngineBridge::snapshotChanged, this, &TopicListModel::refresh);
    refresh();
}

void TopicListModel::refresh() {
    const topics::CatalogView& catalog = bridge_.snapshot().topics;
    QString summary;
    if (!catalog.refreshedAt)
        summary = catalog.error.empty() ? tr("Waiting for the cluster's topic list…")
                                        : QString::fromStdString(catalog.error);
    else {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            catalog.refreshedAt->time_since_epoch())
                            .count();
        summary =
            (catalog.topics.size() == 1 ? tr("1 topic · refreshed %1")
                                        : tr("%1 topics · refreshed %2").arg(catalog.topics.size()))
                .arg(QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss")));
        if (!catalog.error.empty())
            summary += tr(" · last refresh failed: %1").arg(QString::fromStdString(catalog.error));
    }
    summary_ = summary;

    bool sameNames = catalog.topics.size() == topics_.size();
    for (std::size_t i = 0; sameNames && i < topics_.size(); ++i)
        sameNames = catalog.topics[i].name == topics_[i].name;
    if (sameNames) {
        topics_ = catalog.topics;
        if (!topics_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        topics_ = catalog.topics;
        endResetModel();
    }
}

int TopicListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(topics_.size());
}

int TopicListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const topics::TopicInfo* TopicListModel::topic(int row) const {
    if (row < 0 || row >= rowCount()) return nullptr;
    return &topics_[static_cast<std::size_t>(row)];
}

int TopicListModel::rowOf(const QString& name) const {
    const std::string n = name.toStdString();
    for (std::size_t i = 0; i < topics_.size(); ++i)
        if (topics_[i].name == n) return static_cast<int>(i);
    return -1;
}

QString TopicListModel::summary() const {
    return summary_;
}

QVariant TopicListModel::data(const QModelIndex& index, int role) const {
    const topics::TopicInfo* t = topic(index.row());
    if (!t) return {};
    const QLocale locale;
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case NameColumn:
                    return QString::fromStdString(t->name);
                case PartitionsColumn:
                    return t->partitions;
                case MessagesColumn:
                    return locale.toString(static_cast<qlonglong>(t->messages));
                case RateColumn:
                    return t->messagesPerSecond > 0
                               ? tr("%1/s").arg(locale.toString(t->messagesPerSecond, 'f',
                                                                t->messagesPerSecond < 10 ? 1 : 0))
                               : QStringLiteral("—");
            }
            break;
        case SortRole:
            switch (index.column()) {
                case NameColumn:
                    return QString::fromStdString(t->name);
                case PartitionsColumn:
                    return t->partitions;
                case MessagesColumn:
                    return static_cast<qlonglong>(t->messages);
                case RateColumn:
                    return t->messagesPerSecond;
            }
            break;
        case Qt::TextAlignmentRole:
            if (index.column() != NameColumn)
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            break;
        case Qt::ToolTipRole:
            if (!t->error.empty()) return QString::fromStdString(t->error);
            break;
    }
    return {};
}

QVariant TopicListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case NameColumn:
            return tr("Topic");
        case PartitionsColumn:
            return tr("Partitions");
        case MessagesColumn:
            return tr("Messages");
        case RateColumn:
            return tr("Rate");
    }
    return {};
}

}  // namespace riverdelta::models
