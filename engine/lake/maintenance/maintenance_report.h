#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/lake/storage/object_store.h"

namespace riverdelta::lake::maintenance {

// What one maintenance run did to a table (shown by the sync status, `lake status` and the run
// report; kept in the table folder as _riverdelta/maintenance.json).
struct MaintenanceReport {
    std::int64_t startedMs = 0;  // epoch ms
    std::int64_t finishedMs = 0;
    std::int64_t filesBefore = 0;  // active data files before and after
    std::int64_t filesAfter = 0;
    std::int64_t compactedFiles = 0;  // small files joined ...
    std::int64_t compactedInto = 0;   // ... into this many
    std::int64_t compactedBytes = 0;  // bytes written by compaction
    std::int64_t expiredFiles = 0;    // data retention (TTL)
    std::int64_t expiredRows = 0;
    std::int64_t vacuumedFiles = 0;  // deleted data files (removed ones and orphans)
    std::int64_t vacuumedOrphans = 0;
    std::int64_t bytesFreed = 0;
    std::int64_t logFilesDeleted = 0;
    std::int64_t orphanFiles = 0;  // never-committed files still in the folder (young ones)
    std::int64_t version = -1;     // table version afterwards
    bool vacuumRan = false;
    std::string error;  // empty when the run succeeded

    [[nodiscard]] bool didSomething() const;
    // "2026-12-06 05:50:12 UTC: 240 → 9 files, 12.4 MiB freed, 30 log files deleted"
    [[nodiscard]] std::string summary() const;
    [[nodiscard]] nlohmann::json toJson() const;
    static MaintenanceReport fromJson(const nlohmann::json& j);

    bool operator==(const MaintenanceReport&) const = default;
};

inline constexpr std::string_view kReportPath = "_riverdelta/maintenance.json";

void saveReport(storage::ObjectStore& store, const std::string& tablePath,
                const MaintenanceReport& report);
// nullopt when the table was never maintained (or the file is unreadable).
std::optional<MaintenanceReport> loadReport(storage::ObjectStore& store,
                                            const std::string& tablePath);

// "12.4 MiB", "812 B".
std::string formatBytes(std::int64_t bytes);

}  // namespace riverdelta::lake::maintenance
