#include "engine/report_control.h"

#include "engine/core/log.h"
#include "engine/report/run_report_session.h"

namespace riverdelta {

ReportControl::ReportControl(core::Log& log) : log_(log) {}

ReportControl::~ReportControl() {
    if (exporter_.joinable()) exporter_.join();
}

void ReportControl::runStarting(const generate::Program& program, const run::RunTargets& targets,
                                const run::RunBeginning& beginning) {
    auto session = std::make_shared<report::RunReportSession>();
    session->begin(program, targets, &log_, {beginning, {}, {}});
    std::lock_guard lock(mutex_);
    session_ = std::move(session);
}

void ReportControl::forgetRun() {
    std::lock_guard lock(mutex_);
    session_.reset();
}

void ReportControl::sample(const run::ScenarioControl& scenario, const SyncControl& syncs,
                           bool now) {
    const auto time = std::chrono::steady_clock::now();
    if (!now && time - lastSample_ < std::chrono::seconds(1)) return;
    lastSample_ = time;
    std::shared_ptr<report::RunReportSession> session;
    {
        std::lock_guard lock(mutex_);
        session = session_;
    }
    if (!session) return;
    const auto run = scenario.sampleRun();
    if (!run) return;
    session->setSpeed(run->speed);
    session->sample(run->run, syncs.statuses());
    if (run->captureStarted) session->sampleCdc(report::cdcReport(run->captures));
}

void ReportControl::answer(ReportExport r) {
    std::lock_guard lock(mutex_);
    std::erase_if(answers_, [&](const ReportExport& o) { return o.requestId == r.requestId; });
    answers_.push_back(std::move(r));
    if (answers_.size() > 4) answers_.erase(answers_.begin());
}

void ReportControl::exportReport(std::uint64_t requestId, const run::ScenarioControl& scenario,
                                 const SyncControl& syncs) {
    std::shared_ptr<report::RunReportSession> session;
    {
        std::lock_guard lock(mutex_);
        session = session_;
    }
    if (!session) {
        answer({requestId, true, "nothing has run yet: start the scenario first", nullptr});
        return;
    }
    if (exporting_.exchange(true)) {
        answer({requestId, true, "another run report is being exported", nullptr});
        return;
    }
    if (exporter_.joinable()) exporter_.join();  // the last one, finished
    sample(scenario, syncs, true);               // the run up to now
    answer({requestId, false, {}, nullptr});
    log_.write(core::LogLevel::Info, "report", "exporting the run report: validating the pipeline");
    // The read-back waits on the servers (seconds): off the worker, so commands keep flowing.
    exporter_ = std::jthread([this, session, requestId] {
        ReportExport r{requestId, true, {}, nullptr};
        try {
            auto built = std::make_shared<report::RunReport>(session->report());
            session->validate(*built);
            r.report = std::move(built);
        } catch (const std::exception& e) {
            r.error = e.what();
            log_.write(core::LogLevel::Error, "report", std::string("run report: ") + e.what());
        }
        answer(std::move(r));
        exporting_ = false;
    });
}

std::vector<ReportExport> ReportControl::answers() const {
    std::lock_guard lock(mutex_);
    return answers_;
}

}  // namespace riverdelta
