#include "engine/lake/sync/table_details.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/file_stats.h"
#include "engine/lake/maintenance/table_files.h"
#include "engine/lake/parquet/file_reader.h"

namespace riverdelta::lake::sync {

namespace {

constexpr const char* kTimestamp = "_kafka_timestamp";

std::int64_t numberOr(const nlohmann::json& row, const char* key, std::int64_t fallback) {
    const auto it = row.find(key);
    return it != row.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

// Newest first: by Kafka timestamp, then partition, then offset.
bool newer(const nlohmann::json& a, const nlohmann::json& b) {
    const auto ta = numberOr(a, kTimestamp, -1), tb = numberOr(b, kTimestamp, -1);
    if (ta != tb) return ta > tb;
    const auto pa = numberOr(a, "_kafka_partition", 0), pb = numberOr(b, "_kafka_partition", 0);
    if (pa != pb) return pa < pb;
    return numberOr(a, "_kafka_offset", 0) > numberOr(b, "_kafka_offset", 0);
}

// The file's newest Kafka timestamp as its stats hold it (ISO-8601, so it sorts as text).
std::string maxTimestamp(const delta::AddFile& file) {
    if (!file.stats) return {};
    const auto stats = nlohmann::json::parse(*file.stats, nullptr, false);
    if (!stats.is_object() || !stats.contains("maxValues")) return {};
    const auto& max = stats["maxValues"];
    return max.is_object() && max.contains(kTimestamp) && max[kTimestamp].is_string()
               ? max[kTimestamp].get<std::string>()
               : std::string();
}

std::vector<CommitSummary> readHistory(const delta::DeltaLog& log, std::int64_t newest,
                                       std::size_t limit, bool& olderRemoved) {
    std::vector<CommitSummary> history;
    for (std::int64_t v = newest; v >= 0 && history.size() < limit; --v) {
        const auto text = log.store().read(log.commitPath(v));
        if (!text) {
            olderRemoved = true;
            break;
        }
        CommitSummary c;
        c.version = v;
        for (const auto& action : delta::parseCommit(*text)) {
            if (const auto* info = std::get_if<delta::CommitInfo>(&action)) {
                c.operation = info->info.value("operation", std::string());
                if (info->info.contains("timestamp") && info->info["timestamp"].is_number_integer())
                    c.timestampMs = info->info["timestamp"].get<std::int64_t>();
            } else if (const auto* add = std::get_if<delta::AddFile>(&action)) {
                ++c.filesAdded;
                if (add->dataChange && add->stats) {
                    const auto stats = nlohmann::json::parse(*add->stats, nullptr, false);
                    if (stats.is_object())
                        c.rowsAdded += stats.value("numRecords", std::int64_t{0});
                }
            } else if (std::holds_alternative<delta::RemoveFile>(action)) {
                ++c.filesRemoved;
            }
        }
        history.push_back(std::move(c));
    }
    return history;
}

// The newest rows of row group `g`, at least `count` of them unless it holds fewer. The sync
// appends rows in the order it read them from Kafka, so they are at the group's end, except when
// partitions were read at different paces (catching up a backlog): then the tail widens until it
// holds the group's newest timestamp (its column chunk's max statistic). Decoding only a tail
// keeps a preview of a million-row group from building a million JSON rows.
std::vector<nlohmann::json> newestOfGroup(const parquet::FileReader& reader, std::size_t g,
                                          std::size_t count) {
    std::optional<std::int64_t> newest;
    const auto& columns = reader.schema().columns();
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const auto& max = reader.rowGroup(g).columns[c].maxValue;
        if (columns[c].path == std::vector<std::string>{kTimestamp} && max &&
            max->size() == sizeof(std::int64_t)) {
            std::int64_t v = 0;
            std::memcpy(&v, max->data(), sizeof v);
            newest = v;
        }
    }
    const auto rows =
        static_cast<std::size_t>(std::max<std::int64_t>(reader.rowGroup(g).numRows, 0));
    for (std::size_t tail = std::max<std::size_t>(count, 256);; tail *= 8) {
        auto group = reader.readRowGroupTail(g, tail);
        if (!newest || tail >= rows ||
            std::any_of(group.begin(), group.end(),
                        [&](const auto& row) { return numberOr(row, kTimestamp, -1) >= *newest; }))
            return group;
    }
}

std::vector<nlohmann::json> readPreview(const delta::DeltaLog& log, const delta::Snapshot& snapshot,
                                        std::size_t count) {
    struct Candidate {
        const delta::AddFile* file;
        std::string maxTimestamp;
    };
    std::vector<Candidate> candidates;
    for (const auto& [path, add] : snapshot.files)
        candidates.push_back({&add, maxTimestamp(add)});
    std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
        if (a.maxTimestamp != b.maxTimestamp) return a.maxTimestamp > b.maxTimestamp;
        return a.file->modificationTime > b.file->modificationTime;
    });
    std::vector<nlohmann::json> rows;
    for (const auto& candidate : candidates) {
        if (rows.size() >= count) {
            // Every row of this file (and the ones after it) is older than the newest `count`.
            std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(count),
                              rows.end(), newer);
            rows.resize(count);
            const auto oldest = numberOr(rows.back(), kTimestamp, -1);
            if (oldest < 0 || candidate.maxTimestamp.empty() ||
                candidate.maxTimestamp < delta::formatTimestampMillis(oldest, false))
                break;
        }
        const std::string path = log.tablePath(maintenance::decodeActionPath(candidate.file->path));
        const auto bytes = log.store().read(path);
        if (!bytes) throw std::runtime_error("data file " + path + " is missing");
        const parquet::FileReader reader(*bytes);
        // The newest row groups first, until this file gave enough rows.
        std::size_t fromFile = 0;
        for (std::size_t g = reader.numRowGroups(); g-- > 0 && fromFile < count;) {
            auto group = newestOfGroup(reader, g, count - fromFile);
            fromFile += group.size();
            rows.insert(rows.end(), std::make_move_iterator(group.begin()),
                        std::make_move_iterator(group.end()));
        }
    }
    std::sort(rows.begin(), rows.end(), newer);
    if (rows.size() > count) rows.resize(count);
    return rows;
}

}  // namespace

TableDetails readTableDetails(storage::ObjectStore& store, const std::string& tablePath,
                              const TableDetailsOptions& options) {
    const delta::DeltaLog log(store, tablePath);
    const delta::Snapshot snapshot = log.load();
    TableDetails details;
    details.version = snapshot.version;
    if (!snapshot.exists()) return details;
    details.files = static_cast<std::int64_t>(snapshot.files.size());
    details.bytes = snapshot.totalBytes();
    details.rows = snapshot.numRecords();
    if (snapshot.metadata)
        details.schema = delta::TableSchema::fromSchemaString(snapshot.metadata->schemaString);
    details.history =
        readHistory(log, snapshot.version, options.historyLimit, details.olderCommitsRemoved);
    details.preview = readPreview(log, snapshot, options.previewRows);
    return details;
}

}  // namespace riverdelta::lake::sync
