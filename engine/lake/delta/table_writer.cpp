#include "engine/lake/delta/table_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <stdexcept>

#include "engine/lake/delta/file_stats.h"
#include "riverdelta/version.h"

namespace riverdelta::lake::delta {
namespace {

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string_view codecSuffix(parquet::Compression c) {
    switch (c) {
        case parquet::Compression::Snappy:
            return ".snappy";
        case parquet::Compression::Zstd:
            return ".zstd";
        case parquet::Compression::Uncompressed:
            return "";
    }
    return "";
}

}  // namespace

std::string randomUuid() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    const std::uint64_t a = rng();
    const std::uint64_t b = rng();
    const std::uint64_t hi = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
    const std::uint64_t lo = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff,
                       hi & 0xffff, lo >> 48, lo & 0xffffffffffffULL);
}

void checkWritable(const Protocol& p, const Metadata* metadata) {
    const auto refuse = [](const std::string& why) {
        throw UnsupportedTableError("cannot append to this Delta table: " + why);
    };
    const auto onlyKnown = [&](const std::optional<std::vector<std::string>>& features,
                               std::initializer_list<std::string_view> known, const char* kind) {
        if (!features) return;
        for (const auto& f : *features) {
            if (std::find(known.begin(), known.end(), f) == known.end()) {
                refuse(std::string(kind) + " feature '" + f + "' is not supported");
            }
        }
    };
    if (p.minReaderVersion == 3) {
        onlyKnown(p.readerFeatures, {"timestampNtz"}, "reader");
    } else if (p.minReaderVersion != 1) {
        refuse("reader version " + std::to_string(p.minReaderVersion) + " is not supported");
    }
    if (p.minWriterVersion == 7) {
        onlyKnown(p.writerFeatures, {"appendOnly", "invariants", "timestampNtz"}, "writer");
    } else if (p.minWriterVersion > 2) {
        refuse("writer version " + std::to_string(p.minWriterVersion) + " is not supported");
    }
    if (metadata != nullptr &&
        metadata->schemaString.find("delta.invariants") != std::string::npos) {
        refuse("column invariants are not enforced by this writer");
    }
}

// Adapts a storage NewFile to the Parquet writer's sink.
class DataFileWriter::Sink final : public parquet::ByteSink {
  public:
    explicit Sink(storage::NewFile& file) : file_(file) {}
    void write(std::string_view bytes) override { file_.write(bytes); }
    [[nodiscard]] std::uint64_t position() const override { return file_.size(); }
    void close() override { file_.commit(); }

  private:
    storage::NewFile& file_;
};

DataFileWriter::DataFileWriter(storage::ObjectStore& store, const std::string& tableRoot,
                               TableSchema schema, const parquet::WriterOptions& options)
    : schema_(std::move(schema)) {
    relativePath_ =
        fmt::format("part-00000-{}-c000{}.parquet", randomUuid(), codecSuffix(options.compression));
    file_ = store.createNewFile(tableRoot + relativePath_);
    sink_ = std::make_unique<Sink>(*file_);
    writer_ = std::make_unique<parquet::FileWriter>(schema_.toParquet(), *sink_, options);
}

DataFileWriter::~DataFileWriter() = default;

AddFile DataFileWriter::finish() {
    writer_->close();
    AddFile add;
    add.path = relativePath_;
    add.size = static_cast<std::int64_t>(file_->size());
    add.modificationTime = nowMs();
    add.dataChange = true;
    add.stats = fileStatsJson(schema_, *writer_);
    return add;
}

TableWriter::TableWriter(storage::ObjectStore& store, std::string tablePath,
                         TableWriterOptions options)
    : store_(store),
      tablePath_(std::move(tablePath)),
      options_(std::move(options)),
      log_(store, tablePath_),
      snapshot_(log_.load()) {}

TableSchema TableWriter::schema() const {
    if (!snapshot_.metadata) return {};
    return TableSchema::fromSchemaString(snapshot_.metadata->schemaString);
}

void TableWriter::refresh() {
    log_.update(snapshot_);
}

void TableWriter::refuseDamaged() const {
    const auto damage = snapshot_.unresolvedDamage();
    if (damage.empty()) return;
    throw DamagedTableError(fmt::format(
        "Delta table: commit version {} is damaged ({}); nothing is written until it is "
        "repaired from Kafka or accepted",
        damage.front().version, damage.front().why));
}

