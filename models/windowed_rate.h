#pragma once

#include <chrono>
#include <cstdint>
#include <deque>

namespace riverdelta::models {

// A rate over a window that fits the stream: the time its last kEnoughEvents events took, at
// least 1 s and at most 120 s. A busy stream follows its bursts within a second; a stream of one
// event every 12 s reads about 5/min instead of 0 between two events; a sparse stream after a
// burst is not read as the burst. Fed with cumulative counters (events, bytes) at any cadence;
// a counter that goes back starts it over; a window reaching back before the first reading is
// taken over the time since that reading. The rate falls to 0 once the stream has been silent
// for five of its own gaps between readings that moved (a burst counts as one; at least 2 s): a
// stopped stream shows no rate long before the window has passed it.
class WindowedRate {
  public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::seconds kShortest{1}, kLongest{120};
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
