#include "engine/lake/sync/table_repair.h"

#include <fmt/format.h>

#include <chrono>
#include <vector>

#include "engine/core/error.h"
#include "riverdelta/version.h"

namespace riverdelta::lake::sync {
namespace {

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// `actions` starts with an empty CommitInfo (commitInfo comes first, as Spark writes it).
std::int64_t commitResolution(delta::TableWriter& table, nlohmann::json info,
                              std::vector<delta::Action> actions,
                              const delta::TableInvariant& invariant) {
    const std::int64_t version = table.version() + 1;
    info[delta::kResolvedDamageKey] = invariant.versions();
    info["timestamp"] = nowMs();
    info["engineInfo"] = std::string("riverdelta/") + kVersion;
    info["readVersion"] = table.version();
    info["isBlindAppend"] = false;
    info["riverdelta.damage"] = invariant.describe();
    std::get<delta::CommitInfo>(actions.front()).info = std::move(info);  // placed first
    if (table.log().commit(version, actions) == delta::CommitStatus::Conflict) {
        table.refresh();
        throw Error(
            fmt::format("another writer committed version {} while this one resolved the damage; "
                        "nothing was changed, run again",
                        version));
    }
    table.refresh();
    return version;
}

}  // namespace

std::int64_t repairFromKafka(delta::TableWriter& table, std::string_view offsetsAppIdBase,
                             const delta::TableInvariant& invariant) {
    const auto& snap = table.snapshot();
    std::vector<delta::Action> actions{delta::CommitInfo{}};
    const std::int64_t now = nowMs();
    std::int64_t rows = snap.numRecords();
    for (const auto& [path, add] : snap.files) {
        delta::RemoveFile r;
        r.path = path;
        r.deletionTimestamp = now;
        r.dataChange = true;
        r.extendedFileMetadata = true;
        r.partitionValues = add.partitionValues;
        r.size = add.size;
        actions.emplace_back(std::move(r));
    }
    const std::string prefix = std::string(offsetsAppIdBase) + "-";
    for (const auto& [appId, txn] : snap.txns)
        if (appId.starts_with(prefix) && appId != delta::unwrittenAppId(offsetsAppIdBase))
            actions.emplace_back(delta::Txn(appId, -1, now));
    actions.emplace_back(delta::Txn(delta::unwrittenAppId(offsetsAppIdBase), 0, now));
    nlohmann::json info = {{"operation", "REPAIR FROM KAFKA"},
                           {"operationParameters", {{"from", "the topic's first offset"}}},
                           {"operationMetrics",
                            {{"numRemovedFiles", std::to_string(snap.files.size())},
                             {"numDeletedRows", std::to_string(rows)}}}};
    return commitResolution(table, std::move(info), std::move(actions), invariant);
}

std::int64_t acceptDamage(delta::TableWriter& table, std::string_view offsetsAppIdBase,
                          const delta::TableInvariant& invariant) {
    const auto& snap = table.snapshot();
    // Once accepted the table balances: rows + unwritten = covered. A table that does not
    // count its unwritten offsets yet starts counting from what it holds now.
    const std::int64_t before = delta::unwrittenBaseline(snap, offsetsAppIdBase);
    const std::int64_t after =
        invariant.counted ? invariant.covered - invariant.rows - (invariant.unwritten - before)
                          : before;
    std::vector<delta::Action> actions{delta::CommitInfo{}};
    actions.emplace_back(delta::Txn(delta::unwrittenAppId(offsetsAppIdBase), after, nowMs()));
    nlohmann::json info = {{"operation", "ACCEPT DAMAGE"},
                           {"riverdelta.acceptedMissingOffsets", after - before}};
    return commitResolution(table, std::move(info), std::move(actions), invariant);
}

bool resolveDamage(delta::TableWriter& table, DamageChoice choice,
                   std::string_view offsetsAppIdBase, const std::string& tableLocation) {
    const auto invariant = delta::checkTableInvariant(table.snapshot());
    if (!invariant.damaged()) return false;
    switch (choice) {
        case DamageChoice::Refuse:
            throw delta::DamagedTableError(
                fmt::format("the Delta table {} is {}. Nothing is appended until you choose: sync "
                            "--repair rewrites it from Kafka (from offset 0), sync --accept-damage "
                            "records the loss in the table and goes on",
                            tableLocation, invariant.describe()));
        case DamageChoice::RepairFromKafka:
            repairFromKafka(table, offsetsAppIdBase, invariant);
            break;
        case DamageChoice::Accept:
            acceptDamage(table, offsetsAppIdBase, invariant);
            break;
    }
    return true;
}

}  // namespace riverdelta::lake::sync
