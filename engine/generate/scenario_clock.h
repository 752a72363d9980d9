#pragma once

#include <cstdint>
#include <optional>

#include "engine/generate/clock.h"

namespace riverdelta::generate {

// The clock a scenario's events see (`now`, Faker dates, `time`-based functions): the run's
// clock, started at `globalConfigs.time` when given and advancing `timeMultiplier` times as
// fast. Reads the base clock once at construction; after that only on nowMs().
class ScenarioClock final : public RunClock {
  public:
    ScenarioClock(const RunClock& base, std::optional<std::int64_t> startMs, double multiplier);
    [[nodiscard]] std::int64_t nowMs() const override;
    [[nodiscard]] double multiplier() const { return multiplier_; }

  private:
    const RunClock& base_;
    std::int64_t baseStart_;
    std::int64_t start_;
    double multiplier_;
};

}  // namespace riverdelta::generate
