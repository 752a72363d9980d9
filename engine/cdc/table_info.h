#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/cdc/pgoutput.h"
#include "engine/cdc/type_mapping.h"

namespace riverdelta::cdc {

// "schema.table" as given on the command line; a name without a dot is in `public`.
struct TableName {
    std::string schema;
    std::string table;

    static TableName parse(std::string_view qualified);
    [[nodiscard]] std::string display() const { return schema + "." + table; }
    // Quoted for SQL: "schema"."table".
    [[nodiscard]] std::string sql() const;
    bool operator==(const TableName&) const = default;
};

// Identifier quoting for SQL text ("a""b").
std::string quoteIdentifier(std::string_view name);
// Literal quoting for SQL text ('it''s').
std::string quoteLiteral(std::string_view text);

struct ColumnInfo {
    std::string name;
    std::string member;  // `"name":`, escaped once
    std::uint32_t typeOid = 0;
    ValueType type = ValueType::String;
};

// One captured table: its columns in the order pgoutput and the snapshot query deliver them
// (generated columns excluded, as pgoutput excludes them), which of them form the primary key
// (the Kafka key, in primary-key order), and its topic.
struct TableInfo {
    TableName name;
    std::uint32_t oid = 0;
    char replicaIdentity = 'd';
    std::string topic;
    std::vector<std::string> primaryKey;  // column names in key order
    std::vector<ColumnInfo> columns;
    std::vector<std::size_t> keyIndexes;  // positions of primaryKey columns in `columns`

    void setColumns(std::vector<ColumnInfo> columns);  // also recomputes keyIndexes
    // Adopts the columns of a Relation message (after ALTER TABLE the layout may change).
    void applyRelation(const pgoutput::Relation& relation);
    [[nodiscard]] static ColumnInfo column(std::string name, std::uint32_t typeOid);
};

using Row = std::span<const pgoutput::ColumnValue>;

}  // namespace riverdelta::cdc
