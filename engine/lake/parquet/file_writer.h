#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/lake/parquet/byte_sink.h"
#include "engine/lake/parquet/column_writer.h"
#include "engine/lake/parquet/compressor.h"
#include "engine/lake/parquet/schema.h"
#include "engine/lake/parquet/statistics.h"

namespace riverdelta::lake::parquet {

struct WriterOptions {
    Compression compression = Compression::Snappy;
    int zstdLevel = 1;
    std::size_t pageSize = 1 << 20;    // target bytes per data page
    std::int32_t pageValues = 20'000;  // values per data page at most (keeps page buffers small)
    std::size_t dictionaryPageSizeLimit = 1 << 20;  // per column chunk; PLAIN past this
    std::size_t rowGroupBytes = 128 << 20;  // flush a row group past this many buffered bytes
    std::int64_t rowGroupRows = 1 << 20;    // ... or this many rows
    bool dictionary = true;
    // Worker threads that compress pages while values are being encoded (0: compress inline).
    std::size_t compressionThreads = 0;
    std::vector<std::string> plainColumns;  // dotted leaf paths that never use a dictionary
    std::string createdBy;                  // empty: defaultCreatedBy()
    std::vector<std::pair<std::string, std::string>> keyValueMetadata;
};

// "riverdelta version 0.1.0 (build <git hash>)".
std::string defaultCreatedBy();

// Streams a Parquet file into a ByteSink. Values are appended column-wise through the
// ColumnWriters; endRows() marks everything appended so far as complete rows and flushes a row
// group once it reaches the byte or row limit, so memory stays bounded by about one row group.
//
//   FileWriter w(schema, sink, options);
//   for (row : rows) { w.column(0).appendInt64(row.id); w.column(1).appendBytes(row.name); }
//   w.endRows();   // every few thousand rows, or per row
//   w.close();     // last row group + footer
class FileWriter {
  public:
    FileWriter(Schema schema, ByteSink& sink, WriterOptions options = {});
    ~FileWriter();
    FileWriter(const FileWriter&) = delete;
    FileWriter& operator=(const FileWriter&) = delete;

    [[nodiscard]] std::size_t numColumns() const { return columns_.size(); }
    ColumnWriter& column(std::size_t i) { return *columns_[i]; }
    [[nodiscard]] const Schema& schema() const { return schema_; }

    // All columns must have been given the same number of rows. Throws std::logic_error
    // otherwise.
    void endRows();
    // Forces the buffered rows out as a row group (no-op when empty).
    void flushRowGroup();
    // Flushes and writes the footer; the sink is closed. Call once.
    void close();

    // Rows written (complete rows, in flushed and buffered row groups).
    [[nodiscard]] std::int64_t numRows() const { return flushedRows_ + bufferedRows_; }
    [[nodiscard]] std::size_t numRowGroups() const { return rowGroups_.size(); }
    // Statistics of leaf column i over the whole file so far (flushed row groups only; complete
    // after close()).
    [[nodiscard]] const Statistics& fileStatistics(std::size_t i) const { return fileStats_[i]; }
    [[nodiscard]] std::size_t bufferedBytes() const;
    // What was written for leaf column `column` in flushed row group `rowGroup`.
    [[nodiscard]] const ColumnChunkInfo& chunkInfo(std::size_t rowGroup, std::size_t column) const {
        return rowGroups_.at(rowGroup).columns.at(column);
    }

  private:
    struct RowGroupInfo {
        std::vector<ColumnChunkInfo> columns;
        std::int64_t numRows = 0;
        std::int64_t fileOffset = 0;
    };

    void writeFooter();

    Schema schema_;
    ByteSink& sink_;
    WriterOptions options_;
    Compressor compressor_;
    std::unique_ptr<PageEncoderPool> pool_;
    std::vector<std::unique_ptr<ColumnWriter>> columns_;
    std::vector<Statistics> fileStats_;
    std::vector<RowGroupInfo> rowGroups_;
    std::int64_t flushedRows_ = 0;
    std::int64_t bufferedRows_ = 0;
    bool closed_ = false;
};

}  // namespace riverdelta::lake::parquet
