#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "engine/lake/sync/sync_job.h"

namespace riverdelta::lake::sync {

// Why the table at options.tableLocation cannot continue options.topic as the cluster holds it
// now: a partition's committed offset (its txn version) at or past the topic's end, a partition
// the topic does not have, or no such topic. nullopt when it can (also: no table, or a table
// without offsets of this topic). A remembered sandbox sync asks this first: the sandbox's
// topics are new at every start, so a table of an earlier session rarely fits. Throws on an
// unreadable table or an unreachable cluster.
std::optional<std::string> offsetsMismatch(const SyncOptions& options,
                                           std::chrono::milliseconds timeout);

}  // namespace riverdelta::lake::sync
