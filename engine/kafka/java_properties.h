#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/kafka/client_config.h"
#include "engine/registry/registry_config.h"

namespace riverdelta::kafka {

using PropertyList = std::vector<std::pair<std::string, std::string>>;

// Parses java.util.Properties text: `#`/`!` comments, `key=value`, `key: value` and
// `key value`, backslash escapes (\t \n \r \f \uXXXX, `\=`, `\:`, `\ `), and lines continued
// with a trailing backslash. A repeated key keeps its first position and its last value.
PropertyList parseJavaProperties(std::string_view text);

// How a Kafka key or value is serialised.
enum class Serializer {
    Json,       // JSON text (ShadowTraffic JsonSerializer, Confluent KafkaJsonSerializer)
    String,     // strings as their UTF-8 bytes, anything else as JSON text (StringSerializer)
    Avro,       // Confluent wire format: magic 0, schema id, Avro binary (KafkaAvroSerializer)
    ByteArray,  // strings as raw bytes (ByteArraySerializer); no schema
};
const char* toString(Serializer serializer);

// nullopt for a serialiser class Riverdelta cannot produce (e.g. Protobuf, JSON Schema).
std::optional<Serializer> serializerFromJavaClass(std::string_view className);

// A Java Kafka client configuration (a Confluent Cloud client.properties, a ShadowTraffic
// connection's producerConfigs) turned into what Riverdelta uses.
struct JavaClientTranslation {
    ClientConfig kafka;  // librdkafka properties; bootstrap in kafka.bootstrapServers
    std::optional<Serializer> keySerializer;    // nullopt: not configured
    std::optional<Serializer> valueSerializer;  // nullopt: not configured
    registry::RegistryConfig registry;          // empty url: no Schema Registry configured
    bool autoRegisterSchemas = true;            // auto.register.schemas
    // Properties that were ignored or approximated; property names only, never secret values.
    std::vector<std::string> warnings;
    // Translations worth knowing but harmless (e.g. client.dns.lookup=use_all_dns_ips).
    std::vector<std::string> notes;
};

// Throws KafkaError for a value librdkafka rejects (named, secrets redacted) and for serialiser
// classes Riverdelta cannot produce; unknown Java-only properties only add warnings.
JavaClientTranslation translateJavaClientProperties(const PropertyList& properties);
JavaClientTranslation translateJavaClientProperties(std::string_view propertiesText);

// A ShadowTraffic Kafka connection object ({"kind": "kafka", "producerConfigs": {...}}) or just
// its producerConfigs object. Numbers and booleans are taken as their text.
JavaClientTranslation translateShadowTrafficConnection(const nlohmann::json& connection);

struct JaasCredentials {
    std::string loginModule;  // fully qualified class name
    std::string username;
    std::string password;
};
// Parses `<LoginModule class> required username="…" password="…";` (single or double quotes).
// nullopt when the text does not have that shape.
std::optional<JaasCredentials> parseJaasConfig(std::string_view jaas);

}  // namespace riverdelta::kafka
