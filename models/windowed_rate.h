#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>

namespace riverdelta::models {

// A rate over a window that fits the stream: the shortest of 1 s, 5 s, 15 s, 60 s and 120 s
// holding at least kEnoughEvents events (120 s when none does), so a busy stream follows its
// bursts within a second and a stream of one event every 12 s reads 5/min instead of 0 between
// two events. Fed with cumulative counters (events, bytes) at any cadence; a counter that goes
// back starts it over; a window reaching back before the first reading is taken over the time
// since that reading. The rate falls to 0 once the stream has been silent for five of its own
// gaps (at least 2 s): a stopped stream shows no rate long before the window has passed it.
class WindowedRate {
  public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::array<std::chrono::seconds, 5> kWindows = {
        std::chrono::seconds(1), std::chrono::seconds(5), std::chrono::seconds(15),
        std::chrono::seconds(60), std::chrono::seconds(120)};
    static constexpr std::uint64_t kEnoughEvents = 5;

    struct Rate {
        double eventsPerSecond = 0;
        double bytesPerSecond = 0;
        std::chrono::seconds window{0};  // the window it was taken over
    };

    // One reading of the cumulative counters at `now` (times never go back).
    void add(Clock::time_point now, std::uint64_t events, std::uint64_t bytes = 0);
    [[nodiscard]] Rate rate(Clock::time_point now) const;
    void reset() { samples_.clear(); }
    [[nodiscard]] bool empty() const { return samples_.empty(); }
    // The counters at the last reading.
    [[nodiscard]] std::uint64_t events() const {
        return samples_.empty() ? 0 : samples_.back().events;
    }
    [[nodiscard]] std::uint64_t bytes() const {
        return samples_.empty() ? 0 : samples_.back().bytes;
    }

  private:
    struct Sample {
        Clock::time_point at;
        std::uint64_t events = 0, bytes = 0;
    };
    // The counters as they stood at `t`: the last reading at or before it, else the first one
    // (what came before the first reading is no rate).
    [[nodiscard]] const Sample& at(Clock::time_point t) const;

    // Readings where a counter changed (plus the first), covering the longest window.
    std::deque<Sample> samples_;
};

}  // namespace riverdelta::models
