#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/kafka/handles.h"

namespace riverdelta::kafka {

// librdkafka properties for one cluster. Secrets live here in memory only; every message that
// could echo a property goes through redact().
struct ClientConfig {
    std::string bootstrapServers;
    std::vector<std::pair<std::string, std::string>> properties;

    ClientConfig& set(std::string key, std::string value);
    [[nodiscard]] const std::string* find(std::string_view key) const;

    // Builds a librdkafka conf; throws KafkaError naming the offending property (value redacted
    // when it is a secret).
    [[nodiscard]] ConfHandle build() const;

    [[nodiscard]] static bool isSecret(std::string_view key);
    [[nodiscard]] static std::string redact(std::string_view key, std::string_view value);
};

}  // namespace riverdelta::kafka
