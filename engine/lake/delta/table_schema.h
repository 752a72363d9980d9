#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lake/parquet/schema.h"

namespace riverdelta::lake::delta {

// The Delta primitive types Riverdelta writes (PROTOCOL.md "Primitive Types"). Timestamp is
// UTC-adjusted microseconds; TimestampNtz (no time zone) needs reader 3 / writer 7 with the
// `timestampNtz` table feature, which the log adds when such a column appears.
enum class DeltaType : std::uint8_t {
    String,
    Long,
    Integer,
    Short,
    Byte,
    Double,
    Float,
    Boolean,
    Date,
    Timestamp,
    TimestampNtz,
};

std::string_view toString(DeltaType t);
std::optional<DeltaType> deltaTypeFromString(std::string_view s);

struct StructField {
    std::string name;
    DeltaType type = DeltaType::String;
    bool nullable = true;
    nlohmann::json metadata = nlohmann::json::object();

    bool operator==(const StructField& o) const {
        return name == o.name && type == o.type && nullable == o.nullable && metadata == o.metadata;
    }
};

// The table schema: a flat Spark StructType of primitive fields.
class TableSchema {
  public:
    TableSchema() = default;
    explicit TableSchema(std::vector<StructField> fields) : fields_(std::move(fields)) {}

    [[nodiscard]] const std::vector<StructField>& fields() const { return fields_; }
    [[nodiscard]] const StructField* find(std::string_view name) const;
    [[nodiscard]] int indexOf(std::string_view name) const;
    [[nodiscard]] bool usesTimestampNtz() const;

    // Spark StructType JSON: {"type":"struct","fields":[{"name","type","nullable","metadata"}]}.
    [[nodiscard]] std::string toSchemaString() const;
    // Throws std::invalid_argument for malformed JSON or types other than the primitives above.
    static TableSchema fromSchemaString(std::string_view schemaString);

    // The Parquet schema of data files: one leaf per field, in order (so Parquet column i is
    // field i). string → BYTE_ARRAY STRING, long → INT64, integer → INT32, short / byte → INT32
    // INT(16/8), double, float, boolean, date → INT32 DATE, timestamp → INT64
    // TIMESTAMP(MICROS, UTC), timestamp_ntz → INT64 TIMESTAMP(MICROS, local).
    [[nodiscard]] parquet::Schema toParquet() const;

    bool operator==(const TableSchema& o) const { return fields_ == o.fields_; }

  private:
    std::vector<StructField> fields_;
};

// An incoming schema that the table cannot take without rewriting: a type change, a required
// field that disappeared, or a required table column that the source declares nullable.
class SchemaIncompatibleError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Merges a source schema into the table schema: table fields keep their order and definition;
// fields only in the source are appended as nullable columns. `changed` says whether a new
// metaData is needed. Throws SchemaIncompatibleError (and changes nothing) otherwise.
struct SchemaMerge {
    TableSchema merged;
    bool changed = false;
};
SchemaMerge mergeSchema(const TableSchema& table, const TableSchema& source);

}  // namespace riverdelta::lake::delta
