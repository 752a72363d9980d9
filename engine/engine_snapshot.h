#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/lake/sync/sync_job.h"
#include "engine/report/run_report.h"
#include "engine/run/scenario_status.h"
#include "engine/topics/topics_view.h"

namespace riverdelta {

enum class ServiceState { Stopped, Starting, Connected, Failed };

const char* toString(ServiceState state);

struct ServiceStatus {
    ServiceState state = ServiceState::Stopped;
    std::string endpoint;  // address a user can connect other tools to; never a secret
    std::string detail;    // what it is and its limits, one line
    std::string error;     // the reason when Failed: what to install or change

    bool operator==(const ServiceStatus&) const = default;
};

// The answer to one ExportReport request, found by its id: the console's run so far, read back
// from the servers and validated; rendering it into a file is the caller's.
struct ReportExport {
    std::uint64_t requestId = 0;
    bool done = false;  // false while the pipeline is being read back
    std::string error;  // why there is no report (no run yet, another export in progress)
    std::shared_ptr<const report::RunReport> report;  // when done without error

    bool operator==(const ReportExport&) const = default;
};

// What the engine looks like at one moment; copied out so readers never hold engine locks.
struct EngineSnapshot {
    std::uint64_t version = 0;  // increases with every change
    std::chrono::system_clock::time_point takenAt{};
    std::string
        environment;  // ServiceConnections::describe(): "Local sandbox", "profile 'cloud'", ...
    std::string lakeRoot;  // where EnableSync puts a topic's table unless told: <root>/<topic>
    ServiceStatus kafka;
    bool kafkaInMemory = false;  // the sandbox's embedded cluster: its topics go when it stops
    ServiceStatus postgres;
    std::vector<lake::sync::SyncStatus> syncs;  // one per topic with lake sync enabled, by topic
    topics::CatalogView topics;                 // every topic of the connected cluster (~2 s old)
    run::ScenarioStatus scenario;               // the console's scenario and its generators
    std::vector<ReportExport> reports;          // answers to ExportReport (the newest few)
};

}  // namespace riverdelta
