#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lake/parquet/schema.h"
#include "engine/lake/parquet/statistics.h"

namespace riverdelta::lake::parquet {

// A small Parquet reader for files held in memory: Delta checkpoints on log replay, the
// console's table preview, and our own round-trip tests. Supports data page v1, PLAIN /
// PLAIN_DICTIONARY / RLE_DICTIONARY, uncompressed / snappy / zstd, flat and nested (3-level LIST,
// MAP) schemas. Rows come back as JSON objects (structs → objects, lists → arrays, maps → objects,
// nulls → null). Not a fast path. Throws std::runtime_error for malformed or unsupported files.
class FileReader {
  public:
    explicit FileReader(std::string_view file);

    [[nodiscard]] const Schema& schema() const { return *schema_; }
    [[nodiscard]] std::int64_t numRows() const { return numRows_; }
    [[nodiscard]] std::size_t numRowGroups() const { return rowGroups_.size(); }
    [[nodiscard]] const std::string& createdBy() const { return createdBy_; }

    // All rows, in order.
    [[nodiscard]] std::vector<nlohmann::json> readRows() const;
    // The rows of one row group.
    [[nodiscard]] std::vector<nlohmann::json> readRowGroup(std::size_t index) const;
    // The last `count` rows of one row group, in order: a preview of a row group of a million
    // rows decodes only the pages that hold them (flat columns skip earlier pages undecompressed)
    // and builds JSON for those rows alone.
    [[nodiscard]] std::vector<nlohmann::json> readRowGroupTail(std::size_t index,
                                                               std::size_t count) const;

    struct ChunkMeta {
        std::int32_t codec = 0;
        std::int64_t numValues = 0;
        std::int64_t dataPageOffset = 0;
        std::optional<std::int64_t> dictionaryPageOffset;
        std::int64_t totalCompressedSize = 0;
        std::vector<std::int32_t> encodings;
        std::optional<std::int64_t> nullCount;
        std::optional<std::string> minValue;  // raw PLAIN bytes
        std::optional<std::string> maxValue;
    };
    struct RowGroupMeta {
        std::int64_t numRows = 0;
        std::vector<ChunkMeta> columns;
    };
    [[nodiscard]] const RowGroupMeta& rowGroup(std::size_t i) const { return rowGroups_[i]; }

  private:
    struct ColumnData {
        std::vector<std::uint32_t> def;
        std::vector<std::uint32_t> rep;
        std::vector<nlohmann::json> values;  // non-null values in order
    };
    // The levels and values of the rows from `firstRow` on.
    ColumnData readChunk(std::size_t column, const ChunkMeta& meta, std::int64_t firstRow) const;
    std::vector<nlohmann::json> readRowGroupFrom(std::size_t index, std::int64_t firstRow) const;

    std::string_view file_;
    std::optional<Schema> schema_;
    std::int64_t numRows_ = 0;
    std::string createdBy_;
    std::vector<RowGroupMeta> rowGroups_;
};

}  // namespace riverdelta::lake::parquet
