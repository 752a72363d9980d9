#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "engine/lake/sync/sync_job.h"
#include "engine/report/pipeline_inspector.h"
#include "engine/report/run_recorder.h"
#include "engine/run/run_beginning.h"
#include "engine/run/run_status.h"
#include "engine/run/run_targets.h"

namespace riverdelta::core {
class Log;
}
namespace riverdelta::generate {
class Program;
}

namespace riverdelta::run {
struct CaptureStatus;
}

namespace riverdelta::report {

// A run's change data capture for its report: per table events, the sources' totals and their
// lag now (the worst source state wins: one failed source fails the capture).
CdcReport cdcReport(const std::vector<run::CaptureStatus>& captures);

// What the caller knows about a run that the run itself does not (never secrets).
struct RunReportContext {
    run::RunBeginning run;
    std::vector<std::string> mounts;
    std::vector<std::string> profiles;  // --profile names (never their secrets)
};

// One run's report as it goes, for `riverdelta-cli run --report` and the console's Export run
// report: begin() before the run starts (reads the topics' watermarks, the scenario's rules),
// sample() about once a second, report() for the run so far, validate() for the server
// read-back and the checks (blocks on the servers: never on a UI thread). Thread-safe.
class RunReportSession {
  public:
    void begin(const generate::Program& program, const run::RunTargets& targets,
               const core::Log* log, RunReportContext context);
    void sample(const run::RunStatus& status, const std::vector<lake::sync::SyncStatus>& syncs);
    // The run's change data capture as it is now (cdcReport()).
    void sampleCdc(CdcReport cdc) { recorder_.setCdc(std::move(cdc)); }
    void setSpeed(double speed);
    [[nodiscard]] RunReport report();
    void validate(RunReport& report) const;

  private:
    mutable std::mutex mutex_;  // context_, inspection_, endpoints_
    RunRecorder recorder_;      // its own lock
    InspectionTargets inspection_;
    std::vector<Endpoint> endpoints_;
    RunReportContext context_;
};

}  // namespace riverdelta::report
