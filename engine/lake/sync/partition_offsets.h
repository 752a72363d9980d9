#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/lake/sync/sync_job.h"

namespace riverdelta::lake::sync {

// Where each partition of a sync job's topic stands: the last offset in the table (its txn
// version), the last offset read (committed or buffered), the high watermark last known, the
// watermark a run to the end stops at, and whether the consumer is at the partition's end.
// A topic's partitions are 0..n-1, so all of it lives in a vector indexed by partition: cover()
// runs for every record (it replaced three std::map lookups per record).
class PartitionOffsets {
  public:
    // The job reads `partitions` (a topic's, or a group of them): nothing committed (-1), no
    // watermark, target or end known. The topic's others are not the job's: they count nowhere.
    void reset(const std::vector<std::int32_t>& partitions);

    // The table holds partition `p` up to `offset` (-1: nothing); nothing of it is buffered.
    void setCommitted(std::int32_t p, std::int64_t offset);
    [[nodiscard]] std::int64_t committed(std::int32_t p) const { return at(p).committed; }
    // The last offset read (buffered or committed), -1 before the first.
    [[nodiscard]] std::int64_t read(std::int32_t p) const { return at(p).read; }
    // Everything read so far is in the table now.
    void commitRead();

    // The record at `offset` of `p` was read into the batch. Returns how many offsets before it
    // have no record (compaction, transaction markers, retention before the first read): the
    // table's invariant counts them as unwritten. Keeps the known watermark past it (the
    // watermark is queried once a second; a record read since is past it).
    std::int64_t cover(std::int32_t p, std::int64_t offset) {
        Partition& part = at(p);
        const std::int64_t gap = offset > part.read + 1 ? offset - part.read - 1 : 0;
        part.read = offset;
        if (offset + 1 > part.watermark) part.watermark = offset + 1;
        return gap;
    }

    void setWatermark(std::int32_t p, std::int64_t high) { at(p).watermark = high; }
    // A run to the end stops once every partition's read offset reaches its target.
    void setTarget(std::int32_t p, std::int64_t high) { at(p).target = high; }
    [[nodiscard]] bool reachedTargets() const;

    // End-of-partition events: the consumer read all partition `p` had (true), or read a record
    // of it since (false).
    void setAtEnd(std::int32_t p, bool atEnd) { at(p).end = atEnd ? End::Yes : End::No; }
    [[nodiscard]] bool allAtEnd() const;
    void forgetEnds();

    // The status' view: committed offset and watermark per partition.
    [[nodiscard]] std::vector<PartitionProgress> progress() const;

  private:
    enum class End : std::uint8_t { Unknown, No, Yes };
    struct Partition {
        std::int64_t committed = -1;
        std::int64_t read = -1;
        std::int64_t watermark = 0;
        std::int64_t target = -1;  // -1: none
        End end = End::Unknown;
        bool readByJob = false;
    };
    // Its index; throws std::out_of_range for a partition the job does not read.
    [[nodiscard]] std::size_t indexOf(std::int32_t p) const;
    Partition& at(std::int32_t p) { return parts_[indexOf(p)]; }
    [[nodiscard]] const Partition& at(std::int32_t p) const { return parts_[indexOf(p)]; }

    std::vector<Partition> parts_;
};

}  // namespace riverdelta::lake::sync
