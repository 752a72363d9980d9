#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace riverdelta::kafka {

struct TopicMetadata {
    std::string name;
    std::int32_t partitions = 0;
    std::string error;  // empty when the broker reported the topic fine
};

struct ClusterMetadata {
    std::int32_t brokers = 0;
    std::string originatingBroker;
    std::vector<TopicMetadata> topics;  // sorted by name, internal topics (leading "__") omitted
};

// One Metadata request through any client handle; throws KafkaError when the cluster does not
// answer within the timeout.
ClusterMetadata fetchMetadata(rd_kafka_t* rk, std::chrono::milliseconds timeout,
                              const std::string& topic = {});

}  // namespace riverdelta::kafka
