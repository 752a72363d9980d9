#include "engine/lake/maintenance/log_cleanup.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "engine/lake/delta/delta_log.h"
#include "engine/lake/maintenance/table_files.h"
#include "engine/lake/maintenance/table_properties.h"

namespace riverdelta::lake::maintenance {
namespace {

// The leading 20-digit version of a log file name ("00000000000000000012.json" → 12).
std::optional<std::int64_t> leadingVersion(std::string_view name) {
    if (name.size() < 21 || name[20] != '.') return std::nullopt;
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(name.data(), name.data() + 20, v);
    if (ec != std::errc() || p != name.data() + 20) return std::nullopt;
    return v;
}

// The newest version a log file covers: a compacted log "<from>.<to>.compacted.json" covers up
// to <to>; everything else covers its leading version.
std::int64_t lastVersionCovered(std::string_view name, std::int64_t leading) {
    if (name.size() > 42 && name.ends_with(".compacted.json")) {
        if (auto to = leadingVersion(name.substr(21))) return *to;
    }
    return leading;
}

}  // namespace

LogCleanupPlan planLogCleanup(std::span<const storage::ObjectInfo> logObjects, std::int64_t nowMs,
                              std::chrono::milliseconds retention) {
    LogCleanupPlan plan;
    plan.cutoffMs = nowMs - retention.count();
    std::map<std::int64_t, std::int64_t> commits;  // version → modified
    std::vector<std::int64_t> checkpoints;
    for (const auto& obj : logObjects) {
        const auto v = leadingVersion(obj.path);
        if (!v) continue;
        const std::string_view rest = std::string_view(obj.path).substr(20);
        if (rest == ".json") commits[*v] = obj.modifiedMs;
        if (rest == ".checkpoint.parquet") checkpoints.push_back(*v);
    }
    std::optional<std::int64_t> expired;
    for (const auto& [v, modified] : commits) {
        if (modified >= plan.cutoffMs) break;
        if (expired && v != *expired + 1) break;  // a gap: do not reason past it
        expired = v;
    }
    if (!expired) return plan;
    std::sort(checkpoints.begin(), checkpoints.end());
    for (const auto c : checkpoints)
        if (c <= *expired + 1) plan.checkpoint = c;
    if (!plan.checkpoint) return plan;
    for (const auto& obj : logObjects) {
        const auto v = leadingVersion(obj.path);
        if (!v || obj.modifiedMs >= plan.cutoffMs) continue;
        if (lastVersionCovered(obj.path, *v) < *plan.checkpoint) plan.remove.push_back(obj.path);
    }
    return plan;
}

LogCleanupResult cleanUpLog(storage::ObjectStore& store, const std::string& tablePath,
                            std::int64_t nowMs, std::optional<std::chrono::milliseconds> retention,
                            bool dryRun) {
    LogCleanupResult result;
    const delta::DeltaLog log(store, tablePath);
    const delta::Snapshot snapshot = log.load();
    if (!snapshot.exists()) return result;
    const TableProperties props =
        tablePropertiesFrom(snapshot.metadata ? snapshot.metadata->configuration
                                              : std::map<std::string, std::string>{});
    if (!props.expiredLogCleanup) return result;
    const std::string prefix = rootPrefix(tablePath) + "_delta_log/";
    auto objects = store.list(prefix);
    for (auto& o : objects)
        o.path = o.path.substr(prefix.size());
    result.plan = planLogCleanup(objects, nowMs, retention.value_or(props.logRetention));
    if (dryRun) return result;
    // Oldest first: a reader listing meanwhile sees a log that starts later, never one with a hole.
    for (const auto& name : result.plan.remove)
        if (store.remove(prefix + name)) ++result.filesDeleted;
    return result;
}

}  // namespace riverdelta::lake::maintenance
