#include "engine/generate/scenario_clock.h"

#include <cmath>

namespace riverdelta::generate {

ScenarioClock::ScenarioClock(const RunClock& base, std::optional<std::int64_t> startMs,
                             double multiplier)
    : base_(base),
      baseStart_(base.nowMs()),
      start_(startMs.value_or(baseStart_)),
      multiplier_(multiplier > 0 && std::isfinite(multiplier) ? multiplier : 1.0) {}

std::int64_t ScenarioClock::nowMs() const {
    const std::int64_t elapsed = base_.nowMs() - baseStart_;
    if (multiplier_ == 1.0) return start_ + elapsed;
    return start_ +
           static_cast<std::int64_t>(std::llround(static_cast<double>(elapsed) * multiplier_));
}

}  // namespace riverdelta::generate
