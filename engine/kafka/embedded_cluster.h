#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "engine/kafka/handles.h"

struct rd_kafka_mock_cluster_s;

namespace riverdelta::kafka {

// The sandbox's in-process Kafka: librdkafka's mock cluster, listening on loopback so other
// clients (kcat, Python) can connect too. It keeps data in memory only and each partition
// retains roughly the newest 5 MiB / 100,000 message sets; it has no CreateTopics API, so
// topics are created here.
class EmbeddedCluster {
  public:
    static constexpr std::int64_t kRetainedBytesPerPartition = 5 * 1024 * 1024;
    static constexpr std::int64_t kRetainedMessageSetsPerPartition = 100'000;
    static constexpr std::int32_t kAutoCreatePartitions = 4;

    explicit EmbeddedCluster(int brokers = 1);
    EmbeddedCluster(const EmbeddedCluster&) = delete;
    EmbeddedCluster& operator=(const EmbeddedCluster&) = delete;
    ~EmbeddedCluster();

    [[nodiscard]] const std::string& bootstrapServers() const { return bootstraps_; }
    [[nodiscard]] int brokerCount() const { return brokers_; }
    // True when created, false when it existed already (left as it was).
    bool createTopic(std::string_view name, int partitions, int replicationFactor = 1);

  private:
    struct ClusterDeleter {
        void operator()(rd_kafka_mock_cluster_s* mc) const;
    };
    KafkaHandle owner_;  // the mock cluster lives as long as this handle
    std::unique_ptr<rd_kafka_mock_cluster_s, ClusterDeleter> cluster_;
    std::string bootstraps_;
    std::uint16_t firstPort_ = 0;  // of the first broker's listener
    int brokers_;
};

}  // namespace riverdelta::kafka
