// Compiler: the columns of table generators, their kinds and PostgreSQL types.
#include <algorithm>
#include <cctype>

#include "engine/generate/scenario_compiler.h"

namespace riverdelta::generate {

using scenario::appendPointer;
using scenario::didYouMean;

// Table columns of a row object (in order); later rows (state machine states) add theirs.
void Compiler::addColumns(std::size_t gi, const Json& row, const std::string& pptr,
                          const Node* node) {
    GeneratorInfo& info = program_->infos_[gi];
    auto nodes = payloadFields(node, row.size());
    auto& fields = fieldNodes_[gi];
    std::size_t i = 0;
    for (auto it = row.begin(); it != row.end(); ++it, ++i) {
        const bool known = std::any_of(info.columns.begin(), info.columns.end(),
                                       [&](const ColumnInfo& c) { return c.name == it.key(); });
        if (known) continue;
        ColumnInfo col;
        col.name = it.key();
        if (isFunction(it.value())) {
            if (auto ph = it.value().find("pgHint"); ph != it.value().end()) {
                if (ph->is_string()) {
                    col.pgHint = ph->get<std::string>();
                } else {
                    error(appendPointer(appendPointer(pptr, it.key()), "pgHint"),
                          "\"pgHint\" must be a string (a PostgreSQL column type)");
                }
            }
        }
        info.columns.push_back(std::move(col));
        fields.resize(info.columns.size() - 1);
        fields.push_back(i < nodes.size() ? nodes[i] : nullptr);
    }
}

// The node of each top-level payload field, following constant folding.
std::vector<const Node*> Compiler::payloadFields(const Node* payload, std::size_t n) {
    std::vector<const Node*> fields(n, nullptr);
    if (const auto* obj = dynamic_cast<const ObjectNode*>(payload)) {
        for (std::size_t i = 0; i < n && i < obj->children().size(); ++i)
            fields[i] = obj->children()[i];
    } else if (const Value* c = payload->constant(); c && c->kind == ValueKind::Object) {
        for (std::size_t i = 0; i < n && i < c->size; ++i)
            fields[i] = program_->make<ConstantNode>(c->members[i].value);
    }
    return fields;
}

void Compiler::fixups() {
    for (auto& p : pending_) {
        const auto& cols = program_->infos_[p.source].columns;
        auto it = fieldNodes_.find(p.source);
        if (it == fieldNodes_.end()) continue;
        for (std::size_t i = 0; i < cols.size() && i < it->second.size(); ++i) {
            if (cols[i].name == p.field) p.node->setTargetNode(it->second[i]);
        }
    }
    for (auto& [gi, nodes] : fieldNodes_) {
        auto& cols = program_->infos_[gi].columns;
        for (std::size_t i = 0; i < cols.size() && i < nodes.size(); ++i) {
            if (nodes[i] == nullptr) continue;
            cols[i].kind = nodes[i]->staticKind(0);
            // A field's own pgHint wins; else the type its function needs (a timestamp).
            if (cols[i].pgHint.empty()) cols[i].pgHint = std::string(nodes[i]->pgTypeHint());
        }
    }
    shareTableColumnTypes();
}

// A column that one generator of a table types (pgHint) has that type for every generator
// of the table (same connection), so updaters need not repeat the seed's hints. Inserting
// generators' hints win; the primary key constraint stays with the one that declared it.
void Compiler::shareTableColumnTypes() {
    auto& infos = program_->infos_;
    std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> types;
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto& info : infos) {
            if (info.kind != TargetKind::Table || info.changesRowsOnly() != (pass == 1)) continue;
            auto& table = types[{info.connection, info.target}];
            for (const auto& c : info.columns)
                if (!c.pgHint.empty()) table.emplace(c.name, typeOnly(c.pgHint));
        }
    }
    for (auto& info : infos) {
        if (!info.changesRowsOnly()) continue;
        const auto& table = types[{info.connection, info.target}];
        for (auto& c : info.columns) {
            if (!c.pgHint.empty()) continue;
            if (auto it = table.find(c.name); it != table.end()) c.pgHint = it->second;
        }
    }
}

// "VARCHAR(16) PRIMARY KEY" → "VARCHAR(16)": the type, without constraints.
std::string Compiler::typeOnly(const std::string& hint) {
    std::string upper;
    for (char ch : hint)
        upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    std::size_t end = hint.size();
    for (const char* word :
         {" PRIMARY KEY", " NOT NULL", " UNIQUE", " DEFAULT", " REFERENCES", " CHECK", " NULL"})
        if (auto at = upper.find(word); at != std::string::npos) end = std::min(end, at);
    return hint.substr(0, end);
}

}  // namespace riverdelta::generate
