#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lake/delta/actions.h"
#include "engine/lake/delta/table_writer.h"

namespace riverdelta::lake::sync {

// What a sync job has read since its last commit: one data file being written, the offsets the
// batch covers per partition, and a bounded sample of the rows' Kafka timestamps (for the
// freshness figure).
//
// The file is streamed: whoever appends the rows closes them off every few thousand
// (EncodePipeline, per batch of rows), and the Parquet writer then sends a row group to storage
// once it holds kRowGroupBytes (the table writer's options, see streamingWriterOptions), so a
// batch of a million rows holds one row group in memory, not the whole file. A local table's
// file grows in place; an S3 file goes up as a multipart upload in 8 MiB parts, completed at
// commit.
class BufferedBatch {
  public:
    static constexpr std::size_t kRowGroupBytes = std::size_t{8} << 20;
    // At most this many timestamps are kept, whatever the batch's size.
    static constexpr std::size_t kMaxTimestampSamples = 1024;

    // Row-group limits for the sync job's data files (the rest of `options` kept).
    static parquet::WriterOptions streamingWriterOptions(parquet::WriterOptions options);

    [[nodiscard]] bool empty() const { return lastOffset_.empty(); }
    [[nodiscard]] std::int64_t rows() const { return rows_; }
    [[nodiscard]] std::size_t bytes() const { return bytes_; }
    [[nodiscard]] const std::map<std::int32_t, std::int64_t>& firstOffsets() const {
        return firstOffset_;
    }
    [[nodiscard]] const std::map<std::int32_t, std::int64_t>& lastOffsets() const {
        return lastOffset_;
    }

    // The open data file, created on first use with the table's current schema.
    delta::DataFileWriter& file(delta::TableWriter& table);
    // A row was appended to file() (or handed to whoever appends it): counts it.
    void rowAppended(std::int64_t kafkaTimestampMs, std::size_t rowBytes);
    // The batch covers this offset (a row, or a record skipped / dead-lettered).
    void cover(std::int32_t partition, std::int64_t offset);
    // Offsets of this batch that have no row (skipped, dead-lettered, gaps in the log): the
    // table's invariant counts them (delta::unwrittenAppId).
    void addUnwritten(std::int64_t offsets) { unwritten_ += offsets; }
    [[nodiscard]] std::int64_t unwritten() const { return unwritten_; }

    // Closes the data file (durable) and returns its add, or nullopt when the batch has no rows.
    // Every row must be in the file by then (EncodePipeline::drain()).
    std::optional<delta::AddFile> finishFile();
    // Path of the open or finished data file relative to the table root ("" without rows).
    [[nodiscard]] const std::string& dataFilePath() const { return dataFilePath_; }
    // One txn per partition: appId "<prefix>-<topic>-<partition>", version = last offset.
    [[nodiscard]] std::vector<delta::Txn> txns(std::string_view appIdPrefix,
                                               std::string_view topic) const;
    // Kafka timestamps of an evenly spaced sample of the batch's rows, in row order.
    [[nodiscard]] const std::vector<std::int64_t>& timestampSample() const { return timestamps_; }

  private:
    std::unique_ptr<delta::DataFileWriter> file_;
    std::string dataFilePath_;
    std::int64_t rows_ = 0;
    std::size_t bytes_ = 0;
    std::map<std::int32_t, std::int64_t> firstOffset_, lastOffset_;
    std::vector<std::int64_t> timestamps_;
    std::int64_t unwritten_ = 0;
    std::int64_t sampleStride_ = 1;  // every n-th row's timestamp is kept
};

}  // namespace riverdelta::lake::sync
