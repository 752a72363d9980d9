#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/lake/delta/table_schema.h"
#include "engine/lake/sync/json_scanner.h"

namespace riverdelta::lake::delta {
class DataFileWriter;
}

namespace riverdelta::lake::sync {

struct KafkaRecordMeta {
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::int64_t timestampMs = -1;  // -1: the broker gave none
    std::optional<std::string_view> key;
};

// Decodes one Kafka record (a JSON object value + its metadata) into a row of the table's
// columns. Strict per column type: a value that does not fit makes the record undecodable
// (the job's error policy decides what happens), an unknown member asks for schema evolution.
class RecordDecoder {
  public:
    enum class Outcome { Ok, Undecodable, UnknownFields };

    explicit RecordDecoder(const delta::TableSchema& schema);

    Outcome decode(std::string_view payload, const KafkaRecordMeta& meta);
    // After Undecodable: why (column and value kind); after UnknownFields: the new fields.
    [[nodiscard]] const std::string& error() const { return error_; }
    [[nodiscard]] const std::vector<delta::StructField>& unknownFields() const { return unknown_; }

    // Appends the row decoded last (Outcome::Ok) to the file; the caller calls endRows().
    void appendTo(delta::DataFileWriter& file) const;
    // Bytes of the decoded row, for the commit policy's byte limit.
    [[nodiscard]] std::size_t rowBytes() const { return rowBytes_; }

  private:
    enum class CellKind : std::uint8_t { Null, Int64, Int32, Double, Float, Bool, Text };
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
    };
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };

    bool convert(std::size_t column, const JsonMember& member);
    bool undecodable(std::size_t column, std::string_view why);

    std::vector<Column> columns_;
    std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> index_;
    std::size_t partitionColumn_, offsetColumn_, timestampColumn_, keyColumn_;
    JsonScanner scanner_;
    std::vector<Cell> cells_;
    std::vector<std::uint8_t> set_;
    std::vector<delta::StructField> unknown_;
    std::string error_;
    std::size_t rowBytes_ = 0;
};

}  // namespace riverdelta::lake::sync
