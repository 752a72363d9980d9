#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "engine/lake/delta/actions.h"
#include "engine/lake/delta/commit_integrity.h"

namespace riverdelta::lake::delta {

// The table state at one version, from log replay: latest protocol and metaData, the active
// data files, remove tombstones, and the latest txn version per appId.
struct Snapshot {
    std::int64_t version = -1;  // -1: the table does not exist yet
    std::optional<Protocol> protocol;
    std::optional<Metadata> metadata;
    std::map<std::string, AddFile> files;  // by path
    std::map<std::string, RemoveFile> tombstones;
    std::map<std::string, Txn, std::less<>> txns;   // by appId
    std::optional<std::int64_t> checkpointVersion;  // replay started from this checkpoint
    // Damaged commit files met in replay (their actions are not applied), and the versions
    // a later accept or repair commit resolved (commitInfo kResolvedDamageKey). A checkpoint
    // past them ends both: replay no longer reads those commits.
    std::vector<CommitDamage> damage;
    std::set<std::int64_t> resolvedDamage;

    [[nodiscard]] bool exists() const { return version >= 0; }
    void apply(const Action& action);

    [[nodiscard]] std::optional<std::int64_t> txnVersion(std::string_view appId) const;
    // Sum of numRecords over active files' stats (files without stats count 0).
    [[nodiscard]] std::int64_t numRecords() const;
    [[nodiscard]] std::int64_t totalBytes() const;
    // The damaged commits no accept or repair commit resolved.
    [[nodiscard]] std::vector<CommitDamage> unresolvedDamage() const;
};

}  // namespace riverdelta::lake::delta
