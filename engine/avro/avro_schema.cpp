#include "engine/avro/avro_schema.h"

#include <map>

namespace riverdelta::avro {

const char* toString(Type type) {
    switch (type) {
        case Type::Null:
            return "null";
        case Type::Boolean:
            return "boolean";
        case Type::Int:
            return "int";
        case Type::Long:
            return "long";
        case Type::Float:
            return "float";
        case Type::Double:
            return "double";
        case Type::Bytes:
            return "bytes";
        case Type::String:
            return "string";
        case Type::Record:
            return "record";
        case Type::Enum:
            return "enum";
        case Type::Array:
            return "array";
        case Type::Map:
            return "map";
        case Type::Union:
            return "union";
        case Type::Fixed:
            return "fixed";
    }
    return "?";
}

namespace {

std::optional<Type> primitive(std::string_view name) {
    if (name == "null") return Type::Null;
    if (name == "boolean") return Type::Boolean;
    if (name == "int") return Type::Int;
    if (name == "long") return Type::Long;
    if (name == "float") return Type::Float;
    if (name == "double") return Type::Double;
    if (name == "bytes") return Type::Bytes;
    if (name == "string") return Type::String;
    return std::nullopt;
}

// The logical type when `name` applies to `base`; None otherwise (the spec says an invalid
// logical type is ignored and the underlying type used).
LogicalType logicalFor(std::string_view name, Type base) {
    if (name == "date" && base == Type::Int) return LogicalType::Date;
    if (name == "time-millis" && base == Type::Int) return LogicalType::TimeMillis;
    if (name == "time-micros" && base == Type::Long) return LogicalType::TimeMicros;
    if (name == "timestamp-millis" && base == Type::Long) return LogicalType::TimestampMillis;
    if (name == "timestamp-micros" && base == Type::Long) return LogicalType::TimestampMicros;
    if (name == "local-timestamp-millis" && base == Type::Long)
        return LogicalType::LocalTimestampMillis;
    if (name == "local-timestamp-micros" && base == Type::Long)
        return LogicalType::LocalTimestampMicros;
    if (name == "decimal" && (base == Type::Bytes || base == Type::Fixed))
        return LogicalType::Decimal;
    if (name == "uuid" && base == Type::String) return LogicalType::Uuid;
    return LogicalType::None;
}

bool isNamed(Type t) {
    return t == Type::Record || t == Type::Enum || t == Type::Fixed;
}

}  // namespace

struct Schema::Parser {
    Schema& schema;
    std::map<std::string, NodeId, std::less<>> named;

    NodeId add(Node node) {
        schema.nodes_.push_back(std::move(node));
        return static_cast<NodeId>(schema.nodes_.size() - 1);
    }

    static std::string fullName(const std::string& name, const std::string& ns) {
        if (name.find('.') != std::string::npos || ns.empty()) return name;
        return ns + "." + name;
    }

    static std::string namespaceOf(const std::string& full) {
        auto dot = full.rfind('.');
        return dot == std::string::npos ? std::string() : full.substr(0, dot);
    }

    NodeId reference(const std::string& name, const std::string& ns, const std::string& where) {
        if (auto t = primitive(name)) return add(Node{.type = *t});
        if (auto it = named.find(fullName(name, ns)); it != named.end()) return it->second;
        if (auto it = named.find(name); it != named.end()) return it->second;
        throw AvroError("Avro schema: unknown type '" + name + "' at " + where);
    }

    void defineName(const std::string& full, NodeId id, const std::string& where) {
        if (!named.emplace(full, id).second)
            throw AvroError("Avro schema: type '" + full + "' is defined twice (" + where + ")");
    }

    static std::string requireString(const nlohmann::json& object, const char* key,
                                     const std::string& where) {
        auto it = object.find(key);
        if (it == object.end() || !it->is_string() || it->get<std::string>().empty())
            throw AvroError("Avro schema: " + where + " needs a \"" + key + "\" string");
        return it->get<std::string>();
    }

