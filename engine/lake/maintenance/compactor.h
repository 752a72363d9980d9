#pragma once

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>

#include "engine/lake/maintenance/compaction_plan.h"
#include "engine/lake/storage/object_store.h"

namespace riverdelta::lake::maintenance {

struct CompactionResult {
    std::int64_t filesBefore = 0;  // active data files before and after
    std::int64_t filesAfter = 0;
    std::int64_t filesRemoved = 0;  // compacted away (or, dry run: would be)
    std::int64_t filesAdded = 0;
    std::int64_t bytesRead = 0;
    std::int64_t bytesWritten = 0;
    std::int64_t rows = 0;
    // The most bytes of input files held in memory at once: read buffers (a piece of at most
    // CompactionOptions::readPieceBytes, or a footer) plus the footers kept for later.
    std::int64_t peakInputBytesHeld = 0;
    std::optional<std::int64_t> version;  // the OPTIMIZE commit
    std::string abandoned;  // why nothing was committed (another writer removed an input, stop)
    std::optional<std::string> checkpointError;
};

// Compacts a Delta table's small files: plans bins (planCompaction), joins each bin's Parquet
// files by copying their column chunks (parquet::FileConcatenator; files with another schema —
// written before a column was added — go to another output), and commits every output in one
// OPTIMIZE commit of `remove` + `add` actions with dataChange=false, stats merged from the
// inputs' stats. Appends committed meanwhile are kept (see commitRewrite); if another writer
// removed an input first, the outputs are deleted and nothing changes. Inputs are read in
// ranges (footer, then chunks in pieces), never whole: a run holds one piece, the footers and
// what the output's NewFile buffers (S3: one part) whatever the size of the files.
class Compactor {
  public:
    Compactor(storage::ObjectStore& store, std::string tablePath, CompactionOptions options = {});

    // dryRun: plans and reports what would be compacted, writes nothing. `stop` abandons the
    // run between files (outputs deleted, nothing committed).
    CompactionResult run(bool dryRun = false, const std::stop_token& stop = {});

  private:
    storage::ObjectStore& store_;
    std::string tablePath_;
    CompactionOptions options_;
};

}  // namespace riverdelta::lake::maintenance
