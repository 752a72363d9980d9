#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/kafka/client_config.h"
#include "engine/profiles/profile.h"
#include "engine/profiles/service_connections.h"
#include "engine/registry/registry_config.h"
#include "engine/s3/s3_settings.h"

namespace riverdelta::profiles {

class ProfileStore;

// What a runner needs from a profile, secrets filled in. Keep it in memory only.

// Kafka and Confluent Cloud profiles (Confluent Cloud: SASL_SSL, PLAIN, API key/secret).
// config.name is "profile '<name>'", so every Kafka message names the profile.
kafka::ClientConfig kafkaConfig(const Profile& profile, const Secrets& secrets);
// The profile's Schema Registry (its own kind, or attached to a Kafka / Confluent Cloud one);
// an empty url when it has none.
registry::RegistryConfig registryConfig(const Profile& profile, const Secrets& secrets);
// PostgreSQL profiles: the conninfo with the password.
std::string postgresConninfo(const Profile& profile, const Secrets& secrets);

// S3 storage profiles: endpoint, region, addressing and credentials as saved (unresolved: what
// is empty comes from the environment and ~/.aws when the store opens).
s3::S3Settings s3Settings(const Profile& profile, const Secrets& secrets);

struct ConninfoParts {
    std::string conninfo;  // key=value form, without the password
    std::optional<std::string> password;
};
// Takes the password out of a conninfo (key=value or postgresql:// URI); throws ProfileError
// when libpq cannot parse it (the message never repeats the text).
ConninfoParts splitConninfoPassword(const std::string& conninfo);

struct ImportedSettings {
    Profile profile;
    Secrets secrets;
    std::vector<std::string> warnings;  // property names only
    std::vector<std::string> notes;
};
// A client.properties file (Confluent Cloud's, or any Java/librdkafka one) as a profile of
// `kind` (ConfluentCloud: API key/secret from the JAAS config or sasl.username/password;
// Kafka: every translated property, secret ones into the secret store). Its Schema Registry
// settings come along.
ImportedSettings importClientProperties(const std::string& name, ProfileKind kind,
                                        std::string_view propertiesText);

struct ProfileCheck {
    std::string what;  // "Kafka", "Schema Registry", "PostgreSQL", "Local sandbox"
    bool ok = false;
    std::string message;  // one line, never a secret
};
struct ProfileTestResult {
    std::vector<ProfileCheck> checks;
    [[nodiscard]] bool ok() const;
};
// Which saved profiles the engine works against; an empty name means the sandbox's service
// (for the registry: none). `registry` names a Schema Registry profile, or the Kafka profile
// itself for the registry that comes with it.
struct ProfileChoice {
    std::string kafka;
    std::string postgres;
    std::string registry;
};
// The engine connection for `choice`, secrets read from the store. Throws ProfileError naming
// the profile when one is missing, of the wrong kind, or lacks a secret.
ServiceConnections resolveConnection(const ProfileStore& store, const ProfileChoice& choice);

// One service each, one line back (never a secret): Kafka metadata within `timeout` (an
// authentication failure answers at once), the registry's GET /subjects, PostgreSQL SELECT 1.
ProfileCheck checkKafka(const kafka::ClientConfig& config, std::chrono::milliseconds timeout);
ProfileCheck checkRegistry(registry::RegistryConfig config, std::chrono::milliseconds timeout);
ProfileCheck checkPostgres(const std::string& conninfo);
// An S3 store: lists `lake` (s3://BUCKET/PREFIX) and runs the conditional-write probe there
// (create, create again → 412, delete). Two checks ("S3", "Conditional writes"); each failure
// names the endpoint and says what failed (DNS, TLS, 403 with the S3 error code, no bucket).
std::vector<ProfileCheck> checkS3(const s3::S3Settings& settings, const std::string& lake);

// Connects to everything the profile names: Kafka metadata, the registry's GET /subjects,
// PostgreSQL SELECT 1, an S3 profile's lake (its s3Lake, or `s3Lake` given here). Stops early on an
// authentication failure.
ProfileTestResult testProfile(const Profile& profile, const Secrets& secrets,
                              std::chrono::milliseconds timeout = std::chrono::seconds(15),
                              const std::string& s3Lake = {});

}  // namespace riverdelta::profiles
