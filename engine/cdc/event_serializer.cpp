#include "engine/cdc/event_serializer.h"

namespace riverdelta::cdc {

EventSerializer::EventSerializer(const Options& options) {
    JsonTokenWriter head(sourceHead_);
    head.raw("\"source\":{\"version\":");
    head.string(options.version);
    head.raw(",\"connector\":\"postgresql\",\"name\":");
    head.string(options.name);
    head.raw(",\"ts_ms\":");
    JsonTokenWriter db(dbMember_);
    db.raw(",\"db\":");
    db.string(options.database);
    keyBuffer_.reserve(256);
    valueBuffer_.reserve(4096);
}

void EventSerializer::appendRow(JsonTokenWriter& out, const TableInfo& table, Row row) {
    out.raw('{');
    for (std::size_t i = 0; i < row.size(); ++i) {
        const auto& column = table.columns[i];
        if (i != 0) out.raw(',');
        out.raw(column.member);
        const auto& v = row[i];
        switch (v.kind) {
            case pgoutput::ValueKind::Null:
                out.null();
                break;
            case pgoutput::ValueKind::UnchangedToast:
                out.string(kUnavailableValue);
                break;
            case pgoutput::ValueKind::Text:
                appendValue(out, column.type, v.data);
                break;
            case pgoutput::ValueKind::Binary:
                out.string(v.data);  // never requested (proto v1 text only)
                break;
        }
    }
    out.raw('}');
}

std::string_view EventSerializer::key(const TableInfo& table, Row row) {
    keyBuffer_.clear();
    JsonTokenWriter out(keyBuffer_);
    out.raw('{');
    bool first = true;
    for (std::size_t index : table.keyIndexes) {
        if (!first) out.raw(',');
        first = false;
        const auto& column = table.columns[index];
        out.raw(column.member);
        const auto& v = row[index];
        if (v.kind == pgoutput::ValueKind::Text)
            appendValue(out, column.type, v.data);
        else
            out.null();
    }
    out.raw('}');
    return keyBuffer_;
}

std::string_view EventSerializer::value(const TableInfo& table, Op op, const Row* before,
                                        const Row* after, const SourceInfo& source,
                                        std::int64_t nowMs) {
    valueBuffer_.clear();
    JsonTokenWriter out(valueBuffer_);
    out.raw("{\"before\":");
    if (before)
        appendRow(out, table, *before);
    else
        out.null();
    out.raw(",\"after\":");
    if (after)
        appendRow(out, table, *after);
    else
        out.null();
    out.raw(',');
    out.raw(sourceHead_);
    out.integer(source.tsMs);
    out.raw(",\"snapshot\":");
    out.string(source.snapshot);
    out.raw(dbMember_);
    // sequence: a string holding a JSON array [lastCommitLsn, lsn] of decimal strings.
    out.raw(",\"sequence\":\"[");
    if (source.lastCommitLsn.valid()) {
        out.raw("\\\"");
        out.integer(source.lastCommitLsn.value());
        out.raw("\\\"");
    } else {
        out.null();
    }
    out.raw(",\\\"");
    out.integer(source.lsn.value());
    out.raw("\\\"]\",\"schema\":");
    out.string(table.name.schema);
    out.raw(",\"table\":");
    out.string(table.name.table);
    out.raw(",\"txId\":");
    if (source.txId)
        out.integer(*source.txId);
    else
        out.null();
    out.raw(",\"lsn\":");
    out.integer(source.lsn.value());
    out.raw(",\"xmin\":null},\"op\":\"");
    out.raw(static_cast<char>(op));
    out.raw("\",\"ts_ms\":");
    out.integer(nowMs);
    out.raw(",\"transaction\":null}");
    return valueBuffer_;
}

}  // namespace riverdelta::cdc
