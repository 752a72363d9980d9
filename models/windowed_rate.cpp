#include "models/windowed_rate.h"

#include <algorithm>

namespace riverdelta::models {

void WindowedRate::add(Clock::time_point now, std::uint64_t events, std::uint64_t bytes) {
    if (!samples_.empty()) {
        const Sample& last = samples_.back();
        // A counter that went back means a new run: start over from this reading.
        if (events < last.events || bytes < last.bytes) samples_.clear();
        // Unchanged counters add nothing: the last change still says where they stand.
        else if (events == last.events && bytes == last.bytes)
            return;
    }
    samples_.push_back({now, events, bytes});
    // Keep one reading at or before the longest window's start, nothing older.
    const auto horizon = now - kWindows.back();
    while (samples_.size() > 2 && samples_[1].at <= horizon)
        samples_.pop_front();
}

const WindowedRate::Sample& WindowedRate::at(Clock::time_point t) const {
    auto after = std::upper_bound(samples_.begin(), samples_.end(), t,
                                  [](Clock::time_point v, const Sample& s) { return v < s.at; });
    return after == samples_.begin() ? samples_.front() : *(after - 1);
}

WindowedRate::Rate WindowedRate::rate(Clock::time_point now) const {
    Rate out;
    if (samples_.size() < 2) return out;
    const Sample& last = samples_.back();
    // How long the readings reach back: a window longer than that is taken over what there is
    // (at least half a second), so neither a new busy stream nor a new sparse one is diluted
    // by time nobody watched.
    const double watched =
        std::max(0.5, std::chrono::duration<double>(now - samples_.front().at).count());
    for (const auto window : kWindows) {
        const Sample& from = at(now - window);
        const std::uint64_t n = last.events - from.events;
        if (n < kEnoughEvents && window != kWindows.back()) continue;
        const double seconds = std::min(std::chrono::duration<double>(window).count(), watched);
        out.window = window;
        if (n == 0) return out;
        // Silent for five of its own average gaps: it stopped (or paused), whatever the window
        // still holds.
        const double gap = seconds / static_cast<double>(n);
        const double silent = std::chrono::duration<double>(now - last.at).count();
        if (silent > std::max(2.0, 5 * gap)) return out;
        out.eventsPerSecond = static_cast<double>(n) / seconds;
        out.bytesPerSecond = static_cast<double>(last.bytes - from.bytes) / seconds;
        return out;
    }
    return out;
}

}  // namespace riverdelta::models
