#include "engine/topics/message_browser.h"

#include <algorithm>
#include <map>

#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/consumer.h"
#include "engine/kafka/kafka_error.h"
#include "engine/topics/message_decoder.h"

namespace riverdelta::topics {

std::vector<BrowsedMessage> readLatestMessages(const kafka::ClientConfig& config,
                                               const std::string& topic, int count,
                                               MessageDecoder& decoder,
                                               std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    kafka::Consumer consumer(config.forRole(kafka::ClientRole::Consumer));
    // All topics, not a request for this one: asking for a topic by name can auto-create it.
    const kafka::ClusterMetadata metadata = kafka::fetchMetadata(consumer.handle(), timeout);
    std::int32_t partitions = 0;
    for (const auto& t : metadata.topics)
        if (t.name == topic) {
            if (!t.error.empty()) throw kafka::KafkaError("topic " + topic + ": " + t.error);
            partitions = t.partitions;
        }
    if (partitions == 0) throw kafka::KafkaError("topic " + topic + " does not exist");

    std::vector<kafka::TopicPartitionOffset> assignment;
    std::map<std::int32_t, std::int64_t> endOf;  // partition → high watermark to read up to
    for (std::int32_t p = 0; p < partitions; ++p) {
        const kafka::Watermarks w = consumer.queryWatermarks(topic, p, timeout);
        if (w.high <= w.low) continue;
        assignment.push_back({topic, p, std::max(w.low, w.high - count)});
        endOf[p] = w.high;
    }
    std::vector<BrowsedMessage> out;
    if (assignment.empty()) return out;
    consumer.assign(assignment);

    std::vector<kafka::Message> batch;
    while (!endOf.empty()) {
        if (std::chrono::steady_clock::now() > deadline)
            throw kafka::KafkaError("reading " + topic + " timed out after " +
                                    std::to_string(timeout.count() / 1000) + " s");
        batch.clear();
        consumer.pollBatch(batch, 500, std::chrono::milliseconds(200));
        for (const auto& m : batch) {
            if (m.isPartitionEof()) {
                if (auto it = endOf.find(m.partition());
                    it != endOf.end() && m.offset() >= it->second)
                    endOf.erase(it);
                continue;
            }
            if (m.error() != RD_KAFKA_RESP_ERR_NO_ERROR) {
                if (m.error() == RD_KAFKA_RESP_ERR__TRANSPORT ||
                    m.error() == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
                    continue;  // librdkafka retries; the deadline bounds it
                throw kafka::KafkaError("reading " + topic + ": " + std::string(m.errorText()),
                                        m.error());
            }
            auto it = endOf.find(m.partition());
            if (it == endOf.end() || m.offset() >= it->second) continue;
            BrowsedMessage b;
            b.partition = m.partition();
            b.offset = m.offset();
            b.timestampMs = m.timestampMs();
            b.key = m.hasKey() ? decoder.decode(m.key(), false).text : std::string("(null)");
            DecodedValue v = decoder.decode(m.payload(), m.isTombstone());
            b.value = std::move(v.text);
            b.valueFormat = std::move(v.format);
            b.decodeError = std::move(v.error);
            b.valueBytes = m.payload().size();
            out.push_back(std::move(b));
            if (m.offset() + 1 >= it->second) endOf.erase(it);
        }
    }
    std::sort(out.begin(), out.end(), [](const BrowsedMessage& a, const BrowsedMessage& b) {
        if (a.timestampMs != b.timestampMs) return a.timestampMs > b.timestampMs;
        if (a.offset != b.offset) return a.offset > b.offset;
        return a.partition < b.partition;
    });
    if (out.size() > static_cast<std::size_t>(count)) out.resize(static_cast<std::size_t>(count));
    return out;
}

}  // namespace riverdelta::topics
