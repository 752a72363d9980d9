#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "engine/cdc/pg_source.h"
#include "engine/cdc/source_status.h"
#include "engine/kafka/client_config.h"

namespace riverdelta::core {
class Log;
}

// Change data capture as an engine stream: one PgSource started and stopped by engine commands
// (StartCdc / StopCdc), running against the engine's current connection (the sandbox's
// PostgreSQL and Kafka unless the command names others), its status copied into every Snapshot.
namespace riverdelta::cdc {

// What StartCdc may set beyond tables and prefix; empty connections mean "the engine's".
struct CdcStreamOptions {
    std::string postgresConninfo;  // empty: the engine's current PostgreSQL (the sandbox)
    kafka::ClientConfig kafka;     // bootstrapServers empty: the engine's current Kafka
    std::string slotName = "riverdelta_cdc";
    std::string publicationName = "riverdelta_cdc";
    bool tombstones = true;
    bool dropSlotOnStop = false;
};

// The stream as the engine shows it: what it captures and the source's own status (state,
// snapshot progress per table, events/s, replication lag in bytes and seconds, last error).
struct CdcStreamStatus {
    std::vector<std::string> tables;  // "schema.table"
    std::string topicPrefix;
    SourceStatus source;
};

class CdcStream {
  public:
    // Throws cdc::CdcError (kind Other) when a connection is missing: "PostgreSQL is not
    // connected" names what to start.
    CdcStream(std::vector<std::string> tables, std::string topicPrefix, CdcStreamOptions options,
              const std::string& enginePostgres, const kafka::ClientConfig& engineKafka,
              core::Log* log);
    CdcStream(const CdcStream&) = delete;
    CdcStream& operator=(const CdcStream&) = delete;
    ~CdcStream();  // stop()

    void start();
    void stop();  // flushes Kafka and confirms what it acknowledged; blocks until done
    [[nodiscard]] CdcStreamStatus status() const;
    // The topics it writes: <prefix>.<schema>.<table>.
    [[nodiscard]] std::vector<std::string> topics() const;
    // Still capturing (not Stopped or Failed).
    [[nodiscard]] bool active() const;

  private:
    std::vector<std::string> tables_;
    std::string prefix_;
    std::unique_ptr<PgSource> source_;
};

}  // namespace riverdelta::cdc
