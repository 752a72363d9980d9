#include "engine/core/background_worker.h"

#include <exception>

#ifdef __linux__
#include <pthread.h>
#endif

namespace riverdelta::core {

const char* toString(WorkerState state) {
    switch (state) {
        case WorkerState::Idle:
            return "idle";
        case WorkerState::Running:
            return "running";
        case WorkerState::Finished:
            return "finished";
        case WorkerState::Stopped:
            return "stopped";
        case WorkerState::Failed:
            return "failed";
    }
    return "idle";
}

WorkerThread::~WorkerThread() {
    stop();
}

void WorkerThread::start(std::function<void()> body, std::string name) {
    if (thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        state_ = WorkerState::Running;
        failure_.clear();
    }
    stop_ = std::stop_source();  // a fresh request for a fresh body
    thread_ = std::thread([this, body = std::move(body), name = std::move(name)] {
#ifdef __linux__
        if (!name.empty()) pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
#endif
        runBody(body);
    });
}

void WorkerThread::runBody(const std::function<void()>& body) {
    try {
        body();
        ended(WorkerState::Finished, {});
    } catch (const StopRequested&) {
        ended(WorkerState::Stopped, {});
    } catch (const std::exception& e) {
        ended(WorkerState::Failed, e.what());
    } catch (...) {
        ended(WorkerState::Failed, "unknown error");
    }
}

void WorkerThread::ended(WorkerState state, std::string failure) {
    {
        std::lock_guard lock(mutex_);
        state_ = state;
        failure_ = std::move(failure);
    }
    changed_.notify_all();
}

void WorkerThread::requestStop() {
    stop_.request_stop();
    // A body between testing the request and blocking holds the lock: once we have had it, the
    // body either saw the request or is blocked and gets the notification.
    { std::lock_guard lock(mutex_); }
    changed_.notify_all();
}

void WorkerThread::stop() {
    if (!thread_.joinable()) return;
    requestStop();
    thread_.join();
}

void WorkerThread::sleepUntil(Clock::time_point deadline) {
    if (stoppedBefore(deadline)) throw StopRequested{};
}

bool WorkerThread::stoppedBefore(Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return stop_.stop_requested(); });
}

WorkerState WorkerThread::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

std::string WorkerThread::failure() const {
    std::lock_guard lock(mutex_);
    return failure_;
}

bool WorkerThread::waitEnded(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] {
        return state_ != WorkerState::Running && state_ != WorkerState::Idle;
    });
}

}  // namespace riverdelta::core
