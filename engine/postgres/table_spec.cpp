#include "engine/postgres/table_spec.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "engine/postgres/connection.h"

namespace riverdelta::postgres {

namespace {

struct TypeInfo {
    std::string oid;
    std::string name;     // pg_type.typname: int4, varchar, timestamptz, …
    char category = 'X';  // pg_type.typcategory
    std::string display;  // format_type(): "integer", "character varying(20)", …
};

// Numeric widths: a column may be wider than what we write, never narrower.
int numericRank(std::string_view t) {
    if (t == "int2") return 1;
    if (t == "int4") return 2;
    if (t == "int8") return 3;
    if (t == "float4") return 4;
    if (t == "float8") return 5;
    if (t == "numeric") return 6;
    return 0;
}

bool compatible(const TypeInfo& expected, const TypeInfo& actual) {
    if (expected.oid == actual.oid) return true;
    // A string column takes the text form of anything.
    if (actual.category == 'S') return true;
    const int e = numericRank(expected.name), a = numericRank(actual.name);
    if (e && a) {
        if (e <= 3) return a >= e;  // integers: into wider integers, floats or numeric
        return a >= 4;              // floats and numeric: into floats or numeric
    }
    auto either = [&](std::string_view x, std::string_view y) {
        return (expected.name == x && actual.name == y) || (expected.name == y && actual.name == x);
    };
    if (either("timestamp", "timestamptz") || either("json", "jsonb")) return true;
    if (expected.name == "date" && (actual.name == "timestamp" || actual.name == "timestamptz"))
        return true;
    return false;
}

std::optional<TypeInfo> typeOf(Connection& db, const std::string& typeName) {
    const std::optional<std::string> params[] = {typeName};
    try {
        auto r = db.exec(
            "SELECT t.oid::text, t.typname, t.typcategory, format_type(t.oid, NULL) "
            "FROM pg_type t WHERE t.oid = $1::regtype",
            params);
        if (r.rows() != 1) return std::nullopt;
        return TypeInfo{std::string(r.value(0, 0)), std::string(r.value(0, 1)),
                        r.value(0, 2).empty() ? 'X' : r.value(0, 2)[0], std::string(r.value(0, 3))};
    } catch (const PgError& e) {
        if (e.sqlState() == "42704" || e.sqlState() == "42601" || e.sqlState() == "22P02")
            return std::nullopt;
        throw;
    }
}

bool tableExists(Connection& db, const TableSpec& spec) {
    const std::optional<std::string> params[] = {spec.qualifiedName()};
    auto r = db.exec("SELECT to_regclass($1) IS NOT NULL", params);
    return r.value(0, 0) == "t";
}

bool schemaExists(Connection& db, const std::string& schema) {
    const std::optional<std::string> params[] = {schema};
    return db.exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", params).rows() == 1;
}

TableSetup applyOnce(Connection& db, const TableSpec& spec, TablePolicy policy,
                     const std::function<void()>& onCreated);

void rollbackQuietly(Connection& db) {
    try {
        db.exec("ROLLBACK");
    } catch (const PgError&) {
    }
}

}  // namespace

TablePolicy parseTablePolicy(std::string_view text) {
    if (text == "create") return TablePolicy::Create;
    if (text == "dropAndCreate") return TablePolicy::DropAndCreate;
    if (text == "manual") return TablePolicy::Manual;
    throw PgError("tablePolicy '" + std::string(text) +
                  "' is not one of create, dropAndCreate, manual");
}

const char* toString(TablePolicy policy) {
    switch (policy) {
        case TablePolicy::Create:
            return "create";
        case TablePolicy::DropAndCreate:
            return "dropAndCreate";
        case TablePolicy::Manual:
            return "manual";
    }
    return "create";
}

std::string quoteIdentifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string TableSpec::qualifiedName() const {
    return quoteIdentifier(schema.empty() ? "public" : schema) + "." + quoteIdentifier(table);
}

std::string TableSpec::displayName() const {
    return (schema.empty() ? std::string("public") : schema) + "." + table;
}

std::string TableSpec::createTableSql() const {
    std::string sql = "CREATE TABLE " + qualifiedName() + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i) sql += ", ";
        sql += quoteIdentifier(columns[i].name) + " " + columns[i].pgType;
        if (columns[i].notNull) sql += " NOT NULL";
        if (!columns[i].constraints.empty()) sql += " " + columns[i].constraints;
    }
    if (!primaryKey.empty()) {
        sql += ", PRIMARY KEY (";
        for (std::size_t i = 0; i < primaryKey.size(); ++i)
            sql += (i ? ", " : "") + quoteIdentifier(primaryKey[i]);
        sql += ")";
    }
    return sql + ")";
}

