#include "engine/lake/maintenance/compaction_plan.h"

#include <algorithm>
#include <tuple>

namespace riverdelta::lake::maintenance {

std::vector<CompactionBin> planCompaction(const std::map<std::string, delta::AddFile>& files,
                                          const CompactionOptions& options) {
    // Partition values → candidates of that partition.
    std::map<std::map<std::string, std::optional<std::string>>, std::vector<const delta::AddFile*>>
        groups;
    for (const auto& [path, add] : files)
        if (add.size < options.targetFileSize) groups[add.partitionValues].push_back(&add);
    std::vector<CompactionBin> bins;
    for (auto& [partition, candidates] : groups) {
        std::sort(candidates.begin(), candidates.end(),
                  [](const delta::AddFile* a, const delta::AddFile* b) {
                      return std::tie(a->modificationTime, a->path) <
                             std::tie(b->modificationTime, b->path);
                  });
        CompactionBin bin;
        auto close = [&] {
            if (bin.paths.size() >= std::max<std::size_t>(options.minFilesPerBin, 2))
                bins.push_back(std::move(bin));
            bin = CompactionBin{};
        };
        for (const auto* f : candidates) {
            if (!bin.paths.empty() && bin.bytes + f->size > options.targetFileSize) close();
            bin.paths.push_back(f->path);
            bin.bytes += f->size;
        }
        close();
    }
    return bins;
}

std::size_t countSmallFiles(const std::map<std::string, delta::AddFile>& files,
                            const CompactionOptions& options) {
    return static_cast<std::size_t>(std::count_if(files.begin(), files.end(), [&](const auto& f) {
        return f.second.size < options.targetFileSize;
    }));
}

}  // namespace riverdelta::lake::maintenance
