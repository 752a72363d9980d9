#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/kafka/client_config.h"
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

    void assign(std::span<const TopicPartitionOffset> partitions);
    // nullopt on timeout; otherwise a message or a consumer event (check error()).
    std::optional<Message> poll(std::chrono::milliseconds timeout);
    // Up to `max` messages or events at once (appended to `out`); returns how many. Cheaper per
    // message than poll() for bulk readers.
    std::size_t pollBatch(std::vector<Message>& out, std::size_t max,
                          std::chrono::milliseconds timeout);
    Watermarks queryWatermarks(const std::string& topic, std::int32_t partition,
                               std::chrono::milliseconds timeout);

    [[nodiscard]] rd_kafka_t* handle() const { return rk_.get(); }

  private:
    KafkaHandle rk_;
    QueueHandle queue_;
    std::vector<rd_kafka_message_t*> raw_;
};

}  // namespace riverdelta::kafka
