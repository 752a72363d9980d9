#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/kafka/topic_admin.h"
#include "engine/run/run_targets.h"

namespace riverdelta::core {
class Log;
}
namespace riverdelta::kafka {
class Producer;
}
namespace riverdelta::registry {
class SchemaRegistryClient;
}

namespace riverdelta::run {

// One Kafka cluster a run writes to: its idempotent producer (delivery reports count into the
// StreamCounters passed as each message's opaque) and its Schema Registry client, if any.
class KafkaCluster {
  public:
    KafkaCluster(std::string name, const KafkaTarget& target, core::Log* log);
    KafkaCluster(const KafkaCluster&) = delete;
    KafkaCluster& operator=(const KafkaCluster&) = delete;
    ~KafkaCluster();

    // Waits until a broker answers (the authentication failure at once), then creates the
    // topics that do not exist yet (an existing topic keeps its partitions).
    void prepareTopics(const std::vector<kafka::TopicSpec>& topics,
                       std::chrono::milliseconds timeout);
    // Throws when not everything sent was acknowledged within `timeout`, or sooner when no
    // broker has answered for kStalledFlushLimit (the run then ends naming the cluster, as it
    // does when no broker answers at its start).
    void flush(std::chrono::milliseconds timeout);
    static constexpr std::chrono::milliseconds kStalledFlushLimit{60000};
    // Throws the same way while events are being sent: some wait, and no broker acknowledged
    // (or refused) any for kStalledFlushLimit. Called per event by the run's thread.
    void checkProgress();
    // Why opening failed, with the producer's own reason when it knows better.
    [[nodiscard]] std::string failureReason(const std::exception& e) const;

    [[nodiscard]] kafka::Producer& producer() { return *producer_; }
    [[nodiscard]] registry::SchemaRegistryClient* registry() { return registry_.get(); }
    [[nodiscard]] const KafkaTarget& target() const { return target_; }
    [[nodiscard]] const std::string& name() const { return name_; }

  private:
    std::string name_;
    const KafkaTarget& target_;
    std::unique_ptr<kafka::Producer> producer_;
    std::unique_ptr<registry::SchemaRegistryClient> registry_;
    std::uint64_t lastSettled_ = 0;  // acknowledged + failed at the last progress
    std::chrono::steady_clock::time_point lastProgress_{};

    [[nodiscard]] std::string stalledReason() const;
};

}  // namespace riverdelta::run
