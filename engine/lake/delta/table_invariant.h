#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lake/delta/commit_integrity.h"
#include "engine/lake/delta/snapshot.h"

namespace riverdelta::lake::delta {

// Suffix of the txn appId whose version counts the source offsets of a synced table that have
// no row in it: undecodable records skipped or dead-lettered, tombstones, offsets with no record
// (compacted topics, transaction markers, retention before the first read), rows removed by
// data retention and losses a user accepted. "<prefix>-<topic>-unwritten" beside the
// per-partition offsets "<prefix>-<topic>-<partition>"; a txn version is the one thing of a
// commit that checkpoints keep, so the count survives them.
inline constexpr std::string_view kUnwrittenSuffix = "-unwritten";
std::string unwrittenAppId(std::string_view offsetsAppIdBase);  // base "<prefix>-<topic>"

// A write was refused: the table has damaged commits or breaks its invariant, and nobody chose
// to repair or accept it.
class DamagedTableError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The invariant of a table Riverdelta syncs: rows + unwritten offsets = Σ (committed offset + 1)
// over its partitions (the run report's delta-rows check, made to hold across restarts).
struct TableInvariant {
    bool counted = false;        // the table has an unwritten-offsets txn (written since v0.1)
    std::int64_t rows = 0;       // live rows (add stats)
    std::int64_t unwritten = 0;  // see kUnwrittenSuffix
    std::int64_t covered = 0;    // Σ (committed offset + 1)
    std::vector<CommitDamage> damage;  // damaged commit files no accept/repair resolved

    [[nodiscard]] bool balanced() const { return !counted || rows + unwritten == covered; }
    [[nodiscard]] bool damaged() const { return !damage.empty() || !balanced(); }
    // "damaged: version 1 (empty commit file (0 bytes)); 1,000 rows + 0 unwritten offsets
    // but the committed offsets cover 2,000" — empty when not damaged.
    [[nodiscard]] std::string describe() const;
    // The damaged versions, for a commit that resolves them.
    [[nodiscard]] std::vector<std::int64_t> versions() const;
};

TableInvariant checkTableInvariant(const Snapshot& snapshot);

// The unwritten count a commit of `offsetsAppIdBase` carries: the table's, or for a table
// without one yet (written before it was recorded) covered − rows, taking it as it is.
std::int64_t unwrittenBaseline(const Snapshot& snapshot, std::string_view offsetsAppIdBase);

}  // namespace riverdelta::lake::delta
