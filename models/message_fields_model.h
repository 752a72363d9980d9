#pragma once

#include <QStandardItemModel>

#include "engine/topics/topics_view.h"

namespace riverdelta::models {

// One message's value as a tree of fields (Field | Value), for JSON and decoded Avro values, in
// the order the producer or the schema wrote them. Epoch numbers in time fields (`*_at`, see
// topics::isTimeFieldName) show as local date-times; the raw number stays in the tooltip.
class MessageFieldsModel : public QStandardItemModel {
    Q_OBJECT
  public:
    enum Column { FieldColumn, ValueColumn };
    static constexpr int RawValueRole = Qt::UserRole + 1;  // the value as the message holds it

    explicit MessageFieldsModel(QObject* parent = nullptr);

    // Clears the tree for a message whose value is not a JSON object or array (returns false).
    bool setMessage(const topics::BrowsedMessage* message);
    // The item of a top-level field, or nullptr.
    [[nodiscard]] QStandardItem* valueOf(const QString& field) const;
};

}  // namespace riverdelta::models
