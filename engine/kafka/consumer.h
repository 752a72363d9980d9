#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/kafka/client_config.h"
#include "engine/kafka/fetch_waker.h"
#include "engine/kafka/handles.h"
#include "engine/kafka/message.h"

namespace riverdelta::kafka {

struct TopicPartitionOffset {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t offset = RD_KAFKA_OFFSET_BEGINNING;
};

struct Watermarks {
    std::int64_t low = 0;
    std::int64_t high = 0;  // offset of the next message to be written
};

// Assign-based consumer: the caller says where to read, so progress can live elsewhere
// (the Delta log, a test's expectations) instead of in consumer-group offsets.
class Consumer {
  public:
    explicit Consumer(const ClientConfig& config);
    Consumer(const Consumer&) = delete;
    Consumer& operator=(const Consumer&) = delete;
    ~Consumer();

    // RD_KAFKA_OFFSET_BEGINNING is resolved to the partition's low watermark first: librdkafka
    // 2.0 starts fetching at a logical offset only at its broker thread's next wake-up (the first
    // record of a local topic came after 540 ms, 32 ms from a concrete offset).
    void assign(std::span<const TopicPartitionOffset> partitions);
    // nullopt on timeout; otherwise a message or a consumer event (check error()).
    std::optional<Message> poll(std::chrono::milliseconds timeout);
    // Up to `max` messages or events at once (appended to `out`); returns how many. Returns what
    // is queued at once, and waits up to `timeout` only while nothing is. Cheaper per message
    // than poll() for bulk readers.
    std::size_t pollBatch(std::vector<Message>& out, std::size_t max,
                          std::chrono::milliseconds timeout);
    // Waits out a partition changing leader (its broker restarting) within `timeout`; any other
    // error throws KafkaError at once.
    Watermarks queryWatermarks(const std::string& topic, std::int32_t partition,
                               std::chrono::milliseconds timeout);

    [[nodiscard]] rd_kafka_t* handle() const { return rk_.get(); }
    // Rounds of FetchWaker requests so far (pollBatch sends them when a full prefetch queue ran
    // low).
    [[nodiscard]] std::uint64_t fetchWakeups() const { return waker_.rounds(); }

  private:
    void followQueueLevel(std::size_t messages, std::size_t bytes);

    KafkaHandle rk_;
    QueueHandle queue_;
    std::vector<rd_kafka_message_t*> raw_;
    // The prefetch queue's bounds (librdkafka stops fetching at either) and the mean size of
    // what it holds, to tell when a queue that was full runs low.
    double queueMaxMessages_ = 0;
    double queueMaxBytes_ = 0;
    double meanBytes_ = 0;
    bool sawFull_ = false;
    int wakesSinceFull_ = 0;
    FetchWaker waker_;  // after rk_: its thread stops before the handle goes
};

}  // namespace riverdelta::kafka
