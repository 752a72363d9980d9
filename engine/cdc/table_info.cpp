#include "engine/cdc/table_info.h"

#include "engine/cdc/cdc_error.h"
#include "engine/cdc/json_token_writer.h"

namespace riverdelta::cdc {

TableName TableName::parse(std::string_view qualified) {
    const auto dot = qualified.find('.');
    if (dot == std::string_view::npos) return {"public", std::string(qualified)};
    return {std::string(qualified.substr(0, dot)), std::string(qualified.substr(dot + 1))};
}

std::string TableName::sql() const {
    return quoteIdentifier(schema) + "." + quoteIdentifier(table);
}

std::string quoteIdentifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string quoteLiteral(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out.push_back('\'');
        out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

ColumnInfo TableInfo::column(std::string name, std::uint32_t typeOid) {
    ColumnInfo c;
    c.member = JsonTokenWriter::memberPrefix(name);
    c.name = std::move(name);
    c.typeOid = typeOid;
    c.type = valueTypeFor(typeOid);
    return c;
}

void TableInfo::setColumns(std::vector<ColumnInfo> newColumns) {
    columns = std::move(newColumns);
    keyIndexes.clear();
    for (const auto& key : primaryKey) {
        std::size_t i = 0;
        while (i < columns.size() && columns[i].name != key)
            ++i;
        if (i == columns.size())
            throw CdcError(CdcErrorKind::MissingPrimaryKey,
                           "table " + name.display() + ": primary-key column '" + key +
                               "' is not among the replicated columns");
        keyIndexes.push_back(i);
    }
}

void TableInfo::applyRelation(const pgoutput::Relation& relation) {
    oid = relation.oid;
    replicaIdentity = relation.replicaIdentity;
    bool same = relation.columns.size() == columns.size();
    for (std::size_t i = 0; same && i < columns.size(); ++i)
        same = relation.columns[i].name == columns[i].name &&
               relation.columns[i].typeOid == columns[i].typeOid;
    if (same) return;
    std::vector<ColumnInfo> fresh;
    fresh.reserve(relation.columns.size());
    for (const auto& c : relation.columns)
        fresh.push_back(column(c.name, c.typeOid));
    setColumns(std::move(fresh));
}

}  // namespace riverdelta::cdc
