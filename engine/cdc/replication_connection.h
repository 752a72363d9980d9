#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/cdc/lsn.h"

namespace riverdelta::cdc {

struct SystemIdentity {
    std::string systemId;
    int timeline = 0;
    Lsn walPosition;
    std::string database;
};

struct CreatedSlot {
    std::string name;
    Lsn consistentPoint;       // the slot streams changes committed after this position
    std::string snapshotName;  // exported snapshot; empty unless asked for
};

// One message of the CopyBoth stream: WAL data ('w', the pgoutput payload) or a primary
// keepalive ('k').
struct StreamMessage {
    enum class Kind { XLogData, Keepalive };
    Kind kind = Kind::XLogData;
    Lsn walStart;                           // XLogData: LSN of the data
    Lsn walEnd;                             // the server's position
    std::int64_t sendTime = 0;              // µs since 2000-01-01
    bool replyRequested = false;            // keepalive: answer at once
    std::span<const std::uint8_t> payload;  // XLogData: valid until the next read()
};

// A libpq connection in logical walsender mode (`replication=database`) speaking the
// streaming replication protocol: IDENTIFY_SYSTEM, CREATE_REPLICATION_SLOT, START_REPLICATION,
// then XLogData/keepalives in and standby status updates out.
class ReplicationConnection {
  public:
    explicit ReplicationConnection(const std::string& conninfo);
    ReplicationConnection(const ReplicationConnection&) = delete;
    ReplicationConnection& operator=(const ReplicationConnection&) = delete;
    ~ReplicationConnection();

    SystemIdentity identifySystem();
    // Logical slot with pgoutput. With exportSnapshot the snapshot stays valid until the next
    // command on this connection: import it elsewhere before calling anything else here.
    CreatedSlot createSlot(const std::string& name, bool exportSnapshot);
    // Enters CopyBoth mode; start 0/0 resumes from the slot's confirmed position.
    void startReplication(const std::string& slot, Lsn start, const std::string& publication);

    // Next stream message, or nullopt when none arrived within the timeout. Throws PgError
    // when the connection fails or the server ends the stream.
    std::optional<StreamMessage> read(std::chrono::milliseconds timeout);
    // Standby status update: written = flushed = applied = `confirmed`.
    void sendStatus(Lsn confirmed, bool requestReply);
    // Ends CopyBoth cleanly (best effort) so the walsender releases the slot at once.
    void endStreaming();

    [[nodiscard]] bool streaming() const { return streaming_; }
    [[nodiscard]] PGconn* get() const { return conn_.get(); }

    // For the replication connection: the conninfo with replication=database added.
    static std::string replicationConninfo(const std::string& conninfo);

  private:
    [[noreturn]] void fail(std::string_view what, PGresult* res = nullptr) const;

    struct ConnDeleter {
        void operator()(PGconn* c) const { PQfinish(c); }
    };
    struct BufferDeleter {
        void operator()(char* b) const { PQfreemem(b); }
    };
    std::unique_ptr<PGconn, ConnDeleter> conn_;
    std::unique_ptr<char, BufferDeleter> buffer_;  // the last message from PQgetCopyData
    bool streaming_ = false;
};

}  // namespace riverdelta::cdc
