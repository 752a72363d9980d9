#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace riverdelta::generate {

// The run's clock: what `now` and Faker dates see. Tests and `sample --now` fix it.
class RunClock {
  public:
    virtual ~RunClock() = default;
    [[nodiscard]] virtual std::int64_t nowMs() const = 0;
};

class SystemClock final : public RunClock {
  public:
    [[nodiscard]] std::int64_t nowMs() const override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

// A clock that only moves when told to.
class FixedClock final : public RunClock {
  public:
    explicit FixedClock(std::int64_t ms) : ms_(ms) {}
    [[nodiscard]] std::int64_t nowMs() const override { return ms_.load(); }
    void set(std::int64_t ms) { ms_.store(ms); }
    void advance(std::int64_t ms) { ms_.fetch_add(ms); }

  private:
    std::atomic<std::int64_t> ms_;
};

}  // namespace riverdelta::generate
