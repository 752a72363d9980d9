#include "engine/lake/maintenance/rewrite_commit.h"

#include <algorithm>
#include <chrono>

#include "engine/lake/delta/table_invariant.h"
#include "riverdelta/version.h"

namespace riverdelta::lake::maintenance {

std::int64_t nowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

RewriteCommitResult commitRewrite(const delta::DeltaLog& log, delta::Snapshot& snapshot,
                                  const RewriteCommit& commit, std::int64_t checkpointInterval) {
    constexpr int kAttempts = 100;  // appends every few seconds: each retry is one log listing
    RewriteCommitResult result;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        if (const auto damage = snapshot.unresolvedDamage(); !damage.empty())
            throw delta::DamagedTableError(
                "Delta table: commit version " + std::to_string(damage.front().version) +
                " is damaged (" + damage.front().why + "); maintenance writes nothing");
        for (const auto& r : commit.removes)
            if (!snapshot.files.contains(r.path)) result.gone.push_back(r.path);
        if (!result.gone.empty()) return result;

        const std::int64_t version = snapshot.version + 1;
        std::vector<delta::Action> actions;
        delta::CommitInfo info;
        info.info = commit.commitInfo;
        info.info["timestamp"] = nowMillis();
        info.info["engineInfo"] = std::string("riverdelta/") + kVersion;
        info.info["readVersion"] = snapshot.version;
        info.info["isBlindAppend"] = false;
        actions.emplace_back(std::move(info));
        for (const auto& r : commit.removes)
            actions.emplace_back(r);
        for (const auto& a : commit.adds)
            actions.emplace_back(a);
        if (commit.rowsRemoved > 0) {
            for (const auto& [appId, txn] : snapshot.txns) {
                if (!appId.ends_with(delta::kUnwrittenSuffix)) continue;
                actions.emplace_back(
                    delta::Txn(appId, txn.version + commit.rowsRemoved, nowMillis()));
                break;
            }
        }
        if (log.commit(version, actions) == delta::CommitStatus::Conflict) {
            log.update(snapshot);
            continue;
        }
        for (const auto& a : actions)
            snapshot.apply(a);
        snapshot.version = version;
        result.version = version;
        if (checkpointInterval > 0 && version % checkpointInterval == 0) {
            try {
                log.writeCheckpoint(snapshot);
            } catch (const std::exception& e) {
                result.checkpointError = e.what();
            }
        }
        return result;
    }
    throw delta::LogError("Delta commit kept losing the race against other writers");
}

}  // namespace riverdelta::lake::maintenance
