#include "engine/lake/sync/table_offsets.h"

#include <fmt/format.h>

#include <charconv>
#include <map>

#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/consumer.h"
#include "engine/lake/delta/delta_log.h"
#include "engine/lake/storage/lake_location.h"

namespace riverdelta::lake::sync {

std::optional<std::string> offsetsMismatch(const SyncOptions& options,
                                           std::chrono::milliseconds timeout) {
    const auto location = storage::LakeLocation::parse(options.tableLocation.string());
    const auto store = storage::openObjectStore(location, options.s3);
    const auto snapshot = delta::DeltaLog(*store, "").load();
    const std::string prefix = SyncJob::appId(options.appIdPrefix, options.topic, 0);
    const std::string_view stem(prefix.data(), prefix.size() - 1);  // "<prefix>-<topic>-"
    std::map<std::int32_t, std::int64_t> committed;
    for (const auto& [appId, txn] : snapshot.txns) {
        if (!appId.starts_with(stem)) continue;
        std::int32_t partition = -1;
        const char* first = appId.data() + stem.size();
        const char* last = appId.data() + appId.size();
        if (auto [end, ec] = std::from_chars(first, last, partition);
            ec == std::errc() && end == last)
            committed[partition] = txn.version;
    }
    if (committed.empty()) return std::nullopt;

    kafka::Consumer consumer(options.kafka);
    const auto metadata = kafka::fetchMetadata(consumer.handle(), timeout);
    std::int32_t partitions = -1;
    for (const auto& t : metadata.topics)
        if (t.name == options.topic && t.error.empty()) partitions = t.partitions;
    const std::string table = location.toString();
    if (partitions < 0)
        return fmt::format("the table {} holds offsets of {}, but the topic does not exist now",
                           table, options.topic);
    for (const auto& [p, offset] : committed) {
        if (p >= partitions)
            return fmt::format(
                "the table {} holds offsets of {} partition {}, but the topic has {} "
                "partitions now",
                table, options.topic, p, partitions);
        const auto high = consumer.queryWatermarks(options.topic, p, timeout).high;
        if (offset + 1 > high)
            return fmt::format(
                "the table {} holds offsets up to {} of {} partition {}, but the "
                "topic ends at {} now",
                table, offset, options.topic, p, high);
    }
    return std::nullopt;
}

}  // namespace riverdelta::lake::sync
