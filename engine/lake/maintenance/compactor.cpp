#include "engine/lake/maintenance/compactor.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>

#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/file_stats.h"
#include "engine/lake/delta/table_writer.h"
#include "engine/lake/maintenance/rewrite_commit.h"
#include "engine/lake/maintenance/table_files.h"
#include "engine/lake/maintenance/table_properties.h"
#include "engine/lake/parquet/file_concatenator.h"
#include "engine/lake/parquet/file_writer.h"

namespace riverdelta::lake::maintenance {
namespace {
using Json = nlohmann::json;

class NewFileSink final : public parquet::ByteSink {
  public:
    explicit NewFileSink(storage::NewFile& file) : file_(file) {}
    void write(std::string_view bytes) override { file_.write(bytes); }
    [[nodiscard]] std::uint64_t position() const override { return file_.size(); }
    void close() override { file_.commit(); }

  private:
    storage::NewFile& file_;
};

std::string codecSuffixOf(std::string_view path) {
    for (std::string_view s : {".snappy.parquet", ".zstd.parquet", ".gz.parquet", ".lz4.parquet"})
        if (path.ends_with(s)) return std::string(s.substr(0, s.size() - 8));
    return "";
}

class Stopped {};

// Bytes of input files held in memory now, and the most at once.
struct HeldBytes {
    std::int64_t now = 0;
    std::int64_t peak = 0;
    void add(std::int64_t delta) {
        now += delta;
        peak = std::max(peak, now);
    }
};

// An input data file read through the store's ranged reads. Keeps the last range it read, so
// the footer read of a small file also serves its chunks.
class StoreSource final : public parquet::ByteSource {
  public:
    StoreSource(storage::ObjectStore& store, std::string path, std::uint64_t size, HeldBytes& held)
        : store_(store), path_(std::move(path)), size_(size), held_(held) {}
    ~StoreSource() override { held_.add(-static_cast<std::int64_t>(buffer_.capacity())); }
    StoreSource(const StoreSource&) = delete;
    StoreSource& operator=(const StoreSource&) = delete;

    [[nodiscard]] std::uint64_t size() const override { return size_; }
    std::string_view read(std::uint64_t offset, std::size_t length) override {
        if (offset < bufferAt_ || offset + length > bufferAt_ + buffer_.size()) {
            const auto before = static_cast<std::int64_t>(buffer_.capacity());
            bufferAt_ = offset;
            store_.readRange(path_, offset, length, buffer_);
            held_.add(static_cast<std::int64_t>(buffer_.capacity()) - before);
        }
        return std::string_view(buffer_).substr(static_cast<std::size_t>(offset - bufferAt_),
                                                length);
    }

  private:
    storage::ObjectStore& store_;
    std::string path_;
    std::uint64_t size_;
    HeldBytes& held_;
    std::string buffer_;
    std::uint64_t bufferAt_ = 0;
};

// The footer of an input, counted as held while it lives.
struct InputFooter {
    InputFooter(parquet::ParquetFooter f, HeldBytes& h) : footer(std::move(f)), held(&h) {
        held->add(static_cast<std::int64_t>(footer.length));
    }
    ~InputFooter() {
        if (held) held->add(-static_cast<std::int64_t>(footer.length));
    }
    InputFooter(InputFooter&& o) noexcept
        : footer(std::move(o.footer)), held(std::exchange(o.held, nullptr)) {}
    InputFooter& operator=(InputFooter&&) = delete;
    InputFooter(const InputFooter&) = delete;
    InputFooter& operator=(const InputFooter&) = delete;

    parquet::ParquetFooter footer;
    HeldBytes* held;
};

// One output file being assembled from inputs of one schema. The first input is only
// remembered (path + footer): a lone input is neither read nor rewritten, and once a second
// one comes both are copied piece by piece.
class Output {
  public:
    Output(storage::ObjectStore& store, std::string root, std::size_t pieceBytes, HeldBytes& held)
        : store_(store), root_(std::move(root)), pieceBytes_(pieceBytes), held_(held) {}

    [[nodiscard]] bool empty() const { return inputs_.empty(); }
    [[nodiscard]] const std::string& schemaKey() const { return schemaKey_; }
    [[nodiscard]] std::size_t rowGroups() const { return rowGroups_; }

