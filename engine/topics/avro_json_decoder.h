#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "engine/avro/avro_schema.h"

namespace riverdelta::topics {

// Avro binary (one datum, no container or wire-format header) as JSON for display: records as
// objects in schema field order, unions as their branch's value, bytes/fixed as "\uXXXX"-escaped
// text, enums as their symbol, logical types as their underlying number. Throws avro::AvroError on
// truncated or malformed input. (Read-only decoding for the message browser; the lake sync has its
// own path.)
nlohmann::ordered_json decodeAvroDatum(const avro::Schema& schema, std::string_view bytes);

}  // namespace riverdelta::topics
