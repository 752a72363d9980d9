#include "engine/postgres/statement_batch.h"

#include <algorithm>

#include "engine/postgres/pg_error.h"
#include "engine/postgres/table_spec.h"

namespace riverdelta::postgres {

void StatementBatch::begin(std::int64_t sequence, RowStatement statement) {
    entries_.push_back({sequence, statement, {}, {}});
}

void StatementBatch::column(std::string_view name, std::optional<std::string> value) {
    bytes_ += name.size() + (value ? value->size() : 0);
    entries_.back().columns.emplace_back(std::string(name), std::move(value));
}

void StatementBatch::where(std::string_view name, std::optional<std::string> value) {
    bytes_ += name.size() + (value ? value->size() : 0);
    entries_.back().where.emplace_back(std::string(name), std::move(value));
}

void StatementBatch::end() {}

std::size_t StatementBatch::countAfter(std::int64_t committed) const {
    return static_cast<std::size_t>(std::count_if(
        entries_.begin(), entries_.end(), [&](const Entry& e) { return e.sequence > committed; }));
}

void StatementBatch::clear() {
    entries_.clear();
    bytes_ = 0;
}

std::string StatementBatch::sql(const Entry& e, const TableSpec& spec,
                                std::vector<std::optional<std::string>>& params) {
    params.clear();
    auto param = [&](const std::optional<std::string>& v) {
        params.push_back(v);
        return "$" + std::to_string(params.size());
    };
    auto whereClause = [&] {
        if (e.where.empty())
            throw PgError("PostgreSQL table " + spec.displayName() +
                          ": an update or delete needs \"where\" columns");
        std::string out;
        for (const auto& [name, value] : e.where) {
            out += out.empty() ? " WHERE " : " AND ";
            // Equality as the generator means it: a null where-value matches NULL.
            out += value ? quoteIdentifier(name) + " = " + param(value)
                         : quoteIdentifier(name) + " IS NULL";
        }
        return out;
    };
    const std::string table = spec.qualifiedName();
    switch (e.statement) {
        case RowStatement::Insert:
        case RowStatement::Upsert: {
            std::string cols, values;
            for (const auto& [name, value] : e.columns) {
                cols += (cols.empty() ? "" : ", ") + quoteIdentifier(name);
                values += (values.empty() ? "" : ", ") + param(value);
            }
            std::string sql = "INSERT INTO " + table + " (" + cols + ") VALUES (" + values + ")";
            if (e.statement == RowStatement::Insert) return sql;
            std::vector<std::string> key = spec.primaryKey;
            if (key.empty())
                for (const auto& w : e.where)
                    key.push_back(w.first);
            if (key.empty())
                throw PgError("PostgreSQL table " + spec.displayName() +
                              ": an upsert needs a primary key (pgHint \"… PRIMARY KEY\") or "
                              "\"where\" columns with a unique index");
            std::string conflict, set;
            for (const auto& k : key)
                conflict += (conflict.empty() ? "" : ", ") + quoteIdentifier(k);
            for (const auto& [name, value] : e.columns) {
                if (std::find(key.begin(), key.end(), name) != key.end()) continue;
                set += (set.empty() ? "" : ", ") + quoteIdentifier(name) + " = EXCLUDED." +
                       quoteIdentifier(name);
            }
            return sql + " ON CONFLICT (" + conflict + ")" +
                   (set.empty() ? " DO NOTHING" : " DO UPDATE SET " + set);
        }
        case RowStatement::Update: {
            std::string set;
            for (const auto& [name, value] : e.columns)
                set += (set.empty() ? "" : ", ") + quoteIdentifier(name) + " = " + param(value);
            if (set.empty())
                throw PgError("PostgreSQL table " + spec.displayName() +
                              ": an update needs row columns to set");
            return "UPDATE " + table + " SET " + set + whereClause();
        }
        case RowStatement::Delete:
            return "DELETE FROM " + table + whereClause();
    }
    return {};
}

}  // namespace riverdelta::postgres
