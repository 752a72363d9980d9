#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

namespace riverdelta::core {
class WorkerThread;
}

namespace riverdelta::run {

// When a run's events are due in real time, and the wait for them. The session gives each
// event a logical time (milliseconds, throttles already divided by the starting speed); the
// pacer maps it to the steady clock from an anchor, rescales what follows when the speed
// changes, and is re-anchored after a pause or a stage barrier so the throttles continue from
// then instead of catching up on the time spent waiting.
class Pacer {
  public:
    using Clock = std::chrono::steady_clock;

    struct Hooks {
        // True when the event of this generator should go at once (its stream is being
        // paused: the event exists, so it is sent and the pause applies after it).
        std::function<bool(std::size_t generator)> releaseNow;
        // Runs between the waiting steps (write what is due, publish the status).
        std::function<void()> meanwhile;
    };

    // `speed` is read at every wait: setSpeed() on the run changes it.
    Pacer(double startSpeed, const std::atomic<double>& speed, core::WorkerThread& worker,
          Hooks hooks);

    // Logical time `dueMs` is due at `now`; later logical times follow from there.
    void anchor(double dueMs, Clock::time_point now = Clock::now());
    // When logical time `dueMs` is due, at the pace in force.
    [[nodiscard]] Clock::time_point due(double dueMs) const;
    // Follows a speed change: the logical time reached now stays where it is, what comes
    // after runs at the new pace.
    void follow(double speed);

    // Waits until the event (of `generator`, at `dueMs`) is due, in steps of at most 20 ms
    // that run Hooks::meanwhile and follow speed changes. Returns the time it last read (one
    // clock read per event when nothing is throttled); the time spent waiting is added to
    // `throttledUs`. Throws core::StopRequested on stop or once `deadline` has passed.
    Clock::time_point wait(double dueMs, std::size_t generator,
                           std::optional<Clock::time_point> deadline,
                           std::atomic<std::uint64_t>& throttledUs);

  private:
    const double startSpeed_;
    const std::atomic<double>& speed_;
    core::WorkerThread& worker_;
    Hooks hooks_;
    // Logical time anchorDueMs_ is due at anchorReal_; later times scale by pace_.
    Clock::time_point anchorReal_ = Clock::now();
    double anchorDueMs_ = 0;
    double pace_ = 1.0;
};

}  // namespace riverdelta::run
