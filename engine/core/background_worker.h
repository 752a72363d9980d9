#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>

namespace riverdelta::core {

// Unwinds a worker's body once stop was requested: thrown by the stop-aware waits and by
// checkStop(). Deliberately not a std::exception, so handlers for real failures let it pass.
class StopRequested {};

enum class WorkerState {
    Idle,      // not started
    Running,   // the body runs
    Finished,  // the body returned
    Stopped,   // StopRequested ended the body
    Failed,    // another exception ended it: failure() says what
};
const char* toString(WorkerState state);

// One background thread with what every long-running engine job needs around it: a stop
// request that wakes every wait of the body at once, waits with a deadline, the end of the body
// captured (returned, stopped or failed with its message), and a join on stop() and on
// destruction. Bodies that share state with their owner use BackgroundWorker<Shared>, which
// guards that state with the same lock the waits use.
class WorkerThread {
  public:
    using Clock = std::chrono::steady_clock;

    WorkerThread() = default;
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;
    ~WorkerThread();  // stop()

    // Runs `body` on a thread of its own, named `name` (at most 15 characters show) for
    // profilers. Does nothing while a thread runs; after stop() it starts afresh.
    void start(std::function<void()> body, std::string name = {});
    // Asks the body to stop and wakes its waits; returns at once.
    void requestStop();
    // requestStop(), then waits for the body to end. Safe twice and before start().
    void stop();

    [[nodiscard]] bool running() const { return thread_.joinable(); }
    [[nodiscard]] bool stopRequested() const noexcept { return stop_.stop_requested(); }
    // For code below the body that only polls (a retry loop in a sink, for instance).
    [[nodiscard]] std::stop_token stopToken() const noexcept { return stop_.get_token(); }
    void checkStop() const {
        if (stopRequested()) throw StopRequested{};
    }

    // On the body's thread: waits until `deadline` and throws StopRequested as soon as stop is
    // requested (also when it already was).
    void sleepUntil(Clock::time_point deadline);
    void sleepFor(Clock::duration duration) { sleepUntil(Clock::now() + duration); }
    // As sleepUntil, for loops that end on stop without unwinding: true when stop came first.
    [[nodiscard]] bool stoppedBefore(Clock::time_point deadline);

    [[nodiscard]] WorkerState state() const;
    [[nodiscard]] std::string failure() const;  // why the body Failed; empty otherwise
    // From any thread: true once the body has ended, false when `timeout` passed first.
    bool waitEnded(std::chrono::milliseconds timeout) const;

  protected:
    // Stop-aware wait on the lock's condition: true when ready() held, false at the deadline;
    // throws StopRequested when stop is requested first. ready() runs under the lock.
    template <class Ready>
    bool waitLocked(std::unique_lock<std::mutex>& lock, Clock::time_point deadline, Ready&& ready) {
        bool stopped = false;
        const bool woke = changed_.wait_until(lock, deadline, [&] {
            stopped = stop_.stop_requested();
            return stopped || ready();
        });
        if (stopped) throw StopRequested{};
        return woke;
    }
    template <class Ready>
    void waitLocked(std::unique_lock<std::mutex>& lock, Ready&& ready) {
        changed_.wait(lock, [&] { return stop_.stop_requested() || ready(); });
        if (stop_.stop_requested()) throw StopRequested{};
    }
    std::mutex& lockable() const { return mutex_; }
    std::condition_variable& changed() const { return changed_; }

  private:
    void runBody(const std::function<void()>& body);
    void ended(WorkerState state, std::string failure);

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;  // shared state changed, the body ended, or stop
    WorkerState state_ = WorkerState::Idle;
    std::string failure_;
    std::stop_source stop_;
    std::thread thread_;
};

// A WorkerThread whose body shares `Shared` (its status, the owner's requests) with its owner:
// every access goes through the lock the waits use, and every change wakes them.
template <class Shared>
class BackgroundWorker : public WorkerThread {
  public:
    template <class... Args>
    explicit BackgroundWorker(Args&&... args) : shared_(std::forward<Args>(args)...) {}
    ~BackgroundWorker() { stop(); }  // before shared_ goes

    // Changes the shared state under the lock, then wakes every wait on it.
    template <class Change>
    decltype(auto) publish(Change&& change) {
        struct Notify {
            std::condition_variable& changed;
            ~Notify() { changed.notify_all(); }
        } notify{changed()};
        std::lock_guard lock(lockable());
        return std::forward<Change>(change)(shared_);
    }
    // Reads the shared state under the lock.
    template <class Read>
    decltype(auto) read(Read&& reader) const {
        std::lock_guard lock(lockable());
        return std::forward<Read>(reader)(std::as_const(shared_));
    }
    [[nodiscard]] Shared snapshot() const {
        std::lock_guard lock(lockable());
        return shared_;
    }

    // From any thread: waits until ready(shared) holds (true) or `timeout` passes (false).
    template <class Ready>
    bool waitFor(std::chrono::milliseconds timeout, Ready&& ready) const {
        std::unique_lock lock(lockable());
        return changed().wait_for(lock, timeout, [&] { return ready(std::as_const(shared_)); });
    }

    // On the body's thread, stop-aware: waits until ready(shared) holds (true) or `deadline`
    // passes (false); throws StopRequested when stop is requested first. ready() runs under the
    // lock and may take what it waited for (reset a request), so nothing slips in between.
    // What ready() changed wakes the owner's waits.
    template <class Ready>
    bool waitUntil(Clock::time_point deadline, Ready&& ready) {
        std::unique_lock lock(lockable());
        const bool woke = waitLocked(lock, deadline, [&] { return ready(shared_); });
        lock.unlock();
        if (woke) changed().notify_all();
        return woke;
    }
    template <class Ready>
    void wait(Ready&& ready) {
        std::unique_lock lock(lockable());
        waitLocked(lock, [&] { return ready(shared_); });
        lock.unlock();
        changed().notify_all();
    }

  private:
    Shared shared_;
};

}  // namespace riverdelta::core
