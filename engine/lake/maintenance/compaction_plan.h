#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/lake/delta/actions.h"

namespace riverdelta::lake::maintenance {

struct CompactionOptions {
    std::int64_t targetFileSize = 128LL << 20;  // files at least this big are left alone
    std::size_t minFilesPerBin = 2;             // joining fewer gains nothing
    // Row groups are copied, not merged: an output file holds at most this many, so a footer
    // stays small even when the inputs came from tiny commits.
    std::size_t maxRowGroupsPerFile = 4096;
    // Inputs are copied in ranged reads of at most this many bytes (never read whole).
    std::size_t readPieceBytes = 4u << 20;
};

// Files that become one new file.
struct CompactionBin {
    std::vector<std::string> paths;  // as in the add actions, oldest first
    std::int64_t bytes = 0;
};

// Bin-packs the table's small files (size < targetFileSize) into bins of at most
// targetFileSize bytes, oldest first (modificationTime, then path) so rows of one period stay
// together, which keeps data expiry by file possible after compaction. Files only share a bin
// when their partition values are equal. Bins with fewer than minFilesPerBin files are dropped.
std::vector<CompactionBin> planCompaction(const std::map<std::string, delta::AddFile>& files,
                                          const CompactionOptions& options);

// How many active files are smaller than the target (the compaction candidates).
std::size_t countSmallFiles(const std::map<std::string, delta::AddFile>& files,
                            const CompactionOptions& options);

}  // namespace riverdelta::lake::maintenance
