#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/kafka/handles.h"

namespace riverdelta::kafka {

// A consumed message (or a consumer event such as partition EOF); owns the librdkafka message.
class Message {
  public:
    explicit Message(rd_kafka_message_t* msg) : msg_(msg) {}

    [[nodiscard]] rd_kafka_resp_err_t error() const { return msg_->err; }
    [[nodiscard]] bool isPartitionEof() const {
        return msg_->err == RD_KAFKA_RESP_ERR__PARTITION_EOF;
    }
    [[nodiscard]] std::string_view topic() const {
        return msg_->rkt ? rd_kafka_topic_name(msg_->rkt) : std::string_view{};
    }
    [[nodiscard]] std::int32_t partition() const { return msg_->partition; }
    [[nodiscard]] std::int64_t offset() const { return msg_->offset; }
    [[nodiscard]] std::string_view key() const {
        return {static_cast<const char*>(msg_->key), msg_->key_len};
    }
    [[nodiscard]] bool hasKey() const { return msg_->key != nullptr; }
    [[nodiscard]] std::string_view payload() const {
        return {static_cast<const char*>(msg_->payload), msg_->len};
    }
    [[nodiscard]] bool isTombstone() const { return msg_->payload == nullptr; }
    // Milliseconds since the epoch (create or log-append time), -1 when unknown.
    [[nodiscard]] std::int64_t timestampMs() const {
        rd_kafka_timestamp_type_t type;
        return rd_kafka_message_timestamp(msg_.get(), &type);
    }
    [[nodiscard]] std::string_view errorText() const { return rd_kafka_err2str(msg_->err); }
    // The record headers in order: name and value (nullopt for a header without value).
    [[nodiscard]] std::vector<std::pair<std::string, std::optional<std::string>>> headers() const {
        std::vector<std::pair<std::string, std::optional<std::string>>> out;
        rd_kafka_headers_t* hdrs = nullptr;
        if (rd_kafka_message_headers(msg_.get(), &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) return out;
        const char* name = nullptr;
        const void* value = nullptr;
        std::size_t size = 0;
        for (std::size_t i = 0;
             rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
             ++i)
            out.emplace_back(name, value ? std::optional<std::string>(
                                               std::string(static_cast<const char*>(value), size))
                                         : std::nullopt);
        return out;
    }

  private:
    MessageHandle msg_;
};

}  // namespace riverdelta::kafka
