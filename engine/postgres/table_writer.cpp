#include "engine/postgres/table_writer.h"

#include <cstring>
#include <optional>
#include <thread>

#include "engine/core/log.h"
#include "engine/postgres/connection.h"

namespace riverdelta::postgres {

namespace {

using Clock = std::chrono::steady_clock;

// Errors a new connection cannot fix: report them at once instead of retrying.
bool fatalConnectError(const PgError& e) {
    const auto& s = e.sqlState();
    return s == "28P01" || s == "28000" || s == "3D000" || s == "42501";
}

std::string privilegeHint(const PgError& e) {
    if (e.sqlState() != "42501") return {};
    return " (SQLSTATE 42501: the role lacks a privilege; grant it USAGE on the schema and "
           "INSERT on the table, or connect as another role)";
}

void rollbackQuietly(Connection& db) {
    try {
        db.exec("ROLLBACK");
    } catch (const PgError&) {
    }
}

}  // namespace

TableWriter::TableWriter(std::string conninfo, TableSpec spec, TableWriterOptions options)
    : conninfo_(std::move(conninfo)), spec_(std::move(spec)), options_(std::move(options)) {
    if (options_.writerId.empty()) throw PgError("TableWriter needs a writer id");
    if (options_.batchRows == 0) options_.batchRows = 1;
    copySql_ = spec_.copySql();
    progressTable_ =
        quoteIdentifier(options_.progressSchema) + "." + quoteIdentifier(kProgressTable);
    db_ = std::make_unique<Connection>(conninfo_);
    try {
        ensureProgressTable();
        setup_ = applyTablePolicy(*db_, spec_, options_.policy, [&] {
            const std::optional<std::string> params[] = {options_.writerId};
            db_->exec("DELETE FROM " + progressTable_ + " WHERE writer_id = $1", params);
        });
        committed_ = readProgress();
    } catch (const TableShapeMismatch&) {
        throw;
    } catch (const PgError& e) {
        throw PgError("PostgreSQL " + describe() + ": " + e.what() + privilegeHint(e),
                      e.sqlState());
    }
}

TableWriter::~TableWriter() = default;

std::string TableWriter::describe() const {
    return Connection::describe(conninfo_) + " table " + spec_.displayName();
}

void TableWriter::note(const std::string& message) const {
    if (options_.log) options_.log->write(core::LogLevel::Warning, "postgres", message);
}

void TableWriter::ensureProgressTable() {
    const std::optional<std::string> name[] = {progressTable_};
    if (db_->exec("SELECT to_regclass($1) IS NOT NULL", name).value(0, 0) == "t") return;
    for (int attempt = 0;; ++attempt) {
        try {
            const std::optional<std::string> schema[] = {options_.progressSchema};
            if (db_->exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema).rows() == 0)
                db_->exec("CREATE SCHEMA IF NOT EXISTS " +
                          quoteIdentifier(options_.progressSchema));
            db_->exec("CREATE TABLE IF NOT EXISTS " + progressTable_ +
                      " (writer_id text PRIMARY KEY, last_seq bigint NOT NULL, "
                      "updated_at timestamptz NOT NULL DEFAULT now())");
            return;
        } catch (const PgError& e) {
            // Another writer creating it at the same moment.
            if ((e.sqlState() != "23505" && e.sqlState() != "42P07") || attempt >= 2) throw;
        }
    }
}

std::int64_t TableWriter::readProgress() {
    const std::optional<std::string> params[] = {options_.writerId};
    auto r = db_->exec("SELECT last_seq FROM " + progressTable_ + " WHERE writer_id = $1", params);
    if (r.rows() == 0) return 0;
    return std::stoll(std::string(r.value(0, 0)));
}

std::int64_t TableWriter::committedSequence() const {
    return committed_.load();
}

bool TableWriter::batchDue(const CopyBatch& batch,
                           std::chrono::steady_clock::time_point now) const {
    if (batch.empty()) return false;
    return batch.rows() >= options_.batchRows || now - batch.startedAt() >= options_.batchLatency;
}

