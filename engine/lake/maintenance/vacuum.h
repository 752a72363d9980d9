#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/lake/delta/snapshot.h"
#include "engine/lake/storage/object_store.h"

namespace riverdelta::lake::maintenance {

enum class UnreferencedKind : std::uint8_t {
    Removed,  // a remove action names it (compacted away, expired)
    Orphan,   // no commit ever named it (a writer died between writing it and committing)
};

struct VacuumCandidate {
    std::string path;  // relative to the table root
    std::uint64_t size = 0;
    UnreferencedKind kind = UnreferencedKind::Removed;
};

struct VacuumPlan {
    std::int64_t cutoffMs = 0;            // files older than this may go
    std::vector<VacuumCandidate> remove;  // unreferenced and older than the cutoff
    std::int64_t bytes = 0;               // their total size
    std::int64_t keptRecent = 0;          // unreferenced but within retention
    std::int64_t orphans = 0;             // never-committed files, of any age
    std::int64_t orphanBytes = 0;
};

// What VACUUM may delete: data objects (listDataObjects) that the current version does not
// reference and that are older than the retention (their last modification before
// nowMs - retention). A file a remove action names is kept while that remove is within
// retention, so every version whose commit is within retention still reads (the remove of a file
// is never older than the versions that still had it). Never-committed files (a `kill -9` between
// writing and committing) are deleted by the same age rule: a writer that is still going
// commits long before the retention runs out.
VacuumPlan planVacuum(const delta::Snapshot& snapshot,
                      std::span<const storage::ObjectInfo> dataObjects, std::int64_t nowMs,
                      std::chrono::milliseconds retention);

struct VacuumResult {
    VacuumPlan plan;
    std::int64_t filesDeleted = 0;  // 0 on a dry run
    std::int64_t bytesFreed = 0;
};

// Plans and (unless dryRun) deletes. `retention`: nullopt = the table's
// delta.deletedFileRetentionDuration (7 days by default).
VacuumResult vacuumTable(storage::ObjectStore& store, const std::string& tablePath,
                         std::int64_t nowMs, std::optional<std::chrono::milliseconds> retention,
                         bool dryRun);

}  // namespace riverdelta::lake::maintenance
