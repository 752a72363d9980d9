#include "engine/lake/sync/table_layout.h"

#include <map>

#include "engine/lake/sync/json_scanner.h"

namespace riverdelta::lake::sync {

using delta::DeltaType;
using delta::StructField;

namespace {

void checkName(const std::string& name) {
    if (name.starts_with(kReservedPrefix))
        throw SchemaConflictError("source field '" + name + "' uses the reserved prefix '" +
                                  std::string(kReservedPrefix) + "' of the Kafka metadata columns");
}

StructField avroField(const std::string& name, const nlohmann::json& type, bool nullable) {
    StructField f{name, DeltaType::String, nullable, nlohmann::json::object()};
    if (type.is_array()) {  // a union
        std::vector<nlohmann::json> branches;
        bool hasNull = false;
        for (const auto& b : type) {
            if (b == "null")
                hasNull = true;
            else
                branches.push_back(b);
        }
        if (branches.size() == 1) return avroField(name, branches.front(), nullable || hasNull);
        f.nullable = true;  // general unions: JSON text
        return f;
    }
    std::string primitive;
    std::string logical;
    if (type.is_string()) {
        primitive = type.get<std::string>();
    } else if (type.is_object()) {
        primitive = type.value("type", "");
        logical = type.value("logicalType", "");
    }
    if (primitive == "int") {
        f.type = logical == "date" ? DeltaType::Date : DeltaType::Integer;
    } else if (primitive == "long") {
        if (logical == "timestamp-millis" || logical == "timestamp-micros") {
            f.type = DeltaType::Timestamp;
        } else if (logical == "local-timestamp-millis" || logical == "local-timestamp-micros") {
            f.type = DeltaType::TimestampNtz;
        } else {
            f.type = DeltaType::Long;
        }
        if (f.type != DeltaType::Long)
            f.metadata[kTimestampUnitKey] = logical.ends_with("millis") ? "millis" : "micros";
    } else if (primitive == "float") {
        f.type = DeltaType::Float;
    } else if (primitive == "double") {
        f.type = DeltaType::Double;
    } else if (primitive == "boolean") {
        f.type = DeltaType::Boolean;
    } else {
        // string and enum; records, arrays, maps, bytes and fixed as JSON text
        f.type = DeltaType::String;
    }
    return f;
}

}  // namespace

std::vector<StructField> fieldsFromAvro(const nlohmann::json& avroSchema) {
    if (!avroSchema.is_object() || avroSchema.value("type", "") != "record" ||
        !avroSchema.contains("fields") || !avroSchema["fields"].is_array())
        throw SchemaConflictError("the Avro schema is not a record with fields");
    std::vector<StructField> out;
    for (const auto& field : avroSchema["fields"]) {
        if (!field.is_object() || !field.contains("name") || !field["name"].is_string() ||
            !field.contains("type"))
            throw SchemaConflictError("an Avro field has no name or type");
        const std::string name = field["name"].get<std::string>();
        checkName(name);
        out.push_back(avroField(name, field["type"], false));
    }
    return out;
}

std::vector<StructField> inferFields(std::span<const std::string_view> samples) {
    struct Seen {
        int order = 0;
        bool string = false, integer = false, number = false, boolean = false, nested = false;
    };
    std::map<std::string, Seen, std::less<>> seen;
    JsonScanner scanner;
    JsonMember m;
    for (std::string_view sample : samples) {
        if (!scanner.reset(sample))
            throw SchemaConflictError("cannot infer a schema: " + scanner.error());
        while (scanner.next(m)) {
            auto [it, inserted] = seen.try_emplace(std::string(m.key));
            if (inserted) {
                checkName(it->first);
                it->second.order = static_cast<int>(seen.size());
            }
            Seen& s = it->second;
            switch (m.kind) {
                case JsonKind::String:
                    s.string = true;
                    break;
                case JsonKind::Integer:
                    s.integer = true;
                    break;
                case JsonKind::Number:
                    s.number = true;
                    break;
                case JsonKind::True:
                case JsonKind::False:
                    s.boolean = true;
                    break;
                case JsonKind::Object:
                case JsonKind::Array:
                    s.nested = true;
                    break;
                case JsonKind::Null:
                    break;
            }
        }
        if (!scanner.ok()) throw SchemaConflictError("cannot infer a schema: " + scanner.error());
    }
    std::vector<std::pair<int, StructField>> ordered;
    for (const auto& [name, s] : seen) {
        DeltaType type = DeltaType::String;
        const int kinds = s.string + (s.integer || s.number) + s.boolean + s.nested;
        if (kinds == 1 && !s.string && !s.nested)
            type = s.boolean ? DeltaType::Boolean : s.number ? DeltaType::Double : DeltaType::Long;
        ordered.push_back({s.order, StructField{name, type, true, nlohmann::json::object()}});
    }
    std::sort(ordered.begin(), ordered.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<StructField> out;
    out.reserve(ordered.size());
    for (auto& [order, f] : ordered)
        out.push_back(std::move(f));
    return out;
}

delta::TableSchema withMetadataColumns(std::vector<StructField> sourceFields) {
    const auto meta = nlohmann::json::object();
    sourceFields.push_back({std::string(kPartitionColumn), DeltaType::Integer, false, meta});
    sourceFields.push_back({std::string(kOffsetColumn), DeltaType::Long, false, meta});
    sourceFields.push_back({std::string(kTimestampColumn), DeltaType::Timestamp, true, meta});
    sourceFields.push_back({std::string(kKeyColumn), DeltaType::String, true, meta});
    return delta::TableSchema(std::move(sourceFields));
}

}  // namespace riverdelta::lake::sync
