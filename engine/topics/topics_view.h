#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace riverdelta::topics {

// One topic of the connected cluster as the topics view shows it.
struct TopicInfo {
    std::string name;
    std::int32_t partitions = 0;
    std::int64_t messages = 0;     // sum over partitions of high - low watermark
    std::int64_t endOffsets = 0;   // sum of the high watermarks (messages ever written)
    double messagesPerSecond = 0;  // growth of endOffsets between the last two refreshes
    std::string error;             // the broker's or the watermark query's complaint, if any

    bool operator==(const TopicInfo&) const = default;
};

// One record as the message browser shows it, key and value decoded.
struct BrowsedMessage {
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::int64_t timestampMs = -1;  // -1 when the broker has none
    std::string key;                // decoded for display; "(null)" when absent
    std::string value;              // pretty-printed JSON, decoded Avro, text or hex
    std::string valueFormat;        // "JSON", "Avro (schema id N)", "text", "binary", "null"
    std::string decodeError;  // why the value could not be decoded, shown beside the raw bytes
    std::size_t valueBytes = 0;
};

// The topics view's data: every topic of the cluster, refreshed about every 2 s.
struct CatalogView {
    std::vector<TopicInfo> topics;
    std::optional<std::chrono::system_clock::time_point> refreshedAt;
    std::string error;  // why the last refresh failed (the topics are the last good ones)

    bool operator==(const CatalogView&) const = default;
};

}  // namespace riverdelta::topics
