#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/kafka/client_config.h"
#include "engine/topics/topics_view.h"

namespace riverdelta::topics {

class MessageDecoder;

// Reads the newest `count` records of a topic: each partition from max(low, high - count) up to
// the high watermark seen at the start, then the `count` newest by timestamp (offset to break
// ties), newest first. Throws kafka::KafkaError when the cluster does not answer in time.
std::vector<BrowsedMessage> readLatestMessages(const kafka::ClientConfig& config,
                                               const std::string& topic, int count,
                                               MessageDecoder& decoder,
                                               std::chrono::milliseconds timeout);

}  // namespace riverdelta::topics
