#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/error.h"

namespace riverdelta::profiles {

class ProfileError : public Error {
  public:
    using Error::Error;
};

enum class ProfileKind { LocalSandbox, Kafka, ConfluentCloud, SchemaRegistry, PostgreSQL, S3 };

// "sandbox", "kafka", "confluent-cloud", "schema-registry", "postgres", "s3"
const char* toString(ProfileKind kind);
std::optional<ProfileKind> parseProfileKind(std::string_view text);

// Secret slots of a profile (values live in a SecretStore, never in the profile file).
namespace slot {
inline constexpr const char* kApiSecret = "kafka.api-secret";      // Confluent Cloud
inline constexpr const char* kRegistrySecret = "registry.secret";  // Schema Registry
inline constexpr const char* kPostgresPassword = "postgres.password";
inline constexpr const char* kS3SecretKey = "s3.secret-access-key";  // S3 storage
inline constexpr const char* kS3SessionToken = "s3.session-token";
// A secret librdkafka property of a Kafka profile (sasl.password, ssl.key.password, …).
std::string kafkaProperty(std::string_view key);
}  // namespace slot

// One named connection. Everything here may be written to disk and shown; secrets are only
// named in `secretSlots`.
struct Profile {
    std::string name;
    ProfileKind kind = ProfileKind::LocalSandbox;

    // Kafka and Confluent Cloud
    std::string bootstrap;
    std::vector<std::pair<std::string, std::string>> kafkaProperties;  // librdkafka, no secrets
    std::string apiKey;  // Confluent Cloud cluster API key (an identifier, not the secret)

    // Schema Registry: its own kind, or attached to a Kafka / Confluent Cloud profile
    std::string registryUrl;
    std::string registryKey;  // basic auth user (Schema Registry API key)

    // PostgreSQL
    std::string conninfo;  // key=value form without the password

    // S3 storage ("Store in your own bucket"); empty values resolve like AWS tools do
    std::string s3Endpoint;  // https://s3.eu-west-1.amazonaws.com, http://127.0.0.1:8333, …
    std::string s3Region;
    bool s3PathStyle = false;  // path-style addressing (always for IP / localhost endpoints)
    std::string s3AccessKey;   // access key id (an identifier, not the secret)
    std::string s3Lake;        // default lake location, s3://BUCKET/PREFIX (optional)

    std::vector<std::string> secretSlots;  // which secrets the SecretStore holds for it

    [[nodiscard]] bool hasSecret(std::string_view slot) const;
    // The endpoint to show: bootstrap, registry URL or host:port/db.
    [[nodiscard]] std::string endpoint() const;
};

// Profile names: letters, digits, '.', '_', '-'; "sandbox" is the built-in local profile.
void validateProfileName(std::string_view name);

nlohmann::json toJson(const Profile& profile);
Profile profileFromJson(const nlohmann::json& json);

using Secrets = std::map<std::string, std::string>;  // slot → value

}  // namespace riverdelta::profiles
