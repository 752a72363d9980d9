#include "engine/kafka/cluster_metadata.h"

#include <algorithm>

#include "engine/kafka/handles.h"
#include "engine/kafka/kafka_error.h"

namespace riverdelta::kafka {

ClusterMetadata fetchMetadata(rd_kafka_t* rk, std::chrono::milliseconds timeout,
                              const std::string& topic) {
    const rd_kafka_metadata_t* raw = nullptr;
    rd_kafka_topic_t* rkt =
        topic.empty() ? nullptr : rd_kafka_topic_new(rk, topic.c_str(), nullptr);
    auto err = rd_kafka_metadata(rk, rkt ? 0 : 1, rkt, &raw, static_cast<int>(timeout.count()));
    if (rkt) rd_kafka_topic_destroy(rkt);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw KafkaError(std::string("cluster metadata: ") + rd_kafka_err2str(err), err);
    MetadataHandle md(raw);

    ClusterMetadata out;
    out.brokers = md->broker_cnt;
    out.originatingBroker = md->orig_broker_name ? md->orig_broker_name : "";
    for (int i = 0; i < md->topic_cnt; ++i) {
        const auto& t = md->topics[i];
        std::string name = t.topic;
        if (name.starts_with("__")) continue;
        out.topics.push_back(
            {name, t.partition_cnt, t.err ? std::string(rd_kafka_err2str(t.err)) : std::string()});
    }
    std::sort(out.topics.begin(), out.topics.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

}  // namespace riverdelta::kafka
