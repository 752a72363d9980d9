#include "engine/lake/sync/freshness_window.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace riverdelta::lake::sync {

FreshnessWindow::FreshnessWindow(std::chrono::milliseconds span, std::size_t capacity)
    : span_(span), capacity_(std::max<std::size_t>(1, capacity)) {}

void FreshnessWindow::add(std::int64_t producedMs, std::int64_t visibleMs) {
    samples_.push_back(
        {visibleMs, static_cast<double>(std::max<std::int64_t>(0, visibleMs - producedMs))});
    while (samples_.size() > capacity_)
        samples_.pop_front();
}

std::optional<double> FreshnessWindow::percentile(double p, std::int64_t nowMs) const {
    if (samples_.empty()) return std::nullopt;
    // Past the span only the newest commit (all samples sharing its visible time) still counts.
    const std::int64_t cutoff = std::min(nowMs - span_.count(), samples_.back().visibleMs);
    std::vector<double> values;
    for (auto it = samples_.rbegin(); it != samples_.rend() && it->visibleMs >= cutoff; ++it)
        values.push_back(it->latencyMs);
    std::sort(values.begin(), values.end());
    // Nearest rank, as metrics::PercentileWindow.
    const auto rank = static_cast<std::size_t>(
        std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(values.size())));
    return values[rank == 0 ? 0 : rank - 1];
}

}  // namespace riverdelta::lake::sync
