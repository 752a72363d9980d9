#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/lake/delta/actions.h"
#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/snapshot.h"

namespace riverdelta::lake::maintenance {

// A commit that removes live files (and may add their replacement): compaction, data expiry.
// It never changes what the sync job's exactly-once offsets say; rows it removes for good (data
// expiry) are added to the table's unwritten-offsets count (delta/table_invariant.h).
struct RewriteCommit {
    std::vector<delta::RemoveFile> removes;
    std::vector<delta::AddFile> adds;
    std::int64_t rowsRemoved = 0;
    nlohmann::json commitInfo = nlohmann::json::object();  // operation, parameters, metrics
};

struct RewriteCommitResult {
    std::optional<std::int64_t> version;  // committed as this version, or nullopt: see `gone`
    std::vector<std::string> gone;        // removed files another writer removed first
    std::optional<std::string> checkpointError;  // the commit stands even if its checkpoint failed
};

// Commits `commit` as the next version after `snapshot`. When another writer wins a version,
// re-reads the log and tries again as long as every file it removes is still live (concurrent
// appends only add files, so they never conflict); if any was removed by someone else it stops
// and returns those paths, nothing written. `snapshot` follows the log (including our commit),
// and a checkpoint is written when the version is a multiple of `checkpointInterval`.
RewriteCommitResult commitRewrite(const delta::DeltaLog& log, delta::Snapshot& snapshot,
                                  const RewriteCommit& commit, std::int64_t checkpointInterval);

std::int64_t nowMillis();

}  // namespace riverdelta::lake::maintenance
