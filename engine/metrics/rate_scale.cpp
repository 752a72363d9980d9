#include "engine/metrics/rate_scale.h"

#include <algorithm>
#include <vector>

namespace riverdelta::metrics {

bool needsLogScale(std::span<const double> rates) {
    std::vector<double> positive;
    positive.reserve(rates.size());
    for (double r : rates)
        if (r > 0) positive.push_back(r);
    if (positive.size() < 3) return false;
    const double peak = *std::max_element(positive.begin(), positive.end());
    const auto median = positive.begin() + static_cast<std::ptrdiff_t>(positive.size() / 2);
    std::nth_element(positive.begin(), median, positive.end());
    return peak > 30 * *median;
}

}  // namespace riverdelta::metrics