bool TableWriter::batchDue(std::size_t rows, std::chrono::steady_clock::time_point startedAt,
                           std::chrono::steady_clock::time_point now) const {
    if (rows == 0) return false;
    return rows >= options_.batchRows || now - startedAt >= options_.batchLatency;
}

TableWriterCounters TableWriter::counters() const {
    return {rowsWritten_.load(), batches_.load(), failures_.load(), reconnects_.load(),
            committed_.load()};
}

void TableWriter::reconnect(const std::string& reason) {
    db_.reset();
    const auto started = Clock::now();
    const auto deadline = started + options_.maxReconnectWait;
    auto backoff = options_.initialBackoff;
    note("PostgreSQL " + describe() + ": connection lost (" + reason + "); reconnecting");
    for (int attempt = 1;; ++attempt) {
        try {
            db_ = std::make_unique<Connection>(conninfo_);
            const std::int64_t before = committed_.load();
            const std::int64_t now = readProgress();
            if (now < before)
                throw PgError("PostgreSQL " + describe() + ": the progress of writer '" +
                              options_.writerId + "' went back from " + std::to_string(before) +
                              " to " + std::to_string(now) + " (reset by someone else?)");
            committed_ = now;
            reconnects_.fetch_add(1);
            note("PostgreSQL " + describe() + ": reconnected after " + std::to_string(attempt) +
                 (attempt == 1 ? " attempt" : " attempts") + "; committed sequence " +
                 std::to_string(now));
            return;
        } catch (const PgError& e) {
            db_.reset();
            if (fatalConnectError(e) || e.sqlState() == "RDW01") throw;
            if (Clock::now() + backoff > deadline) {
                failures_.fetch_add(1);
                throw PgError("PostgreSQL " + describe() +
                                  ": lost the connection and could not reconnect within " +
                                  std::to_string(options_.maxReconnectWait.count()) + " ms (" +
                                  std::to_string(attempt) + " attempts): " + e.what(),
                              e.sqlState());
            }
            std::this_thread::sleep_for(backoff);
            backoff = std::min(backoff * 2, options_.maxBackoff);
        }
    }
}

void TableWriter::failBatch(const PgError& e) {
    failures_.fetch_add(1);
    if (db_) rollbackQuietly(*db_);
    throw PgError("PostgreSQL " + describe() + ": " + e.what() + privilegeHint(e), e.sqlState());
}

std::size_t TableWriter::write(const CopyBatch& batch) {
    if (batch.empty()) return 0;
    const std::size_t pendingAtStart = batch.rowsAfter(committed_.load());
    for (;;) {
        if (!db_) reconnect("not connected");
        const std::int64_t before = committed_.load();
        const std::string_view data = batch.dataAfter(before);
        if (data.empty()) break;
        const std::size_t rows = batch.rowsAfter(before);
        const std::int64_t last = batch.lastSequence();
        try {
            // Three round trips per batch: (BEGIN; progress upsert; COPY), the data, COMMIT.
            // The upsert only moves the progress on from what we last read, so a second writer
            // with the same id cannot interleave unnoticed.
            const std::string script =
                "BEGIN; INSERT INTO " + progressTable_ +
                " AS p (writer_id, last_seq, updated_at) VALUES (" +
                db_->quoteLiteral(options_.writerId) + ", " + std::to_string(last) +
                ", now()) ON CONFLICT (writer_id) DO UPDATE SET last_seq = EXCLUDED.last_seq, "
                "updated_at = now() WHERE p.last_seq = " +
                std::to_string(before) + "; " + copySql_;
            auto results = db_->beginCopyScript(script);
            if (results.size() != 2 || std::strcmp(PQcmdTuples(results[1].get()), "1") != 0) {
                db_->abortCopy("writer id in use");
                rollbackQuietly(*db_);
                failures_.fetch_add(1);
                throw PgError("PostgreSQL " + describe() + ": writer id '" + options_.writerId +
                                  "' is in use by another writer (its progress moved past " +
                                  std::to_string(before) + ")",
                              "RDW01");
            }
            db_->finishCopy(data);
            db_->exec("COMMIT");
        } catch (const PgError& e) {
            if (e.sqlState() == "RDW01") throw;
            const auto& s = e.sqlState();
            const bool lost = !db_ || PQstatus(db_->get()) == CONNECTION_BAD ||
                              s.starts_with("08") || s == "57P01" || s == "57P02" || s == "57P03";
            if (!lost) failBatch(e);
            // The COMMIT may or may not have reached the server: the progress row says.
            reconnect(e.what());
            const std::int64_t after = committed_.load();
            if (after > before) {
                rowsWritten_.fetch_add(batch.rowsAfter(before) - batch.rowsAfter(after));
                batches_.fetch_add(1);
            }
            continue;
        }
        committed_ = last;
        rowsWritten_.fetch_add(rows);
        batches_.fetch_add(1);
    }
    return pendingAtStart - batch.rowsAfter(committed_.load());
}

