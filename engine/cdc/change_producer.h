#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/cdc/ack_tracker.h"
#include "engine/cdc/event_serializer.h"
#include "engine/cdc/table_info.h"
#include "engine/core/background_worker.h"
#include "engine/core/log.h"

namespace riverdelta::kafka {
class Producer;
}

namespace riverdelta::cdc {

struct PgSourceOptions;
class ReplicationConnection;
namespace detail {
struct SourceShared;
}

// The Kafka side of a capture: one idempotent producer, a topic per table, the Debezium
// serializer, and the watch on the cluster (how long it has been unreachable, whether it
// refused an event). Every event is tagged for the AckTracker, which decides what the slot may
// confirm.
class ChangeProducer {
  public:
    // `tables` is the pipeline's list (kept alive and never resized by it): an event's table is
    // one of its elements, and the topics run in parallel with it.
    ChangeProducer(const PgSourceOptions& options, detail::SourceShared& shared,
                   const std::vector<TableInfo>& tables, const std::string& database,
                   core::WorkerThread& thread);
    ChangeProducer(const ChangeProducer&) = delete;
    ChangeProducer& operator=(const ChangeProducer&) = delete;
    ~ChangeProducer();

    // Waits (kafkaConnectWait at most) until a broker answers, before the slot is touched.
    void awaitKafka();
    // Serializes and produces one change event (and its tombstone after a delete). While
    // Kafka's queue is full it keeps `repl` (when given) alive with status updates.
    void emit(const TableInfo& table, Op op, const Row* before, const Row* after,
              const SourceInfo& source, AckTracker::Transaction& txn, ReplicationConnection* repl);
    // Fails the source when Kafka refused an event or has been unreachable past the outage
    // limit; keeps status().waitingFor naming an outage while it lasts.
    void checkDelivery();
    // Waits up to flushTimeout for every delivery report; false when some stayed out.
    bool flush();

  private:
    void produce(rd_kafka_topic_t* topic, std::string_view key, std::string_view value,
                 void* opaque, ReplicationConnection* repl);
    void watchKafka();
    void log(core::LogLevel level, const std::string& message);

    const PgSourceOptions& options_;
    detail::SourceShared& shared_;
    const std::vector<TableInfo>& tables_;
    core::WorkerThread& thread_;  // stop requests and stop-aware sleeps

    std::unique_ptr<kafka::Producer> producer_;
    struct TopicDeleter {
        void operator()(rd_kafka_topic_t* t) const { rd_kafka_topic_destroy(t); }
    };
    std::vector<std::unique_ptr<rd_kafka_topic_t, TopicDeleter>> topics_;  // before producer_ dies
    std::unique_ptr<EventSerializer> serializer_;

    std::chrono::steady_clock::time_point nextKafkaCheck_{};
    std::optional<std::chrono::steady_clock::time_point> kafkaOutageSince_;
};

}  // namespace riverdelta::cdc
