#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/cdc/cdc_stream.h"
#include "engine/lake/sync/sync_job.h"
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
};

// What the engine looks like at one moment; copied out so readers never hold engine locks.
struct Snapshot {
    std::uint64_t version = 0;  // increases with every change
    std::chrono::system_clock::time_point takenAt{};
    std::string environment;  // "Local sandbox" or a profile name
    ServiceStatus kafka;
    ServiceStatus postgres;
    std::vector<lake::sync::SyncStatus> syncs;  // one per topic with lake sync enabled, by topic
    std::optional<cdc::CdcStreamStatus> cdc;    // once CDC was started (also when it failed)
    topics::CatalogView topics;                 // every topic of the connected cluster (~2 s old)
    std::vector<topics::BrowseResult> browses;  // answers to BrowseTopic, by request id
    run::ScenarioStatus scenario;               // the console's scenario and its generators
};

}  // namespace riverdelta
