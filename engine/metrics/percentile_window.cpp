#include "engine/metrics/percentile_window.h"

#include <algorithm>
#include <cmath>

namespace riverdelta::metrics {

PercentileWindow::PercentileWindow(std::size_t capacity)
    : samples_(std::max<std::size_t>(capacity, 1)) {}

void PercentileWindow::add(double value) {
    samples_[next_] = value;
    next_ = (next_ + 1) % samples_.size();
    filled_ = std::min(filled_ + 1, samples_.size());
    ++total_;
}

std::optional<double> PercentileWindow::percentile(double p) const {
    if (filled_ == 0) return std::nullopt;
    std::vector<double> sorted(samples_.begin(),
                               samples_.begin() + static_cast<std::ptrdiff_t>(filled_));
    // Nearest-rank percentile.
    const auto rank = static_cast<std::size_t>(
        std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(filled_)));
    const std::size_t k = rank == 0 ? 0 : rank - 1;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k), sorted.end());
    return sorted[k];
}

void PercentileWindow::clear() {
    next_ = filled_ = 0;
    total_ = 0;
}

}  // namespace riverdelta::metrics
