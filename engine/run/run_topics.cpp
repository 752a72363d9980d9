#include "engine/run/run_topics.h"

#include <algorithm>
#include <map>
#include <memory>

#include "engine/core/error.h"
#include "engine/generate/program.h"

namespace riverdelta::run {

void addTopicSpec(std::vector<kafka::TopicSpec>& specs, const generate::GeneratorInfo& info,
                  int defaultPartitions) {
    // localConfigs.partitions wins over the run's default; generators sharing a topic get the
    // most any of them asks for.
    const int partitions = info.partitions.value_or(defaultPartitions);
    for (auto& s : specs) {
        if (s.name != info.target) continue;
        s.partitions = std::max(s.partitions, partitions);
        return;
    }
    specs.push_back({info.target, partitions});
}

std::vector<kafka::TopicOutcome> createRunTopics(const generate::Program& program,
                                                 const RunTargets& targets,
                                                 std::chrono::milliseconds timeout) {
    // Topics per cluster (connection name), in generator order, each once.
    std::map<std::string, std::vector<kafka::TopicSpec>> wanted;
    for (const auto& info : program.generators()) {
        if (info.stage < 0 || info.kind != generate::TargetKind::Topic) continue;
        auto it = targets.kafka.find(info.connection);
        if (it == targets.kafka.end()) it = targets.kafka.find("");
        if (it == targets.kafka.end())
            throw Error("generator " + info.name + ": no Kafka connection \"" + info.connection +
                        "\"");
        addTopicSpec(wanted[it->first], info, it->second.partitions);
    }
    std::vector<kafka::TopicOutcome> out;
    for (const auto& [connection, specs] : wanted) {
        const KafkaTarget& target = targets.kafka.at(connection);
        const auto done = kafka::ensureTopics(target.config, target.embedded, specs, timeout);
        out.insert(out.end(), done.begin(), done.end());
    }
    return out;
}

}  // namespace riverdelta::run
