#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/kafka/client_config.h"
#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/handles.h"

namespace riverdelta::core {
class Log;
}

namespace riverdelta::kafka {

// Where the producer stands with its cluster, for status lines.
enum class ProducerState {
    Connecting,            // nothing delivered yet, no error either
    Connected,             // the last delivery succeeded
    BrokerUnreachable,     // all brokers down (librdkafka keeps retrying until the timeout)
    AuthenticationFailed,  // fatal: wrong credentials; produce() throws
    Fatal,                 // fatal librdkafka error (e.g. idempotence broken); produce() throws
};
const char* toString(ProducerState state);

struct ProducerStatus {
    ProducerState state = ProducerState::Connecting;
    std::string detail;  // the latest reason, naming the cluster; never a secret
};

struct ProducerOptions {
    core::Log* log = nullptr;  // librdkafka's own log lines go here instead of stderr
};

// A Kafka record header; a header without a value has nullopt.
struct RecordHeader {
    std::string name;
    std::optional<std::string> value;
};

struct DeliveryCounters {
    std::uint64_t produced = 0;      // handed to librdkafka
    std::uint64_t acknowledged = 0;  // delivery report without error
    std::uint64_t failed = 0;        // delivery report with error
    std::uint64_t bytes = 0;         // acknowledged key + value bytes
};

// Idempotent producer with a delivery-report thread. produce() never drops: when the local
// queue is full it waits for room (backpressure) until the deadline.
//
// Defaults applied unless the configuration sets them (any librdkafka property overrides):
//   enable.idempotence=true    no duplicates or reordering across retries
//   message.timeout.ms=120000  how long a message may wait for delivery, retries and broker
//                              outages included, before its delivery report fails
//                              (kDefaultDeliveryTimeout; `delivery.timeout.ms` is an alias)
// While every broker is down, status() says BrokerUnreachable and librdkafka keeps retrying
// until that timeout. An authentication failure is fatal at once: queued messages are purged
// (their reports fail), status() says AuthenticationFailed naming the cluster, and produce()
// throws, so nothing keeps hammering the cluster with bad credentials.
class Producer {
  public:
    static constexpr std::chrono::milliseconds kDefaultDeliveryTimeout{std::chrono::minutes(2)};

    struct Delivery {
        std::string_view topic;
        std::int32_t partition;
        std::int64_t offset;
        std::size_t bytes;
        rd_kafka_resp_err_t error;
        void* opaque;  // what the caller passed to produce()
    };
    using DeliveryCallback = std::function<void(const Delivery&)>;

    explicit Producer(const ClientConfig& config, DeliveryCallback onDelivery = {},
                      ProducerOptions options = {});
    Producer(const Producer&) = delete;
    Producer& operator=(const Producer&) = delete;
    ~Producer();

    // Throws KafkaError on a non-retriable error, after a fatal error (authentication), or
    // when the queue stays full past queueWait.
    void produce(std::string_view topic, std::string_view key, std::string_view value,
                 std::int32_t partition = RD_KAFKA_PARTITION_UA, void* opaque = nullptr,
                 std::chrono::milliseconds queueWait = std::chrono::minutes(5));

    // The same with a topic handle the caller keeps (rd_kafka_topic_new on handle()): saves
    // librdkafka's topic lookup by name, under its handle-wide lock, on every message.
    void produce(rd_kafka_topic_t* topic, std::string_view key, std::string_view value,
                 std::int32_t partition = RD_KAFKA_PARTITION_UA, void* opaque = nullptr,
                 std::chrono::milliseconds queueWait = std::chrono::minutes(5));

    // The same with record headers (copied, like key and value).
    void produce(std::string_view topic, std::string_view key, std::string_view value,
                 std::span<const RecordHeader> headers,
                 std::int32_t partition = RD_KAFKA_PARTITION_UA, void* opaque = nullptr,
                 std::chrono::milliseconds queueWait = std::chrono::minutes(5));

    // True when every message was delivered or failed within the timeout.
    bool flush(std::chrono::milliseconds timeout);

    [[nodiscard]] DeliveryCounters counters() const;
    [[nodiscard]] std::string lastError() const;
    [[nodiscard]] ProducerStatus status() const;
    // Waits until a broker answers a metadata request; throws KafkaError with the reason: the
    // authentication failure at once, else after `timeout` the client's last error.
    ClusterMetadata awaitCluster(std::chrono::milliseconds timeout) const;
    [[nodiscard]] const std::string& clusterLabel() const { return label_; }
    // message.timeout.ms as configured (or the default): how long a message may wait for Kafka.
    [[nodiscard]] std::chrono::milliseconds deliveryTimeout() const { return deliveryTimeout_; }
    [[nodiscard]] rd_kafka_t* handle() const { return rk_.get(); }

  private:
    static void onDeliveryReport(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque);
    static void onError(rd_kafka_t*, int err, const char* reason, void* opaque);
    static void onLog(const rd_kafka_t* rk, int level, const char* facility, const char* message);
    void setStatus(ProducerState state, std::string detail);
    [[noreturn]] void throwFatal() const;
    [[nodiscard]] std::string unreachableDetail(const char* reason) const;
    void produceFields(rd_kafka_vu_t* fields, std::size_t count, std::string_view topicName,
                       std::chrono::milliseconds queueWait);
    // The topic's handle, created on first use and kept: producing by name would look the
    // topic up (under librdkafka's handle-wide write lock) for every message.
    rd_kafka_topic_t* topicHandle(std::string_view topic);

    std::string bootstrap_;
    std::string label_;
    std::chrono::milliseconds deliveryTimeout_{kDefaultDeliveryTimeout};
    ProducerOptions options_;
    KafkaHandle rk_;
    DeliveryCallback onDelivery_;
    // produce() and the delivery reports run on different threads: their counters live on
    // different cache lines so that each message does not bounce one line between cores.
    alignas(64) std::atomic<std::uint64_t> produced_{0};
    alignas(64) std::atomic<std::uint64_t> acknowledged_{0}, failed_{0}, bytes_{0};
    alignas(64) std::atomic<ProducerState> state_{ProducerState::Connecting};  // status_.state
    mutable std::mutex errorMutex_;
    std::string lastError_;
    ProducerStatus status_;
    std::atomic<bool> fatal_{false};
    std::mutex topicsMutex_;
    struct CachedTopic {
        std::string name;
        TopicHandle handle;
    };
    std::vector<CachedTopic> topics_;  // destroyed before rk_
    std::jthread poller_;
};

}  // namespace riverdelta::kafka