    void add(const delta::AddFile& input, const std::string& objectPath, StoreSource& source,
             InputFooter footer, const parquet::FooterSummary& f) {
        if (inputs_.empty()) {
            schemaKey_ = f.schemaKey;
            pendingPath_ = objectPath;
            pending_.emplace(std::move(footer));
        } else {
            if (!concat_) open();
            concat_->append(source, std::move(footer.footer));
        }
        inputs_.push_back(input);
        rowGroups_ += f.numRowGroups;
    }

    // The add action of the finished output, or nullopt when it had a single input.
    std::optional<delta::AddFile> finish(std::vector<delta::AddFile>& compacted,
                                         std::int64_t nowMs) {
        if (!concat_) {
            reset();
            return std::nullopt;
        }
        concat_->close();
        std::vector<std::optional<std::string>> stats;
        std::int64_t statRows = 0;
        bool statRowsKnown = true;
        for (const auto& in : inputs_) {
            stats.push_back(in.stats);
            const Json j = in.stats ? Json::parse(*in.stats, nullptr, false) : Json();
            if (j.is_object() && j.contains("numRecords") && j["numRecords"].is_number_integer())
                statRows += j["numRecords"].get<std::int64_t>();
            else
                statRowsKnown = false;
        }
        if (statRowsKnown && statRows != concat_->numRows()) {
            throw delta::LogError(fmt::format(
                "compaction: the stats of the inputs of {} count {} rows, their footers {}", path_,
                statRows, concat_->numRows()));
        }
        delta::AddFile joined;
        joined.path = path_;
        joined.partitionValues = inputs_.front().partitionValues;
        joined.size = static_cast<std::int64_t>(file_->size());
        joined.modificationTime = nowMs;
        joined.dataChange = false;
        joined.stats = delta::mergeFileStatsJson(stats);
        if (!joined.stats) joined.stats = Json{{"numRecords", concat_->numRows()}}.dump();
        compacted.insert(compacted.end(), inputs_.begin(), inputs_.end());
        reset();
        return joined;
    }

  private:
    void open() {
        path_ = fmt::format("part-00000-{}-c000{}.parquet", delta::randomUuid(),
                            codecSuffixOf(inputs_.front().path));
        file_ = store_.createNewFile(root_ + path_);
        sink_ = std::make_unique<NewFileSink>(*file_);
        concat_ = std::make_unique<parquet::FileConcatenator>(*sink_, parquet::defaultCreatedBy(),
                                                              pieceBytes_);
        StoreSource source(store_, pendingPath_, pending_->footer.fileSize, held_);
        concat_->append(source, std::move(pending_->footer));
        pending_.reset();
    }
    void reset() {
        concat_.reset();
        sink_.reset();
        file_.reset();
        inputs_.clear();
        pending_.reset();
        rowGroups_ = 0;
    }

