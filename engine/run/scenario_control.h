#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/run/run_beginning.h"
#include "engine/run/run_capture.h"
#include "engine/run/run_status.h"
#include "engine/run/run_targets.h"
#include "engine/run/scenario_status.h"

namespace riverdelta::core {
class Log;
}
namespace riverdelta::generate {
class Program;
}

namespace riverdelta::run {

class ScenarioRun;

struct ScenarioSource {
    std::string config;  // a file, "builtin:NAME", a "builtin:/…" path, or empty: River Hotels
    std::vector<std::string> mounts;  // "SRC=DIR", as `riverdelta-cli run --mount`
    std::uint64_t seed = 42;
};

// Called by the commanding thread before a run's first event, with what it will write to; it
// may wait on the servers. An exception keeps the run from starting ("cannot start: ...").
using RunStartingHook =
    std::function<void(const generate::Program&, const RunTargets&, const RunBeginning&)>;

// The current run as it is now, for sampling (the run report).
struct RunSample {
    RunStatus run;
    double speed = 1;
    bool captureStarted = false;  // a capture source has started at least once
    std::vector<CaptureStatus> captures;
};

// The console's scenario: which one is loaded, which of its generators the user started, and
// the one ScenarioRun that carries them out. Start/Stop per stream map to ScenarioRun's
// pause/resume, so a stopped stream keeps its sequences and a new Start continues them; stage
// gating stays ScenarioRun's (a stage begins when every event of the earlier ones is
// acknowledged). Commands come from one thread (the engine's worker); status() from any.
class ScenarioControl {
  public:
    explicit ScenarioControl(core::Log* log = nullptr, RunStartingHook runStarting = {});
    ScenarioControl(const ScenarioControl&) = delete;
    ScenarioControl& operator=(const ScenarioControl&) = delete;
    ~ScenarioControl();  // stops the run: what is in flight is delivered

    // Compiles the scenario. On problems nothing changes except status().problems (the
    // scenario loaded before stays, running or not) and false is returned. A valid scenario
    // replaces the current one; its run is stopped first.
    bool load(const ScenarioSource& source);

    // `targets` are where the run writes (the current connection); used when a run is created.
    // Each returns false (and logs why) when nothing could start.
    bool startAll(const TargetOverrides& targets);
    bool start(const std::string& generator, const TargetOverrides& targets);
    void stopAll();
    void stop(const std::string& generator);
    // The change data capture of the scenario's tables (see RunCapture): Start all starts it
    // too, Stop all stops it. Stop keeps its slot, so a new start continues where it was.
    bool startCapture(const TargetOverrides& targets);
    void stopCapture();
    // Lets the capture start once the run has created its tables; about every 200 ms (it may
    // wait on PostgreSQL).
    void poll();
    void setSpeed(double speed);  // divides the throttles; applies to a running scenario at once
    // "Continuous" streaming: the generators of the Streaming stages ignore their maxEvents and
    // run until stopped, so streams do not end mid-session; at once, also for a running run.
    void setContinuous(bool continuous);
    // Ends the run (flushing what is in flight); the scenario stays loaded, sequences restart.
    void endRun();

    [[nodiscard]] ScenarioStatus status() const;

    // The current run's status, speed and capture; nullopt while there is no run. Any thread.
    [[nodiscard]] std::optional<RunSample> sampleRun() const;

  private:
    // Creates the run when there is none (or the last one failed). Called by the commanding
    // thread without mutex_: it waits on the servers (watermarks, topic creation), and
    // status() must never wait for that. Only that thread changes program_, run_ and capture_.
    bool ensureRun(const TargetOverrides& targets);
    void log(int level, const std::string& message) const;

    core::Log* log_;
    RunStartingHook runStarting_;
    mutable std::mutex mutex_;
    std::unique_ptr<generate::Program> program_;
    std::unique_ptr<ScenarioRun> run_;  // declared after program_: destroyed before it
    ScenarioStatus loaded_;             // name, file, seed, problems, stages, static generator info
    std::vector<bool> started_;         // the user wants it running
    std::vector<bool> everStarted_;     // it was started at least once in this run
    double speed_ = 1.0;
    bool continuous_ = false;
    std::vector<bool> streaming_;  // per generator: in a Streaming stage (what Continuous lifts)
    std::shared_ptr<RunCapture> capture_;        // of run_; status() copies it out of the lock
    bool captureWanted_ = false;                 // the commanding thread's
    std::vector<CaptureStatus> captureOutline_;  // what a run would capture, from the scenario
};

// A display name for stage `index`: "Seed" (only tables), "Historical" (only bounded topics),
// "Streaming" (some unbounded or throttled stream), else "Stage N".
std::string stageLabel(const generate::Program& program, std::size_t index);

}  // namespace riverdelta::run
