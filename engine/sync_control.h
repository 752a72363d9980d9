#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/connection_control.h"
#include "engine/engine_commands.h"
#include "engine/lake/sync/sync_job.h"

namespace riverdelta::core {
class Log;
}

namespace riverdelta {

// Lake sync ("enable Tableflow"): one lake::sync::SyncJob per topic of the current cluster.
// Commands come from one thread (the engine's worker); statuses() and options() from any. A
// job's stop (it commits what it buffered) happens outside the lock, so readers never wait.
class SyncControl {
  public:
    explicit SyncControl(core::Log& log);
    SyncControl(const SyncControl&) = delete;
    SyncControl& operator=(const SyncControl&) = delete;
    ~SyncControl();  // stopAll()

    // `live`: the cluster to read; `lakeRoot`: where a table goes unless the command says;
    // `registry`: the connection's Schema Registry, unless the command names one.
    void enable(const command::EnableSync& command, const LiveServices& live,
                const std::string& lakeRoot, const registry::RegistryConfig& registry);
    void disable(const std::string& topic);
    void pause(const std::string& topic);
    void resume(const std::string& topic, std::optional<lake::sync::ErrorPolicy> policy);
    void stopAll();  // each job commits what it buffered

    // One per topic with lake sync enabled, by topic.
    [[nodiscard]] std::vector<lake::sync::SyncStatus> statuses() const;
    [[nodiscard]] std::optional<lake::sync::SyncOptions> options(const std::string& topic) const;

  private:
    // A remembered table whose offsets no longer fit the topic: a new table at the default place.
    void resumeOrStartAnew(lake::sync::SyncOptions& o, const std::string& lakeRoot);

    core::Log& log_;
    mutable std::mutex mutex_;
    std::map<std::string, std::unique_ptr<lake::sync::SyncJob>> syncs_;
};

}  // namespace riverdelta
