#include "engine/run/table_sink.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "engine/core/error.h"
#include "engine/generate/program.h"
#include "engine/generate/session.h"
#include "engine/postgres/table_writer.h"
#include "engine/run/run_targets.h"
#include "engine/run/stream_counters.h"
#include "engine/run/value_json.h"

namespace riverdelta::run {

namespace {

std::string upper(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(std::string s) {
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    while (!s.empty() && s.front() == ' ')
        s.erase(0, 1);
    return s;
}

// A column from a generator field: its pgHint ("VARCHAR(16) PRIMARY KEY", "BIGINT NOT NULL"),
// else a type from the values the field yields.
postgres::ColumnSpec columnFor(const generate::ColumnInfo& info, bool& primaryKey) {
    postgres::ColumnSpec col{info.name, "text", false};
    primaryKey = false;
    if (!info.pgHint.empty()) {
        std::string hint = info.pgHint;
        auto strip = [&](const std::string& phrase) {
            const auto at = upper(hint).find(phrase);
            if (at == std::string::npos) return false;
            hint.erase(at, phrase.size());
            return true;
        };
        primaryKey = strip("PRIMARY KEY");
        col.notNull = strip("NOT NULL") || primaryKey;
        // The type ends where the first other column constraint begins.
        const std::string upperHint = upper(hint);
        std::size_t typeEnd = hint.size();
        for (const char* keyword : {" UNIQUE", " DEFAULT ", " CHECK", " REFERENCES ",
                                    " CONSTRAINT ", " GENERATED ", " COLLATE ", " NULL"}) {
            const auto at = upperHint.find(keyword);
            if (at != std::string::npos) typeEnd = std::min(typeEnd, at);
        }
        col.constraints = trim(hint.substr(typeEnd));
        hint = trim(hint.substr(0, typeEnd));
        if (!hint.empty()) col.pgType = hint;
        return col;
    }
    switch (info.kind.value_or(generate::ValueKind::String)) {
        case generate::ValueKind::Bool:
            col.pgType = "boolean";
            break;
        case generate::ValueKind::Int:
            col.pgType = "bigint";
            break;
        case generate::ValueKind::Double:
            col.pgType = "double precision";
            break;
        case generate::ValueKind::Array:
        case generate::ValueKind::Object:
            col.pgType = "jsonb";
            break;
        default:
            col.pgType = "text";
            break;
    }
    return col;
}

// A value as PostgreSQL text for a statement parameter (nullopt: NULL).
std::optional<std::string> pgText(const generate::Value& v) {
    switch (v.kind) {
        case generate::ValueKind::Null:
            return std::nullopt;
        case generate::ValueKind::Bool:
            return std::string(v.boolean ? "t" : "f");
        case generate::ValueKind::Int:
            return std::to_string(v.integer);
        case generate::ValueKind::Double:
            return fmt::format("{}", v.number);
        case generate::ValueKind::String:
            return std::string(v.string());
        default:
            return toJson(v).dump();
    }
}

postgres::RowStatement statementFor(generate::RowOp op) {
    switch (op) {
        case generate::RowOp::Update:
            return postgres::RowStatement::Update;
        case generate::RowOp::Delete:
            return postgres::RowStatement::Delete;
        case generate::RowOp::Upsert:
            return postgres::RowStatement::Upsert;
        case generate::RowOp::Insert:
            break;
    }
    return postgres::RowStatement::Insert;
}

}  // namespace

postgres::TableSpec tableSpecFor(const generate::GeneratorInfo& info) {
    postgres::TableSpec spec;
    const auto dot = info.target.find('.');
    if (dot != std::string::npos) {
        spec.schema = info.target.substr(0, dot);
        spec.table = info.target.substr(dot + 1);
    } else {
        spec.table = info.target;
    }
    for (const auto& c : info.columns) {
        bool pk = false;
        spec.columns.push_back(columnFor(c, pk));
        if (pk) spec.primaryKey.push_back(c.name);
    }
    spec.createSql = info.sqlDdlHint;
    return spec;
}

TableSink::TableSink(const PostgresTarget& target, const generate::GeneratorInfo& info,
                     std::string writerId, core::Log* log, StreamCounters& counters)
    : counters_(counters) {
    postgres::TableWriterOptions o;
    o.writerId = std::move(writerId);
    o.policy = target.policy.value_or(postgres::TablePolicy::Create);
    // Updates and deletes work on the table its inserting generators made: never create it
    // from the columns they set, never drop what they wrote.
    if (info.changesRowsOnly()) o.policy = postgres::TablePolicy::Manual;
    o.log = log;
    table_ = std::make_unique<postgres::TableWriter>(target.conninfo, tableSpecFor(info), o);
    resumeAfter_ = table_->committedSequence();
}

TableSink::~TableSink() = default;

void TableSink::deliver(const generate::Event& ev) {
    // Sequence numbers start at 1; rows a previous run committed are skipped.
    const auto sequence = static_cast<std::int64_t>(ev.sequence) + 1;
    if (sequence <= resumeAfter_) return;
    if (ev.op != generate::RowOp::Insert || !statements_.empty()) {
        if (!copy_.empty()) writeCopy();  // inserts before this statement commit first
        addStatement(sequence, ev);
        if (table_->batchDue(statements_.size(), statementsStarted_)) writeStatements();
        return;
    }
    addCopyRow(sequence, ev);
    if (table_->batchDue(copy_)) writeCopy();
}

void TableSink::addCopyRow(std::int64_t sequence, const generate::Event& ev) {
    const auto fields = ev.fields();
    copy_.beginRow(sequence);
    const auto& spec = table_->spec();
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
        const generate::Value* v = nullptr;
        if (c < fields.size() && fields[c].key == spec.columns[c].name) {
            v = &fields[c].value;
        } else {
            for (const auto& m : fields)
                if (m.key == spec.columns[c].name) v = &m.value;
        }
        if (!v || v->isNull()) {
            copy_.addNull();
            continue;
        }
        switch (v->kind) {
            case generate::ValueKind::Bool:
                copy_.addBool(v->boolean);
                break;
            case generate::ValueKind::Int:
                copy_.addInt(v->integer);
                break;
            case generate::ValueKind::Double:
                copy_.addDouble(v->number);
                break;
            case generate::ValueKind::String:
                copy_.addText(v->string());
                break;
            default:
                copy_.addJson(toJson(*v));
                break;
        }
    }
    copy_.endRow();
}

void TableSink::addStatement(std::int64_t sequence, const generate::Event& ev) {
    if (statements_.empty()) statementsStarted_ = std::chrono::steady_clock::now();
    statements_.begin(sequence, statementFor(ev.op));
    if (ev.op != generate::RowOp::Delete && ev.payload.kind == generate::ValueKind::Object)
        for (const auto& m : ev.fields())
            statements_.column(m.key, pgText(m.value));
    if (ev.where.kind == generate::ValueKind::Object)
        for (const auto& m : ev.where.object())
            statements_.where(m.key, pgText(m.value));
    statements_.end();
}

void TableSink::writeCopy() {
    if (copy_.empty()) return;
    const std::size_t committed = table_->write(copy_);
    counters_.acknowledged.fetch_add(committed, std::memory_order_relaxed);
    counters_.bytes.fetch_add(copy_.bytes(), std::memory_order_relaxed);
    copy_.clear();
}

void TableSink::writeStatements() {
    if (statements_.empty()) return;
    const auto outcome = table_->write(statements_);
    counters_.acknowledged.fetch_add(outcome.committed, std::memory_order_relaxed);
    counters_.unmatched.fetch_add(outcome.unmatched, std::memory_order_relaxed);
    counters_.bytes.fetch_add(statements_.bytes(), std::memory_order_relaxed);
    statements_.clear();
}

void TableSink::flushDue(bool all) {
    if (!copy_.empty() && (all || table_->batchDue(copy_))) writeCopy();
    if (!statements_.empty() && (all || table_->batchDue(statements_.size(), statementsStarted_)))
        writeStatements();
}

}  // namespace riverdelta::run
