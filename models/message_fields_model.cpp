#include "models/message_fields_model.h"

#include <QDateTime>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "engine/topics/epoch_field.h"

namespace riverdelta::models {

namespace {

using Json = nlohmann::ordered_json;

QString scalarText(const Json& v) {
    if (v.is_string()) return QString::fromStdString(v.get<std::string>());
    return QString::fromStdString(v.dump(-1, ' ', false, Json::error_handler_t::replace));
}

// The instant a time field's number means, in ms, with its unit; nothing for other values.
std::optional<topics::EpochValue> epochOf(const Json& v) {
    if (v.is_number_unsigned()) {
        if (v.get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return std::nullopt;
        return topics::epochValue(static_cast<std::int64_t>(v.get<std::uint64_t>()));
    }
    if (v.is_number_integer()) return topics::epochValue(v.get<std::int64_t>());
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (!std::isfinite(d) || d < 0 || d > 9e18) return std::nullopt;
        if (d < 1e11)  // seconds with a fraction
            return topics::EpochValue{static_cast<std::int64_t>(std::floor(d * 1000)),
                                      topics::EpochUnit::Seconds};
        return topics::epochValue(static_cast<std::int64_t>(d));
    }
    return std::nullopt;
}

QList<QStandardItem*> rowFor(const QString& name, const Json& v) {
    auto* field = new QStandardItem(name);
    auto* value = new QStandardItem;
    field->setEditable(false);
    value->setEditable(false);
    if (v.is_object() || v.is_array()) {
        value->setText(v.is_object() ? QObject::tr("{%n field(s)}", nullptr, int(v.size()))
                                     : QObject::tr("[%n item(s)]", nullptr, int(v.size())));
        int i = 0;
        for (auto it = v.begin(); it != v.end(); ++it, ++i)
            field->appendRow(
                rowFor(v.is_object() ? QString::fromStdString(it.key()) : QString::number(i), *it));
        return {field, value};
    }
    const QString raw = scalarText(v);
    value->setData(raw, MessageFieldsModel::RawValueRole);
    value->setText(raw);
    if (topics::isTimeFieldName(name.toStdString())) {
        if (const auto epoch = epochOf(v)) {
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(epoch->millis);
            value->setText(
                at.toString(epoch->unit == topics::EpochUnit::Seconds && epoch->millis % 1000 == 0
                                ? QStringLiteral("yyyy-MM-dd HH:mm:ss")
                                : QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
            value->setToolTip(QObject::tr("%1 (epoch %2)").arg(raw, topics::toString(epoch->unit)));
            QFont italic = value->font();
            italic.setItalic(true);
            value->setFont(italic);
            return {field, value};
        }
    }
    value->setToolTip(raw.size() > 80 ? raw : QString());
    return {field, value};
}

}  // namespace

MessageFieldsModel::MessageFieldsModel(QObject* parent) : QStandardItemModel(parent) {
    setHorizontalHeaderLabels({tr("Field"), tr("Value")});
}

bool MessageFieldsModel::setMessage(const topics::BrowsedMessage* message) {
    removeRows(0, rowCount());
    if (!message || !message->decodeError.empty()) return false;
    if (message->valueFormat != "JSON" && !message->valueFormat.starts_with("Avro")) return false;
    const Json value = Json::parse(message->value, nullptr, false);
    if (value.is_discarded() || !(value.is_object() || value.is_array())) return false;
    int i = 0;
    for (auto it = value.begin(); it != value.end(); ++it, ++i)
        appendRow(
            rowFor(value.is_object() ? QString::fromStdString(it.key()) : QString::number(i), *it));
    return true;
}

QStandardItem* MessageFieldsModel::valueOf(const QString& field) const {
    for (int r = 0; r < rowCount(); ++r)
        if (item(r, FieldColumn)->text() == field) return item(r, ValueColumn);
    return nullptr;
}

}  // namespace riverdelta::models
