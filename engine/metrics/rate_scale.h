#pragma once

#include <span>

namespace riverdelta::metrics {

// Whether rates plotted on one linear axis would flatten the steady part onto zero: a short
// burst (historical events, thousands a second) next to a trickle (a throttled stream). True
// when the peak is more than 30 times the median of the non-zero rates (at least 3 of them);
// charts then use a logarithmic value axis. Shared by the run report and the live console.
[[nodiscard]] bool needsLogScale(std::span<const double> rates);

}  // namespace riverdelta::metrics
