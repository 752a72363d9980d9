#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/lake/maintenance/maintenance_report.h"
#include "engine/report/time_series.h"

// What a run report holds: the data the JSON, HTML and PDF writers render. Filled by
// RunRecorder (what the run reported while it ran) and inspectPipeline() (what the servers hold
// afterwards, and the validation checks). Never holds secrets: endpoints are hosts and profile
// names only.
namespace riverdelta::report {

using TimePoint = std::chrono::system_clock::time_point;

// Bumped on any incompatible change of the JSON (docs/run-report.schema.json).
inline constexpr int kSchemaVersion = 1;
inline constexpr const char* kSchemaId = "https://riverdelta.dev/schemas/run-report/v1.json";

struct Endpoint {
    std::string kind;        // "kafka" or "postgres"
    std::string connection;  // the scenario's connection name ("" when it names none)
    std::string hosts;       // bootstrap servers, or host:port/dbname
    std::string profile;     // the connection profile's name, or "sandbox", or ""
};

struct StageReport {
    int index = 0;
    std::vector<std::string> generators;
    std::optional<TimePoint> started, ended;
};

struct GeneratorReport {
    std::string name;
    std::string target;  // topic, or schema.table
    bool table = false;
    int stage = -1;
    std::string state;
    std::uint64_t generated = 0, acknowledged = 0, failed = 0, bytes = 0;
    std::optional<std::uint64_t> maxEvents;
    double rateMean = 0;  // acknowledged events/s over the samples while it ran or acknowledged
    double rateP95 = 0;
    double throttledSeconds = 0;
    std::vector<SeriesPoint> rate;  // acknowledged events/s
};

struct TopicReport {
    std::string name;
    int partitions = 0;
    bool exists = false;
    std::int64_t messages = 0;         // Σ (high − low watermark) at the end
    std::int64_t messagesThisRun = 0;  // Σ (high at the end − high at the start)
    std::uint64_t acknowledged = 0;    // events the run's producers had acknowledged
    std::uint64_t bytes = 0;           // payload bytes acknowledged
    std::vector<SeriesPoint> messagesPerSecond, bytesPerSecond;
    std::string error;
};

struct TableReport {
    std::string name;                  // schema.table
    std::optional<std::int64_t> rows;  // count(*) read back from the server
    std::uint64_t acknowledged = 0;    // rows the run committed
    std::string error;
};

// Change data capture, when the run captured PostgreSQL changes (filled by whoever drives CDC).
struct CdcTableReport {
    std::string table;
    std::uint64_t events = 0;
};
struct CdcReport {
    std::string state;
    std::vector<CdcTableReport> tables;
    std::uint64_t eventsCaptured = 0, eventsAcknowledged = 0;
    std::optional<std::int64_t> lagBytes;
    std::optional<double> lagSeconds;
    std::string reason;  // why the capture failed or never started; empty otherwise
};

struct DeltaPartition {
    std::int32_t partition = 0;
    std::int64_t committedOffset = -1;
    std::int64_t highWatermark = 0;
};
struct DeltaTableReport {
    std::string topic, location, state, reason;
    std::int64_t version = -1, files = 0, rows = 0, bytes = 0, skipped = 0, deadLettered = 0;
    // Offsets of the table without a row, over every run (skipped here counts this run's);
    // unset for a table written before they were counted.
    std::optional<std::int64_t> unwritten;
    std::vector<DeltaPartition> partitions;
    std::optional<double> freshnessP50Ms, freshnessP95Ms;
    std::optional<lake::maintenance::MaintenanceReport> lastMaintenance;  // background or by hand
};

// Pending: the run (or a sync or capture it feeds) is still going and events are in flight, so
// the check cannot decide yet; it never stands for a mismatch that is already certain.
enum class CheckOutcome { Passed, Failed, Skipped, Pending };
const char* toString(CheckOutcome outcome);

struct CheckResult {
    std::string id;     // stable: "topic-count:clickstream", "references:bookings.hotel_id", ...
    std::string title;  // what is checked, in words
    CheckOutcome outcome = CheckOutcome::Skipped;
    std::string observed;                   // what was found, in words with the numbers
    std::map<std::string, double> figures;  // the observed numbers by name
};

struct LogLine {
    TimePoint time;
    std::string level, source, message;
};

struct RunReport {
    std::string appName, appVersion;
    TimePoint generatedAt;
    std::string scenarioName, scenarioFile;
    std::uint64_t seed = 0;
    double speed = 1;
    std::string state;  // Running, Finished, Stopped, Failed
    std::string error;
    bool complete = false;  // false: exported while the run was still going
    TimePoint startedAt;
    std::optional<TimePoint> endedAt;
    double durationSeconds = 0;
    double sampleIntervalSeconds = 1;
    std::vector<Endpoint> endpoints;
    std::vector<StageReport> stages;
    std::vector<GeneratorReport> generators;
    std::vector<TopicReport> topics;
    std::vector<TableReport> tables;
    std::optional<CdcReport> cdc;
    std::vector<DeltaTableReport> delta;
    std::vector<CheckResult> checks;
    bool validated = false;  // inspectPipeline() ran
    std::vector<LogLine> log;
    std::uint64_t logOmitted = 0;  // warnings/errors beyond the bound

    [[nodiscard]] std::size_t checksFailed() const;
    [[nodiscard]] std::size_t checksPassed() const;
    [[nodiscard]] std::size_t checksPending() const;
};

}  // namespace riverdelta::report
