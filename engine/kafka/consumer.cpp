#include "engine/kafka/consumer.h"

#include "engine/kafka/kafka_error.h"

namespace riverdelta::kafka {

Consumer::Consumer(const ClientConfig& config) {
    ClientConfig effective = config;
    if (!effective.find("enable.auto.commit")) effective.set("enable.auto.commit", "false");
    if (!effective.find("enable.partition.eof")) effective.set("enable.partition.eof", "true");
    // librdkafka wants a group even for assign(); this one never joins or commits anything.
    if (!effective.find("group.id")) effective.set("group.id", "riverdelta-reader");
    ConfHandle conf = effective.build();
    char err[512];
    rk_.reset(rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), err, sizeof err));
    if (!rk_) throw KafkaError(std::string("cannot create Kafka consumer: ") + err);
    conf.release();
    rd_kafka_poll_set_consumer(rk_.get());
    queue_.reset(rd_kafka_queue_get_consumer(rk_.get()));
}

Consumer::~Consumer() {
    // Assign-only consumers have no group to leave; just drop the assignment.
    queue_.reset();
    rd_kafka_assign(rk_.get(), nullptr);
}

std::size_t Consumer::pollBatch(std::vector<Message>& out, std::size_t max,
                                std::chrono::milliseconds timeout) {
    raw_.resize(max);
    const ssize_t n = rd_kafka_consume_batch_queue(queue_.get(), static_cast<int>(timeout.count()),
                                                   raw_.data(), max);
    if (n <= 0) return 0;
    for (ssize_t i = 0; i < n; ++i)
        out.emplace_back(raw_[static_cast<std::size_t>(i)]);
    return static_cast<std::size_t>(n);
}

void Consumer::assign(std::span<const TopicPartitionOffset> partitions) {
    PartitionListHandle list(
        rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
    for (const auto& p : partitions) {
        rd_kafka_topic_partition_list_add(list.get(), p.topic.c_str(), p.partition)->offset =
            p.offset;
    }
    if (auto err = rd_kafka_assign(rk_.get(), list.get()); err != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw KafkaError(std::string("assign: ") + rd_kafka_err2str(err), err);
}

std::optional<Message> Consumer::poll(std::chrono::milliseconds timeout) {
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk_.get(), static_cast<int>(timeout.count()));
    if (!msg) return std::nullopt;
    return Message(msg);
}

Watermarks Consumer::queryWatermarks(const std::string& topic, std::int32_t partition,
                                     std::chrono::milliseconds timeout) {
    Watermarks w;
    auto err = rd_kafka_query_watermark_offsets(rk_.get(), topic.c_str(), partition, &w.low,
                                                &w.high, static_cast<int>(timeout.count()));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw KafkaError("watermarks of " + topic + "[" + std::to_string(partition) +
                             "]: " + rd_kafka_err2str(err),
                         err);
    return w;
}

}  // namespace riverdelta::kafka
