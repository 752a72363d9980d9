#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace riverdelta::postgres {

struct TableSpec;

// What one statement of a StatementBatch does to the table.
enum class RowStatement : std::uint8_t {
    Insert,  // INSERT the columns
    Update,  // UPDATE SET the columns WHERE the where-columns equal their values
    Delete,  // DELETE WHERE the where-columns equal their values
    Upsert,  // INSERT … ON CONFLICT (primary key, else the where-columns) DO UPDATE
};

// Row statements for one table, each tagged with the sequence number of the event it came from
// (strictly increasing), executed in order in one transaction by TableWriter::write. Values are
// PostgreSQL text (std::nullopt is NULL); the server casts them to the column types.
class StatementBatch {
  public:
    // Starts a statement; add its columns and where-columns, then end().
    void begin(std::int64_t sequence, RowStatement statement);
    void column(std::string_view name, std::optional<std::string> value);
    void where(std::string_view name, std::optional<std::string> value);
    void end();

    [[nodiscard]] std::size_t size() const { return entries_.size(); }
    [[nodiscard]] bool empty() const { return entries_.empty(); }
    [[nodiscard]] std::int64_t firstSequence() const { return entries_.front().sequence; }
    [[nodiscard]] std::int64_t lastSequence() const { return entries_.back().sequence; }
    [[nodiscard]] std::size_t bytes() const { return bytes_; }
    [[nodiscard]] std::size_t countAfter(std::int64_t committed) const;
    void clear();

    struct Entry {
        std::int64_t sequence = 0;
        RowStatement statement = RowStatement::Insert;
        std::vector<std::pair<std::string, std::optional<std::string>>> columns, where;
    };
    [[nodiscard]] const std::vector<Entry>& entries() const { return entries_; }

    // The SQL and parameters of one entry against `spec` ($1… for the values). Throws PgError
    // when the statement cannot be formed (no where-columns, an upsert without a key).
    static std::string sql(const Entry& entry, const TableSpec& spec,
                           std::vector<std::optional<std::string>>& params);

  private:
    std::vector<Entry> entries_;
    std::size_t bytes_ = 0;
};

}  // namespace riverdelta::postgres
