#pragma once

#include <nlohmann/json.hpp>

#include "engine/generate/value.h"

namespace riverdelta::run {

// A generated value as a JSON document (for Avro records, jsonb columns and sink settings).
nlohmann::json toJson(const generate::Value& value);

}  // namespace riverdelta::run
