#include "engine/topics/message_json.h"

#include <nlohmann/json.hpp>

namespace riverdelta::topics {

namespace {

using Json = nlohmann::ordered_json;

// The decoder shows JSON pretty-printed and everything else as text: parse back what is JSON.
Json asJson(const std::string& text, bool mayBeJson) {
    if (mayBeJson) {
        Json parsed = Json::parse(text, nullptr, false);
        if (!parsed.is_discarded()) return parsed;
    }
    return text;
}

}  // namespace

std::string messageJson(std::string_view topic, const BrowsedMessage& message) {
    Json out;
    out["topic"] = topic;
    out["partition"] = message.partition;
    out["offset"] = message.offset;
    out["timestamp"] = message.timestampMs < 0 ? Json(nullptr) : Json(message.timestampMs);
    // The decoder writes "(null)" for a missing key or value; a real "(null)" text is rare
    // enough that its format ("null") decides for the value.
    out["key"] = message.key == "(null)"
                     ? Json(nullptr)
                     : asJson(message.key, !message.key.empty() && (message.key.front() == '{' ||
                                                                    message.key.front() == '[' ||
                                                                    message.key.front() == '"'));
    const bool structured =
        message.decodeError.empty() &&
        (message.valueFormat == "JSON" || message.valueFormat.starts_with("Avro"));
    out["value"] =
        message.valueFormat == "null" ? Json(nullptr) : asJson(message.value, structured);
    out["valueFormat"] = message.valueFormat;
    if (!message.decodeError.empty()) out["decodeError"] = message.decodeError;
    return out.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace riverdelta::topics
