#include "engine/cdc/catalog.h"

#include <algorithm>

#include "engine/cdc/cdc_error.h"
#include "engine/postgres/pg_error.h"

namespace riverdelta::cdc {

namespace {

using Params = std::vector<std::optional<std::string>>;

// Text form of a PostgreSQL text[] ("{a,b}", elements quoted when needed) parsed simply: our
// elements are "schema.table" names we wrote ourselves.
std::vector<std::string> parseTextArray(std::string_view text) {
    std::vector<std::string> out;
    if (text.size() < 2) return out;
    text = text.substr(1, text.size() - 2);
    std::string current;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (c == '\\' && i + 1 < text.size()) {
            current.push_back(text[++i]);
        } else if (c == ',' && !quoted) {
            out.push_back(std::move(current));
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    if (!text.empty()) out.push_back(std::move(current));
    return out;
}

std::string textArray(const std::vector<std::string>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out.push_back(',');
        out.push_back('"');
        for (char c : items[i]) {
            if (c == '"' || c == '\\') out.push_back('\\');
            out.push_back(c);
        }
        out.push_back('"');
    }
    out.push_back('}');
    return out;
}

}  // namespace

std::optional<std::string> walLevelProblem(std::string_view walLevel) {
    if (walLevel == "logical") return std::nullopt;
    return "PostgreSQL wal_level is '" + std::string(walLevel) +
           "' but change data capture needs 'logical': as a superuser run "
           "ALTER SYSTEM SET wal_level = logical; then restart the PostgreSQL server "
           "(max_replication_slots and max_wal_senders must also be at least 1)";
}

void checkWalLevel(postgres::Connection& db) {
    auto res = db.exec("SHOW wal_level");
    if (auto problem = walLevelProblem(res.value(0, 0)))
        throw CdcError(CdcErrorKind::WalLevel, *problem);
}

std::optional<std::string> replicationPrivilegeProblem(std::string_view role, bool superuser,
                                                       bool replication) {
    if (superuser || replication) return std::nullopt;
    return "PostgreSQL role '" + std::string(role) +
           "' lacks the REPLICATION privilege that logical replication needs: as a superuser "
           "run ALTER ROLE " +
           quoteIdentifier(role) + " WITH REPLICATION; (or connect as a role that has it)";
}

void checkReplicationPrivilege(postgres::Connection& db) {
    auto res = db.exec(
        "SELECT current_user, rolsuper, rolreplication FROM pg_roles "
        "WHERE rolname = current_user");
    if (res.rows() != 1) return;  // cannot tell; the replication connection will say
    if (auto problem = replicationPrivilegeProblem(res.value(0, 0), res.value(0, 1) == "t",
                                                   res.value(0, 2) == "t"))
        throw CdcError(CdcErrorKind::ReplicationPrivilege, *problem);
}

TableInfo loadTable(postgres::Connection& db, const TableName& name, std::string_view topicPrefix) {
    const Params params{name.schema, name.table};
    auto rel = db.exec(
        "SELECT c.oid, c.relreplident, c.relkind FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
        params);
    if (rel.rows() != 1 || (rel.value(0, 2) != "r" && rel.value(0, 2) != "p"))
        throw CdcError(CdcErrorKind::MissingTable, "table " + name.display() +
                                                       " does not exist in this database (check "
                                                       "--tables: schema.table, case-sensitive)");
    TableInfo table;
    table.name = name;
    table.oid = static_cast<std::uint32_t>(std::stoul(std::string(rel.value(0, 0))));
    table.replicaIdentity = rel.value(0, 1).empty() ? 'd' : rel.value(0, 1)[0];
    table.topic = std::string(topicPrefix) + "." + name.schema + "." + name.table;

    auto pk = db.exec(
        "SELECT a.attname FROM pg_index i "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indrelid = $1::oid AND i.indisprimary "
        "ORDER BY array_position(i.indkey::int2[], a.attnum)",
        Params{std::to_string(table.oid)});
    if (pk.rows() == 0)
        throw CdcError(CdcErrorKind::MissingPrimaryKey,
                       "table " + name.display() +
                           " has no primary key; change events are keyed by it: add one with "
                           "ALTER TABLE " +
                           name.sql() +
                           " ADD PRIMARY KEY (<columns>) or leave "
                           "the table out of --tables");
    for (int r = 0; r < pk.rows(); ++r)
        table.primaryKey.emplace_back(pk.value(r, 0));

    auto cols = db.exec(
        "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = $1::oid AND attnum > 0 "
        "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
        Params{std::to_string(table.oid)});
    std::vector<ColumnInfo> columns;
    columns.reserve(static_cast<std::size_t>(cols.rows()));
    for (int r = 0; r < cols.rows(); ++r)
        columns.push_back(TableInfo::column(
            std::string(cols.value(r, 0)),
            static_cast<std::uint32_t>(std::stoul(std::string(cols.value(r, 1))))));
    table.setColumns(std::move(columns));
    return table;
}

bool ensurePublication(postgres::Connection& db, const std::string& publication,
                       const std::vector<TableInfo>& tables) {
    auto pub =
        db.exec("SELECT pubinsert, pubupdate, pubdelete FROM pg_publication WHERE pubname = $1",
                Params{publication});
    if (pub.rows() == 0) {
        std::string sql = "CREATE PUBLICATION " + quoteIdentifier(publication) + " FOR TABLE ";
        for (std::size_t i = 0; i < tables.size(); ++i)
            sql += (i ? ", " : "") + tables[i].name.sql();
        try {
            db.exec(sql);
        } catch (const postgres::PgError& e) {
            throw CdcError(CdcErrorKind::Other,
                           "cannot create publication '" + publication + "': " + e.what() +
                               " (the role must own the tables, or create the publication as "
                               "their owner)");
        }
        return true;
    }
    std::string missingOps;
    if (pub.value(0, 0) != "t") missingOps += "insert ";
    if (pub.value(0, 1) != "t") missingOps += "update ";
    if (pub.value(0, 2) != "t") missingOps += "delete ";
    if (!missingOps.empty())
        throw CdcError(CdcErrorKind::PublicationMissingTable,
                       "publication '" + publication + "' does not publish " + missingOps +
                           "changes: ALTER PUBLICATION " + quoteIdentifier(publication) +
                           " SET (publish = 'insert, update, delete, truncate');");
    auto published =
        db.exec("SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = $1",
                Params{publication});
    std::vector<std::string> missing;
    for (const auto& t : tables) {
        bool found = false;
        for (int r = 0; r < published.rows() && !found; ++r)
            found = published.value(r, 0) == t.name.schema && published.value(r, 1) == t.name.table;
        if (!found) missing.push_back(t.name.sql());
    }
    if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing)
            list += (list.empty() ? "" : ", ") + m;
        throw CdcError(CdcErrorKind::PublicationMissingTable,
                       "publication '" + publication + "' does not include " + list +
                           ": run ALTER PUBLICATION " + quoteIdentifier(publication) +
                           " ADD TABLE " + list + "; (or name another publication)");
    }
    return false;
}

