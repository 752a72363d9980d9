#include "app/cli/run_report_hook.h"

#include <cstdio>

#include "models/report/report_writer.h"

namespace riverdelta::cli {

std::unique_ptr<RunReportHook> RunReportHook::create(const std::vector<std::string>& paths,
                                                     std::string& error) {
    if (paths.empty()) return nullptr;
    for (const auto& path : paths)
        if (!report::reportFormatFromPath(path)) {
            error = "--report " + path + ": the file name must end in .pdf, .html or .json";
            return nullptr;
        }
    return std::unique_ptr<RunReportHook>(new RunReportHook(paths));
}

void RunReportHook::begin(const generate::Program& program, const run::RunTargets& targets,
                          const core::Log& log, RunReportContext context) {
    session_.begin(program, targets, &log, std::move(context));
}

void RunReportHook::sample(const run::RunStatus& status,
                           const std::vector<std::unique_ptr<lake::sync::SyncJob>>& syncs,
                           const run::RunCapture* cdc) {
    std::vector<lake::sync::SyncStatus> s;
    s.reserve(syncs.size());
    for (const auto& job : syncs)
        s.push_back(job->status());
    session_.sample(status, s);
    if (cdc) session_.sampleCdc(report::cdcReport(cdc->status()));
}

bool RunReportHook::finish(const run::RunStatus& status,
                           const std::vector<std::unique_ptr<lake::sync::SyncJob>>& syncs,
                           const run::RunCapture* cdc) {
    sample(status, syncs, cdc);
    auto r = session_.report();
    std::printf("\nReport:     validating the pipeline...\n");
    std::fflush(stdout);
    session_.validate(r);
    std::unique_ptr<QGuiApplication> app;
    bool ok = true;
    for (const auto& path : paths_) {
        try {
            const auto format = *report::reportFormatFromPath(path);
            if (format != report::ReportFormat::Json && !app) app = report::ensureGuiApplication();
            report::writeReport(r, path, format);
            std::printf("Report:     %s (%zu of %zu checks passed%s%s)\n", path.c_str(),
                        r.checksPassed(), r.checks.size(),
                        r.checksPending() ? ", some pending" : "",
                        r.checksFailed() ? ", some FAILED" : "");
        } catch (const std::exception& e) {
            std::fprintf(stderr, "riverdelta-cli run: report: %s\n", e.what());
            ok = false;
        }
    }
    for (const auto& c : r.checks)
        if (c.outcome == report::CheckOutcome::Failed)
            std::printf("  FAILED %s: %s\n", c.id.c_str(), c.observed.c_str());
    return ok;
}

}  // namespace riverdelta::cli
