#include "engine/lake/delta/table_schema.h"

namespace riverdelta::lake::delta {
namespace {
using Json = nlohmann::json;
namespace pq = parquet;

struct TypeName {
    DeltaType type;
    std::string_view name;
};
constexpr TypeName kTypeNames[] = {
    {DeltaType::String, "string"},
    {DeltaType::Long, "long"},
    {DeltaType::Integer, "integer"},
    {DeltaType::Short, "short"},
    {DeltaType::Byte, "byte"},
    {DeltaType::Double, "double"},
    {DeltaType::Float, "float"},
    {DeltaType::Boolean, "boolean"},
    {DeltaType::Date, "date"},
    {DeltaType::Timestamp, "timestamp"},
    {DeltaType::TimestampNtz, "timestamp_ntz"},
};

}  // namespace

std::string_view toString(DeltaType t) {
    for (const auto& tn : kTypeNames) {
        if (tn.type == t) return tn.name;
    }
    return "string";
}

std::optional<DeltaType> deltaTypeFromString(std::string_view s) {
    for (const auto& tn : kTypeNames) {
        if (tn.name == s) return tn.type;
    }
    return std::nullopt;
}

const StructField* TableSchema::find(std::string_view name) const {
    const int i = indexOf(name);
    return i < 0 ? nullptr : &fields_[static_cast<std::size_t>(i)];
}

int TableSchema::indexOf(std::string_view name) const {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        if (fields_[i].name == name) return static_cast<int>(i);
    }
    return -1;
}

bool TableSchema::usesTimestampNtz() const {
    for (const auto& f : fields_) {
        if (f.type == DeltaType::TimestampNtz) return true;
    }
    return false;
}

std::string TableSchema::toSchemaString() const {
    Json fields = Json::array();
    for (const auto& f : fields_) {
        fields.push_back({{"name", f.name},
                          {"type", std::string(toString(f.type))},
                          {"nullable", f.nullable},
                          {"metadata", f.metadata}});
    }
    return Json{{"type", "struct"}, {"fields", fields}}.dump();
}

TableSchema TableSchema::fromSchemaString(std::string_view schemaString) {
    const Json j = Json::parse(schemaString, nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.value("type", "") != "struct" ||
        !j.contains("fields") || !j["fields"].is_array()) {
        throw std::invalid_argument("schemaString is not a Spark StructType");
    }
    std::vector<StructField> fields;
    for (const auto& f : j["fields"]) {
        StructField sf;
        sf.name = f.at("name").get<std::string>();
        const auto& type = f.at("type");
        if (!type.is_string()) {
            throw std::invalid_argument("nested column types are not supported: " + sf.name);
        }
        const auto t = deltaTypeFromString(type.get<std::string>());
        if (!t) {
            throw std::invalid_argument("unsupported column type " + type.get<std::string>() +
                                        " for " + sf.name);
        }
        sf.type = *t;
        sf.nullable = f.value("nullable", true);
        if (f.contains("metadata") && f["metadata"].is_object()) sf.metadata = f["metadata"];
        fields.push_back(std::move(sf));
    }
    return TableSchema(std::move(fields));
}

pq::Schema TableSchema::toParquet() const {
    std::vector<pq::SchemaNode> nodes;
    for (const auto& f : fields_) {
        const auto rep = f.nullable ? pq::Repetition::Optional : pq::Repetition::Required;
        auto leaf = [&](pq::PhysicalType t, pq::LogicalType l = {}) {
            nodes.push_back(pq::SchemaNode::primitive(f.name, rep, t, l));
        };
        switch (f.type) {
            case DeltaType::String:
                leaf(pq::PhysicalType::ByteArray, pq::LogicalType::string());
                break;
            case DeltaType::Long:
                leaf(pq::PhysicalType::Int64);
                break;
            case DeltaType::Integer:
                leaf(pq::PhysicalType::Int32);
                break;
            case DeltaType::Short:
                leaf(pq::PhysicalType::Int32, pq::LogicalType::integer(16));
                break;
            case DeltaType::Byte:
                leaf(pq::PhysicalType::Int32, pq::LogicalType::integer(8));
                break;
            case DeltaType::Double:
                leaf(pq::PhysicalType::Double);
                break;
            case DeltaType::Float:
                leaf(pq::PhysicalType::Float);
                break;
            case DeltaType::Boolean:
                leaf(pq::PhysicalType::Boolean);
                break;
            case DeltaType::Date:
                leaf(pq::PhysicalType::Int32, pq::LogicalType::date());
                break;
            case DeltaType::Timestamp:
                leaf(pq::PhysicalType::Int64,
                     pq::LogicalType::timestamp(pq::TimeUnit::Micros, true));
                break;
            case DeltaType::TimestampNtz:
                leaf(pq::PhysicalType::Int64,
                     pq::LogicalType::timestamp(pq::TimeUnit::Micros, false));
                break;
        }
    }
    return pq::Schema(std::move(nodes));
}

SchemaMerge mergeSchema(const TableSchema& table, const TableSchema& source) {
    std::vector<StructField> merged = table.fields();
    bool changed = false;
    for (const auto& tf : table.fields()) {
        const StructField* sf = source.find(tf.name);
        if (sf == nullptr) {
            if (!tf.nullable) {
                throw SchemaIncompatibleError("required column '" + tf.name +
                                              "' is missing from the source schema");
            }
            continue;
        }
        if (sf->type != tf.type) {
            throw SchemaIncompatibleError("column '" + tf.name + "' changes type from " +
                                          std::string(toString(tf.type)) + " to " +
                                          std::string(toString(sf->type)));
        }
        if (!tf.nullable && sf->nullable) {
            throw SchemaIncompatibleError("column '" + tf.name +
                                          "' is required in the table but nullable in the source");
        }
    }
    for (const auto& sf : source.fields()) {
        if (table.find(sf.name) != nullptr) continue;
        StructField added = sf;
        added.nullable = true;  // existing rows have no value for it
        merged.push_back(std::move(added));
        changed = true;
    }
    return {TableSchema(std::move(merged)), changed};
}

}  // namespace riverdelta::lake::delta
