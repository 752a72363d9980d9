#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/cdc/source_status.h"
#include "engine/core/background_worker.h"
#include "engine/kafka/client_config.h"

namespace riverdelta::core {
class Log;
}

// PostgreSQL change data capture into Kafka, Debezium-compatible (see event_serializer.h for
// the event format and what `before` holds).
//
// On start the source checks the server (wal_level, REPLICATION privilege, tables and their
// primary keys), creates the publication when missing (an existing one must cover the tables)
// and the logical replication slot (pgoutput) when missing. A new slot is created with an
// exported snapshot: the tables are read in one REPEATABLE READ transaction on that snapshot and
// emitted as op "r" events, then streaming starts exactly where the snapshot ends. Snapshot
// completion is recorded in riverdelta.cdc_state once Kafka has acknowledged every snapshot
// event; a slot without that record (a crash mid-snapshot) is dropped and recreated, and the
// snapshot done again. A later start with a completed snapshot only streams. A slot that already
// streamed but whose snapshot does not cover the tables (tables added later, or a slot created
// elsewhere) is kept: the tables are read on a fresh snapshot, then the slot streams from where
// it was, so changes in between may repeat after the snapshot (duplicates, no gap).
//
// The slot is confirmed only up to the end of the newest transaction whose events Kafka has
// acknowledged, together with all earlier ones: after a crash the slot replays the
// unacknowledged tail (at-least-once, no gap). A lost PostgreSQL connection (a server restart)
// is not a crash: the source reconnects for up to postgresReconnectWait and sends each change
// once (capture_pipeline.h says how). stop() flushes Kafka, confirms and closes; the slot stays
// unless dropSlotOnStop.
namespace riverdelta::cdc {

namespace detail {
struct SourceShared;
}

struct PgSourceOptions {
    std::string postgresConninfo;     // libpq conninfo of the source database
    kafka::ClientConfig kafka;        // where the topics go
    std::vector<std::string> tables;  // "schema.table" (no dot: public)
    std::string topicPrefix = "riverhotel";
    std::string slotName = "riverdelta_cdc";
    std::string publicationName = "riverdelta_cdc";
    bool tombstones = true;       // a null-value message after each delete
    bool initialSnapshot = true;  // snapshot the tables when the slot is new
    bool dropSlotOnStop = false;  // drop slot (and its cdc_state row) after a clean stop
    // Drop an existing slot (and its cdc_state row) before starting, so the tables are
    // snapshotted again: for topics that are new (the sandbox's in-memory Kafka), where the
    // slot's position means nothing.
    bool restartSlot = false;
    std::chrono::milliseconds statusInterval{1000};  // standby status updates, lag, rate
    std::chrono::milliseconds slotInUseWait{10000};  // wait this long for a busy slot
    std::chrono::milliseconds flushTimeout{30000};   // Kafka flush on stop
    // A start waits this long for a Kafka broker before failing (as `run` does), before it
    // touches the slot. Later, Kafka may be unreachable for kafkaOutageLimit (unset: the
    // producer's delivery timeout, message.timeout.ms, as long as a run's own events wait)
    // before the source fails; the slot keeps every unacknowledged change meanwhile.
    std::chrono::milliseconds kafkaConnectWait{30000};
    std::optional<std::chrono::milliseconds> kafkaOutageLimit;
    // PostgreSQL may be away this long while streaming (a restart) before the source fails, as
    // long as a run's table writer waits for it.
    std::chrono::milliseconds postgresReconnectWait{60000};
    int snapshotFetchRows = 5000;
    core::Log* log = nullptr;  // progress and warnings (source "cdc"); may be null
};

class PgSource {
  public:
    explicit PgSource(PgSourceOptions options);
    PgSource(const PgSource&) = delete;
    PgSource& operator=(const PgSource&) = delete;
    ~PgSource();  // stop()

    // Starts the worker threads and returns at once; progress and errors show in status().
    // Once per object.
    void start();
    // Stops streaming, flushes Kafka, confirms what was acknowledged and closes. Blocks until
    // done; safe to call twice or after a failure.
    void stop();
    // stop(), then drops the slot and its cdc_state row as dropSlotOnStop would.
    void stopAndDropSlot();
    [[nodiscard]] SourceStatus status() const;

  private:
    void run();
    void monitor();

    PgSourceOptions options_;
    std::shared_ptr<detail::SourceShared> worker_;
    bool started_ = false;
    core::WorkerThread thread_;
    core::WorkerThread monitorThread_;
};

}  // namespace riverdelta::cdc
