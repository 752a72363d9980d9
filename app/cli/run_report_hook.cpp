#include "app/cli/run_report_hook.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "app/report/report_writer.h"
#include "engine/generate/program.h"

namespace riverdelta::cli {

namespace {

// host:port/dbname of a conninfo, nothing else (no user, no password).
std::string postgresHosts(const std::string& conninfo) {
    char* err = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &err);
    if (err) PQfreemem(err);
    if (!options) return "(unparsable conninfo)";
    std::string host, port, db;
    for (auto* o = options; o->keyword; ++o) {
        if (!o->val) continue;
        const std::string k = o->keyword;
        if (k == "host" || (k == "hostaddr" && host.empty())) host = o->val;
        if (k == "port") port = o->val;
        if (k == "dbname") db = o->val;
    }
    PQconninfoFree(options);
    return (host.empty() ? std::string("localhost") : host) + (port.empty() ? "" : ":" + port) +
           (db.empty() ? "" : "/" + db);
}

}  // namespace

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
    context_ = std::move(context);
    recorder_.watchLog(&log);
    auto profileFor = [&](const std::string& label) -> std::string {
        if (label.rfind("profile '", 0) == 0) return label.substr(9, label.size() - 10);
        if (label.rfind("sandbox", 0) == 0) return "sandbox";
        return {};
    };
    for (const auto& [name, k] : targets.kafka) {
        endpoints_.push_back({"kafka", name, k.config.bootstrapServers, profileFor(k.label)});
        if (!inspection_.kafka) inspection_.kafka = k.config;
    }
    for (const auto& [name, p] : targets.postgres) {
        std::string profile = context_.postgresSandbox ? "sandbox" : "";
        endpoints_.push_back({"postgres", name, postgresHosts(p.conninfo), profile});
        if (inspection_.postgresConninfo.empty()) inspection_.postgresConninfo = p.conninfo;
    }
    // The default connection ("") serves generators that name none: listed only when it goes
    // somewhere no named connection goes.
    const auto all = endpoints_;
    std::erase_if(endpoints_, [&](const report::Endpoint& e) {
        return e.connection.empty() &&
               std::any_of(all.begin(), all.end(), [&](const report::Endpoint& o) {
                   return !o.connection.empty() && o.kind == e.kind && o.hosts == e.hosts;
               });
    });
    // A PostgreSQL profile's name: the endpoint without one that a --profile chose.
    for (const auto& name : context_.profiles)
        for (auto& e : endpoints_)
            if (e.profile.empty() && e.kind == "postgres") {
                e.profile = name;
                break;
            }
    inspection_.rules = report::referenceRulesFromFile(context_.scenarioFile, context_.mounts);
    if (inspection_.kafka) {
        std::vector<std::string> topics;
        for (const auto& g : program.generators())
            if (g.kind == generate::TargetKind::Topic &&
                std::find(topics.begin(), topics.end(), g.target) == topics.end())
                topics.push_back(g.target);
        inspection_.baseline =
            report::readTopicOffsets(*inspection_.kafka, topics, std::chrono::seconds(10));
    }
}

void RunReportHook::sample(const run::RunStatus& status,
                           const std::vector<std::unique_ptr<lake::sync::SyncJob>>& syncs) {
    recorder_.sample(status);
    std::vector<lake::sync::SyncStatus> s;
    for (const auto& job : syncs)
        s.push_back(job->status());
    recorder_.sampleSync(s);
}

bool RunReportHook::finish(const run::RunStatus& status,
                           const std::vector<std::unique_ptr<lake::sync::SyncJob>>& syncs) {
    sample(status, syncs);
    auto r = recorder_.report();
    r.scenarioName = std::filesystem::path(context_.scenarioName).stem().string();
    r.scenarioFile = context_.scenarioFile;
    r.seed = context_.seed;
    r.speed = context_.speed;
    r.endpoints = endpoints_;
    std::printf("\nReport:     validating the pipeline...\n");
    std::fflush(stdout);
    report::inspectPipeline(r, inspection_);
    std::unique_ptr<QGuiApplication> app;
    bool ok = true;
    for (const auto& path : paths_) {
        try {
            const auto format = *report::reportFormatFromPath(path);
            if (format != report::ReportFormat::Json && !app) app = report::ensureGuiApplication();
            report::writeReport(r, path, format);
            std::printf("Report:     %s (%zu of %zu checks passed%s)\n", path.c_str(),
                        r.checksPassed(), r.checks.size(), r.checksFailed() ? ", some FAILED" : "");
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
