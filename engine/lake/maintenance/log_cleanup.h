#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/lake/storage/object_store.h"

namespace riverdelta::lake::maintenance {

struct LogCleanupPlan {
    std::int64_t cutoffMs = 0;
    // The checkpoint the table is read from afterwards; everything of older versions goes.
    std::optional<std::int64_t> checkpoint;
    std::vector<std::string> remove;  // names inside _delta_log/
};

// Which log files are expired (Delta PROTOCOL.md "Metadata Cleanup"): commits whose file is older
// than nowMs - retention, as far as a checkpoint lets the table be read without them. With E the
// newest version such that it and every older commit are past the cutoff, the anchor is the
// newest single-file checkpoint at or below E + 1; commit, checkpoint and checksum files of
// versions below the anchor that are themselves past the cutoff are removed. Every version from
// the anchor on stays readable (time travel), and _last_checkpoint is never touched.
// `logObjects`: the listing of _delta_log/ with paths relative to it ("000…12.json").
LogCleanupPlan planLogCleanup(std::span<const storage::ObjectInfo> logObjects, std::int64_t nowMs,
                              std::chrono::milliseconds retention);

struct LogCleanupResult {
    LogCleanupPlan plan;
    std::int64_t filesDeleted = 0;
};

// `retention`: nullopt = the table's delta.logRetentionDuration (30 days by default). Does
// nothing when delta.enableExpiredLogCleanup is false.
LogCleanupResult cleanUpLog(storage::ObjectStore& store, const std::string& tablePath,
                            std::int64_t nowMs, std::optional<std::chrono::milliseconds> retention,
                            bool dryRun);

}  // namespace riverdelta::lake::maintenance
