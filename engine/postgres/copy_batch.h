#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace riverdelta::postgres {

struct TableSpec;

// Rows for one COPY ... FROM STDIN in text format, each tagged with the sequence number of the
// event it came from (strictly increasing). Values are escaped as COPY's text format wants:
// backslash, tab, newline and carriage return as \\ \t \n \r, SQL NULL as \N. Reuse a batch with
// clear(): its buffers keep their capacity.
class CopyBatch {
  public:
    void beginRow(std::int64_t sequence);
    void addNull();
    void addText(std::string_view text);  // escaped
    void addInt(std::int64_t value);
    void addDouble(double value);  // shortest round-trip form; NaN/Infinity spelled for floats
    void addBool(bool value);
    // null → NULL, string → text, number, bool → t/f, object/array → its JSON text (json/jsonb)
    void addJson(const nlohmann::json& value);
    void endRow();

    // Appends all rows of `other` (their sequences must follow this batch's).
    void append(const CopyBatch& other);

    // One row from a JSON object: the spec's columns in order, a missing key is NULL.
    void addJsonRow(std::int64_t sequence, const TableSpec& spec, const nlohmann::json& row);

    [[nodiscard]] std::size_t rows() const { return rows_.size(); }
    [[nodiscard]] bool empty() const { return rows_.empty(); }
    [[nodiscard]] std::int64_t firstSequence() const { return rows_.front().sequence; }
    [[nodiscard]] std::int64_t lastSequence() const { return rows_.back().sequence; }
    [[nodiscard]] std::size_t bytes() const { return data_.size(); }
    // When the first row was added (for the latency limit).
    [[nodiscard]] std::chrono::steady_clock::time_point startedAt() const { return startedAt_; }

    // The COPY data of the rows whose sequence is greater than `committed`, and their count.
    [[nodiscard]] std::string_view dataAfter(std::int64_t committed) const;
    [[nodiscard]] std::size_t rowsAfter(std::int64_t committed) const;

    void clear();

  private:
    [[nodiscard]] std::size_t firstRowAfter(std::int64_t committed) const;
    void separator();

    struct RowEnd {
        std::int64_t sequence;
        std::size_t end;  // offset just past the row's newline
    };
    std::string data_;
    std::vector<RowEnd> rows_;
    std::chrono::steady_clock::time_point startedAt_{};
    std::int64_t openSequence_ = 0;
    bool inRow_ = false;
    bool firstField_ = true;
};

}  // namespace riverdelta::postgres
