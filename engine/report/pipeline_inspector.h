#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/kafka/client_config.h"
#include "engine/kafka/consumer.h"
#include "engine/report/run_report.h"
#include "engine/report/scenario_intent.h"

namespace riverdelta::report {

struct TopicOffsets {
    bool exists = false;
    std::vector<kafka::Watermarks> partitions;  // by partition number
    std::string error;
    [[nodiscard]] std::int64_t high() const;      // Σ high watermarks
    [[nodiscard]] std::int64_t messages() const;  // Σ (high − low)
};

// The watermarks of each topic now (a topic that does not exist has exists == false).
std::map<std::string, TopicOffsets> readTopicOffsets(const kafka::ClientConfig& config,
                                                     const std::vector<std::string>& topics,
                                                     std::chrono::milliseconds timeout);

struct InspectionTargets {
    std::optional<kafka::ClientConfig> kafka;      // where the run's topics are
    std::string postgresConninfo;                  // empty: the run wrote no tables
    std::map<std::string, TopicOffsets> baseline;  // readTopicOffsets() before the run started
    std::vector<ReferenceRule> rules;              // referenceRules() of the scenario
    double shareTolerance = 0.05;                  // |observed − intended| hot-set event share
    std::size_t minEventsForShare = 200;           // fewer: the share check is skipped
    double minEventsPerHotRow = 5;                 // fewer expected per hot row: skipped too
    std::size_t maxMessagesPerTopic = 2'000'000;   // read back at most this many per topic
    std::chrono::milliseconds timeout{15000};
};

// Reads back what the run left on the servers (topic watermarks, table row counts, the topics'
// and tables' keys) into `report`, and adds the validation checks, each with its numbers:
// topic message counts equal the acknowledged events; Delta rows equal the committed offsets,
// which reach the high watermarks; every looked-up field refers to an existing row (and a
// distinct one for unique lookups); histogram lookups hit their hot set with the intended
// share; no generator failed. A server that cannot be reached makes its checks fail with the
// reason (never pass silently).
void inspectPipeline(RunReport& report, const InspectionTargets& targets);

}  // namespace riverdelta::report
