#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/cdc/lsn.h"
#include "engine/cdc/table_info.h"

// Debezium-compatible change events as JSON with schemas disabled (the plain payload, as
// Kafka Connect's JsonConverter writes it with schemas.enable=false):
//
//   key:   {"<pk column>": value, ...}
//   value: {"before": {...}|null, "after": {...}|null,
//           "source": {"version", "connector": "postgresql", "name": <topic prefix>, "ts_ms",
//                      "snapshot": "true"|"last"|"false", "db", "sequence", "schema", "table",
//                      "txId", "lsn", "xmin": null},
//           "op": "r"|"c"|"u"|"d"|"t", "ts_ms": <when Riverdelta processed it>,
//           "transaction": null}
//
// `before` follows what PostgreSQL sends: with REPLICA IDENTITY FULL the whole old row (updates
// and deletes); otherwise, for deletes and for updates that change the key, the key columns with
// their values and every other column null; for other updates null. A TOASTed column that an
// update left unchanged is not sent by PostgreSQL and appears as Debezium's placeholder
// "__debezium_unavailable_value".
namespace riverdelta::cdc {

enum class Op : char { Read = 'r', Create = 'c', Update = 'u', Delete = 'd', Truncate = 't' };

inline constexpr std::string_view kUnavailableValue = "__debezium_unavailable_value";

struct SourceInfo {
    std::int64_t tsMs = 0;                // commit time; for snapshot reads the snapshot time
    std::string_view snapshot = "false";  // "true", "last" or "false"
    std::optional<std::uint32_t> txId;    // null for snapshot reads
    Lsn lsn;                              // the change's LSN; the slot's start for snapshot reads
    Lsn lastCommitLsn;                    // first element of `sequence`; null when invalid
};

class EventSerializer {
  public:
    struct Options {
        std::string name;      // source.name: the topic prefix, as Debezium's topic.prefix
        std::string database;  // source.db
        std::string version;   // source.version
    };

    explicit EventSerializer(const Options& options);

    // Both return views into buffers reused by the next call of the same function.
    std::string_view key(const TableInfo& table, Row row);
    std::string_view value(const TableInfo& table, Op op, const Row* before, const Row* after,
                           const SourceInfo& source, std::int64_t nowMs);

  private:
    void appendRow(JsonTokenWriter& out, const TableInfo& table, Row row);

    std::string sourceHead_;  // `"source":{"version":..,"connector":..,"name":..,"ts_ms":`
    std::string dbMember_;    // `,"db":"..."`
    std::string keyBuffer_;
    std::string valueBuffer_;
};

}  // namespace riverdelta::cdc