    NodeId parse(const nlohmann::json& json, const std::string& ns, const std::string& where) {
        if (json.is_string()) return reference(json.get<std::string>(), ns, where);
        if (json.is_array()) return parseUnion(json, ns, where);
        if (!json.is_object())
            throw AvroError("Avro schema: expected a type name, object or union at " + where);
        auto typeIt = json.find("type");
        if (typeIt == json.end()) throw AvroError("Avro schema: no \"type\" at " + where);
        if (!typeIt->is_string()) return parse(*typeIt, ns, where);  // {"type": {...}} / [...]
        const std::string type = typeIt->get<std::string>();
        std::string logicalName;
        if (auto it = json.find("logicalType"); it != json.end() && it->is_string())
            logicalName = it->get<std::string>();

        if (auto t = primitive(type)) {
            Node node{.type = *t};
            node.logical = logicalFor(logicalName, *t);
            if (node.logical == LogicalType::Decimal) readDecimal(json, node, where);
            return add(std::move(node));
        }
        if (type == "record" || type == "error") return parseRecord(json, ns, where);
        if (type == "enum") {
            const std::string full =
                fullName(requireString(json, "name", where), json.value("namespace", ns));
            Node node{.type = Type::Enum, .name = full};
            auto symbols = json.find("symbols");
            if (symbols == json.end() || !symbols->is_array() || symbols->empty())
                throw AvroError("Avro schema: enum " + full + " needs a non-empty \"symbols\"");
            for (const auto& s : *symbols) {
                if (!s.is_string())
                    throw AvroError("Avro schema: enum " + full + " symbol is not a string");
                node.symbols.push_back(s.get<std::string>());
            }
            NodeId id = add(std::move(node));
            defineName(full, id, where);
            return id;
        }
        if (type == "fixed") {
            const std::string full =
                fullName(requireString(json, "name", where), json.value("namespace", ns));
            auto size = json.find("size");
            if (size == json.end() || !size->is_number_unsigned())
                throw AvroError("Avro schema: fixed " + full + " needs a \"size\"");
            Node node{.type = Type::Fixed, .name = full, .fixedSize = size->get<std::size_t>()};
            node.logical = logicalFor(logicalName, Type::Fixed);
            if (node.logical == LogicalType::Decimal) readDecimal(json, node, where);
            NodeId id = add(std::move(node));
            defineName(full, id, where);
            return id;
        }
        if (type == "array" || type == "map") {
            const char* key = type == "array" ? "items" : "values";
            auto inner = json.find(key);
            if (inner == json.end())
                throw AvroError("Avro schema: " + type + " needs \"" + key + "\" at " + where);
            NodeId innerId = parse(*inner, ns, where + (type == "array" ? "[]" : "{}"));
            return add(Node{.type = type == "array" ? Type::Array : Type::Map, .items = innerId});
        }
        return reference(type, ns, where);  // {"type": "SomeNamedType"}
    }

    static void readDecimal(const nlohmann::json& json, Node& node, const std::string& where) {
        auto precision = json.find("precision");
        if (precision == json.end() || !precision->is_number_integer() ||
            precision->get<int>() <= 0 || precision->get<int>() > 38)
            throw AvroError("Avro schema: decimal at " + where + " needs a precision of 1 to 38");
        node.precision = precision->get<int>();
        node.scale = json.value("scale", 0);
        if (node.scale < 0 || node.scale > node.precision)
            throw AvroError("Avro schema: decimal at " + where +
                            " has a scale outside 0..precision");
    }

    NodeId parseUnion(const nlohmann::json& json, const std::string& ns, const std::string& where) {
        Node node{.type = Type::Union};
        for (const auto& branch : json) {
            NodeId id = parse(branch, ns, where);
            const Node& b = schema.nodes_[id];
            if (b.type == Type::Union)
                throw AvroError("Avro schema: a union directly inside a union at " + where);
            for (NodeId other : node.branches) {
                const Node& o = schema.nodes_[other];
                const bool same = isNamed(b.type) ? o.name == b.name : o.type == b.type;
                if (same)
                    throw AvroError("Avro schema: union at " + where + " has two " +
                                    (isNamed(b.type) ? b.name : toString(b.type)) + " branches");
            }
            if (b.type == Type::Null) node.nullBranch = static_cast<int>(node.branches.size());
            node.branches.push_back(id);
        }
        if (node.branches.empty()) throw AvroError("Avro schema: empty union at " + where);
        return add(std::move(node));
    }

    NodeId parseRecord(const nlohmann::json& json, const std::string& ns,
                       const std::string& where) {
        const std::string full =
            fullName(requireString(json, "name", where), json.value("namespace", ns));
        NodeId id = add(Node{.type = Type::Record, .name = full});
        defineName(full, id, where);  // before the fields: a record may refer to itself
        auto fields = json.find("fields");
        if (fields == json.end() || !fields->is_array())
            throw AvroError("Avro schema: record " + full + " needs a \"fields\" array");
        const std::string innerNs = namespaceOf(full);
        std::vector<Field> parsed;
        for (const auto& f : *fields) {
            if (!f.is_object())
                throw AvroError("Avro schema: record " + full + " has a non-object field");
            Field field;
            field.name = requireString(f, "name", "a field of " + full);
            auto type = f.find("type");
            if (type == f.end())
                throw AvroError("Avro schema: field " + full + "." + field.name + " has no type");
            for (const auto& existing : parsed)
                if (existing.name == field.name)
                    throw AvroError("Avro schema: record " + full + " has two fields named " +
                                    field.name);
            field.type = parse(*type, innerNs, full + "." + field.name);
            if (auto d = f.find("default"); d != f.end()) field.defaultValue = *d;
            parsed.push_back(std::move(field));
        }
        schema.nodes_[id].fields = std::move(parsed);
        return id;
    }
};

Schema Schema::fromJson(const nlohmann::json& json) {
    Schema schema;
    Parser parser{schema, {}};
    schema.root_ = parser.parse(json, "", "the schema root");
    schema.text_ = json.dump();
    return schema;
}

Schema Schema::parse(std::string_view json) {
    nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
    if (parsed.is_discarded()) throw AvroError("Avro schema: not valid JSON");
    return fromJson(parsed);
}

}  // namespace riverdelta::avro
