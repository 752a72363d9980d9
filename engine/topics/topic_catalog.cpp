#include "engine/topics/topic_catalog.h"

#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/kafka_error.h"

namespace riverdelta::topics {

TopicCatalog::TopicCatalog(const kafka::ClientConfig& config)
    : consumer_(config.forRole(kafka::ClientRole::Consumer)) {}

std::vector<TopicInfo> TopicCatalog::refresh(std::chrono::milliseconds timeout) {
    const kafka::ClusterMetadata metadata = kafka::fetchMetadata(consumer_.handle(), timeout);
    const auto now = std::chrono::steady_clock::now();
    std::vector<TopicInfo> out;
    std::map<std::string, Previous> seen;
    for (const auto& t : metadata.topics) {
        TopicInfo info;
        info.name = t.name;
        info.partitions = t.partitions;
        info.error = t.error;
        for (std::int32_t p = 0; p < t.partitions; ++p) {
            try {
                const kafka::Watermarks w = consumer_.queryWatermarks(t.name, p, timeout);
                info.messages += w.high - w.low;
                info.endOffsets += w.high;
            } catch (const kafka::KafkaError& e) {
                if (info.error.empty()) info.error = e.what();
            }
        }
        if (auto it = previous_.find(t.name); it != previous_.end()) {
            const double seconds = std::chrono::duration<double>(now - it->second.at).count();
            if (seconds > 0 && info.endOffsets >= it->second.endOffsets)
                info.messagesPerSecond =
                    static_cast<double>(info.endOffsets - it->second.endOffsets) / seconds;
        }
        seen[t.name] = {info.endOffsets, now};
        out.push_back(std::move(info));
    }
    previous_ = std::move(seen);
    return out;
}

}  // namespace riverdelta::topics
