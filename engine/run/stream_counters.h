#pragma once

#include <atomic>
#include <cstdint>

namespace riverdelta::run {

// Per-stream counters written by the generating thread and by delivery reports, on separate
// cache lines (the two threads touch them for every event).
struct StreamCounters {
    alignas(64) std::atomic<std::uint64_t> generated{0};
    std::atomic<std::uint64_t> throttledUs{0};  // waiting for this generator's next due event
    alignas(64) std::atomic<std::uint64_t> acknowledged{0}, failed{0}, bytes{0};
    // Updates and deletes whose `where` matched no row (not an error, shown beside the counts).
    std::atomic<std::uint64_t> unmatched{0};
};

}  // namespace riverdelta::run
