#include "engine/report/run_report_session.h"

#include <libpq-fe.h>

#include <algorithm>
#include <filesystem>

#include "engine/generate/program.h"
#include "engine/run/run_capture.h"

namespace riverdelta::report {

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

void RunReportSession::begin(const generate::Program& program, const run::RunTargets& targets,
                             const core::Log* log, RunReportContext context) {
    std::vector<Endpoint> endpoints;
    InspectionTargets inspection;
    auto profileFor = [&](const std::string& label) -> std::string {
        if (label.rfind("profile '", 0) == 0) return label.substr(9, label.size() - 10);
        if (label.rfind("sandbox", 0) == 0) return "sandbox";
        return {};
    };
    for (const auto& [name, k] : targets.kafka) {
        endpoints.push_back({"kafka", name, k.config.bootstrapServers, profileFor(k.label)});
        if (!inspection.kafka) inspection.kafka = k.config;
    }
    for (const auto& [name, p] : targets.postgres) {
        std::string profile =
            p.label.empty() ? (context.run.postgresSandbox ? "sandbox" : "") : profileFor(p.label);
        endpoints.push_back({"postgres", name, postgresHosts(p.conninfo), profile});
        if (inspection.postgresConninfo.empty()) inspection.postgresConninfo = p.conninfo;
    }
    // The default connection ("") serves generators that name none: listed only when it goes
    // somewhere no named connection goes.
    const auto all = endpoints;
    std::erase_if(endpoints, [&](const Endpoint& e) {
        return e.connection.empty() && std::any_of(all.begin(), all.end(), [&](const Endpoint& o) {
                   return !o.connection.empty() && o.kind == e.kind && o.hosts == e.hosts;
               });
    });
    // A PostgreSQL profile's name: the endpoint without one that a --profile chose.
    for (const auto& name : context.profiles)
        for (auto& e : endpoints)
            if (e.profile.empty() && e.kind == "postgres") {
                e.profile = name;
                break;
            }
    inspection.rules = referenceRulesFromFile(context.run.scenarioFile, context.mounts);
    if (inspection.kafka) {
        std::vector<std::string> topics;
        for (const auto& g : program.generators())
            if (g.kind == generate::TargetKind::Topic &&
                std::find(topics.begin(), topics.end(), g.target) == topics.end())
                topics.push_back(g.target);
        inspection.baseline = readTopicOffsets(*inspection.kafka, topics, std::chrono::seconds(10));
    }
    if (log) recorder_.watchLog(log);
    std::lock_guard lock(mutex_);
    endpoints_ = std::move(endpoints);
    inspection_ = std::move(inspection);
    context_ = std::move(context);
}

void RunReportSession::sample(const run::RunStatus& status,
                              const std::vector<lake::sync::SyncStatus>& syncs) {
    recorder_.sample(status);
    recorder_.sampleSync(syncs);
}

void RunReportSession::setSpeed(double speed) {
    std::lock_guard lock(mutex_);
    context_.run.speed = speed;
}

RunReport RunReportSession::report() {
    auto r = recorder_.report();
    std::lock_guard lock(mutex_);
    r.scenarioName = std::filesystem::path(context_.run.scenarioName).stem().string();
    r.scenarioFile = context_.run.scenarioFile;
    r.seed = context_.run.seed;
    r.speed = context_.run.speed;
    r.endpoints = endpoints_;
    return r;
}

void RunReportSession::validate(RunReport& report) const {
    InspectionTargets inspection;
    {
        std::lock_guard lock(mutex_);
        inspection = inspection_;
    }
    inspectPipeline(report, inspection);
}

CdcReport cdcReport(const std::vector<run::CaptureStatus>& captures) {
    CdcReport r;
    for (const auto& c : captures) {
        // The worst state wins: one failed source fails the capture.
        const std::string state = !c.failure.empty() ? "Failed"
                                  : c.source         ? cdc::toString(c.source->state)
                                  : c.wanted         ? "Waiting"
                                                     : "Stopped";
        if (r.state.empty() || state == "Failed") r.state = state;
        if (r.reason.empty())
            r.reason = !c.failure.empty() ? c.failure
                       : c.source && c.source->state == cdc::SourceState::Failed
                           ? c.source->failureReason
                           : std::string();
        r.eventsCaptured += c.eventsCaptured;
        r.eventsAcknowledged += c.eventsAcknowledged;
        for (const auto& t : c.tableEvents)
            r.tables.push_back({t.table, t.events});
        if (!c.source) continue;
        r.lagBytes = r.lagBytes.value_or(0) + static_cast<std::int64_t>(c.source->lagBytes);
        r.lagSeconds = std::max(r.lagSeconds.value_or(0), c.source->lagSeconds);
    }
    return r;
}

}  // namespace riverdelta::report
