#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/postgres/copy_batch.h"
#include "engine/postgres/statement_batch.h"
#include "engine/postgres/table_spec.h"

namespace riverdelta::core {
class Log;
}

namespace riverdelta::postgres {

class Connection;

struct TableWriterOptions {
    // Names this stream's row in the progress table. Keep it stable for one logical stream
    // (e.g. "<scenario>/<generator>") so a restarted run resumes; a new id starts from zero.
    std::string writerId;
    TablePolicy policy = TablePolicy::Create;
    std::size_t batchRows = 500;                 // batchDue(): rows per batch
    std::chrono::milliseconds batchLatency{20};  // batchDue(): oldest row's maximum wait
    std::chrono::milliseconds maxReconnectWait{std::chrono::seconds(60)};  // then give up
    std::chrono::milliseconds initialBackoff{100};  // doubles per failed attempt …
    std::chrono::milliseconds maxBackoff{std::chrono::seconds(5)};  // … up to this
    std::string progressSchema = "riverdelta";                      // holds sink_progress
    core::Log* log = nullptr;  // reconnect attempts are reported here
};

struct TableWriterCounters {
    std::uint64_t rowsWritten = 0;  // committed rows
    std::uint64_t batches = 0;      // committed transactions
    std::uint64_t failures = 0;     // batches that failed for good (the error was thrown)
    std::uint64_t reconnects = 0;   // connections re-established after a loss
    std::int64_t committedSequence = 0;
};

// Writes CopyBatches into one table, exactly once across connection losses and server
// restarts. Each batch is one transaction: COPY of the rows not yet committed, plus the upsert
// of (writerId, last sequence) in <progressSchema>.sink_progress. When the connection drops,
// the writer reconnects with exponential backoff (up to maxReconnectWait), reads the committed
// sequence back and re-sends only the rows after it. The table policy is applied at
// construction; creating or re-creating the table resets this writer's progress in the same
// transaction.
//
// write() is for one thread; counters() may be read from any thread.
class TableWriter {
  public:
    static constexpr const char* kProgressTable = "sink_progress";

    // Connects once (no retry: wrong password, missing database or a missing privilege fail at
    // once with PgError), prepares the progress table and applies the policy.
    TableWriter(std::string conninfo, TableSpec spec, TableWriterOptions options);
    TableWriter(const TableWriter&) = delete;
    TableWriter& operator=(const TableWriter&) = delete;
    ~TableWriter();

    // The last sequence committed by this writer id (0 when none): a resuming caller skips
    // events up to it.
    [[nodiscard]] std::int64_t committedSequence() const;

    // Commits the rows of `batch` after committedSequence(); returns how many this call
    // committed (0 when all were committed before). Blocks through reconnects; throws PgError
    // for errors that retrying cannot fix, and when the server stays unreachable.
    std::size_t write(const CopyBatch& batch);

    struct StatementOutcome {
        std::size_t committed = 0;  // statements this call committed
        std::size_t unmatched = 0;  // of them, updates/deletes whose where matched no row
    };
    // The same for row statements (inserts, updates, deletes, upserts in order): one
    // transaction with the progress upsert, so a resumed run never applies one twice.
    StatementOutcome write(const StatementBatch& batch);

    // Whether a batch being filled should be written now (full, or its oldest row waited long
    // enough).
    [[nodiscard]] bool batchDue(const CopyBatch& batch, std::chrono::steady_clock::time_point now =
                                                            std::chrono::steady_clock::now()) const;
    [[nodiscard]] bool batchDue(
        std::size_t rows, std::chrono::steady_clock::time_point startedAt,
        std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now()) const;

    [[nodiscard]] TableWriterCounters counters() const;
    [[nodiscard]] const TableSpec& spec() const { return spec_; }
    [[nodiscard]] const TableWriterOptions& options() const { return options_; }
    [[nodiscard]] bool tableWasCreated() const { return setup_.created; }
    // user@host:port/db and the table, for messages.
    [[nodiscard]] std::string describe() const;

  private:
    void connect();
    void reconnect(const std::string& reason);
    void ensureProgressTable();
    std::int64_t readProgress();
    [[noreturn]] void failBatch(const PgError& e);
    void note(const std::string& message) const;

    std::string conninfo_;
    TableSpec spec_;
    TableWriterOptions options_;
    std::string copySql_;
    std::string progressTable_;  // quoted
    std::unique_ptr<Connection> db_;
    TableSetup setup_;
    std::atomic<std::int64_t> committed_{0};
    std::atomic<std::uint64_t> rowsWritten_{0}, batches_{0}, failures_{0}, reconnects_{0};
};

}  // namespace riverdelta::postgres