    storage::ObjectStore& store_;
    std::string root_;
    std::size_t pieceBytes_;
    HeldBytes& held_;
    std::string schemaKey_;
    std::string pendingPath_;
    std::optional<InputFooter> pending_;
    std::vector<delta::AddFile> inputs_;
    std::size_t rowGroups_ = 0;
    std::string path_;
    std::unique_ptr<storage::NewFile> file_;
    std::unique_ptr<NewFileSink> sink_;
    std::unique_ptr<parquet::FileConcatenator> concat_;
};

// The footer of an input data file; a malformed one is named by its path.
parquet::ParquetFooter footerOf(StoreSource& source, const std::string& path) {
    try {
        return parquet::readFooter(source);
    } catch (const storage::StorageError&) {
        throw;
    } catch (const std::runtime_error& e) {
        throw delta::LogError(fmt::format("compaction: data file {}: {}", path, e.what()));
    }
}

}  // namespace

Compactor::Compactor(storage::ObjectStore& store, std::string tablePath, CompactionOptions options)
    : store_(store), tablePath_(std::move(tablePath)), options_(options) {}

CompactionResult Compactor::run(bool dryRun, const std::stop_token& stop) {
    const std::string root = rootPrefix(tablePath_);
    delta::DeltaLog log(store_, tablePath_);
    delta::Snapshot snapshot = log.load();
    CompactionResult result;
    result.filesBefore = result.filesAfter = static_cast<std::int64_t>(snapshot.files.size());
    if (!snapshot.exists()) return result;
    if (!snapshot.metadata) throw delta::LogError("Delta table without metaData");
    delta::checkWritable(snapshot.protocol.value_or(delta::Protocol{}), &*snapshot.metadata);
    const TableProperties props = tablePropertiesFrom(snapshot.metadata->configuration);
    const auto bins = planCompaction(snapshot.files, options_);
    if (dryRun) {
        for (const auto& b : bins) {
            result.filesRemoved += static_cast<std::int64_t>(b.paths.size());
            result.bytesRead += b.bytes;
            ++result.filesAdded;
        }
        result.filesAfter = result.filesBefore - result.filesRemoved + result.filesAdded;
        return result;
    }

    const std::int64_t now = nowMillis();
    std::vector<delta::AddFile> outputs;
    std::vector<delta::AddFile> compacted;
    HeldBytes held;
    auto deleteOutputs = [&] {
        for (const auto& o : outputs) {
            try {
                store_.remove(root + decodeActionPath(o.path));
            } catch (const std::exception&) {  // an orphan then; vacuum removes it later
            }
        }
    };
    try {
        for (const auto& bin : bins) {
            Output out(store_, root, options_.readPieceBytes, held);
            auto flush = [&] {
                if (auto add = out.finish(compacted, now)) {
                    result.bytesWritten += add->size;
                    outputs.push_back(std::move(*add));
                }
            };
            for (const auto& path : bin.paths) {
                if (stop.stop_requested()) throw Stopped{};
                const delta::AddFile& input = snapshot.files.at(path);
                const std::string objectPath = root + decodeActionPath(path);
                const auto size = store_.objectSize(objectPath);
                if (!size) {
                    throw delta::LogError(
                        fmt::format("compaction: data file {} of the table is missing", path));
                }
                StoreSource source(store_, objectPath, *size, held);
                InputFooter footer(footerOf(source, path), held);
                const auto summary = parquet::summarizeFooter(footer.footer);
                if (!out.empty() &&
                    (summary.schemaKey != out.schemaKey() ||
                     out.rowGroups() + summary.numRowGroups > options_.maxRowGroupsPerFile)) {
                    flush();
                }
                result.bytesRead += static_cast<std::int64_t>(*size);
                result.rows += summary.numRows;
                out.add(input, objectPath, source, std::move(footer), summary);
            }
            flush();
        }
    } catch (const Stopped&) {
        result.peakInputBytesHeld = held.peak;
        deleteOutputs();
        result.abandoned = "stopped";
        return result;
    } catch (...) {
        deleteOutputs();
        throw;
    }
    result.peakInputBytesHeld = held.peak;
    if (outputs.empty()) return result;

    RewriteCommit commit;
    std::int64_t removedBytes = 0;
    for (const auto& in : compacted) {
        delta::RemoveFile r;
        r.path = in.path;
        r.deletionTimestamp = now;
        r.dataChange = false;
        r.extendedFileMetadata = true;
        r.partitionValues = in.partitionValues;
        r.size = in.size;
        removedBytes += in.size;
        commit.removes.push_back(std::move(r));
    }
    commit.adds = outputs;
    commit.commitInfo = {{"operation", "OPTIMIZE"},
                         {"operationParameters",
                          {{"predicate", "[]"},
                           {"zOrderBy", "[]"},
                           {"targetSize", std::to_string(options_.targetFileSize)}}},
                         {"operationMetrics",
                          {{"numRemovedFiles", std::to_string(compacted.size())},
                           {"numAddedFiles", std::to_string(outputs.size())},
                           {"numRemovedBytes", std::to_string(removedBytes)},
                           {"numAddedBytes", std::to_string(result.bytesWritten)}}}};
    RewriteCommitResult committed;
    try {
        committed = commitRewrite(log, snapshot, commit, props.checkpointInterval);
    } catch (...) {
        deleteOutputs();
        throw;
    }
    if (!committed.version) {
        deleteOutputs();
        result.abandoned =
            fmt::format("{} of its input files was removed by another writer first (e.g. {})",
                        committed.gone.size(), committed.gone.front());
        result.bytesWritten = 0;
        result.filesAfter = static_cast<std::int64_t>(snapshot.files.size());
        return result;
    }
    result.version = committed.version;
    result.checkpointError = committed.checkpointError;
    result.filesRemoved = static_cast<std::int64_t>(compacted.size());
    result.filesAdded = static_cast<std::int64_t>(outputs.size());
    result.filesAfter = static_cast<std::int64_t>(snapshot.files.size());
    return result;
}

}  // namespace riverdelta::lake::maintenance
