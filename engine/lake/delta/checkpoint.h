#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lake/delta/actions.h"
#include "engine/lake/delta/snapshot.h"
#include "engine/lake/parquet/schema.h"

namespace riverdelta::lake::delta {

// Classic single-file Parquet checkpoints (PROTOCOL.md "Checkpoints"): one row per action, one
// nullable struct column per action type: txn, add, remove, metaData, protocol.
class Checkpoint {
  public:
    // The nested Parquet schema of a checkpoint file.
    static parquet::Schema schema();
    // The checkpoint of `snapshot` as Parquet bytes (snappy). `actions` receives the row count.
    // Tombstones deleted before `tombstoneCutoffMs` are left out (PROTOCOL.md: they may expire
    // after delta.deletedFileRetentionDuration); those without a timestamp are kept.
    static std::string write(const Snapshot& snapshot, std::int64_t& actions,
                             std::optional<std::int64_t> tombstoneCutoffMs = std::nullopt);
    // The actions in a checkpoint file (ours or another writer's, single-part, classic).
    static std::vector<Action> read(std::string_view parquetBytes);
};

}  // namespace riverdelta::lake::delta
