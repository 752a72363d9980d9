#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/cdc/ack_tracker.h"
#include "engine/cdc/byte_reader.h"
#include "engine/cdc/catalog.h"
#include "engine/cdc/pgoutput.h"
#include "engine/cdc/table_info.h"
#include "engine/core/background_worker.h"
#include "engine/core/log.h"

namespace riverdelta::postgres {
class Connection;
class PgError;
}  // namespace riverdelta::postgres

namespace riverdelta::cdc {

struct PgSourceOptions;
class ChangeProducer;
class ReplicationConnection;
struct StreamMessage;
namespace detail {
struct SourceShared;
}

// Everything one run of a PgSource does, on its worker thread: check the server, set up the
// slot (snapshot or resume, see pg_source.h), then stream changes into a ChangeProducer until
// stopped.
//
// A lost connection while streaming (PostgreSQL restarted, the network dropped) does not end
// the capture: it reconnects for up to postgresReconnectWait and asks the slot to start at
// the position Kafka's acknowledgements confirmed. The server may still send what came before
// (a restarted PostgreSQL 15 forgets a confirmed position it had not written to disk), so the
// pipeline drops every transaction it already handed to Kafka (commit LSN at or below the last
// one produced) and, for a transaction the connection broke inside, the changes it already
// produced: Kafka gets each change once. A snapshot that completed is never redone; one that
// breaks fails the capture (its exported snapshot died with the server), and the next start
// snapshots again.
class CapturePipeline {
  public:
    CapturePipeline(const PgSourceOptions& options, detail::SourceShared& shared,
                    core::WorkerThread& thread);
    CapturePipeline(const CapturePipeline&) = delete;
    CapturePipeline& operator=(const CapturePipeline&) = delete;
    ~CapturePipeline();

    void run();

  private:
    void log(core::LogLevel level, const std::string& message);
    void prepare(postgres::Connection& db);
    SlotInfo waitForSlot(postgres::Connection& db);
    // Reads every table in one REPEATABLE READ transaction, on the exported snapshot when given;
    // events carry `lsn` as their position.
    void snapshot(const std::string& exportedSnapshot, Lsn lsn);
    // Streams until stopped, reconnecting through connection losses.
    void stream(std::unique_ptr<ReplicationConnection>& repl);
    void streamUntilStopped(ReplicationConnection& repl);
    // A new replication connection streaming from the confirmed position; throws the loss
    // when PostgreSQL stays away past postgresReconnectWait.
    std::unique_ptr<ReplicationConnection> reconnect(const postgres::PgError& loss);
    void handle(ReplicationConnection& repl, const StreamMessage& message);
    // False while the current transaction (or this change of it) was produced before a
    // reconnect: Kafka has it already.
    bool takeChange();
    void finish(ReplicationConnection* repl);
    void dropSlotAfterStop(postgres::Connection& db, ReplicationConnection& repl);
    // The included table a change refers to, or null for other tables of the publication.
    const TableInfo* lookup(std::uint32_t relationOid) const {
        if (!txn_) ByteReader::fail("change outside a transaction");
        auto it = byOid_.find(relationOid);
        if (it == byOid_.end())
            ByteReader::fail("change for relation " + std::to_string(relationOid) +
                             " before its Relation message");
        return it->second;
    }
    static Row checkedRow(const TableInfo& table, const pgoutput::TupleData& tuple) {
        if (tuple.columns.size() != table.columns.size())
            ByteReader::fail("row of " + table.name.display() + " has " +
                             std::to_string(tuple.columns.size()) + " columns, its relation " +
                             std::to_string(table.columns.size()));
        return Row(tuple.columns);
    }
    static bool keyChanged(const TableInfo& table, Row before, Row after) {
        for (std::size_t i : table.keyIndexes)
            if (before[i].kind != after[i].kind || before[i].data != after[i].data) return true;
        return false;
    }

    using Clock = std::chrono::steady_clock;

    const PgSourceOptions& options_;
    detail::SourceShared& shared_;
    core::WorkerThread& thread_;  // stop requests and stop-aware sleeps

    std::string database_;
    std::vector<TableInfo> tables_;
    std::unique_ptr<ChangeProducer> producer_;

    // Streaming state.
    pgoutput::Decoder decoder_;
    std::unordered_map<std::uint32_t, TableInfo*> byOid_;  // null: not an included table
    AckTracker::Transaction* txn_ = nullptr;
    std::uint32_t xid_ = 0;
    std::int64_t commitMs_ = 0;
    Lsn lastCommit_;
    Clock::time_point lastStatusSent_{};
    Lsn lastSentConfirmed_;
    static constexpr std::chrono::milliseconds kMinStatusGap{100};
    std::vector<pgoutput::ColumnValue> rowBuffer_;

    // What a reconnect must not send again.
    Lsn txnFinal_;                   // commit LSN of the open transaction (Begin's final LSN)
    std::size_t txnChanges_ = 0;     // change messages of the open transaction handled so far
    Lsn lastProducedCommit_;         // commit LSN of the newest transaction handed to Kafka whole
    bool skippingTxn_ = false;       // the current transaction went to Kafka before a reconnect
    std::size_t changesToSkip_ = 0;  // of a transaction resumed after a reconnect
    std::uint64_t redelivered_ = 0;  // changes dropped as re-sent after a reconnect
    std::uint64_t reconnects_ = 0;
};

}  // namespace riverdelta::cdc
