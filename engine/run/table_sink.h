#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "engine/postgres/copy_batch.h"
#include "engine/postgres/statement_batch.h"
#include "engine/run/event_sink.h"

namespace riverdelta::core {
class Log;
}
namespace riverdelta::generate {
struct GeneratorInfo;
struct Value;
}  // namespace riverdelta::generate
namespace riverdelta::postgres {
class TableWriter;
struct TableSpec;
}  // namespace riverdelta::postgres

namespace riverdelta::run {

struct PostgresTarget;
struct StreamCounters;

// One table generator's events into PostgreSQL, exactly once per writer id: inserts as batched
// COPY; updates, deletes and upserts (Event::op with Event::where) as statements, in event order
// and in the same transaction as the progress row. Once a statement is pending, later inserts
// join the statement batch so the order holds.
class TableSink final : public EventSink {
  public:
    TableSink(const PostgresTarget& target, const generate::GeneratorInfo& info,
              std::string writerId, core::Log* log, StreamCounters& counters);
    ~TableSink() override;

    void deliver(const generate::Event& event) override;
    void flushDue(bool all) override;

    // Rows a previous run with the same writer id committed (its events are skipped).
    [[nodiscard]] std::int64_t resumeAfter() const { return resumeAfter_; }

  private:
    void addCopyRow(std::int64_t sequence, const generate::Event& event);
    void addStatement(std::int64_t sequence, const generate::Event& event);
    void writeCopy();
    void writeStatements();

    std::unique_ptr<postgres::TableWriter> table_;
    StreamCounters& counters_;
    postgres::CopyBatch copy_;
    postgres::StatementBatch statements_;
    std::chrono::steady_clock::time_point statementsStarted_{};
    std::int64_t resumeAfter_ = 0;
};

// A TableSpec for a generator's table: columns from its row fields and their pgHint/sqlHint.
postgres::TableSpec tableSpecFor(const generate::GeneratorInfo& info);

}  // namespace riverdelta::run
