#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/cdc/lsn.h"

// Decoder for the `pgoutput` logical replication protocol, version 1 (PostgreSQL "Logical
// Replication Message Formats"): the payload of each XLogData message is one of the messages
// below. Pure: bytes in, typed messages out, no I/O.
namespace riverdelta::cdc::pgoutput {

enum class MessageType : char {
    Begin = 'B',
    Commit = 'C',
    Origin = 'O',
    Relation = 'R',
    Type = 'Y',
    Insert = 'I',
    Update = 'U',
    Delete = 'D',
    Truncate = 'T',
    Message = 'M',  // pg_logical_emit_message(); only sent when asked for (messages 'true')
};

// One column of a TupleData: SQL NULL, an unchanged TOASTed value (the old value was not sent),
// or the value in text format (binary only with the v2+ `binary` option, decoded but unused).
enum class ValueKind : char { Null = 'n', UnchangedToast = 'u', Text = 't', Binary = 'b' };

struct ColumnValue {
    ValueKind kind = ValueKind::Null;
    std::string_view data;  // points into the decoded message buffer
};

struct TupleData {
    std::vector<ColumnValue> columns;
};

// Microseconds since 2000-01-01 00:00:00 UTC (PostgreSQL's epoch).
using PgTimestamp = std::int64_t;
inline constexpr std::int64_t kPgEpochUnixMicros = 946'684'800'000'000;
[[nodiscard]] constexpr std::int64_t toUnixMillis(PgTimestamp t) {
    return (t + kPgEpochUnixMicros) / 1000;
}

struct Begin {
    Lsn finalLsn;  // LSN of the commit record
    PgTimestamp commitTime = 0;
    std::uint32_t xid = 0;
};

struct Commit {
    std::uint8_t flags = 0;
    Lsn commitLsn;
    Lsn endLsn;  // end of the commit record: what a client confirms once the transaction is safe
    PgTimestamp commitTime = 0;
};

struct Origin {
    Lsn commitLsn;
    std::string name;
};

inline constexpr std::uint8_t kColumnIsKey = 1;

struct RelationColumn {
    std::uint8_t flags = 0;  // kColumnIsKey: part of the replica identity (all with FULL)
    std::string name;
    std::uint32_t typeOid = 0;
    std::int32_t typeModifier = -1;
    [[nodiscard]] bool isKey() const { return (flags & kColumnIsKey) != 0; }
};

struct Relation {
    std::uint32_t oid = 0;
    std::string schema;  // empty for pg_catalog
    std::string name;
    char replicaIdentity = 'd';  // relreplident: d default, n nothing, f full, i index
    std::vector<RelationColumn> columns;
};

struct Type {
    std::uint32_t oid = 0;
    std::string schema;
    std::string name;
};

struct Insert {
    std::uint32_t relationOid = 0;
    TupleData newTuple;
};

// Which old row image an Update or Delete carries: none, the replica identity key ('K'),
// or the whole old row ('O', REPLICA IDENTITY FULL).
enum class OldTuple : char { None = 0, Key = 'K', Full = 'O' };

struct Update {
    std::uint32_t relationOid = 0;
    OldTuple oldKind = OldTuple::None;
    TupleData oldTuple;  // empty unless oldKind != None
    TupleData newTuple;
};

struct Delete {
    std::uint32_t relationOid = 0;
    OldTuple oldKind = OldTuple::Key;
    TupleData oldTuple;
};

inline constexpr std::uint8_t kTruncateCascade = 1;
inline constexpr std::uint8_t kTruncateRestartIdentity = 2;

struct Truncate {
    std::uint8_t options = 0;
    std::vector<std::uint32_t> relationOids;
};

struct LogicalMessage {
    bool transactional = false;
    Lsn lsn;
    std::string prefix;
    std::string content;
};

// Decodes one message at a time into reusable members (no allocation per row once the vectors
// have grown). Views in TupleData point into the buffer passed to decode() and stay valid only
// as long as that buffer does.
class Decoder {
  public:
    // Throws CdcError(Protocol) on a truncated, unknown or trailing-garbage message.
    MessageType decode(std::span<const std::uint8_t> message);

    [[nodiscard]] const Begin& begin() const { return begin_; }
    [[nodiscard]] const Commit& commit() const { return commit_; }
    [[nodiscard]] const Origin& origin() const { return origin_; }
    [[nodiscard]] const Relation& relation() const { return relation_; }
    [[nodiscard]] const Type& type() const { return type_; }
    [[nodiscard]] const Insert& insert() const { return insert_; }
    [[nodiscard]] const Update& update() const { return update_; }
    [[nodiscard]] const Delete& del() const { return delete_; }
    [[nodiscard]] const Truncate& truncate() const { return truncate_; }
    [[nodiscard]] const LogicalMessage& logicalMessage() const { return message_; }

  private:
    Begin begin_;
    Commit commit_;
    Origin origin_;
    Relation relation_;
    Type type_;
    Insert insert_;
    Update update_;
    Delete delete_;
    Truncate truncate_;
    LogicalMessage message_;
};

// Relation messages precede the first change of each table in a session (and follow schema
// changes); changes refer to them by OID. The cache keeps the latest per OID.
class RelationCache {
  public:
    const Relation& update(const Relation& relation);
    [[nodiscard]] const Relation* find(std::uint32_t oid) const;
    [[nodiscard]] std::size_t size() const { return relations_.size(); }

  private:
    std::unordered_map<std::uint32_t, Relation> relations_;
};

}  // namespace riverdelta::cdc::pgoutput
