#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "engine/kafka/client_config.h"
#include "engine/kafka/handles.h"

namespace riverdelta::kafka {

struct DeliveryCounters {
    std::uint64_t produced = 0;      // handed to librdkafka
    std::uint64_t acknowledged = 0;  // delivery report without error
    std::uint64_t failed = 0;        // delivery report with error
    std::uint64_t bytes = 0;         // acknowledged key + value bytes
};

// Idempotent producer with a delivery-report thread. produce() never drops: when the local
// queue is full it waits for room (backpressure) until the deadline.
class Producer {
  public:
    struct Delivery {
        std::string_view topic;
        std::int32_t partition;
        std::int64_t offset;
        std::size_t bytes;
        rd_kafka_resp_err_t error;
        void* opaque;  // what the caller passed to produce()
    };
    using DeliveryCallback = std::function<void(const Delivery&)>;

    explicit Producer(const ClientConfig& config, DeliveryCallback onDelivery = {});
    Producer(const Producer&) = delete;
    Producer& operator=(const Producer&) = delete;
    ~Producer();

    // Throws KafkaError on a non-retriable error or when the queue stays full past queueWait.
    void produce(std::string_view topic, std::string_view key, std::string_view value,
                 std::int32_t partition = RD_KAFKA_PARTITION_UA, void* opaque = nullptr,
                 std::chrono::milliseconds queueWait = std::chrono::minutes(5));

    // True when every message was delivered or failed within the timeout.
    bool flush(std::chrono::milliseconds timeout);

    [[nodiscard]] DeliveryCounters counters() const;
    [[nodiscard]] std::string lastError() const;
    [[nodiscard]] rd_kafka_t* handle() const { return rk_.get(); }

  private:
    static void onDeliveryReport(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque);
    static void onError(rd_kafka_t*, int err, const char* reason, void* opaque);

    KafkaHandle rk_;
    DeliveryCallback onDelivery_;
    std::atomic<std::uint64_t> produced_{0}, acknowledged_{0}, failed_{0}, bytes_{0};
    mutable std::mutex errorMutex_;
    std::string lastError_;
    std::jthread poller_;
};

}  // namespace riverdelta::kafka
