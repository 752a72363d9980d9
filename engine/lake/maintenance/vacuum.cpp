#include "engine/lake/maintenance/vacuum.h"

#include <set>

#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/table_invariant.h"
#include "engine/lake/maintenance/table_files.h"
#include "engine/lake/maintenance/table_properties.h"

namespace riverdelta::lake::maintenance {

VacuumPlan planVacuum(const delta::Snapshot& snapshot,
                      std::span<const storage::ObjectInfo> dataObjects, std::int64_t nowMs,
                      std::chrono::milliseconds retention) {
    VacuumPlan plan;
    plan.cutoffMs = nowMs - retention.count();
    std::set<std::string, std::less<>> live, removedRecently, removed;
    for (const auto& [path, add] : snapshot.files)
        live.insert(decodeActionPath(path));
    for (const auto& [path, rm] : snapshot.tombstones) {
        const std::string p = decodeActionPath(path);
        removed.insert(p);
        // A remove without a timestamp is judged by the file's age alone.
        if (rm.deletionTimestamp && *rm.deletionTimestamp >= plan.cutoffMs)
            removedRecently.insert(p);
    }
    for (const auto& obj : dataObjects) {
        if (live.contains(obj.path)) continue;
        const bool orphan = !removed.contains(obj.path);
        if (orphan) {
            ++plan.orphans;
            plan.orphanBytes += static_cast<std::int64_t>(obj.size);
        }
        if (removedRecently.contains(obj.path) || obj.modifiedMs >= plan.cutoffMs) {
            ++plan.keptRecent;
            continue;
        }
        plan.remove.push_back(
            {obj.path, obj.size, orphan ? UnreferencedKind::Orphan : UnreferencedKind::Removed});
        plan.bytes += static_cast<std::int64_t>(obj.size);
    }
    return plan;
}

VacuumResult vacuumTable(storage::ObjectStore& store, const std::string& tablePath,
                         std::int64_t nowMs, std::optional<std::chrono::milliseconds> retention,
                         bool dryRun) {
    const delta::DeltaLog log(store, tablePath);
    // The snapshot first, the listing after: a file committed in between is young, so kept.
    const delta::Snapshot snapshot = log.load();
    VacuumResult result;
    if (!snapshot.exists()) return result;
    // A damaged commit's files look unreferenced: deleting them would make the loss final.
    if (const auto damage = snapshot.unresolvedDamage(); !damage.empty())
        throw delta::DamagedTableError("Delta table: commit version " +
                                       std::to_string(damage.front().version) + " is damaged (" +
                                       damage.front().why + "); vacuum deletes nothing");
    if (!retention) {
        retention = tablePropertiesFrom(snapshot.metadata ? snapshot.metadata->configuration
                                                          : std::map<std::string, std::string>{})
                        .deletedFileRetention;
    }
    const std::string root = rootPrefix(tablePath);
    const auto objects = listDataObjects(store, root);
    result.plan = planVacuum(snapshot, objects, nowMs, *retention);
    if (dryRun) return result;
    for (const auto& c : result.plan.remove) {
        if (store.remove(root + c.path)) {
            ++result.filesDeleted;
            result.bytesFreed += static_cast<std::int64_t>(c.size);
        }
    }
    return result;
}

}  // namespace riverdelta::lake::maintenance
