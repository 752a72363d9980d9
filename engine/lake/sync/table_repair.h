#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/lake/delta/table_invariant.h"
#include "engine/lake/delta/table_writer.h"
#include "engine/lake/sync/sync_job.h"

namespace riverdelta::lake::sync {

// The two ways out of a damaged table (delta/table_invariant.h), each one commit that names
// the damaged versions in commitInfo (delta::kResolvedDamageKey), so the check passes after it.
// `offsetsAppIdBase` is "<prefix>-<topic>". Both refresh `table`; both throw Error when another
// writer committed in between (run again) or the commit cannot be written.

// Repair from Kafka, as Tableflow would re-materialise a table from its topic: removes every
// live file (dataChange=true, so readers see an empty table), sets every partition's offsets to
// -1 and the unwritten count to 0; the job then reads the topic again from its first offset.
// The old files stay on disk until vacuum, so earlier versions still read. Returns the version.
std::int64_t repairFromKafka(delta::TableWriter& table, std::string_view offsetsAppIdBase,
                             const delta::TableInvariant& invariant);

// Accept the loss: the rows stay as they are, the offsets they lack are added to the unwritten
// count (commitInfo riverdelta.acceptedMissingOffsets says how many). Returns the version.
std::int64_t acceptDamage(delta::TableWriter& table, std::string_view offsetsAppIdBase,
                          const delta::TableInvariant& invariant);

// What a job starting on `table` does when the table is damaged, by the user's `choice`: Refuse
// throws delta::DamagedTableError naming the damage and both ways out; the others repair or
// accept it (one commit). Returns whether the table was damaged.
bool resolveDamage(delta::TableWriter& table, DamageChoice choice,
                   std::string_view offsetsAppIdBase, const std::string& tableLocation);

}  // namespace riverdelta::lake::sync
