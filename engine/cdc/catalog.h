#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/cdc/lsn.h"
#include "engine/cdc/table_info.h"
#include "engine/postgres/connection.h"

// Catalog checks and bookkeeping on a normal (non-replication) connection to the source
// database. Every check throws CdcError with a message that says what to change.
namespace riverdelta::cdc {

// nullopt when `walLevel` allows logical decoding; otherwise the message to show.
[[nodiscard]] std::optional<std::string> walLevelProblem(std::string_view walLevel);
void checkWalLevel(postgres::Connection& db);

// nullopt when the role may replicate (REPLICATION or SUPERUSER); otherwise the message.
[[nodiscard]] std::optional<std::string> replicationPrivilegeProblem(std::string_view role,
                                                                     bool superuser,
                                                                     bool replication);
void checkReplicationPrivilege(postgres::Connection& db);

// Columns, primary key and replica identity of one table; topic = prefix.schema.table.
TableInfo loadTable(postgres::Connection& db, const TableName& name, std::string_view topicPrefix);

// Creates the publication FOR TABLE <tables> when missing (returns true); when it exists,
// checks it covers every table and publishes inserts, updates and deletes.
bool ensurePublication(postgres::Connection& db, const std::string& publication,
                       const std::vector<TableInfo>& tables);

struct SlotInfo {
    bool exists = false;
    std::string plugin;
    std::string database;
    bool active = false;
    int activePid = 0;
    Lsn confirmedFlush;
};
SlotInfo findSlot(postgres::Connection& db, const std::string& slot);
void dropSlot(postgres::Connection& db, const std::string& slot);

// Durable record of snapshot completion, in riverdelta.cdc_state of the source database
// (outside any publication Riverdelta creates). A slot whose row lacks snapshot_done_lsn had
// its snapshot interrupted: the source drops and recreates it and snapshots again.
struct SlotState {
    bool exists = false;
    std::optional<Lsn> snapshotDone;
    std::vector<std::string> tables;  // "schema.table" covered by the snapshot
};
void ensureStateTable(postgres::Connection& db);
SlotState readState(postgres::Connection& db, const std::string& slot);
void recordSnapshotStarted(postgres::Connection& db, const std::string& slot,
                           const std::string& publication, const std::vector<std::string>& tables);
// Upserts the row with snapshot_done_lsn = lsn and the tables the snapshot covered.
void recordSnapshotDone(postgres::Connection& db, const std::string& slot,
                        const std::string& publication, const std::vector<std::string>& tables,
                        Lsn lsn);
void forgetState(postgres::Connection& db, const std::string& slot);

// Slot names: lower-case letters, digits and underscores, at most 63 characters.
[[nodiscard]] bool validSlotName(std::string_view name);

}  // namespace riverdelta::cdc
