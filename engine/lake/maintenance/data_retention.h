#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lake/delta/snapshot.h"
#include "engine/lake/storage/object_store.h"

namespace riverdelta::lake::maintenance {

struct DataRetentionPlan {
    std::int64_t cutoffMs = 0;
    std::vector<std::string> expired;  // add paths whose rows are all older than the cutoff
    std::int64_t rows = 0;
    std::int64_t bytes = 0;
};

// Files whose rows are all older than cutoffMs by `timestampColumn` (a timestamp column: the
// sync's _kafka_timestamp), judged by the add's maxValues: max < cutoff. Files without that
// bound (no stats, all null) are kept.
DataRetentionPlan planDataRetention(const delta::Snapshot& snapshot,
                                    std::string_view timestampColumn, std::int64_t cutoffMs);

// Milliseconds since the epoch of a stats timestamp ("2024-05-01T12:34:56.789Z", also without
// fraction or with an offset "+02:00"), or nullopt.
std::optional<std::int64_t> parseStatsTimestamp(std::string_view text);

struct DataRetentionResult {
    DataRetentionPlan plan;
    std::optional<std::int64_t> version;  // the DELETE commit
    std::int64_t filesRemoved = 0;
    std::int64_t rowsRemoved = 0;
};

// Removes (dataChange=true, one DELETE commit) the files whose rows are all older than
// nowMs - ttl. `ttl`: nullopt = the table's riverdelta.dataRetentionDuration; without either
// nothing happens. Files other writers removed meanwhile are skipped.
DataRetentionResult expireData(storage::ObjectStore& store, const std::string& tablePath,
                               std::int64_t nowMs, std::optional<std::chrono::milliseconds> ttl,
                               std::string_view timestampColumn, bool dryRun);

}  // namespace riverdelta::lake::maintenance
