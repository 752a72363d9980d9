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
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    const auto settled = [this] {
        const auto c = producer_->counters();
        return c.acknowledged + c.failed;
    };
    auto lastSettled = settled();
    auto lastProgress = started;
    // Short slices: a flush that makes progress may take its whole timeout, one that waits on a
    // broker nobody answers for gives up after kStalledFlushLimit.
    while (!producer_->flush(std::chrono::seconds(1))) {
        const auto now = Clock::now();
        if (const auto s = settled(); s != lastSettled) {
            lastSettled = s;
            lastProgress = now;
        } else if (now - lastProgress >= kStalledFlushLimit) {
            throw Error(stalledReason());
        }
        if (now - started >= timeout)
            throw Error("Kafka (" + target_.label + ") did not acknowledge everything within " +
                        std::to_string(timeout.count() / 1000) + " s: " + producer_->lastError());
    }
}

void KafkaCluster::checkProgress() {
    const auto c = producer_->counters();
    const auto settled = c.acknowledged + c.failed;
    const auto now = std::chrono::steady_clock::now();
    if (settled != lastSettled_ || c.produced == settled ||
        lastProgress_ == std::chrono::steady_clock::time_point{}) {
        lastSettled_ = settled;
        lastProgress_ = now;
        return;
    }
    if (now - lastProgress_ >= kStalledFlushLimit) throw Error(stalledReason());
}

std::string KafkaCluster::stalledReason() const {
    const auto c = producer_->counters();
    return "Kafka (" + target_.label + "): no broker acknowledged anything for " +
           std::to_string(kStalledFlushLimit.count() / 1000) + " s with " +
           std::to_string(c.produced - c.acknowledged - c.failed) +
           " events waiting; giving up: " + producer_->lastError();
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