SlotInfo findSlot(postgres::Connection& db, const std::string& slot) {
    auto res = db.exec(
        "SELECT plugin, database, active, coalesce(active_pid, 0), confirmed_flush_lsn "
        "FROM pg_replication_slots WHERE slot_name = $1",
        Params{slot});
    SlotInfo info;
    if (res.rows() == 0) return info;
    info.exists = true;
    info.plugin = res.value(0, 0);
    info.database = res.value(0, 1);
    info.active = res.value(0, 2) == "t";
    info.activePid = std::atoi(std::string(res.value(0, 3)).c_str());
    if (!res.isNull(0, 4)) info.confirmedFlush = Lsn::fromString(res.value(0, 4));
    return info;
}

void dropSlot(postgres::Connection& db, const std::string& slot) {
    db.exec("SELECT pg_drop_replication_slot($1)", Params{slot});
}

void ensureStateTable(postgres::Connection& db) {
    const char* ddl =
        "CREATE SCHEMA IF NOT EXISTS riverdelta; "
        "CREATE TABLE IF NOT EXISTS riverdelta.cdc_state ("
        " slot_name text PRIMARY KEY,"
        " publication text NOT NULL,"
        " tables text[] NOT NULL,"
        " snapshot_started_at timestamptz NOT NULL DEFAULT now(),"
        " snapshot_done_lsn pg_lsn,"
        " snapshot_done_at timestamptz)";
    for (int attempt = 0;; ++attempt) {
        try {
            db.exec(ddl);
            return;
        } catch (const postgres::PgError& e) {
            // Two sources creating it at once: one wins, the other sees a unique violation.
            if (attempt == 0 &&
                (e.sqlState() == "23505" || e.sqlState() == "42P06" || e.sqlState() == "42P07"))
                continue;
            throw CdcError(CdcErrorKind::Other,
                           std::string("cannot create riverdelta.cdc_state, where the source "
                                       "records snapshot completion: ") +
                               e.what() +
                               " (grant the role CREATE on the database, or create the schema "
                               "riverdelta for it)");
        }
    }
}

SlotState readState(postgres::Connection& db, const std::string& slot) {
    auto res =
        db.exec("SELECT snapshot_done_lsn, tables FROM riverdelta.cdc_state WHERE slot_name = $1",
                Params{slot});
    SlotState state;
    if (res.rows() == 0) return state;
    state.exists = true;
    if (!res.isNull(0, 0)) state.snapshotDone = Lsn::fromString(res.value(0, 0));
    state.tables = parseTextArray(res.value(0, 1));
    return state;
}

void recordSnapshotStarted(postgres::Connection& db, const std::string& slot,
                           const std::string& publication, const std::vector<std::string>& tables) {
    db.exec(
        "INSERT INTO riverdelta.cdc_state (slot_name, publication, tables) VALUES ($1, $2, $3) "
        "ON CONFLICT (slot_name) DO UPDATE SET publication = excluded.publication, "
        "tables = excluded.tables, snapshot_started_at = now(), snapshot_done_lsn = NULL, "
        "snapshot_done_at = NULL",
        Params{slot, publication, textArray(tables)});
}

void recordSnapshotDone(postgres::Connection& db, const std::string& slot,
                        const std::string& publication, const std::vector<std::string>& tables,
                        Lsn lsn) {
    db.exec(
        "INSERT INTO riverdelta.cdc_state (slot_name, publication, tables, snapshot_done_lsn, "
        "snapshot_done_at) VALUES ($1, $2, $3, $4::pg_lsn, now()) "
        "ON CONFLICT (slot_name) DO UPDATE SET publication = excluded.publication, "
        "tables = excluded.tables, snapshot_done_lsn = excluded.snapshot_done_lsn, "
        "snapshot_done_at = excluded.snapshot_done_at",
        Params{slot, publication, textArray(tables), lsn.toString()});
}

void forgetState(postgres::Connection& db, const std::string& slot) {
    db.exec("DELETE FROM riverdelta.cdc_state WHERE slot_name = $1", Params{slot});
}

bool validSlotName(std::string_view name) {
    if (name.empty() || name.size() > 63) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

}  // namespace riverdelta::cdc
