#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/kafka/client_config.h"
#include "engine/kafka/java_properties.h"
#include "engine/postgres/table_spec.h"
#include "engine/registry/registry_config.h"

namespace riverdelta::kafka {
class EmbeddedCluster;
}
namespace riverdelta::generate {
class Program;
}

namespace riverdelta::run {

// One Kafka cluster the run writes to.
struct KafkaTarget {
    kafka::ClientConfig config;
    kafka::Serializer keySerializer = kafka::Serializer::Json;
    kafka::Serializer valueSerializer = kafka::Serializer::Json;
    registry::RegistryConfig registry;  // empty url: none
    bool autoRegisterSchemas = true;
    kafka::EmbeddedCluster* embedded = nullptr;  // topics go straight into the sandbox's cluster
    int partitions = 1;                          // for topics the run creates
    bool createTopics = true;  // false: topicPolicy "manual", the topics must exist
    std::string label;         // "sandbox" or the bootstrap, for messages
};

struct PostgresTarget {
    std::string conninfo;  // may hold a password: never print it (Connection::describe does not)
    std::optional<postgres::TablePolicy> policy;  // overrides the connection's tablePolicy
    std::string label;     // "sandbox", "profile '<name>'", or "" (the scenario's own): for display
    bool sandbox = false;  // the sandbox's private server (the label is never tested for it)
};

// Where each scenario connection's events go, by connection name; the empty name serves
// generators that name no connection.
struct RunTargets {
    std::map<std::string, KafkaTarget> kafka;
    std::map<std::string, PostgresTarget> postgres;
    std::vector<std::string> warnings;  // ignored Java-only properties etc. (names only)
};

// What the command line or the console chose instead of the scenario's own connections.
struct TargetOverrides {
    std::optional<KafkaTarget> kafka;        // every Kafka connection goes here
    std::optional<PostgresTarget> postgres;  // every PostgreSQL connection goes here
};

// The scenario's `connections` (ShadowTraffic producerConfigs translated from Java client
// settings; connectionConfigs {host, port, username, password, db} as a conninfo), with the
// overrides applied. Throws riverdelta::Error naming the connection when one is unusable.
RunTargets resolveTargets(const generate::Program& program, const TargetOverrides& overrides);

// Producer settings a run uses unless the connection sets them (any librdkafka property in
// the connection wins): linger.ms=10, batch.size=1000000, compression.type=lz4, on top of the
// Producer's own (enable.idempotence=true, message.timeout.ms=120000).
void applyProducerDefaults(kafka::ClientConfig& config);

// A libpq conninfo from ShadowTraffic's connectionConfigs.
std::string conninfoFromShadowTraffic(const nlohmann::json& connectionConfigs);

}  // namespace riverdelta::run
