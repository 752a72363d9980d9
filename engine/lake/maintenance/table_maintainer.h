#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <stop_token>
#include <string>

#include "engine/lake/maintenance/compaction_plan.h"
#include "engine/lake/maintenance/maintenance_report.h"
#include "engine/lake/storage/object_store.h"

namespace riverdelta::lake::maintenance {

// When and how a table is maintained. The defaults keep a table synced at the sync's default
// commit policy (about one commit a second on a steady stream) at a few dozen active files:
// compaction whenever 32 files are below the target size (about every 32 s), expired log
// files and unreferenced data files deleted once an hour (by the table's retention
// properties, Delta's defaults 30 days / 7 days).
struct MaintenancePolicy {
    bool enabled = true;
    CompactionOptions compaction;
    std::size_t compactAfterSmallFiles = 32;
    std::chrono::milliseconds checkEvery = std::chrono::seconds(60);  // background wake-up
    std::chrono::milliseconds cleanupEvery = std::chrono::hours(1);   // vacuum + log cleanup
    // Override the table properties when set.
    std::optional<std::chrono::milliseconds> deletedFileRetention;  // delta.deletedFile…
    std::optional<std::chrono::milliseconds> logRetention;          // delta.logRetentionDuration
    std::optional<std::chrono::milliseconds> dataRetention;  // riverdelta.dataRetentionDuration
    std::string timestampColumn = "_kafka_timestamp";        // what data retention judges by
};

// Runs the maintenance steps on one table: data expiry (when a retention is set), compaction,
// then log cleanup and VACUUM. Each step reads the log afresh and commits on its own, so a
// concurrent appender only ever loses a commit race it retries.
class TableMaintainer {
  public:
    TableMaintainer(storage::ObjectStore& store, std::string tablePath, MaintenancePolicy policy);

    struct Steps {
        bool compactAlways = false;  // compact whatever bins exist, not only past the threshold
        bool cleanup = true;         // log cleanup and vacuum
    };
    // Never throws: a failure is the report's error (steps done before it are counted).
    MaintenanceReport run(Steps steps, const std::stop_token& stop = {});

  private:
    storage::ObjectStore& store_;
    std::string tablePath_;
    MaintenancePolicy policy_;
};

}  // namespace riverdelta::lake::maintenance
