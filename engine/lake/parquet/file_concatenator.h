#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lake/parquet/byte_sink.h"
#include "engine/lake/parquet/thrift_compact_reader.h"

namespace riverdelta::lake::parquet {

// What the footer of a Parquet file says, as far as joining files needs it.
struct FooterSummary {
    std::string schemaKey;  // the serialized schema elements: equal keys = identical schemas
    std::int64_t numRows = 0;
    std::size_t numRowGroups = 0;
};

// Reads the footer of a whole Parquet file. Throws std::runtime_error for a malformed file.
FooterSummary summarizeFooter(std::string_view file);

// Joins Parquet files of one schema into one file by copying their column chunks byte for byte
// (no decoding, no re-encoding): each input row group becomes one row group of the output, and
// only the footer is rewritten (chunk offsets, row-group offsets and ordinals). Page indexes and
// bloom filters of the inputs are not carried over (their offsets are dropped from the footer);
// encrypted files and chunks stored in other files are refused.
//
//   FileConcatenator out(sink);
//   out.append(bytesOfFileA);   // throws std::invalid_argument if the schema differs
//   out.append(bytesOfFileB);
//   out.close();                // footer; sink.close()
class FileConcatenator {
  public:
    // `createdBy` names the output's writer unless every input has the same created_by, which
    // is then kept: readers use it to decide how far to trust the (copied) statistics.
    FileConcatenator(ByteSink& sink, std::string createdBy);

    void append(std::string_view file);
    void close();

    [[nodiscard]] std::int64_t numRows() const { return numRows_; }
    [[nodiscard]] std::size_t numRowGroups() const { return rowGroups_.size(); }
    [[nodiscard]] std::size_t numInputs() const { return inputs_; }

  private:
    ByteSink& sink_;
    std::string createdBy_;
    std::optional<std::string> commonCreatedBy_;
    bool createdByDiffers_ = false;
    std::optional<ThriftValue> schema_;
    std::string schemaKey_;
    std::optional<ThriftValue> columnOrders_;
    std::int64_t version_ = 1;
    std::int64_t numRows_ = 0;
    std::size_t inputs_ = 0;
    std::vector<ThriftValue> rowGroups_;
    bool closed_ = false;
};

}  // namespace riverdelta::lake::parquet
