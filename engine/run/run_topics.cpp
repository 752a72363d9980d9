#include "engine/run/run_topics.h"

#include <map>
#include <memory>

#include "engine/core/error.h"
#include "engine/generate/program.h"

namespace riverdelta::run {

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
        auto& specs = wanted[it->first];
        bool seen = false;
        for (const auto& s : specs)
            seen = seen || s.name == info.target;
        if (!seen) specs.push_back({info.target, it->second.partitions});
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
