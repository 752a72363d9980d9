#pragma once

#include <cstddef>
#include <vector>

namespace riverdelta::report {

struct SeriesPoint {
    double t = 0;  // seconds since the run started (end of the interval the value covers)
    double v = 0;
};

// A bounded time series of rates: once it holds `capacity` points, neighbouring points are
// merged pairwise (their mean, at the later time), so memory stays bounded over any run length
// and the series still spans the whole run at a coarser step.
class TimeSeries {
  public:
    explicit TimeSeries(std::size_t capacity = 1800);

    void add(double t, double v);
    [[nodiscard]] const std::vector<SeriesPoint>& points() const { return points_; }
    [[nodiscard]] bool empty() const { return points_.empty(); }
    // Merges so far: each point now covers 2^merges samples.
    [[nodiscard]] int merges() const { return merges_; }

  private:
    std::vector<SeriesPoint> points_;
    std::size_t capacity_;
    int merges_ = 0;
    // A sample waiting for its partner once the series has been merged at least once.
    std::vector<SeriesPoint> pending_;
};

// Mean and 95th percentile (nearest rank) of a set of samples; 0 for none.
double mean(const std::vector<double>& values);
double percentile(std::vector<double> values, double p);

}  // namespace riverdelta::report
