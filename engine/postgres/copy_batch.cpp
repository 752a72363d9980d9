#include "engine/postgres/copy_batch.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/postgres/pg_error.h"
#include "engine/postgres/table_spec.h"

namespace riverdelta::postgres {

void CopyBatch::beginRow(std::int64_t sequence) {
    if (inRow_) throw PgError("CopyBatch: beginRow inside a row");
    if (!rows_.empty() && sequence <= rows_.back().sequence)
        throw PgError("CopyBatch: sequence " + std::to_string(sequence) + " after " +
                      std::to_string(rows_.back().sequence) + " (must increase)");
    if (rows_.empty()) startedAt_ = std::chrono::steady_clock::now();
    openSequence_ = sequence;
    inRow_ = true;
    firstField_ = true;
}

void CopyBatch::separator() {
    if (!firstField_) data_ += '\t';
    firstField_ = false;
}

void CopyBatch::addNull() {
    separator();
    data_ += "\\N";
}

void CopyBatch::addText(std::string_view text) {
    separator();
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const char* escape = nullptr;
        switch (c) {
            case '\\':
                escape = "\\\\";
                break;
            case '\t':
                escape = "\\t";
                break;
            case '\n':
                escape = "\\n";
                break;
            case '\r':
                escape = "\\r";
                break;
            default:
                continue;
        }
        data_.append(text.data() + start, i - start);
        data_ += escape;
        start = i + 1;
    }
    data_.append(text.data() + start, text.size() - start);
}

void CopyBatch::addInt(std::int64_t value) {
    separator();
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    data_.append(buf, end);
}

void CopyBatch::addDouble(double value) {
    separator();
    if (std::isnan(value)) {
        data_ += "NaN";
    } else if (std::isinf(value)) {
        data_ += value > 0 ? "Infinity" : "-Infinity";
    } else {
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
        data_.append(buf, end);
    }
}

void CopyBatch::addBool(bool value) {
    separator();
    data_ += value ? 't' : 'f';
}

void CopyBatch::addJson(const nlohmann::json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::null:
        case nlohmann::json::value_t::discarded:
            addNull();
            return;
        case nlohmann::json::value_t::string:
            addText(value.get_ref<const std::string&>());
            return;
        case nlohmann::json::value_t::boolean:
            addBool(value.get<bool>());
            return;
        case nlohmann::json::value_t::number_integer:
            addInt(value.get<std::int64_t>());
            return;
        case nlohmann::json::value_t::number_unsigned: {
            separator();
            data_ += std::to_string(value.get<std::uint64_t>());
            return;
        }
        case nlohmann::json::value_t::number_float:
            addDouble(value.get<double>());
            return;
        default:
            addText(value.dump());  // object, array, binary: JSON text
    }
}

void CopyBatch::endRow() {
    if (!inRow_) throw PgError("CopyBatch: endRow without beginRow");
    data_ += '\n';
    rows_.push_back({openSequence_, data_.size()});
    inRow_ = false;
}

void CopyBatch::append(const CopyBatch& other) {
    if (inRow_) throw PgError("CopyBatch: append inside a row");
    if (other.empty()) return;
    if (!rows_.empty() && other.firstSequence() <= lastSequence())
        throw PgError("CopyBatch: appended sequence " + std::to_string(other.firstSequence()) +
                      " after " + std::to_string(lastSequence()) + " (must increase)");
    if (rows_.empty()) startedAt_ = other.startedAt_;
    const std::size_t base = data_.size();
    data_.append(other.data_);
    rows_.reserve(rows_.size() + other.rows_.size());
    for (const auto& r : other.rows_)
        rows_.push_back({r.sequence, base + r.end});
}

void CopyBatch::addJsonRow(std::int64_t sequence, const TableSpec& spec,
                           const nlohmann::json& row) {
    beginRow(sequence);
    for (const auto& column : spec.columns) {
        auto it = row.is_object() ? row.find(column.name) : row.end();
        if (it == row.end())
            addNull();
        else
            addJson(*it);
    }
    endRow();
}

std::size_t CopyBatch::firstRowAfter(std::int64_t committed) const {
    auto it = std::upper_bound(rows_.begin(), rows_.end(), committed,
                               [](std::int64_t c, const RowEnd& r) { return c < r.sequence; });
    return static_cast<std::size_t>(it - rows_.begin());
}

std::string_view CopyBatch::dataAfter(std::int64_t committed) const {
    const std::size_t first = firstRowAfter(committed);
    if (first >= rows_.size()) return {};
    const std::size_t start = first == 0 ? 0 : rows_[first - 1].end;
    return std::string_view(data_).substr(start, rows_.back().end - start);
}

std::size_t CopyBatch::rowsAfter(std::int64_t committed) const {
    return rows_.size() - firstRowAfter(committed);
}

void CopyBatch::clear() {
    data_.clear();
    rows_.clear();
    inRow_ = false;
}

}  // namespace riverdelta::postgres
