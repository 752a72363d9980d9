#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/lake/sync/sync_job.h"
#include "engine/report/run_report_session.h"
#include "engine/run/run_capture.h"
#include "engine/run/run_status.h"
#include "engine/run/run_targets.h"

namespace riverdelta::core {
class Log;
}
namespace riverdelta::generate {
class Program;
}

// `riverdelta-cli run --report FILE`: records the run while it goes and, when it ends (also
// after Ctrl-C), reads the pipeline back, validates it and writes FILE as PDF, HTML or JSON.
namespace riverdelta::cli {

using report::RunReportContext;

class RunReportHook {
  public:
    // Null when `paths` is empty; a usage error (message in `error`) for an unknown extension.
    // Several paths (--report a.pdf --report a.json) write the same report in each format.
    static std::unique_ptr<RunReportHook> create(const std::vector<std::string>& paths,
                                                 std::string& error);

    // Before the run starts: the topics' watermarks as they are now, the scenario's rules.
    void begin(const generate::Program& program, const run::RunTargets& targets,
               const core::Log& log, RunReportContext context);
    // `cdc`: the run's change data capture, or null when it has none.
    void sample(const run::RunStatus& status,
                const std::vector<std::unique_ptr<lake::sync::SyncJob>>& syncs,
                const run::RunCapture* cdc);
    // Reads back, validates and writes the files; false (with the reason on stderr) on failure.
    bool finish(const run::RunStatus& status,
                const std::vector<std::unique_ptr<lake::sync::SyncJob>>& syncs,
                const run::RunCapture* cdc);

  private:
    explicit RunReportHook(std::vector<std::string> paths) : paths_(std::move(paths)) {}
    std::vector<std::string> paths_;
    report::RunReportSession session_;
};

}  // namespace riverdelta::cli
