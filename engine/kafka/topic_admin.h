#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace riverdelta::kafka {

class EmbeddedCluster;
struct ClientConfig;

struct TopicSpec {
    std::string name;
    int partitions = 1;
    int replicationFactor = -1;  // -1: the broker's default.replication.factor
    std::vector<std::pair<std::string, std::string>> configs;  // e.g. {"retention.ms", "3600000"}
};

struct TopicOutcome {
    std::string name;
    bool created = false;  // false: it existed already (left as it was)
    int partitions = 0;    // the topic's partition count now (0: unknown, see below)
};

// Creates the topics that do not exist yet through the Admin API (CreateTopics) on any client
// handle (e.g. Producer::handle()); an existing topic is left alone (TOPIC_ALREADY_EXISTS is
// fine) and its partition count reported. Throws KafkaError naming the topic for anything else
// (not authorised, invalid partition count, policy violation, timeout).
std::vector<TopicOutcome> ensureTopics(rd_kafka_t* rk, std::span<const TopicSpec> topics,
                                       std::chrono::milliseconds timeout);

// The same on the cluster `config` names, through a client of its own that first waits for a
// broker (an authentication failure ends that at once, with the reason), or straight into
// `embedded` (the sandbox's) when given.
std::vector<TopicOutcome> ensureTopics(const ClientConfig& config, EmbeddedCluster* embedded,
                                       std::span<const TopicSpec> topics,
                                       std::chrono::milliseconds timeout);

// The embedded cluster has no CreateTopics API: topics go straight into the mock cluster
// (replication factor and configs are ignored there; an existing topic reports 0 partitions).
std::vector<TopicOutcome> ensureTopics(EmbeddedCluster& cluster, std::span<const TopicSpec> topics);

}  // namespace riverdelta::kafka
