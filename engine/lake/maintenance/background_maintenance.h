#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "engine/lake/maintenance/maintenance_report.h"
#include "engine/lake/maintenance/table_maintainer.h"
#include "engine/lake/storage/object_store.h"

namespace riverdelta::lake::maintenance {

// Maintains one table on its own thread while a sync job appends to it: wakes every
// policy.checkEvery or after policy.compactAfterSmallFiles commits (notifyCommit), compacts
// when enough small files are there and cleans up (log, vacuum) every policy.cleanupEvery. The
// appender never waits for it: their commits race through the log like any two writers.
// `store` must allow calls from this thread while the appender uses it.
class BackgroundMaintenance {
  public:
    BackgroundMaintenance(storage::ObjectStore& store, std::string tablePath,
                          MaintenancePolicy policy);
    ~BackgroundMaintenance();  // stops: a compaction in progress is abandoned between files
    BackgroundMaintenance(const BackgroundMaintenance&) = delete;
    BackgroundMaintenance& operator=(const BackgroundMaintenance&) = delete;

    // The appender committed a version.
    void notifyCommit();
    // The last run that changed something (or failed), also from an earlier process.
    [[nodiscard]] std::optional<MaintenanceReport> lastReport() const;

  private:
    void loop(const std::stop_token& stop);

    storage::ObjectStore& store_;
    std::string tablePath_;
    MaintenancePolicy policy_;
    mutable std::mutex mutex_;
    std::condition_variable_any wake_;
    std::int64_t commits_ = 0;
    std::optional<MaintenanceReport> last_;
    std::jthread thread_;  // last: starts after every member it uses exists
};

}  // namespace riverdelta::lake::maintenance
