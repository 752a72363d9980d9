#include "engine/lake/sync/partition_offsets.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace riverdelta::lake::sync {

void PartitionOffsets::reset(const std::vector<std::int32_t>& partitions) {
    std::int32_t count = 0;
    for (std::int32_t p : partitions) {
        if (p < 0) throw std::out_of_range("partition " + std::to_string(p));
        count = std::max(count, p + 1);
    }
    parts_.assign(static_cast<std::size_t>(count), Partition{});
    for (std::int32_t p : partitions)
        parts_[static_cast<std::size_t>(p)].readByJob = true;
}

std::size_t PartitionOffsets::indexOf(std::int32_t p) const {
    if (p < 0 || static_cast<std::size_t>(p) >= parts_.size() ||
        !parts_[static_cast<std::size_t>(p)].readByJob)
        throw std::out_of_range("partition " + std::to_string(p) + " is not one the job reads");
    return static_cast<std::size_t>(p);
}

void PartitionOffsets::setCommitted(std::int32_t p, std::int64_t offset) {
    Partition& part = at(p);
    part.committed = part.read = offset;
}

void PartitionOffsets::commitRead() {
    for (auto& part : parts_)
        part.committed = part.read;
}

bool PartitionOffsets::reachedTargets() const {
    return std::all_of(parts_.begin(), parts_.end(), [](const Partition& part) {
        return !part.readByJob || part.read + 1 >= part.target;
    });
}

bool PartitionOffsets::allAtEnd() const {
    return std::all_of(parts_.begin(), parts_.end(), [](const Partition& part) {
        return !part.readByJob || part.end == End::Yes;
    });
}

void PartitionOffsets::forgetEnds() {
    for (auto& part : parts_)
        part.end = End::Unknown;
}

std::vector<PartitionProgress> PartitionOffsets::progress() const {
    std::vector<PartitionProgress> out;
    out.reserve(parts_.size());
    for (std::size_t p = 0; p < parts_.size(); ++p) {
        const Partition& part = parts_[p];
        if (!part.readByJob) continue;
        out.push_back({static_cast<std::int32_t>(p), part.committed,
                       std::max(part.watermark, part.committed + 1)});
    }
    return out;
}

}  // namespace riverdelta::lake::sync
