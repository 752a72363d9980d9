#include "engine/lake/sync/batch_commit.h"

#include <fmt/format.h>

#include <vector>

#include "engine/core/error.h"
#include "engine/lake/delta/table_invariant.h"
#include "engine/lake/sync/sync_job.h"

namespace riverdelta::lake::sync {

std::optional<LostRace> commitToTable(delta::TableWriter& table, BufferedBatch& batch,
                                      std::string_view appIdPrefix, std::string_view topic) {
    std::vector<delta::AddFile> adds;
    if (auto add = batch.finishFile()) adds.push_back(std::move(*add));
    const std::string base = fmt::format("{}-{}", appIdPrefix, topic);
    for (int attempt = 0;; ++attempt) {
        std::vector<delta::Txn> txns = batch.txns(appIdPrefix, topic);
        // Recomputed per attempt: a lost race refreshed the table, and its count.
        txns.push_back({delta::unwrittenAppId(base),
                        delta::unwrittenBaseline(table.snapshot(), base) + batch.unwritten(),
                        std::nullopt});
        if (table.commit(adds, txns).status == delta::CommitStatus::Committed) return std::nullopt;
        // Someone else committed first: give up if they wrote any of our offsets.
        for (const auto& [p, first] : batch.firstOffsets()) {
            const auto theirs = table.txnVersion(SyncJob::appId(appIdPrefix, topic, p));
            if (theirs && *theirs >= first) return LostRace{p, *theirs};
        }
        if (attempt >= 20) throw Error("Delta commit kept conflicting with another writer");
    }
}

}  // namespace riverdelta::lake::sync
