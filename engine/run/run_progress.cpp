#include "engine/run/run_progress.h"

#include "engine/generate/session.h"

namespace riverdelta::run {

void RunProgress::update(RunStatus& status, const generate::Session& session) {
    const auto now = Clock::now();
    const double dt = std::chrono::duration<double>(now - lastRateAt_).count();
    const bool rateDue = dt >= 1.0;
    auto& streams = status.streams;
    for (std::size_t g = 0; g < streams.size(); ++g) {
        auto& s = streams[g];
        const auto& c = counters_[g];
        s.generated = c.generated.load(std::memory_order_relaxed);
        const auto acked = c.acknowledged.load(std::memory_order_relaxed);
        if (rateDue) {
            s.ratePerSecond = static_cast<double>(acked - lastAcked_[g]) / dt;
            lastAcked_[g] = acked;
        }
        s.acknowledged = acked;
        s.failed = c.failed.load(std::memory_order_relaxed);
        s.bytes = c.bytes.load(std::memory_order_relaxed);
        s.unmatched = c.unmatched.load(std::memory_order_relaxed);
        s.throttledSeconds =
            static_cast<double>(c.throttledUs.load(std::memory_order_relaxed)) / 1e6;
        if (!s.problem.empty()) continue;  // not delivered: stays failed with its reason
        switch (session.status(g)) {
            case generate::GeneratorStatus::Waiting:
                s.state = StreamState::Waiting;
                break;
            case generate::GeneratorStatus::Running:
                s.state = StreamState::Running;
                break;
            case generate::GeneratorStatus::Paused:
                s.state = StreamState::Paused;
                break;
            case generate::GeneratorStatus::Finished:
                s.state = StreamState::Done;
                break;
        }
    }
    if (rateDue) lastRateAt_ = now;
}

void RunProgress::end(RunStatus& status, RunState state, const std::string& error) const {
    status.state = state;
    status.error = error;
    status.endedAt = std::chrono::system_clock::now();
    for (std::size_t g = 0; g < status.streams.size(); ++g) {
        auto& s = status.streams[g];
        s.generated = counters_[g].generated.load();
        s.acknowledged = counters_[g].acknowledged.load();
        s.failed = counters_[g].failed.load();
        s.bytes = counters_[g].bytes.load();
        s.unmatched = counters_[g].unmatched.load();
        if (state == RunState::Failed && s.state == StreamState::Running)
            s.state = StreamState::Failed;
    }
}

void RunProgress::notDelivered(RunStatus& status, std::size_t generator,
                               const std::string& reason) {
    status.streams[generator].problem = "not delivered: " + reason;
    status.streams[generator].state = StreamState::Failed;
}

}  // namespace riverdelta::run
