#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/avro/avro_decoder.h"
#include "engine/avro/avro_schema.h"
#include "engine/lake/delta/table_schema.h"
#include "engine/lake/sync/json_scanner.h"
#include "engine/lake/sync/row_batch.h"

namespace riverdelta::lake::sync {

struct KafkaRecordMeta {
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::int64_t timestampMs = -1;  // -1: the broker gave none
    std::optional<std::string_view> key;
};

// Decodes one Kafka record (its value + metadata) into a row of the table's columns. Values are
// JSON objects, or Avro in the Confluent wire format (magic byte 0, 4-byte big-endian schema id,
// Avro binary) once the writer schema of that id was added. Strict per column type: a value
// that does not fit makes the record undecodable (the job's error policy decides what
// happens), an unknown JSON member or an unknown schema id asks the job for the schema.
class RecordDecoder {
  public:
    enum class Outcome { Ok, Undecodable, UnknownFields, UnknownSchema };

    explicit RecordDecoder(const delta::TableSchema& schema);

    Outcome decode(std::string_view payload, const KafkaRecordMeta& meta);
    // After Undecodable: why (column and value kind); after UnknownFields: the new fields.
    [[nodiscard]] const std::string& error() const { return error_; }
    [[nodiscard]] const std::vector<delta::StructField>& unknownFields() const { return unknown_; }
    // After UnknownSchema: the schema id of the Avro record; call addWriterSchema for it.
    [[nodiscard]] std::int32_t schemaId() const { return schemaId_; }

    // Decodes Avro records of Confluent schema id `id`, written with `schema` (a record), into
    // the table's columns by field name; table columns the schema lacks get null. Throws
    // SchemaConflictError when a field has no column or its type cannot go into it (the job
    // evolves the table first, so this means an incompatible schema).
    void addWriterSchema(std::int32_t id, std::shared_ptr<const avro::Schema> schema);

    // Copies the row decoded last (Outcome::Ok) into the batch (RowBatch::writeTo appends it
    // to a data file).
    void stageTo(RowBatch& batch) const;
    // Bytes of the decoded row, for the commit policy's byte limit.
    [[nodiscard]] std::size_t rowBytes() const { return rowBytes_; }

  private:
    struct Cell {
        CellKind kind = CellKind::Null;
        std::int64_t i = 0;
        double d = 0;
        std::string_view s;
    };
    struct Column {
        std::string name;
        delta::DeltaType type;
        bool nullable;
        std::int64_t timestampScale;  // JSON number × scale = microseconds
        bool plainName;               // the scanner can match the name in one compare
    };
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };

    // How one field of an Avro writer schema lands in its column.
    enum class AvroRead : std::uint8_t { Text, Enum, Int32, Int64, Float, Double, Bool, Json };
    struct AvroStep {
        std::size_t column = 0;
        avro::NodeId node = 0;   // the field's type
        avro::NodeId value = 0;  // the non-null branch of a ["null", T] union, else node
        int nullBranch = -1;     // index of the union's null branch, -1 when not such a union
        AvroRead read = AvroRead::Text;
        std::int64_t scale = 1;  // Int64 → column: × scale (timestamp millis → micros)
    };
    struct AvroWriter {
        std::shared_ptr<const avro::Schema> schema;
        std::vector<AvroStep> steps;
    };

    bool convert(std::size_t column, const JsonMember& member);
    bool undecodable(std::size_t column, std::string_view why);
    Outcome decodeAvro(const avro::ConfluentFrame& frame, const KafkaRecordMeta& meta);
    bool readAvro(const AvroWriter& writer, const AvroStep& step, avro::BinaryReader& in);
    AvroStep planAvroField(std::int32_t id, const avro::Schema& schema, const avro::Field& field);
    Outcome finishRow(const KafkaRecordMeta& meta);

    std::vector<Column> columns_;
    std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> index_;
    std::size_t partitionColumn_, offsetColumn_, timestampColumn_, keyColumn_;
    JsonScanner scanner_;
    std::vector<Cell> cells_;
    std::vector<std::uint8_t> set_;
    std::vector<delta::StructField> unknown_;
    std::unordered_map<std::int32_t, AvroWriter> avroWriters_;
    std::vector<std::string> jsonText_;  // per column: nested Avro values as JSON text
    std::int32_t schemaId_ = 0;
    std::string error_;
    std::size_t rowBytes_ = 0;
};

}  // namespace riverdelta::lake::sync
