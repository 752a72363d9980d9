#include "engine/lake/sync/buffered_batch.h"

#include <algorithm>

#include "engine/lake/sync/sync_job.h"

namespace riverdelta::lake::sync {

parquet::WriterOptions BufferedBatch::streamingWriterOptions(parquet::WriterOptions options) {
    // 8 MiB of encoded, compressed pages (~300,000 clickstream rows) per row group: big enough
    // for readers to skip by statistics, small enough that a catching-up job's memory does not
    // grow with its commit size.
    options.rowGroupBytes = std::min(options.rowGroupBytes, kRowGroupBytes);
    return options;
}

delta::DataFileWriter& BufferedBatch::file(delta::TableWriter& table) {
    if (!file_) {
        file_ = table.newDataFile();
        dataFilePath_ = file_->path();
    }
    return *file_;
}

void BufferedBatch::rowAppended(std::int64_t kafkaTimestampMs, std::size_t rowBytes) {
    ++rows_;
    bytes_ += rowBytes;
    if ((rows_ - 1) % sampleStride_ != 0) return;
    timestamps_.push_back(kafkaTimestampMs);
    if (timestamps_.size() < kMaxTimestampSamples) return;
    // Full: keep every other sample and take every 2n-th row from now on.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < timestamps_.size(); i += 2)
        timestamps_[kept++] = timestamps_[i];
    timestamps_.resize(kept);
    sampleStride_ *= 2;
}

void BufferedBatch::cover(std::int32_t partition, std::int64_t offset) {
    firstOffset_.try_emplace(partition, offset);
    lastOffset_[partition] = offset;
}

std::optional<delta::AddFile> BufferedBatch::finishFile() {
    if (!file_) return std::nullopt;
    file_->endRows();
    return file_->finish();
}

std::vector<delta::Txn> BufferedBatch::txns(std::string_view appIdPrefix,
                                            std::string_view topic) const {
    std::vector<delta::Txn> out;
    out.reserve(lastOffset_.size());
    for (const auto& [p, last] : lastOffset_)
        out.push_back({SyncJob::appId(appIdPrefix, topic, p), last, std::nullopt});
    return out;
}

}  // namespace riverdelta::lake::sync
