#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "engine/lake/delta/actions.h"
#include "engine/lake/delta/snapshot.h"
#include "engine/lake/storage/object_store.h"

namespace riverdelta::lake::delta {

// The log is inconsistent (a missing version, an unreadable commit).
class LogError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class CommitStatus : std::uint8_t {
    Committed,
    Conflict,  // another writer created this version first; nothing of ours was written
};

// The `_delta_log` of one table in an ObjectStore: replay into a Snapshot (from the newest
// checkpoint on), atomic commits via putIfAbsent, and checkpoints.
class DeltaLog {
  public:
    // `tablePath`: the table root inside the store ("" when the store is rooted at the table).
    DeltaLog(storage::ObjectStore& store, std::string tablePath);

    // Full replay: newest checkpoint (via _last_checkpoint and the listing), then the JSON
    // commits after it. A table without commits gives a Snapshot with version -1.
    [[nodiscard]] Snapshot load() const;
    // Applies the commits after snapshot.version (reloads fully if the log has moved past a gap).
    void update(Snapshot& snapshot) const;

    // Writes `actions` as version `version`; Conflict if that version already exists.
    CommitStatus commit(std::int64_t version, std::span<const Action> actions) const;

    // Writes <version>.checkpoint.parquet for `snapshot` and points _last_checkpoint at it. An
    // existing checkpoint of that version is left alone.
    void writeCheckpoint(const Snapshot& snapshot) const;

    [[nodiscard]] std::string commitPath(std::int64_t version) const;
    [[nodiscard]] std::string checkpointPath(std::int64_t version) const;
    [[nodiscard]] std::string tablePath(std::string_view relative) const;
    [[nodiscard]] storage::ObjectStore& store() const { return store_; }

  private:
    struct Listing {
        std::vector<std::int64_t> commits;      // sorted
        std::vector<std::int64_t> checkpoints;  // sorted, single-part only
    };
    [[nodiscard]] Listing list() const;
    void applyCommit(Snapshot& s, std::int64_t version) const;

    storage::ObjectStore& store_;
    std::string root_;  // "" or "path/" (with trailing slash)
};

}  // namespace riverdelta::lake::delta
