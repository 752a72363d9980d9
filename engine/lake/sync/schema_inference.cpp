#include "engine/lake/sync/schema_inference.h"

#include <algorithm>
#include <chrono>

#include "engine/avro/avro_decoder.h"
#include "engine/lake/sync/json_scanner.h"
#include "engine/lake/sync/table_layout.h"

namespace riverdelta::lake::sync {

std::optional<std::string> SchemaSample::add(std::string_view payload) {
    JsonScanner scanner;
    auto refuse = [&](std::string why) {
        ++refused_;
        return std::optional<std::string>(std::move(why));
    };
    if (!scanner.reset(payload)) return refuse("value is not a JSON object: " + scanner.error());
    JsonMember m;
    while (scanner.next(m))
        if (m.key.starts_with(kReservedPrefix))
            return refuse("field '" + std::string(m.key) + "' uses the reserved prefix '_kafka_'");
    if (!scanner.ok()) return refuse("value is not valid JSON: " + scanner.error());
    payloads_.emplace_back(payload);
    return std::nullopt;
}

std::vector<delta::StructField> SchemaSample::fields() const {
    if (payloads_.empty()) return {};
    std::vector<std::string_view> views(payloads_.begin(), payloads_.end());
    return inferFields(views);
}

}  // namespace riverdelta::lake::sync

namespace riverdelta::lake::sync {

TopicSample sampleTopic(kafka::Consumer& consumer, const std::vector<std::int32_t>& partitions,
                        const SyncOptions& options, const std::function<void()>& checkStop) {
    using Clock = std::chrono::steady_clock;
    std::vector<kafka::TopicPartitionOffset> all;
    all.reserve(partitions.size());
    for (std::int32_t p : partitions)
        all.push_back({options.topic, p, RD_KAFKA_OFFSET_BEGINNING});
    consumer.assign(all);
    TopicSample sample;
    std::vector<bool> ended(partitions.size(), false);
    std::size_t endedCount = 0;
    const auto sampling = Clock::now();
    const auto deadline = sampling + std::chrono::seconds(2);
    while (sample.json.size() < options.inferenceSample) {
        checkStop();
        auto msg = consumer.poll(std::chrono::milliseconds(200));
        if (msg && msg->isPartitionEof()) {
            const auto it = std::find(partitions.begin(), partitions.end(), msg->partition());
            const auto i = static_cast<std::size_t>(it - partitions.begin());
            if (it != partitions.end() && !ended[i]) {
                ended[i] = true;
                ++endedCount;
            }
        }
        if (msg && msg->error() == RD_KAFKA_RESP_ERR_NO_ERROR && !msg->isTombstone()) {
            if (auto frame = avro::readConfluentHeader(msg->payload())) {
                if (!sample.avroId) sample.avroId = frame->schemaId;
                if (!options.schemaRegistry.url.empty()) break;  // the registry knows
            } else {
                // A record that does not decode is left out; the job reads it again and its
                // error policy decides (suspend there, skip, or dead-letter it).
                (void)sample.json.add(msg->payload());
            }
        }
        const bool allEnded = endedCount == partitions.size();
        const bool seen = !sample.json.empty() || sample.avroId || sample.json.refused() > 0;
        if (allEnded && (seen || options.untilCaughtUp)) break;
        if (seen && Clock::now() > deadline) break;
        // A run to the end does not wait for the ends forever (a cluster gone meanwhile): the
        // watermark queries after this fail it with the reason.
        if (options.untilCaughtUp && options.clusterTimeout &&
            Clock::now() - sampling >= *options.clusterTimeout)
            break;
    }
    return sample;
}

}  // namespace riverdelta::lake::sync
