#include "engine/run/pacer.h"

#include <algorithm>

#include "engine/core/background_worker.h"

namespace riverdelta::run {

Pacer::Pacer(double startSpeed, const std::atomic<double>& speed, core::WorkerThread& worker,
             Hooks hooks)
    : startSpeed_(startSpeed), speed_(speed), worker_(worker), hooks_(std::move(hooks)) {}

void Pacer::anchor(double dueMs, Clock::time_point now) {
    anchorReal_ = now;
    anchorDueMs_ = dueMs;
}

Pacer::Clock::time_point Pacer::due(double dueMs) const {
    const double ms = (dueMs - anchorDueMs_) * pace_;
    return anchorReal_ + std::chrono::microseconds(static_cast<std::int64_t>(ms * 1000));
}

void Pacer::follow(double speed) {
    const double pace = startSpeed_ / speed;
    if (pace == pace_) return;
    const auto now = Clock::now();
    const double elapsedMs = std::chrono::duration<double, std::milli>(now - anchorReal_).count();
    anchorDueMs_ += elapsedMs / pace_;
    anchorReal_ = now;
    pace_ = pace;
}

Pacer::Clock::time_point Pacer::wait(double dueMs, std::size_t generator,
                                     std::optional<Clock::time_point> deadline,
                                     std::atomic<std::uint64_t>& throttledUs) {
    const auto start = Clock::now();
    auto waited = [&](Clock::time_point now) {
        if (now != start)
            throttledUs.fetch_add(
                static_cast<std::uint64_t>(
                    std::chrono::duration_cast<std::chrono::microseconds>(now - start).count()),
                std::memory_order_relaxed);
        return now;
    };
    for (auto now = start;; now = Clock::now()) {
        follow(speed_.load(std::memory_order_relaxed));
        const auto dueAt = due(dueMs);
        if (now >= dueAt) return waited(now);
        worker_.checkStop();
        if (deadline && now >= *deadline) throw core::StopRequested{};
        if (hooks_.releaseNow && hooks_.releaseNow(generator)) return waited(now);
        if (hooks_.meanwhile) hooks_.meanwhile();
        const auto step =
            std::min<Clock::duration>(dueAt - Clock::now(), std::chrono::milliseconds(20));
        if (step > Clock::duration::zero()) worker_.sleepFor(step);
    }
}

}  // namespace riverdelta::run
