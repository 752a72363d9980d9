#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/postgres/pg_error.h"

namespace riverdelta::postgres {

class Connection;

// The target table does not have the columns or types the generator writes. The message names
// the table and the column.
class TableShapeMismatch : public PgError {
  public:
    explicit TableShapeMismatch(const std::string& what) : PgError(what) {}
};

struct ColumnSpec {
    std::string name;
    std::string pgType = "text";  // any PostgreSQL type name: "integer", "numeric(10,2)", …
    bool notNull = false;
    std::string constraints;  // the rest of a pgHint after its type: "UNIQUE", "DEFAULT 0", …
};

// ShadowTraffic's tablePolicy: create if absent (default), drop and create, or leave alone.
enum class TablePolicy { Create, DropAndCreate, Manual };

// Parses "create" / "dropAndCreate" / "manual"; throws PgError otherwise.
TablePolicy parseTablePolicy(std::string_view text);
const char* toString(TablePolicy policy);

struct TableSpec {
    std::string schema = "public";
    std::string table;
    std::vector<ColumnSpec> columns;
    std::vector<std::string> primaryKey;  // column names; empty: none
    // The generator's sqlDdlHint: the user's DDL, run instead of createTableSql() when the
    // table is created, with `schema` first on the search path (unqualified names land
    // there). Its column types are the user's word: shape checks then only ask that every
    // column exists.
    std::string createSql;

    // "schema"."table", quoted for SQL.
    [[nodiscard]] std::string qualifiedName() const;
    // schema.table for messages.
    [[nodiscard]] std::string displayName() const;
    [[nodiscard]] std::string createTableSql() const;
    // COPY "schema"."table" ("a", "b", …) FROM STDIN
    [[nodiscard]] std::string copySql() const;
};

// "name" with embedded quotes doubled.
std::string quoteIdentifier(std::string_view name);

// What applying a policy did.
struct TableSetup {
    bool created = false;  // the table was created (fresh, or after a drop)
    bool dropped = false;
};

// Applies the policy on `db` in one transaction: create the schema and table when absent
// (Create), drop and create (DropAndCreate), or nothing (Manual). Whenever the table was there
// already, checks its shape: every column must exist with a compatible type, else
// TableShapeMismatch; under Manual a missing table is a mismatch too. Runs no DDL when the
// table exists (so a role without CREATE can write into a prepared table). `onCreated` runs in
// the same transaction when the table was (re)created: the writer resets its progress there,
// so a crash can never leave an empty table with a stale progress row.
TableSetup applyTablePolicy(Connection& db, const TableSpec& spec, TablePolicy policy,
                            const std::function<void()>& onCreated = {});

// Only the shape check (throws TableShapeMismatch).
void verifyTableShape(Connection& db, const TableSpec& spec);

}  // namespace riverdelta::postgres
