#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "engine/run/run_status.h"
#include "engine/run/stream_counters.h"

namespace riverdelta::generate {
class Session;
}

namespace riverdelta::run {

// A run's counts and how they show: the per-stream counters the sinks, delivery reports and
// pacing write, folded with the session's stream states into the RunStatus its owner reads.
// The generating thread calls everything; the RunStatus is the owner's, under its lock.
class RunProgress {
  public:
    explicit RunProgress(std::size_t generators) : counters_(generators) {}

    [[nodiscard]] std::span<StreamCounters> counters() { return counters_; }
    [[nodiscard]] StreamCounters& counters(std::size_t generator) { return counters_[generator]; }
    void countGenerated(std::size_t generator) {
        // Only the generating thread writes `generated`: a plain store, no locked
        // read-modify-write.
        auto& generated = counters_[generator].generated;
        generated.store(generated.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }

    // Copies the counts into `status` and each stream's state from the session; acknowledged
    // rates once a second. A stream left out of the run keeps its failed state and reason.
    void update(RunStatus& status, const generate::Session& session);
    // The run's end: its state, error and final counts; a failed run fails its running streams.
    void end(RunStatus& status, RunState state, const std::string& error) const;
    // Leaves a generator out of the run: its row fails and says why.
    static void notDelivered(RunStatus& status, std::size_t generator, const std::string& reason);

  private:
    using Clock = std::chrono::steady_clock;
    std::vector<StreamCounters> counters_;  // by generator
    std::map<std::size_t, std::uint64_t> lastAcked_;
    Clock::time_point lastRateAt_ = Clock::now();
};

}  // namespace riverdelta::run
