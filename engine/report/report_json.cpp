#include "engine/report/report_json.h"

#include <fmt/format.h>

#include <ctime>

namespace riverdelta::report {

namespace {

using Json = nlohmann::ordered_json;

Json optionalTime(const std::optional<TimePoint>& t) {
    return t ? Json(isoTime(*t)) : Json(nullptr);
}

template <class T>
Json optionalValue(const std::optional<T>& v) {
    return v ? Json(*v) : Json(nullptr);
}

Json series(const std::vector<SeriesPoint>& points) {
    Json out = Json::array();
    for (const auto& p : points)
        out.push_back(Json::array({p.t, p.v}));
    return out;
}

}  // namespace

std::string isoTime(TimePoint time) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000 - (ms % 1000 < 0 ? 1 : 0));
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900,
                       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                       ((ms % 1000) + 1000) % 1000);
}

nlohmann::ordered_json toJson(const RunReport& r) {
    Json j;
    j["$schema"] = kSchemaId;
    j["schemaVersion"] = kSchemaVersion;
    j["app"] = {{"name", r.appName}, {"version", r.appVersion}};
    j["generatedAt"] = isoTime(r.generatedAt);
    j["complete"] = r.complete;
    j["scenario"] = {
        {"name", r.scenarioName}, {"file", r.scenarioFile}, {"seed", r.seed}, {"speed", r.speed}};
    j["run"] = {{"state", r.state},
                {"error", r.error.empty() ? Json(nullptr) : Json(r.error)},
                {"startedAt", isoTime(r.startedAt)},
                {"endedAt", optionalTime(r.endedAt)},
                {"durationSeconds", r.durationSeconds},
                {"sampleIntervalSeconds", r.sampleIntervalSeconds}};
    j["endpoints"] = Json::array();
    for (const auto& e : r.endpoints)
        j["endpoints"].push_back(
            {{"kind", e.kind},
             {"connection", e.connection},
             {"hosts", e.hosts},
             {"profile", e.profile.empty() ? Json(nullptr) : Json(e.profile)}});
    j["stages"] = Json::array();
    for (const auto& s : r.stages)
        j["stages"].push_back({{"index", s.index},
                               {"generators", s.generators},
                               {"startedAt", optionalTime(s.started)},
                               {"endedAt", optionalTime(s.ended)}});
    j["generators"] = Json::array();
    for (const auto& g : r.generators)
        j["generators"].push_back({{"name", g.name},
                                   {"target", g.target},
                                   {"targetKind", g.table ? "table" : "topic"},
                                   {"stage", g.stage},
                                   {"state", g.state},
                                   {"generated", g.generated},
                                   {"acknowledged", g.acknowledged},
                                   {"failed", g.failed},
                                   {"bytes", g.bytes},
                                   {"maxEvents", optionalValue(g.maxEvents)},
                                   {"rateMean", g.rateMean},
                                   {"rateP95", g.rateP95},
                                   {"throttledSeconds", g.throttledSeconds},
                                   {"rateSeries", series(g.rate)}});
    j["topics"] = Json::array();
    for (const auto& t : r.topics)
        j["topics"].push_back({{"name", t.name},
                               {"exists", t.exists},
                               {"partitions", t.partitions},
                               {"messages", t.messages},
                               {"messagesThisRun", t.messagesThisRun},
                               {"acknowledged", t.acknowledged},
                               {"bytes", t.bytes},
                               {"error", t.error.empty() ? Json(nullptr) : Json(t.error)},
                               {"messagesPerSecond", series(t.messagesPerSecond)},
                               {"bytesPerSecond", series(t.bytesPerSecond)}});
    j["tables"] = Json::array();
    for (const auto& t : r.tables)
        j["tables"].push_back({{"name", t.name},
                               {"rows", optionalValue(t.rows)},
                               {"acknowledged", t.acknowledged},
                               {"error", t.error.empty() ? Json(nullptr) : Json(t.error)}});
    if (r.cdc) {
        Json tables = Json::array();
        for (const auto& t : r.cdc->tables)
            tables.push_back({{"table", t.table}, {"events", t.events}});
        j["cdc"] = {{"state", r.cdc->state},
                    {"reason", r.cdc->reason},
                    {"eventsCaptured", r.cdc->eventsCaptured},
                    {"eventsAcknowledged", r.cdc->eventsAcknowledged},
                    {"lagBytes", optionalValue(r.cdc->lagBytes)},
                    {"lagSeconds", optionalValue(r.cdc->lagSeconds)},
                    {"tables", tables}};
    } else {
        j["cdc"] = nullptr;
    }
    j["deltaTables"] = Json::array();
    for (const auto& d : r.delta) {
        Json parts = Json::array();
        for (const auto& p : d.partitions)
            parts.push_back({{"partition", p.partition},
                             {"committedOffset", p.committedOffset},
                             {"highWatermark", p.highWatermark}});
        j["deltaTables"].push_back(
            {{"topic", d.topic},
             {"location", d.location},
             {"state", d.state},
             {"reason", d.reason.empty() ? Json(nullptr) : Json(d.reason)},
             {"version", d.version},
             {"files", d.files},
             {"rows", d.rows},
             {"bytes", d.bytes},
             {"skipped", d.skipped},
             {"unwritten", optionalValue(d.unwritten)},
             {"deadLettered", d.deadLettered},
             {"freshnessP50Ms", optionalValue(d.freshnessP50Ms)},
             {"freshnessP95Ms", optionalValue(d.freshnessP95Ms)},
             {"lastMaintenance",
              d.lastMaintenance ? Json(d.lastMaintenance->toJson()) : Json(nullptr)},
             {"partitions", parts}});
    }
    Json checks = Json::array();
    for (const auto& c : r.checks) {
        Json figures = Json::object();
        for (const auto& [k, v] : c.figures)
            figures[k] = v;
        checks.push_back({{"id", c.id},
                          {"title", c.title},
                          {"outcome", toString(c.outcome)},
                          {"observed", c.observed},
                          {"figures", figures}});
    }
    j["validation"] = {{"performed", r.validated},
                       {"passed", r.checksPassed()},
                       {"failed", r.checksFailed()},
                       {"pending", r.checksPending()},
                       {"checks", checks}};
    Json log = Json::array();
    for (const auto& l : r.log)
        log.push_back({{"time", isoTime(l.time)},
                       {"level", l.level},
                       {"source", l.source},
                       {"message", l.message}});
    j["log"] = {{"entries", log}, {"omitted", r.logOmitted}};
    return j;
}

}  // namespace riverdelta::report
