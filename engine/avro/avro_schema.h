#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/error.h"

namespace riverdelta::avro {

// A schema that cannot be parsed, or a value that does not fit its schema. The message names
// the place ("Customer.address.zip") and what was expected.
class AvroError : public Error {
  public:
    using Error::Error;
};

enum class Type {
    Null,
    Boolean,
    Int,
    Long,
    Float,
    Double,
    Bytes,
    String,
    Record,
    Enum,
    Array,
    Map,
    Union,
    Fixed
};

enum class LogicalType {
    None,
    Date,                  // int: days since 1970-01-01
    TimeMillis,            // int: milliseconds after midnight
    TimeMicros,            // long
    TimestampMillis,       // long: milliseconds since the epoch, UTC
    TimestampMicros,       // long
    LocalTimestampMillis,  // long: milliseconds since 1970-01-01T00:00, no time zone
    LocalTimestampMicros,  // long
    Decimal,               // bytes or fixed: two's complement big-endian unscaled value
    Uuid,                  // string
};

using NodeId = std::uint32_t;

struct Field {
    std::string name;
    NodeId type = 0;
    std::optional<nlohmann::json> defaultValue;
};

// One type in the schema tree. Named types (record, enum, fixed) are stored once and referenced
// by id, so recursive records work.
struct Node {
    Type type = Type::Null;
    LogicalType logical = LogicalType::None;
    std::string name;                  // full name of a record, enum or fixed
    std::vector<Field> fields;         // record
    std::vector<std::string> symbols;  // enum
    std::vector<NodeId> branches;      // union
    NodeId items = 0;                  // array items, map values
    std::size_t fixedSize = 0;         // fixed
    int precision = 0;                 // decimal
    int scale = 0;                     // decimal
    int nullBranch = -1;               // union: index of its null branch, -1 when none
};

// A parsed Avro schema (the JSON a ShadowTraffic avroSchemaHint carries).
class Schema {
  public:
    static Schema parse(std::string_view json);
    static Schema fromJson(const nlohmann::json& json);

    [[nodiscard]] NodeId rootId() const { return root_; }
    [[nodiscard]] const Node& root() const { return nodes_[root_]; }
    [[nodiscard]] const Node& node(NodeId id) const { return nodes_[id]; }
    // The schema as compact JSON text: what is registered with a Schema Registry.
    [[nodiscard]] const std::string& text() const { return text_; }

  private:
    struct Parser;
    std::vector<Node> nodes_;
    NodeId root_ = 0;
    std::string text_;
};

const char* toString(Type type);

}  // namespace riverdelta::avro
