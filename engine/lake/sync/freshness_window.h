#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

namespace riverdelta::lake::sync {

// Produce → visible latencies of the records a sync job committed recently, and their
// percentiles. Only commits within `span` of now count, so a slow start (or a backlog read
// long after it was produced) fades out instead of dominating the figure for thousands of
// later records; the newest commit's samples always count, so a sparse stream keeps a value.
class FreshnessWindow {
  public:
    explicit FreshnessWindow(std::chrono::milliseconds span = std::chrono::seconds(60),
                             std::size_t capacity = 4096);

    // One committed record: produced at `producedMs`, visible in the table at `visibleMs`
    // (both epoch milliseconds).
    void add(std::int64_t producedMs, std::int64_t visibleMs);
    // p in [0, 100] over the samples still in the window at `nowMs`; nullopt without any.
    [[nodiscard]] std::optional<double> percentile(double p, std::int64_t nowMs) const;
    [[nodiscard]] std::size_t size() const { return samples_.size(); }

  private:
    struct Sample {
        std::int64_t visibleMs;
        double latencyMs;
    };
    std::chrono::milliseconds span_;
    std::size_t capacity_;
    std::deque<Sample> samples_;  // in commit order
};

}  // namespace riverdelta::lake::sync
