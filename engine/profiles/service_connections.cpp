#include "engine/profiles/service_connections.h"

namespace riverdelta {

std::string ServiceConnections::describe() const {
    auto named = [](const std::string& profile) { return "profile '" + profile + "'"; };
    std::string registryPart;
    if (registry && (!kafka || registry->profile != kafka->profile))
        registryPart =
            " · Schema Registry " +
            (registry->profile.empty() ? registry->config.url : named(registry->profile));
    if (sandboxOnly()) return "Local sandbox" + registryPart;
    if (kafka && postgres && kafka->profile == postgres->profile && registryPart.empty())
        return named(kafka->profile);
    return "Kafka " + (kafka ? named(kafka->profile) : std::string("sandbox")) + " · PostgreSQL " +
           (postgres ? named(postgres->profile) : std::string("sandbox")) + registryPart;
}

}  // namespace riverdelta
