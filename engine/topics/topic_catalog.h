#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/kafka/client_config.h"
#include "engine/kafka/consumer.h"
#include "engine/topics/topics_view.h"

namespace riverdelta::topics {

// Every topic of a cluster (internal "__" ones left out), with message counts from the
// watermarks and rates from their growth between refreshes.
class TopicCatalog {
  public:
    explicit TopicCatalog(const kafka::ClientConfig& config);

    // One Metadata request and one watermark query per partition. Throws kafka::KafkaError when
    // the cluster does not answer.
    std::vector<TopicInfo> refresh(std::chrono::milliseconds timeout);

  private:
    struct Previous {
        std::int64_t endOffsets = 0;
        std::chrono::steady_clock::time_point at;
    };
    kafka::Consumer consumer_;
    std::map<std::string, Previous> previous_;
};

}  // namespace riverdelta::topics
