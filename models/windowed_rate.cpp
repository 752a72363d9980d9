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
    const auto horizon = now - kLongest;
    while (samples_.size() > 2 && samples_[1].at <= horizon)
        samples_.pop_front();
}

const WindowedRate::Sample& WindowedRate::at(Clock::time_point t) const {
    auto after = std::upper_bound(samples_.begin(), samples_.end(), t,
                                  [](Clock::time_point v, const Sample& s) { return v < s.at; });
    return after == samples_.begin() ? samples_.front() : *(after - 1);
}

WindowedRate::Rate WindowedRate::rate(Clock::time_point now) const {
    using Seconds = std::chrono::duration<double>;
    Rate out;
    if (samples_.size() < 2) return out;
    const Sample& last = samples_.back();
    // The latest reading with at least kEnoughEvents after it: the window is the time those
    // events took (a burst long past does not speak for a sparse stream after it), at least
    // 1 s and at most 120 s.
    std::size_t j = samples_.size() - 1;
    while (j > 0 && last.events - samples_[j].events < kEnoughEvents)
        --j;
    // Time nobody watched is no rate: a window reaching before the first reading is cut there
    // (at least half a second).
    const double watched = std::max(0.5, Seconds(now - samples_.front().at).count());
    double window = Seconds(now - samples_[j].at).count();
    const Sample* from = &samples_[j];
    if (window < Seconds(kShortest).count() || window > Seconds(kLongest).count()) {
        window = std::clamp(window, Seconds(kShortest).count(), Seconds(kLongest).count());
        from = &at(now - std::chrono::duration_cast<Clock::duration>(Seconds(window)));
    }
    window = std::min(window, watched);
    out.window = std::chrono::duration_cast<std::chrono::seconds>(Seconds(window));
    // Over the time its last events took, those events only: when later readings follow it,
    // the reading holding the oldest of them may close a burst whose bulk says nothing about
    // the stream now.
    std::uint64_t n = last.events - from->events;
    double bytes = static_cast<double>(last.bytes - from->bytes);
    if (from == &samples_[j] && j + 2 < samples_.size() && n > kEnoughEvents) {
        bytes *= static_cast<double>(kEnoughEvents) / static_cast<double>(n);
        n = kEnoughEvents;
    }
    if (n == 0) return out;
    // Silent for five of its own gaps (between its last readings that moved, so a burst
    // counts as one; at least 2 s): it stopped or paused, whatever the window still holds. The
    // first reading is no event (the time before a stream's first event is no gap of it), so a
    // stream with a single event so far is never cut short.
    const std::size_t lastIndex = samples_.size() - 1;
    const std::size_t first =
        std::max<std::size_t>(1, lastIndex > kEnoughEvents ? lastIndex - kEnoughEvents : 0);
    if (lastIndex > first) {
        const double gap =
            Seconds(last.at - samples_[first].at).count() / static_cast<double>(lastIndex - first);
        if (Seconds(now - last.at).count() > std::max(2.0, 5 * gap)) return out;
    }
    out.eventsPerSecond = static_cast<double>(n) / window;
    out.bytesPerSecond = bytes / window;
    return out;
}

}  // namespace riverdelta::models
