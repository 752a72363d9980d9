#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/cdc/cdc_error.h"
#include "engine/cdc/lsn.h"

namespace riverdelta::cdc {

enum class SourceState { Starting, Snapshotting, Streaming, Stopped, Failed };

const char* toString(SourceState state);

struct TableSnapshotProgress {
    std::string table;  // "schema.table"
    std::string topic;
    std::uint64_t rowsDone = 0;
    std::uint64_t rowsTotal = 0;  // count(*) in the snapshot
    bool done = false;

    bool operator==(const TableSnapshotProgress&) const = default;
};

// Change events captured from one table (snapshot reads included).
struct TableEvents {
    std::string table;  // "schema.table"
    std::string topic;
    std::uint64_t events = 0;

    bool operator==(const TableEvents&) const = default;
};

// A copy of the source's state at one moment; cheap to take, safe to keep.
struct SourceStatus {
    SourceState state = SourceState::Starting;
    std::string failureReason;  // set when Failed: what happened and what to do
    CdcErrorKind failureKind = CdcErrorKind::Other;
    std::string lastError;  // the most recent error, also transient ones (e.g. lag query)
    // What the source waits on now, naming the server (e.g. "Kafka 127.0.0.1:9092: broker
    // unreachable for 12 s; the source fails after 120 s"); empty while nothing holds it up.
    std::string waitingFor;

    std::string slot;
    std::string publication;
    std::vector<std::string> topics;
    bool snapshotTaken = false;  // this run snapshotted (false: resumed streaming from the slot)
    std::vector<TableSnapshotProgress> snapshot;

    std::uint64_t eventsCaptured = 0;      // change events decoded for the included tables
    std::uint64_t eventsProduced = 0;      // handed to the Kafka producer
    std::uint64_t eventsAcknowledged = 0;  // delivery confirmed by Kafka
    std::uint64_t tombstonesProduced = 0;
    std::vector<TableEvents> tableEvents;  // per table, once the tables are known
    double eventsPerSecond = 0;            // produced, over the last status interval

    Lsn confirmedLsn;  // what the slot may discard: everything Kafka has acknowledged
    Lsn serverLsn;     // pg_current_wal_lsn() at the last check
    std::uint64_t lagBytes = 0;
    double lagSeconds = 0;  // how long the server has been past confirmedLsn

    bool operator==(const SourceStatus&) const = default;
};

}  // namespace riverdelta::cdc
