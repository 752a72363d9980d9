#include "engine/run/kafka_cluster.h"

#include "engine/core/error.h"
#include "engine/kafka/producer.h"
#include "engine/registry/schema_registry.h"
#include "engine/run/stream_counters.h"

namespace riverdelta::run {

KafkaCluster::KafkaCluster(std::string name, const KafkaTarget& target, core::Log* log)
    : name_(std::move(name)), target_(target) {
    kafka::ClientConfig config = target.config;
    applyProducerDefaults(config);  // throughput settings the connection did not set
    producer_ = std::make_unique<kafka::Producer>(
        config,
        [](const kafka::Producer::Delivery& d) {
            auto* counters = static_cast<StreamCounters*>(d.opaque);
            if (!counters) return;
            if (d.error == RD_KAFKA_RESP_ERR_NO_ERROR) {
                counters->acknowledged.fetch_add(1, std::memory_order_relaxed);
                counters->bytes.fetch_add(d.bytes, std::memory_order_relaxed);
            } else {
                counters->failed.fetch_add(1, std::memory_order_relaxed);
            }
        },
        kafka::ProducerOptions{.log = log});
    if (!target.registry.url.empty())
        registry_ = std::make_unique<registry::SchemaRegistryClient>(target.registry);
}

KafkaCluster::~KafkaCluster() = default;

void KafkaCluster::prepareTopics(const std::vector<kafka::TopicSpec>& topics,
                                 std::chrono::milliseconds timeout) {
    producer_->awaitCluster(timeout);
    if (!target_.createTopics || topics.empty()) return;
    kafka::ensureTopics(target_.config, target_.embedded, topics, timeout);
}

void KafkaCluster::flush(std::chrono::milliseconds timeout) {
    if (!producer_->flush(timeout))
        throw Error("Kafka (" + target_.label + ") did not acknowledge everything within " +
                    std::to_string(timeout.count() / 1000) + " s: " + producer_->lastError());
}

std::string KafkaCluster::failureReason(const std::exception& e) const {
    const auto st = producer_->status();
    if (st.state == kafka::ProducerState::AuthenticationFailed ||
        st.state == kafka::ProducerState::Fatal)
        return st.detail;
    const auto last = producer_->lastError();
    return "Kafka " + producer_->clusterLabel() + ": " + e.what() +
           (last.empty() ? "" : " (last error: " + last + ")");
}

}  // namespace riverdelta::run
