#pragma once

#include <optional>
#include <string>

#include "engine/kafka/client_config.h"
#include "engine/registry/registry_config.h"

namespace riverdelta {

// What the engine works against: each service is the local sandbox's unless the user chose a
// saved connection profile for it. Secrets are filled in (memory only); `profile` names are
// what the window, logs and reports show.
struct KafkaConnection {
    std::string profile;
    kafka::ClientConfig config;
};
struct PostgresConnection {
    std::string profile;
    std::string conninfo;  // with its password: never shown (postgres::Connection::describe)
};
struct RegistryConnection {
    std::string profile;  // a Schema Registry profile, or the Kafka profile it came with
    registry::RegistryConfig config;
};

struct ServiceConnections {
    std::optional<KafkaConnection> kafka;        // nullopt: the sandbox's embedded cluster
    std::optional<PostgresConnection> postgres;  // nullopt: the sandbox's private server
    std::optional<RegistryConnection> registry;  // nullopt: none (values are JSON)

    [[nodiscard]] bool sandboxOnly() const { return !kafka && !postgres; }
    // "Local sandbox", "profile 'cloud'", or "Kafka profile 'cloud' · PostgreSQL sandbox".
    [[nodiscard]] std::string describe() const;
};

}  // namespace riverdelta
