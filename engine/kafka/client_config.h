#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/kafka/handles.h"

namespace riverdelta::kafka {

enum class ClientRole { Producer, Consumer };

// Which kind of client a librdkafka property applies to, from the installed librdkafka's own
// property table (rd_kafka_conf_properties_show): Any for global ones ("*"), nullopt when
// librdkafka does not know the name.
enum class PropertyScope { Any, Producer, Consumer };
std::optional<PropertyScope> librdkafkaPropertyScope(std::string_view name);

// librdkafka properties for one cluster. Secrets live here in memory only; every message that
// could echo a property goes through redact().
struct ClientConfig {
    std::string name;  // profile or cluster label for messages ("Confluent Cloud 'workshop'")
    std::string bootstrapServers;
    std::vector<std::pair<std::string, std::string>> properties;

    ClientConfig& set(std::string key, std::string value);
    [[nodiscard]] const std::string* find(std::string_view key) const;
    bool erase(std::string_view key);

    // A copy without the properties librdkafka applies only to the other role (e.g. a
    // client.properties' session.timeout.ms for a producer), so librdkafka does not warn.
    [[nodiscard]] ClientConfig forRole(ClientRole role) const;
    // How messages name this cluster: the name when set, else the bootstrap servers.
    [[nodiscard]] std::string label() const;

    // Builds a librdkafka conf; throws KafkaError naming the offending property (value redacted
    // when it is a secret).
    [[nodiscard]] ConfHandle build() const;

    [[nodiscard]] static bool isSecret(std::string_view key);
    [[nodiscard]] static std::string redact(std::string_view key, std::string_view value);
};

}  // namespace riverdelta::kafka
