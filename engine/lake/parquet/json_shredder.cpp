#include "engine/lake/parquet/json_shredder.h"

#include <stdexcept>

namespace riverdelta::lake::parquet {

void JsonShredder::append(const nlohmann::json& row) {
    if (!row.is_object()) throw std::invalid_argument("Parquet row must be a JSON object");
    for (const auto& field : writer_.schema().fields()) {
        const auto it = row.find(field.name());
        shred(field, it == row.end() ? nullptr : &*it, 0, 0);
    }
}

void JsonShredder::emitNulls(const SchemaNode& node, std::int16_t def, std::int16_t rep) {
    for (std::size_t i = node.firstLeaf(); i < node.firstLeaf() + node.leafCount(); ++i) {
        writer_.column(i).appendNull(def, rep);
    }
}

void JsonShredder::shred(const SchemaNode& node, const nlohmann::json* value,
                         std::int16_t parentDef, std::int16_t rep) {
    const bool missing = value == nullptr || value->is_null();
    std::int16_t def = parentDef;
    switch (node.repetition()) {
        case Repetition::Optional:
            if (missing) {
                emitNulls(node, parentDef, rep);
                return;
            }
            def = static_cast<std::int16_t>(parentDef + 1);
            break;
        case Repetition::Required:
            if (missing) throw std::invalid_argument("missing required value: " + node.name());
            break;
        case Repetition::Repeated:
            throw std::invalid_argument("bare repeated field (use list()/map()): " + node.name());
    }
    if (node.isLeaf()) {
        writeLeaf(node, *value, rep);
        return;
    }
    const auto kind = node.logicalType().kind;
    if (kind == LogicalType::Kind::List) {
        const SchemaNode& repeated = node.children().front();
        const SchemaNode& element = repeated.children().front();
        if (!value->is_array()) throw std::invalid_argument("expected an array for " + node.name());
        if (value->empty()) {
            emitNulls(node, def, rep);
            return;
        }
        std::int16_t r = rep;
        for (const auto& item : *value) {
            shred(element, &item, static_cast<std::int16_t>(def + 1), r);
            r = repeated.repetitionLevel();
        }
        return;
    }
    if (kind == LogicalType::Kind::Map) {
        const SchemaNode& kv = node.children().front();
        if (!value->is_object())
            throw std::invalid_argument("expected an object for " + node.name());
        if (value->empty()) {
            emitNulls(node, def, rep);
            return;
        }
        std::int16_t r = rep;
        for (const auto& [k, v] : value->items()) {
            const nlohmann::json key = k;
            shred(kv.children()[0], &key, static_cast<std::int16_t>(def + 1), r);
            shred(kv.children()[1], &v, static_cast<std::int16_t>(def + 1), r);
            r = kv.repetitionLevel();
        }
        return;
    }
    if (!value->is_object()) throw std::invalid_argument("expected an object for " + node.name());
    for (const auto& child : node.children()) {
        const auto it = value->find(child.name());
        shred(child, it == value->end() ? nullptr : &*it, def, rep);
    }
}

void JsonShredder::writeLeaf(const SchemaNode& node, const nlohmann::json& value,
                             std::int16_t rep) {
    ColumnWriter& col = writer_.column(node.firstLeaf());
    switch (node.physicalType()) {
        case PhysicalType::Boolean:
            col.appendBool(value.get<bool>(), rep);
            return;
        case PhysicalType::Int32:
            col.appendInt32(value.get<std::int32_t>(), rep);
            return;
        case PhysicalType::Int64:
            col.appendInt64(value.get<std::int64_t>(), rep);
            return;
        case PhysicalType::Float:
            col.appendFloat(value.get<float>(), rep);
            return;
        case PhysicalType::Double:
            col.appendDouble(value.get<double>(), rep);
            return;
        case PhysicalType::ByteArray:
            col.appendBytes(value.get_ref<const std::string&>(), rep);
            return;
    }
}

}  // namespace riverdelta::lake::parquet
