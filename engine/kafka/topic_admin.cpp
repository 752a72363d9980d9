#include "engine/kafka/topic_admin.h"

#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/embedded_cluster.h"
#include "engine/kafka/handles.h"
#include "engine/kafka/kafka_error.h"
#include "engine/kafka/producer.h"

namespace riverdelta::kafka {

namespace {

int partitionsOf(rd_kafka_t* rk, const std::string& topic, std::chrono::milliseconds timeout) {
    auto md = fetchMetadata(rk, timeout, topic);
    for (const auto& t : md.topics)
        if (t.name == topic) return t.partitions;
    return 0;
}

}  // namespace

std::vector<TopicOutcome> ensureTopics(rd_kafka_t* rk, std::span<const TopicSpec> topics,
                                       std::chrono::milliseconds timeout) {
    std::vector<TopicOutcome> out;
    if (topics.empty()) return out;
    char err[512];
    std::vector<NewTopicHandle> owned;
    std::vector<rd_kafka_NewTopic_t*> raw;
    for (const auto& t : topics) {
        NewTopicHandle nt(rd_kafka_NewTopic_new(t.name.c_str(), t.partitions, t.replicationFactor,
                                                err, sizeof err));
        if (!nt)
            throw KafkaError("create topic " + t.name + ": " + err, RD_KAFKA_RESP_ERR__INVALID_ARG);
        for (const auto& [key, value] : t.configs) {
            if (auto e = rd_kafka_NewTopic_set_config(nt.get(), key.c_str(), value.c_str()))
                throw KafkaError(
                    "create topic " + t.name + ": config " + key + ": " + rd_kafka_err2str(e), e);
        }
        raw.push_back(nt.get());
        owned.push_back(std::move(nt));
    }
    AdminOptionsHandle options(rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS));
    const int ms = static_cast<int>(timeout.count());
    rd_kafka_AdminOptions_set_request_timeout(options.get(), ms, err, sizeof err);
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), ms, err, sizeof err);
    QueueHandle queue(rd_kafka_queue_new(rk));
    rd_kafka_CreateTopics(rk, raw.data(), raw.size(), options.get(), queue.get());

    // Extra slack over the request timeout: the result event carries the timeout error itself.
    EventHandle event(rd_kafka_queue_poll(queue.get(), ms + 5000));
    if (!event)
        throw KafkaError("create topics: no answer within " + std::to_string(ms) + " ms",
                         RD_KAFKA_RESP_ERR__TIMED_OUT);
    if (auto e = rd_kafka_event_error(event.get()))
        throw KafkaError(std::string("create topics: ") + rd_kafka_event_error_string(event.get()),
                         e);
    const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(event.get());
    if (!result) throw KafkaError("create topics: unexpected admin event");
    std::size_t count = 0;
    const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(result, &count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::string name = rd_kafka_topic_result_name(results[i]);
        const auto e = rd_kafka_topic_result_error(results[i]);
        TopicOutcome outcome{name, e == RD_KAFKA_RESP_ERR_NO_ERROR, 0};
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
            const char* why = rd_kafka_topic_result_error_string(results[i]);
            throw KafkaError(
                "create topic " + name + ": " +
                    (why && *why ? std::string(why) : std::string(rd_kafka_err2str(e))),
                e);
        }
        for (const auto& t : topics)
            if (t.name == name && outcome.created) outcome.partitions = t.partitions;
        if (!outcome.created) outcome.partitions = partitionsOf(rk, name, timeout);
        out.push_back(std::move(outcome));
    }
    return out;
}

std::vector<TopicOutcome> ensureTopics(const ClientConfig& config, EmbeddedCluster* embedded,
                                       std::span<const TopicSpec> topics,
                                       std::chrono::milliseconds timeout) {
    if (embedded) return ensureTopics(*embedded, topics);
    const Producer admin(config);
    admin.awaitCluster(timeout);
    return ensureTopics(admin.handle(), topics, timeout);
}

std::vector<TopicOutcome> ensureTopics(EmbeddedCluster& cluster,
                                       std::span<const TopicSpec> topics) {
    std::vector<TopicOutcome> out;
    for (const auto& t : topics) {
        const bool created = cluster.createTopic(t.name, t.partitions);
        out.push_back({t.name, created, created ? t.partitions : 0});
    }
    return out;
}

}  // namespace riverdelta::kafka
