#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace riverdelta::scenario {

// Scenario documents keep their keys in the order they were written (columns, fields and
// stages follow the author's order).
using Json = nlohmann::ordered_json;

struct JsonSyntaxError {
    std::size_t line = 0;    // 1-based
    std::size_t column = 0;  // 1-based, in bytes
    std::string message;     // "JSON syntax error at line L, column C: …"
};

// Parses `text`; on failure returns nullopt and fills `error`.
std::optional<Json> parseJson(std::string_view text, JsonSyntaxError& error);

}  // namespace riverdelta::scenario
