#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace riverdelta::metrics {

// The most recent `capacity` samples of a quantity (latency, freshness, rate) and their
// percentiles. Fixed memory; adding is O(1), a percentile query sorts a copy.
class PercentileWindow {
  public:
    explicit PercentileWindow(std::size_t capacity = 4096);

    void add(double value);
    [[nodiscard]] std::optional<double> percentile(double p) const;  // p in [0, 100]
    [[nodiscard]] std::size_t size() const { return filled_; }
    [[nodiscard]] std::uint64_t total() const { return total_; }
    void clear();

  private:
    std::vector<double> samples_;
    std::size_t next_ = 0;
    std::size_t filled_ = 0;
    std::uint64_t total_ = 0;
};

}  // namespace riverdelta::metrics
