#pragma once

#include <chrono>
#include <vector>

#include "engine/kafka/topic_admin.h"
#include "engine/run/run_targets.h"

namespace riverdelta::generate {
class Program;
struct GeneratorInfo;
}  // namespace riverdelta::generate

namespace riverdelta::run {

// Adds the topic of a Kafka generator to `specs` (once per topic) with its
// localConfigs.partitions, else `defaultPartitions`.
void addTopicSpec(std::vector<kafka::TopicSpec>& specs, const generate::GeneratorInfo& info,
                  int defaultPartitions);

// Creates the topics of every scheduled Kafka generator on its cluster (the target's partition
// count; existing topics are left alone), before anything else talks to those clusters: a lake
// sync or consumer asking for a topic's metadata could otherwise auto-create it with the
// cluster's default partition count (the embedded cluster always does). ScenarioRun ensures them
// again when it starts, which is then a no-op. Throws riverdelta::Error naming the generator
// when a generator has no connection, kafka::KafkaError when creating fails.
std::vector<kafka::TopicOutcome> createRunTopics(const generate::Program& program,
                                                 const RunTargets& targets,
                                                 std::chrono::milliseconds timeout);

}  // namespace riverdelta::run
