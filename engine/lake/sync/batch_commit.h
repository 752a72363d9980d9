#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/lake/delta/table_writer.h"
#include "engine/lake/sync/buffered_batch.h"

namespace riverdelta::lake::sync {

// Another writer committed offsets this batch covers: committing it too would write them twice.
struct LostRace {
    std::int32_t partition = 0;
    std::int64_t theirs = 0;  // their txn version (last offset) of that partition
};

// Commits a sync batch to its table, exactly once: the batch's data file (finished here: every
// row must be in it, EncodePipeline::drain()) and, in the same commit, one txn per partition
// (appId "<prefix>-<topic>-<partition>", version = last offset) and the table's unwritten-offsets
// count ("<prefix>-<topic>" base, delta::unwrittenAppId) plus the batch's. A commit that loses
// the race for its version to another writer is retried on the refreshed table, unless that
// writer committed any of the batch's offsets: then nothing is committed and the race is
// returned (the data file stays; the caller removes it). Throws when the commit keeps
// conflicting or cannot be written.
std::optional<LostRace> commitToTable(delta::TableWriter& table, BufferedBatch& batch,
                                      std::string_view appIdPrefix, std::string_view topic);

}  // namespace riverdelta::lake::sync
