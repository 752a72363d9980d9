#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/background_worker.h"
#include "engine/run/run_status.h"
#include "engine/run/run_targets.h"

namespace riverdelta::core {
class Log;
}
namespace riverdelta::generate {
class Program;
class RunClock;
}  // namespace riverdelta::generate

namespace riverdelta::run {

struct RunOptions {
    std::uint64_t seed = 42;
    double speed = 1.0;                                 // divides every throttle
    std::optional<int> lastStage;                       // stop once this stage (index) completes
    std::optional<std::chrono::milliseconds> duration;  // stop after this long
    std::string runId = "riverdelta";  // names PostgreSQL progress rows: same id + seed resumes
    const generate::RunClock* clock = nullptr;  // null: the system clock
    core::Log* log = nullptr;
    // Before its first update or delete the run waits (at most 60 s) until this says change
    // data capture is ready for changes (its slot exists), so the capture sees them as change
    // events instead of folding them into its snapshot. Called on the run's thread.
    std::function<bool()> changesMayStart;
    // Generate at a lower CPU priority (nice +5, Linux) so an interactive UI in the same process
    // stays responsive; headless runs keep normal priority.
    bool yieldToInteractive = false;
};

// Runs a compiled scenario into its sinks on a thread of its own: events are generated and
// paced (throttle / speed), sent to Kafka (one idempotent producer per cluster) or written to
// PostgreSQL (batched COPY, exactly once per writer id), and a stage begins only when every
// event of the previous stages is acknowledged. stop() flushes what is in flight and counts it.
class ScenarioRun {
  public:
    ScenarioRun(const generate::Program& program, RunTargets targets, RunOptions options);
    ScenarioRun(const ScenarioRun&) = delete;
    ScenarioRun& operator=(const ScenarioRun&) = delete;
    ~ScenarioRun();  // stop()

    void start();
    void stop();
    // Per stream (generator index): a paused stream keeps its sequences and continues them.
    void pause(std::size_t generator);
    void resume(std::size_t generator);
    // Lifts (or restores) a generator's maxEvents from its next event on (see
    // generate::Session::setUncapped).
    void setUncapped(std::size_t generator, bool uncapped);
    // Changes how fast the throttles run from now on (the factor RunOptions::speed started
    // with); events already due keep their place, later ones follow the new pace.
    void setSpeed(double speed);
    [[nodiscard]] double speed() const { return speed_.load(std::memory_order_relaxed); }

    [[nodiscard]] RunStatus status() const;
    // Waits until the run has Finished, Stopped or Failed.
    bool waitFinished(std::chrono::milliseconds timeout) const;

  private:
    class Worker;
    struct Control {
        std::vector<std::size_t> pause, resume;
        std::vector<std::pair<std::size_t, bool>> uncapped;
    };
    // What the run's thread shares with its owner, under the worker's lock.
    struct Shared {
        RunStatus status;
        Control control;
    };

    const generate::Program& program_;
    RunTargets targets_;
    RunOptions options_;
    std::atomic<bool> controlPending_{false};  // control holds something: pacing looks at it
    std::atomic<double> speed_;
    core::BackgroundWorker<Shared> worker_;  // last: stops and joins before the rest goes
};

}  // namespace riverdelta::run
