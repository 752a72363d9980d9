#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace riverdelta::postgres {

// A generator's localConfigs.sqlDdlHint: the user's own DDL, run instead of the CREATE TABLE
// Riverdelta would derive from the row when it creates the table (tablePolicy create or
// dropAndCreate). ShadowTraffic accepts any SQL and several statements (e.g. an index beside
// the table); Riverdelta asks that exactly one of them creates the generator's own table.

// The statements of a SQL script, split at top-level semicolons: quoted strings and
// identifiers, dollar quotes and comments are respected; empty statements are dropped.
std::vector<std::string_view> splitSqlStatements(std::string_view sql);

// What a CREATE TABLE statement creates, as PostgreSQL resolves the name: unquoted identifiers
// are folded to lower case, quoted ones kept as written.
struct CreatedTable {
    std::string schema;  // empty: not written (the generator's schema when the hint runs)
    std::string table;
    bool temporary = false;  // TEMP / TEMPORARY: gone when the writer's session ends
};
// nullopt when the statement is not CREATE [TEMP|UNLOGGED] TABLE [IF NOT EXISTS] name.
std::optional<CreatedTable> parseCreateTable(std::string_view statement);

// Why `sql` is not a usable hint for the generator's table `target` ("table" or
// "schema.table", as generators name it: exact, case-sensitive; no schema is public), or
// nullopt when it is. A name without schema in the hint is the generator's schema: the hint
// runs with that schema first on the search path.
std::optional<std::string> ddlHintProblem(std::string_view sql, std::string_view target);

}  // namespace riverdelta::postgres