TableWriter::StatementOutcome TableWriter::write(const StatementBatch& batch) {
    StatementOutcome outcome;
    if (batch.empty()) return outcome;
    std::vector<std::optional<std::string>> params;
    for (;;) {
        if (!db_) reconnect("not connected");
        const std::int64_t before = committed_.load();
        const std::size_t pending = batch.countAfter(before);
        if (pending == 0) break;
        const std::int64_t last = batch.lastSequence();
        std::size_t unmatched = 0;
        try {
            db_->exec("BEGIN");
            // As for COPY: the progress moves on only from what we last read.
            const auto progress = db_->exec(
                "INSERT INTO " + progressTable_ +
                " AS p (writer_id, last_seq, updated_at) VALUES (" +
                db_->quoteLiteral(options_.writerId) + ", " + std::to_string(last) +
                ", now()) ON CONFLICT (writer_id) DO UPDATE SET last_seq = EXCLUDED.last_seq, "
                "updated_at = now() WHERE p.last_seq = " +
                std::to_string(before));
            if (std::strcmp(PQcmdTuples(progress.get()), "1") != 0) {
                rollbackQuietly(*db_);
                failures_.fetch_add(1);
                throw PgError("PostgreSQL " + describe() + ": writer id '" + options_.writerId +
                                  "' is in use by another writer (its progress moved past " +
                                  std::to_string(before) + ")",
                              "RDW01");
            }
            for (const auto& e : batch.entries()) {
                if (e.sequence <= before) continue;
                const std::string sql = StatementBatch::sql(e, spec_, params);
                const auto r = db_->exec(sql, params);
                if ((e.statement == RowStatement::Update || e.statement == RowStatement::Delete) &&
                    std::strcmp(PQcmdTuples(r.get()), "0") == 0)
                    ++unmatched;
            }
            db_->exec("COMMIT");
        } catch (const PgError& e) {
            if (e.sqlState() == "RDW01") throw;
            const auto& s = e.sqlState();
            const bool lost = !db_ || PQstatus(db_->get()) == CONNECTION_BAD ||
                              s.starts_with("08") || s == "57P01" || s == "57P02" || s == "57P03";
            if (!lost) failBatch(e);
            // The COMMIT may or may not have reached the server: the progress row says. The
            // unmatched count of a commit we cannot see is lost, never counted twice.
            reconnect(e.what());
            const std::int64_t after = committed_.load();
            if (after > before) {
                const auto done = pending - batch.countAfter(after);
                outcome.committed += done;
                rowsWritten_.fetch_add(done);
                batches_.fetch_add(1);
            }
            continue;
        }
        committed_ = last;
        outcome.committed += pending;
        outcome.unmatched += unmatched;
        rowsWritten_.fetch_add(pending);
        batches_.fetch_add(1);
    }
    return outcome;
}

}  // namespace riverdelta::postgres