std::string TableSpec::copySql() const {
    std::string sql = "COPY " + qualifiedName() + " (";
    for (std::size_t i = 0; i < columns.size(); ++i)
        sql += (i ? ", " : "") + quoteIdentifier(columns[i].name);
    return sql + ") FROM STDIN";
}

void verifyTableShape(Connection& db, const TableSpec& spec) {
    const std::string table = spec.displayName();
    const std::optional<std::string> params[] = {spec.qualifiedName()};
    auto r = db.exec(
        "SELECT a.attname, t.oid::text, t.typname, t.typcategory, "
        "format_type(a.atttypid, a.atttypmod) "
        "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
        "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped",
        params);
    if (r.rows() == 0 && !tableExists(db, spec))
        throw TableShapeMismatch("table shape mismatch: table " + table + " does not exist");
    std::map<std::string, TypeInfo, std::less<>> actual;
    for (int i = 0; i < r.rows(); ++i)
        actual.emplace(
            std::string(r.value(i, 0)),
            TypeInfo{std::string(r.value(i, 1)), std::string(r.value(i, 2)),
                     r.value(i, 3).empty() ? 'X' : r.value(i, 3)[0], std::string(r.value(i, 4))});
    for (const auto& column : spec.columns) {
        auto it = actual.find(column.name);
        if (it == actual.end())
            throw TableShapeMismatch("table shape mismatch: table " + table + " has no column \"" +
                                     column.name + "\" (expected " + column.pgType + ")");
        if (!spec.createSql.empty()) continue;  // types as the user's DDL declares them
        auto expected = typeOf(db, column.pgType);
        if (!expected)
            throw PgError("column \"" + column.name + "\" of " + table +
                          ": unknown PostgreSQL type '" + column.pgType + "'");
        if (!compatible(*expected, it->second))
            throw TableShapeMismatch("table shape mismatch: column \"" + column.name + "\" of " +
                                     table + " is " + it->second.display + ", expected " +
                                     expected->display);
    }
}

TableSetup applyTablePolicy(Connection& db, const TableSpec& spec, TablePolicy policy,
                            const std::function<void()>& onCreated) {
    if (spec.table.empty()) throw PgError("table spec without a table name");
    if (spec.columns.empty()) throw PgError("table " + spec.displayName() + " has no columns");
    for (int attempt = 0;; ++attempt) {
        try {
            return applyOnce(db, spec, policy, onCreated);
        } catch (const PgError& e) {
            // Two writers creating the same table at once: the loser sees it exist next time.
            const bool raced =
                e.sqlState() == "42P07" || e.sqlState() == "23505" || e.sqlState() == "42P06";
            if (!raced || attempt >= 2) throw;
        }
    }
}

namespace {
TableSetup applyOnce(Connection& db, const TableSpec& spec, TablePolicy policy,
                     const std::function<void()>& onCreated) {
    TableSetup setup;
    db.exec("BEGIN");
    try {
        const bool exists = tableExists(db, spec);
        if (policy == TablePolicy::Manual || (policy == TablePolicy::Create && exists)) {
            verifyTableShape(db, spec);
        } else {
            if (exists) {
                db.exec("DROP TABLE " + spec.qualifiedName());
                setup.dropped = true;
            }
            const std::string schema = spec.schema.empty() ? "public" : spec.schema;
            if (!schemaExists(db, schema)) db.exec("CREATE SCHEMA " + quoteIdentifier(schema));
            if (spec.createSql.empty()) {
                db.exec(spec.createTableSql());
            } else {
                // sqlDdlHint: names without a schema are the generator's schema (not the
                // role's own "$user" schema), for this transaction only. Then it must have made
                // this table with every column we write.
                db.exec("SET LOCAL search_path TO " + quoteIdentifier(schema) +
                        (schema == "public" ? "" : ", public"));
                db.exec(spec.createSql);
                try {
                    verifyTableShape(db, spec);
                } catch (const TableShapeMismatch& e) {
                    throw TableShapeMismatch(
                        std::string("the table sqlDdlHint created does not take the generator's "
                                    "rows: ") +
                        e.what());
                }
            }
            setup.created = true;
            if (onCreated) onCreated();
        }
        db.exec("COMMIT");
    } catch (...) {
        rollbackQuietly(db);
        throw;
    }
    return setup;
}
}  // namespace

}  // namespace riverdelta::postgres
