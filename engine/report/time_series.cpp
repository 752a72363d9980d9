#include "engine/report/time_series.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace riverdelta::report {

TimeSeries::TimeSeries(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 4)) {}

void TimeSeries::add(double t, double v) {
    // After k merges a stored point is the mean of 2^k samples: new samples are averaged in
    // groups of the same size before they are stored, so every point covers the same span.
    pending_.push_back({t, v});
    if (pending_.size() < (std::size_t{1} << merges_)) return;
    double sum = 0;
    for (const auto& p : pending_)
        sum += p.v;
    points_.push_back({pending_.back().t, sum / static_cast<double>(pending_.size())});
    pending_.clear();
    if (points_.size() < capacity_) return;
    std::vector<SeriesPoint> merged;
    merged.reserve(points_.size() / 2 + 1);
    for (std::size_t i = 0; i + 1 < points_.size(); i += 2)
        merged.push_back({points_[i + 1].t, (points_[i].v + points_[i + 1].v) / 2});
    if (points_.size() % 2) pending_.assign(std::size_t{1} << merges_, points_.back());
    points_ = std::move(merged);
    ++merges_;
}

double mean(const std::vector<double>& values) {
    if (values.empty()) return 0;
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto rank =
        static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

}  // namespace riverdelta::report
