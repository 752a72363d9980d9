#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/engine_snapshot.h"
#include "engine/run/scenario_control.h"
#include "engine/sync_control.h"

namespace riverdelta::core {
class Log;
}
namespace riverdelta::report {
class RunReportSession;
}

namespace riverdelta {

// The run report of the console's current run: begun when a run starts (runStarting(), the
// ScenarioControl's hook), sampled about once a second, exported on request on a thread of its
// own (the read-back waits on the servers) with the answer in the snapshot's reports. Commands
// and sample() come from the engine's worker; answers() from any thread.
class ReportControl {
  public:
    explicit ReportControl(core::Log& log);
    ReportControl(const ReportControl&) = delete;
    ReportControl& operator=(const ReportControl&) = delete;
    ~ReportControl();  // waits for a running export

    // A run starts: a new report, the topics' watermarks read now. Throws when they cannot be.
    void runStarting(const generate::Program& program, const run::RunTargets& targets,
                     const run::RunBeginning& beginning);
    // A new scenario was loaded: the report of the old one's run goes.
    void forgetRun();
    // At most once a second unless `now`; nothing while there is no run.
    void sample(const run::ScenarioControl& scenario, const SyncControl& syncs, bool now = false);
    void exportReport(std::uint64_t requestId, const run::ScenarioControl& scenario,
                      const SyncControl& syncs);

    // Answers to exportReport (the newest few).
    [[nodiscard]] std::vector<ReportExport> answers() const;

  private:
    void answer(ReportExport r);

    core::Log& log_;
    mutable std::mutex mutex_;                           // session_, answers_
    std::shared_ptr<report::RunReportSession> session_;  // of the current run (kept after it)
    std::vector<ReportExport> answers_;
    std::chrono::steady_clock::time_point lastSample_{};  // the worker's
    std::atomic<bool> exporting_{false};
    std::jthread exporter_;  // the running (or last) export
};

}  // namespace riverdelta
