#include "engine/cdc/replication_connection.h"

#include <poll.h>

#include <cstring>

#include "engine/cdc/byte_reader.h"
#include "engine/cdc/cdc_error.h"
#include "engine/cdc/pgoutput.h"
#include "engine/cdc/table_info.h"
#include "engine/postgres/connection.h"
#include "engine/postgres/pg_error.h"
#include "engine/postgres/result.h"

namespace riverdelta::cdc {

namespace {

void putU64(char* out, std::uint64_t v) {
    for (int i = 7; i >= 0; --i) {
        out[i] = static_cast<char>(v & 0xff);
        v >>= 8;
    }
}

std::int64_t nowPgMicros() {
    const auto unixMicros = std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
    return unixMicros - pgoutput::kPgEpochUnixMicros;
}

}  // namespace

std::string ReplicationConnection::replicationConninfo(const std::string& conninfo) {
    std::string out = conninfo;
    if (out.starts_with("postgres://") || out.starts_with("postgresql://"))
        out +=
            (out.find('?') == std::string::npos ? "?" : "&") + std::string("replication=database");
    else
        out += " replication=database";
    if (out.find("connect_timeout") == std::string::npos)
        out += out.starts_with("postgres") && out.find("://") != std::string::npos
                   ? "&connect_timeout=10"
                   : " connect_timeout=10";
    return out;
}

ReplicationConnection::ReplicationConnection(const std::string& conninfo) {
    conn_.reset(PQconnectdb(replicationConninfo(conninfo).c_str()));
    if (!conn_) throw postgres::PgError("PostgreSQL: out of memory creating a connection");
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
        const std::string message = postgres::libpqMessage(PQerrorMessage(conn_.get()));
        const std::string where = postgres::Connection::describe(conninfo);
        if (message.find("replication role") != std::string::npos ||
            message.find("REPLICATION attribute") != std::string::npos ||
            message.find("permission denied to start WAL sender") != std::string::npos)
            throw CdcError(CdcErrorKind::ReplicationPrivilege,
                           "PostgreSQL " + where +
                               ": the role may not open a replication "
                               "connection (" +
                               message +
                               "); as a superuser run ALTER ROLE <role> "
                               "WITH REPLICATION");
        throw postgres::PgError("PostgreSQL replication connection " + where + ": " + message);
    }
    PQsetNoticeProcessor(
        conn_.get(), [](void*, const char*) {}, nullptr);
    // Fixed text forms for the values pgoutput sends (type_mapping.h parses these).
    for (const char* sql : {"SET datestyle = 'ISO, YMD'", "SET timezone = 'UTC'",
                            "SET intervalstyle = 'postgres'", "SET extra_float_digits = 1"}) {
        postgres::Result res(PQexec(conn_.get(), sql));
        if (PQresultStatus(res.get()) != PGRES_COMMAND_OK)
            fail("PostgreSQL " + std::string(sql), res.get());
    }
}

ReplicationConnection::~ReplicationConnection() {
    if (streaming_) {
        try {
            endStreaming();
        } catch (...) {  // closing anyway
        }
    }
}

void ReplicationConnection::fail(std::string_view what, PGresult* res) const {
    std::string state;
    std::string message;
    if (res) {
        if (const char* s = PQresultErrorField(res, PG_DIAG_SQLSTATE)) state = s;
        message = postgres::libpqMessage(PQresultErrorMessage(res));
    }
    if (message.empty()) message = postgres::libpqMessage(PQerrorMessage(conn_.get()));
    throw postgres::PgError(std::string(what) + ": " + message, state);
}

SystemIdentity ReplicationConnection::identifySystem() {
    postgres::Result res(PQexec(conn_.get(), "IDENTIFY_SYSTEM"));
    if (PQresultStatus(res.get()) != PGRES_TUPLES_OK || res.rows() != 1 || res.columns() < 4)
        fail("PostgreSQL IDENTIFY_SYSTEM", res.get());
    SystemIdentity id;
    id.systemId = res.value(0, 0);
    id.timeline = std::atoi(std::string(res.value(0, 1)).c_str());
    id.walPosition = Lsn::fromString(res.value(0, 2));
    if (!res.isNull(0, 3)) id.database = res.value(0, 3);
    return id;
}

CreatedSlot ReplicationConnection::createSlot(const std::string& name, bool exportSnapshot) {
    // The keyword form (not the parenthesised one of PostgreSQL 15+) works from PostgreSQL 10 on.
    const std::string sql = "CREATE_REPLICATION_SLOT " + quoteIdentifier(name) +
                            " LOGICAL pgoutput " +
                            (exportSnapshot ? "EXPORT_SNAPSHOT" : "NOEXPORT_SNAPSHOT");
    postgres::Result res(PQexec(conn_.get(), sql.c_str()));
    if (PQresultStatus(res.get()) != PGRES_TUPLES_OK || res.rows() != 1)
        fail("PostgreSQL: creating replication slot '" + name + "'", res.get());
    CreatedSlot slot;
    slot.name = res.value(0, 0);
    slot.consistentPoint = Lsn::fromString(res.value(0, 1));
    if (!res.isNull(0, 2)) slot.snapshotName = res.value(0, 2);
    return slot;
}