std::int64_t TableWriter::ensureSchema(const TableSchema& source) {
    refuseDamaged();
    constexpr int kAttempts = 10;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        std::vector<Action> actions;
        CommitInfo info;
        if (!snapshot_.exists()) {
            actions.emplace_back(protocolFor(source.usesTimestampNtz()));
            Metadata m;
            m.id = randomUuid();
            m.name = options_.tableName;
            m.schemaString = source.toSchemaString();
            m.configuration = options_.configuration;
            m.createdTime = nowMs();
            actions.emplace_back(std::move(m));
            info.info = {
                {"operation", "CREATE TABLE"},
                {"operationParameters", {{"mode", "ErrorIfExists"}, {"location", tablePath_}}}};
        } else {
            if (!snapshot_.metadata) throw LogError("Delta table without metaData");
            checkWritable(snapshot_.protocol.value_or(Protocol{}), &*snapshot_.metadata);
            const SchemaMerge merge = mergeSchema(schema(), source);  // may throw, nothing written
            if (!merge.changed) return snapshot_.version;
            if (merge.merged.usesTimestampNtz() &&
                !protocolSupports(snapshot_.protocol.value_or(Protocol{}), "timestampNtz")) {
                Protocol p = snapshot_.protocol.value_or(Protocol{});
                Protocol ntz = protocolFor(true);
                // Upgrading to table features: carry legacy capabilities over as features.
                p.minReaderVersion = std::max(p.minReaderVersion, ntz.minReaderVersion);
                p.minWriterVersion = std::max(p.minWriterVersion, ntz.minWriterVersion);
                auto addFeature = [](std::optional<std::vector<std::string>>& list,
                                     const std::vector<std::string>& features) {
                    if (!list) list.emplace();
                    for (const auto& f : features) {
                        if (std::find(list->begin(), list->end(), f) == list->end()) {
                            list->push_back(f);
                        }
                    }
                };
                addFeature(p.readerFeatures, {"timestampNtz"});
                addFeature(p.writerFeatures, {"appendOnly", "invariants", "timestampNtz"});
                actions.emplace_back(std::move(p));
            }
            Metadata m = *snapshot_.metadata;
            m.schemaString = merge.merged.toSchemaString();
            actions.emplace_back(std::move(m));
            info.info = {{"operation", "ADD COLUMNS"}};
        }
        actions.emplace_back(std::move(info));
        const CommitResult r = commitActions(std::move(actions));
        if (r.status == CommitStatus::Committed) return r.version;
    }
    throw LogError("Delta table: schema change lost the commit race too often");
}

std::unique_ptr<DataFileWriter> TableWriter::newDataFile() {
    if (!snapshot_.exists()) throw LogError("Delta table does not exist; call ensureSchema()");
    checkWritable(snapshot_.protocol.value_or(Protocol{}),
                  snapshot_.metadata ? &*snapshot_.metadata : nullptr);
    const std::string root = tablePath_.empty() ? std::string() : tablePath_ + "/";
    return std::make_unique<DataFileWriter>(store_, root, schema(), options_.parquet);
}

CommitResult TableWriter::commit(std::span<const AddFile> adds, std::span<const Txn> txns) {
    refuseDamaged();
    if (!snapshot_.exists()) throw LogError("Delta table does not exist; call ensureSchema()");
    checkWritable(snapshot_.protocol.value_or(Protocol{}),
                  snapshot_.metadata ? &*snapshot_.metadata : nullptr);
    std::vector<Action> actions;
    std::int64_t rows = 0;
    std::int64_t bytes = 0;
    for (const auto& a : adds) {
        actions.emplace_back(a);
        bytes += a.size;
        if (a.stats) {
            const auto j = nlohmann::json::parse(*a.stats, nullptr, false);
            if (j.is_object()) rows += j.value("numRecords", std::int64_t{0});
        }
    }
    std::set<std::string, std::less<>> seen;
    const std::int64_t now = nowMs();
    for (const auto& t : txns) {
        if (!seen.insert(t.appId).second) {
            throw std::invalid_argument("two txn actions for appId " + t.appId + " in one commit");
        }
        Txn copy = t;
        if (!copy.lastUpdated) copy.lastUpdated = now;
        actions.emplace_back(std::move(copy));
    }
    CommitInfo info;
    info.info = {{"operation", options_.operation},
                 {"operationParameters", {{"outputMode", "Append"}}},
                 {"isBlindAppend", true},
                 {"operationMetrics",
                  {{"numFiles", std::to_string(adds.size())},
                   {"numOutputRows", std::to_string(rows)},
                   {"numOutputBytes", std::to_string(bytes)}}}};
    actions.emplace_back(std::move(info));
    return commitActions(std::move(actions));
}

CommitResult TableWriter::commitActions(std::vector<Action> actions) {
    const std::int64_t version = snapshot_.version + 1;
    for (auto& a : actions) {
        if (auto* ci = std::get_if<CommitInfo>(&a)) {
            ci->info["timestamp"] = nowMs();
            ci->info["engineInfo"] = std::string("riverdelta/") + kVersion;
            if (version > 0) ci->info["readVersion"] = version - 1;
        }
    }
    // commitInfo first, as Spark writes it (in-commit timestamps expect it there).
    std::stable_partition(actions.begin(), actions.end(),
                          [](const Action& a) { return std::holds_alternative<CommitInfo>(a); });
    CommitResult result;
    if (log_.commit(version, actions) == CommitStatus::Conflict) {
        refresh();
        result.status = CommitStatus::Conflict;
        result.version = snapshot_.version;
        return result;
    }
    for (const auto& a : actions)
        snapshot_.apply(a);
    snapshot_.version = version;
    result.version = version;
    if (options_.checkpointInterval > 0 && version > 0 &&
        version % options_.checkpointInterval == 0) {
        try {
            log_.writeCheckpoint(snapshot_);
        } catch (const std::exception& e) {
            result.checkpointError = e.what();
        }
    }
    return result;
}

}  // namespace riverdelta::lake::delta
