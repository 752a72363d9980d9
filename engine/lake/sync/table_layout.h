#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lake/delta/table_schema.h"

namespace riverdelta::lake::sync {

// Kafka metadata columns every synced table carries after the source fields. The `_kafka_`
// prefix is reserved: a source field using it is refused (see SchemaConflictError) rather than
// silently shadowing a metadata column.
inline constexpr std::string_view kPartitionColumn = "_kafka_partition";  // integer, not null
inline constexpr std::string_view kOffsetColumn = "_kafka_offset";        // long, not null
inline constexpr std::string_view kTimestampColumn = "_kafka_timestamp";  // timestamp (UTC)
inline constexpr std::string_view kKeyColumn = "_kafka_key";              // string
inline constexpr std::string_view kReservedPrefix = "_kafka_";

// Field metadata key recording how a timestamp column's JSON numbers are scaled to Delta's
// microseconds ("millis" or "micros"), so a restarted job decodes the same way.
inline constexpr const char* kTimestampUnitKey = "riverdelta.sourceUnit";

class SchemaConflictError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Source fields from an Avro record schema (a generator's avroSchemaHint or a registry schema):
// string/enum → string, int → integer (date → date), long → long (timestamp-millis/-micros →
// timestamp, local-timestamp-* → timestamp_ntz), float, double, boolean; ["null", T] makes T
// nullable; records, arrays, maps and other unions land as JSON text in a string column.
// Throws SchemaConflictError for a schema that is not a record or uses the reserved prefix.
std::vector<delta::StructField> fieldsFromAvro(const nlohmann::json& avroSchema);

// Source fields inferred from sample JSON objects: strings → string, integers → long (widened
// to double when any sample has a fraction), booleans, nested values → string (JSON text);
// fields that were always null become strings. Every inferred field is nullable.
// Throws SchemaConflictError when a sample is not a JSON object or uses the reserved prefix.
std::vector<delta::StructField> inferFields(std::span<const std::string_view> samples);

// Source fields followed by the Kafka metadata columns.
delta::TableSchema withMetadataColumns(std::vector<delta::StructField> sourceFields);

}  // namespace riverdelta::lake::sync
