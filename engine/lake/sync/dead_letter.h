#pragma once

#include <string_view>
#include <vector>

#include "engine/kafka/message.h"
#include "engine/kafka/producer.h"

namespace riverdelta::lake::sync {

// Header names of a dead letter: Kafka Connect's (its errors.deadletterqueue.context.headers),
// so tools that read Connect DLQs read ours, plus two of our own.
inline constexpr const char* kDlqTopicHeader = "__connect.errors.topic";
inline constexpr const char* kDlqPartitionHeader = "__connect.errors.partition";
inline constexpr const char* kDlqOffsetHeader = "__connect.errors.offset";
inline constexpr const char* kDlqConnectorHeader = "__connect.errors.connector.name";
inline constexpr const char* kDlqStageHeader = "__connect.errors.stage";
inline constexpr const char* kDlqExceptionClassHeader = "__connect.errors.exception.class.name";
inline constexpr const char* kDlqExceptionMessageHeader = "__connect.errors.exception.message";
inline constexpr const char* kDlqTimestampHeader = "riverdelta.errors.timestamp";  // source ms
inline constexpr const char* kDlqTableHeader = "riverdelta.errors.table";

// The headers of the dead letter of `record`: the record's own headers first, then where it
// came from and why it could not be decoded (all as UTF-8 text, numbers in decimal). The
// dead letter's key and value are the record's, byte for byte: never re-encoded, never
// wrapped in JSON (a wrapper turned non-UTF-8 bytes into U+FFFD).
std::vector<kafka::RecordHeader> deadLetterHeaders(const kafka::Message& record,
                                                   std::string_view why, std::string_view table);

}  // namespace riverdelta::lake::sync