void ReplicationConnection::startReplication(const std::string& slot, Lsn start,
                                             const std::string& publication) {
    const std::string sql = "START_REPLICATION SLOT " + quoteIdentifier(slot) + " LOGICAL " +
                            start.toString() + " (proto_version '1', publication_names " +
                            quoteLiteral(quoteIdentifier(publication)) + ")";
    postgres::Result res(PQexec(conn_.get(), sql.c_str()));
    if (PQresultStatus(res.get()) != PGRES_COPY_BOTH) {
        const char* state = PQresultErrorField(res.get(), PG_DIAG_SQLSTATE);
        if (state && std::strcmp(state, "55006") == 0)
            throw CdcError(CdcErrorKind::SlotInUse,
                           "replication slot '" + slot + "' is in use by another client (" +
                               postgres::libpqMessage(PQresultErrorMessage(res.get())) +
                               "); stop that client, or give this source its own slot (--slot)");
        fail("PostgreSQL START_REPLICATION on slot '" + slot + "'", res.get());
    }
    streaming_ = true;
}

std::optional<StreamMessage> ReplicationConnection::read(std::chrono::milliseconds timeout) {
    std::optional<std::chrono::steady_clock::time_point> deadline;  // taken only when we wait
    for (;;) {
        char* raw = nullptr;
        const int length = PQgetCopyData(conn_.get(), &raw, 1);
        if (length > 0) {
            buffer_.reset(raw);
            ByteReader in(std::span(reinterpret_cast<const std::uint8_t*>(raw),
                                    static_cast<std::size_t>(length)));
            StreamMessage m;
            const std::uint8_t tag = in.u8();
            if (tag == 'w') {
                m.kind = StreamMessage::Kind::XLogData;
                m.walStart = Lsn(in.u64());
                m.walEnd = Lsn(in.u64());
                m.sendTime = in.i64();
                m.payload = std::span(reinterpret_cast<const std::uint8_t*>(raw) + 25,
                                      static_cast<std::size_t>(length) - 25);
            } else if (tag == 'k') {
                m.kind = StreamMessage::Kind::Keepalive;
                m.walEnd = Lsn(in.u64());
                m.sendTime = in.i64();
                m.replyRequested = in.u8() != 0;
            } else {
                ByteReader::fail("unknown replication stream message '" +
                                 std::string(1, static_cast<char>(tag)) + "'");
            }
            return m;
        }
        if (length == -1) {
            // The server ended the stream: its final result says why.
            streaming_ = false;
            postgres::Result res(PQgetResult(conn_.get()));
            fail("PostgreSQL ended the replication stream", res.get());
        }
        if (length < -1) fail("PostgreSQL replication stream");
        const auto now = std::chrono::steady_clock::now();
        if (!deadline) deadline = now + timeout;
        if (now >= *deadline) return std::nullopt;
        pollfd pfd{PQsocket(conn_.get()), POLLIN, 0};
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - now);
        if (::poll(&pfd, 1, static_cast<int>(wait.count()) + 1) < 0 && errno != EINTR)
            fail("PostgreSQL replication stream (poll)");
        if (PQconsumeInput(conn_.get()) != 1) fail("PostgreSQL replication stream");
    }
}

void ReplicationConnection::sendStatus(Lsn confirmed, bool requestReply) {
    char message[34];
    message[0] = 'r';
    putU64(message + 1, confirmed.value());   // written
    putU64(message + 9, confirmed.value());   // flushed: what the slot records
    putU64(message + 17, confirmed.value());  // applied
    putU64(message + 25, static_cast<std::uint64_t>(nowPgMicros()));
    message[33] = requestReply ? 1 : 0;
    if (PQputCopyData(conn_.get(), message, sizeof message) != 1 || PQflush(conn_.get()) != 0)
        fail("PostgreSQL standby status update");
}

void ReplicationConnection::endStreaming() {
    if (!streaming_) return;
    streaming_ = false;
    if (PQputCopyEnd(conn_.get(), nullptr) != 1) return;
    PQflush(conn_.get());
    // Drain what the server still sends until it acknowledges the end of the copy.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    bool ended = false;
    while (!ended && std::chrono::steady_clock::now() < deadline) {
        char* raw = nullptr;
        const int length = PQgetCopyData(conn_.get(), &raw, 1);
        if (length > 0) {
            PQfreemem(raw);
            continue;
        }
        if (length == 0) {
            pollfd pfd{PQsocket(conn_.get()), POLLIN, 0};
            ::poll(&pfd, 1, 100);
            if (PQconsumeInput(conn_.get()) != 1) return;
            continue;
        }
        ended = true;
    }
    if (!ended) return;  // the connection is closed by the owner anyway
    while (PGresult* res = PQgetResult(conn_.get()))
        PQclear(res);
}

}  // namespace riverdelta::cdc
