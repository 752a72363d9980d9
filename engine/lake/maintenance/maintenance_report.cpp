#include "engine/lake/maintenance/maintenance_report.h"

#include <fmt/format.h>

#include <chrono>

#include "engine/lake/maintenance/table_files.h"

namespace riverdelta::lake::maintenance {

bool MaintenanceReport::didSomething() const {
    return compactedFiles > 0 || expiredFiles > 0 || vacuumedFiles > 0 || logFilesDeleted > 0 ||
           !error.empty();
}

std::string formatBytes(std::int64_t bytes) {
    constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    auto v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    return u == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", v, kUnits[u]);
}

std::string MaintenanceReport::summary() const {
    using namespace std::chrono;
    const auto t = sys_seconds{duration_cast<seconds>(milliseconds(finishedMs))};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    std::string s =
        fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d} UTC: {} → {} files",
                    static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                    static_cast<unsigned>(ymd.day()), hms.hours().count(), hms.minutes().count(),
                    hms.seconds().count(), filesBefore, filesAfter);
    if (vacuumRan || bytesFreed > 0) s += ", " + formatBytes(bytesFreed) + " freed";
    if (expiredFiles > 0) s += fmt::format(", {} rows expired", expiredRows);
    if (logFilesDeleted > 0) s += fmt::format(", {} log files deleted", logFilesDeleted);
    if (!error.empty()) s += " — failed: " + error;
    return s;
}

nlohmann::json MaintenanceReport::toJson() const {
    return {{"startedMs", startedMs},
            {"finishedMs", finishedMs},
            {"filesBefore", filesBefore},
            {"filesAfter", filesAfter},
            {"compactedFiles", compactedFiles},
            {"compactedInto", compactedInto},
            {"compactedBytes", compactedBytes},
            {"expiredFiles", expiredFiles},
            {"expiredRows", expiredRows},
            {"vacuumedFiles", vacuumedFiles},
            {"vacuumedOrphans", vacuumedOrphans},
            {"bytesFreed", bytesFreed},
            {"logFilesDeleted", logFilesDeleted},
            {"orphanFiles", orphanFiles},
            {"version", version},
            {"vacuumRan", vacuumRan},
            {"error", error}};
}

MaintenanceReport MaintenanceReport::fromJson(const nlohmann::json& j) {
    MaintenanceReport r;
    auto i64 = [&](const char* key, std::int64_t& out) {
        if (j.contains(key) && j[key].is_number_integer()) out = j[key].get<std::int64_t>();
    };
    i64("startedMs", r.startedMs);
    i64("finishedMs", r.finishedMs);
    i64("filesBefore", r.filesBefore);
    i64("filesAfter", r.filesAfter);
    i64("compactedFiles", r.compactedFiles);
    i64("compactedInto", r.compactedInto);
    i64("compactedBytes", r.compactedBytes);
    i64("expiredFiles", r.expiredFiles);
    i64("expiredRows", r.expiredRows);
    i64("vacuumedFiles", r.vacuumedFiles);
    i64("vacuumedOrphans", r.vacuumedOrphans);
    i64("bytesFreed", r.bytesFreed);
    i64("logFilesDeleted", r.logFilesDeleted);
    i64("orphanFiles", r.orphanFiles);
    i64("version", r.version);
    r.vacuumRan = j.value("vacuumRan", false);
    if (j.contains("error") && j["error"].is_string()) r.error = j["error"].get<std::string>();
    return r;
}

void saveReport(storage::ObjectStore& store, const std::string& tablePath,
                const MaintenanceReport& report) {
    store.overwrite(rootPrefix(tablePath) + std::string(kReportPath), report.toJson().dump());
}

std::optional<MaintenanceReport> loadReport(storage::ObjectStore& store,
                                            const std::string& tablePath) {
    const auto text = store.read(rootPrefix(tablePath) + std::string(kReportPath));
    if (!text) return std::nullopt;
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    return MaintenanceReport::fromJson(j);
}

}  // namespace riverdelta::lake::maintenance
