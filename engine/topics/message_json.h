#pragma once

#include <string>
#include <string_view>

#include "engine/topics/topics_view.h"

namespace riverdelta::topics {

// One browsed message as a JSON document to paste elsewhere: topic, partition, offset,
// timestamp (ms since the epoch, null when unknown), key and value as JSON when they are JSON
// (Avro values decoded, fields in the schema's order), else as text; a tombstone's value is
// null; an undecodable value is its hex dump with `decodeError`. Pretty-printed, 2 spaces.
[[nodiscard]] std::string messageJson(std::string_view topic, const BrowsedMessage& message);

}  // namespace riverdelta::topics
