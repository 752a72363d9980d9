#include "engine/profiles/profile_connections.h"

#include <libpq-fe.h>

#include <algorithm>
#include <memory>
#include <thread>

#include "engine/core/log.h"
#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/java_properties.h"
#include "engine/kafka/kafka_error.h"
#include "engine/kafka/producer.h"
#include "engine/postgres/connection.h"
#include "engine/postgres/pg_error.h"
#include "engine/profiles/profile_store.h"
#include "engine/registry/schema_registry.h"
#include "engine/s3/conditional_write_probe.h"
#include "engine/s3/s3_url.h"

namespace riverdelta::profiles {

namespace {

const std::string* secretOf(const Secrets& secrets, const std::string& slot) {
    auto it = secrets.find(slot);
    return it == secrets.end() ? nullptr : &it->second;
}

std::string quoteConninfoValue(const std::string& value) {
    if (!value.empty() && std::none_of(value.begin(), value.end(), [](char c) {
            return c == ' ' || c == '\'' || c == '\\' || c == '\t' || c == '\n';
        }))
        return value;
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

// Properties a Confluent Cloud profile sets itself.
bool impliedByConfluentCloud(std::string_view key) {
    return key == "security.protocol" || key == "sasl.mechanisms" || key == "sasl.username" ||
           key == "sasl.password";
}

}  // namespace

ProfileCheck checkKafka(const kafka::ClientConfig& cluster, std::chrono::milliseconds timeout) {
    ProfileCheck check{"Kafka", false, {}};
    const kafka::ClientConfig config = cluster.forRole(kafka::ClientRole::Producer);
    core::Log quiet;  // librdkafka's retries would otherwise go to stderr
    try {
        const kafka::Producer producer(config, kafka::Producer::DeliveryCallback{},
                                       kafka::ProducerOptions{.log = &quiet});
        const auto md = producer.awaitCluster(timeout);
        check.ok = true;
        check.message = std::to_string(md.brokers) +
                        (md.brokers == 1 ? " broker, " : " brokers, ") +
                        std::to_string(md.topics.size()) + " topics at " + config.bootstrapServers;
    } catch (const kafka::KafkaError& e) {
        check.message = e.what();
    }
    return check;
}

ProfileCheck checkRegistry(registry::RegistryConfig config, std::chrono::milliseconds timeout) {
    ProfileCheck check{"Schema Registry", false, {}};
    config.timeout = timeout;
    try {
        registry::SchemaRegistryClient client(config);
        const auto subjects = client.subjects();
        check.ok = true;
        check.message = std::to_string(subjects.size()) + " subjects at " + client.url();
    } catch (const Error& e) {
        check.message = e.what();
    }
    return check;
}

ProfileCheck checkPostgres(const std::string& conninfo) {
    ProfileCheck check{"PostgreSQL", false, {}};
    try {
        postgres::Connection db(conninfo);
        db.exec("SELECT 1");
        check.ok = true;
        check.message =
            "PostgreSQL " + db.serverVersion() + " at " + postgres::Connection::describe(conninfo);
    } catch (const postgres::PgError& e) {
        check.message = e.what();
    }
    return check;
}

kafka::ClientConfig kafkaConfig(const Profile& profile, const Secrets& secrets) {
    if (profile.kind != ProfileKind::Kafka && profile.kind != ProfileKind::ConfluentCloud)
        throw ProfileError("profile '" + profile.name + "' (" + toString(profile.kind) +
                           ") is not a Kafka profile");
    kafka::ClientConfig config;
    config.name = "profile '" + profile.name + "'";
    config.bootstrapServers = profile.bootstrap;
    if (profile.kind == ProfileKind::ConfluentCloud) {
        const auto* secret = secretOf(secrets, slot::kApiSecret);
        if (profile.apiKey.empty() || !secret)
            throw ProfileError("profile '" + profile.name + "' has no API key and secret");
        config.set("security.protocol", "SASL_SSL");
        config.set("sasl.mechanisms", "PLAIN");
        config.set("sasl.username", profile.apiKey);
        config.set("sasl.password", *secret);
    }
    for (const auto& [k, v] : profile.kafkaProperties)
        config.set(k, v);
    const std::string prefix = slot::kafkaProperty("");
    for (const auto& [s, value] : secrets)
        if (s.starts_with(prefix)) config.set(s.substr(prefix.size()), value);
    return config;
}

registry::RegistryConfig registryConfig(const Profile& profile, const Secrets& secrets) {
    registry::RegistryConfig config;
    config.url = profile.registryUrl;
    config.username = profile.registryKey;
    if (const auto* s = secretOf(secrets, slot::kRegistrySecret)) config.password = *s;
    return config;
}

std::string postgresConninfo(const Profile& profile, const Secrets& secrets) {
    if (profile.kind != ProfileKind::PostgreSQL)
        throw ProfileError("profile '" + profile.name + "' (" + toString(profile.kind) +
                           ") is not a PostgreSQL profile");
    std::string out = profile.conninfo;
    if (const auto* pw = secretOf(secrets, slot::kPostgresPassword))
        out += " password=" + quoteConninfoValue(*pw);
    return out;
}

ConninfoParts splitConninfoPassword(const std::string& conninfo) {
    char* err = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &err);
    if (!options) {
        if (err) PQfreemem(err);
        throw ProfileError("the PostgreSQL connection string cannot be parsed");
    }
    ConninfoParts parts;
    for (auto* o = options; o->keyword; ++o) {
        if (!o->val) continue;
        const std::string key = o->keyword;
        if (key == "password") {
            parts.password = o->val;
            continue;
        }
        if (!parts.conninfo.empty()) parts.conninfo += ' ';
        parts.conninfo += key + "=" + quoteConninfoValue(o->val);
    }
    PQconninfoFree(options);
    return parts;
}

ImportedSettings importClientProperties(const std::string& name, ProfileKind kind,
                                        std::string_view propertiesText) {
    if (kind != ProfileKind::ConfluentCloud && kind != ProfileKind::Kafka)
        throw ProfileError("client.properties import makes Kafka or Confluent Cloud profiles");
    auto t = kafka::translateJavaClientProperties(propertiesText);
    ImportedSettings out;
    out.warnings = std::move(t.warnings);
    out.notes = std::move(t.notes);
    Profile& p = out.profile;
    p.name = name;
    p.kind = kind;
    p.bootstrap = t.kafka.bootstrapServers;
    if (p.bootstrap.empty()) throw ProfileError("the properties have no bootstrap.servers");
    if (kind == ProfileKind::ConfluentCloud) {
        const auto* protocol = t.kafka.find("security.protocol");
        const auto* mechanism = t.kafka.find("sasl.mechanisms");
        const auto* user = t.kafka.find("sasl.username");
        const auto* password = t.kafka.find("sasl.password");
        if (!protocol || *protocol != "SASL_SSL" || !mechanism || *mechanism != "PLAIN" || !user ||
            !password)
            throw ProfileError(
                "these properties are not a Confluent Cloud API key file (SASL_SSL, PLAIN, "
                "username and password); import them with --kind kafka");
        p.apiKey = *user;
        out.secrets[slot::kApiSecret] = *password;
    }
    for (const auto& [k, v] : t.kafka.properties) {
        if (kind == ProfileKind::ConfluentCloud && impliedByConfluentCloud(k)) continue;
        if (kafka::ClientConfig::isSecret(k))
            out.secrets[slot::kafkaProperty(k)] = v;
        else
            p.kafkaProperties.emplace_back(k, v);
    }
    if (t.keySerializer || t.valueSerializer)
        out.notes.push_back(
            "key.serializer/value.serializer belong to a scenario's connection, "
            "not to a profile; ignored here");
    if (!t.registry.empty()) {
        p.registryUrl = t.registry.url;
        p.registryKey = t.registry.username;
        if (!t.registry.password.empty()) out.secrets[slot::kRegistrySecret] = t.registry.password;
    }
    return out;
}

ServiceConnections resolveConnection(const ProfileStore& store, const ProfileChoice& choice) {
    auto find = [&](const std::string& name, std::initializer_list<ProfileKind> kinds,
                    const char* what) {
        auto profile = store.find(name);
        if (!profile) throw ProfileError("there is no profile named '" + name + "'");
        if (std::find(kinds.begin(), kinds.end(), profile->kind) == kinds.end())
            throw ProfileError("profile '" + name + "' (" + toString(profile->kind) + ") is not " +
                               what);
        return *profile;
    };
    ServiceConnections c;
    if (!choice.kafka.empty()) {
        const auto p = find(choice.kafka, {ProfileKind::Kafka, ProfileKind::ConfluentCloud},
                            "a Kafka or Confluent Cloud profile");
        c.kafka = KafkaConnection{p.name, kafkaConfig(p, store.secretsOf(p))};
    }
    if (!choice.postgres.empty()) {
        const auto p = find(choice.postgres, {ProfileKind::PostgreSQL}, "a PostgreSQL profile");
        c.postgres = PostgresConnection{p.name, postgresConninfo(p, store.secretsOf(p))};
    }
    if (!choice.registry.empty()) {
        const auto p =
            find(choice.registry,
                 {ProfileKind::SchemaRegistry, ProfileKind::Kafka, ProfileKind::ConfluentCloud},
                 "a Schema Registry profile");
        if (p.registryUrl.empty())
            throw ProfileError("profile '" + p.name + "' has no Schema Registry");
        c.registry = RegistryConnection{p.name, registryConfig(p, store.secretsOf(p))};
    }
    return c;
}

bool ProfileTestResult::ok() const {
    return !checks.empty() &&
           std::all_of(checks.begin(), checks.end(), [](const auto& c) { return c.ok; });
}

s3::S3Settings s3Settings(const Profile& profile, const Secrets& secrets) {
    s3::S3Settings s;
    s.endpoint = profile.s3Endpoint;
    s.region = profile.s3Region;
    s.addressing = profile.s3PathStyle ? s3::Addressing::PathStyle : s3::Addressing::Auto;
    s.accessKeyId = profile.s3AccessKey;
    if (const auto* secret = secretOf(secrets, slot::kS3SecretKey)) s.secretAccessKey = *secret;
    if (const auto* token = secretOf(secrets, slot::kS3SessionToken)) s.sessionToken = *token;
    if (!s.accessKeyId.empty()) s.credentialsSource = "profile '" + profile.name + "'";
    return s;
}

std::vector<ProfileCheck> checkS3(const s3::S3Settings& given, const std::string& lake) {
    std::vector<ProfileCheck> checks;
    ProfileCheck list{"S3", false, {}};
    try {
        if (lake.empty())
            throw s3::S3Error(s3::S3ErrorKind::InvalidSettings,
                              "no lake location to test: save the profile with --lake "
                              "s3://BUCKET/PREFIX or pass --lake");
        const s3::S3Url url = s3::parseS3Url(lake);
        s3::S3Client client(s3::resolveS3Settings(given), s3::RetryPolicy{.attempts = 3});
        const auto objects = client.listObjects(url.bucket, url.keyPrefix());
        list.ok = true;
        list.message = std::to_string(objects.size()) + " objects under " + url.toString() +
                       " at " + client.settings().endpoint;
        checks.push_back(list);
        ProfileCheck probe{"Conditional writes", false, {}};
        try {
            s3::probeConditionalWrites(client, url.bucket, url.keyPrefix());
            probe.ok = true;
            probe.message = "If-None-Match: * is enforced (a second create answered 412)";
        } catch (const std::exception& e) {
            probe.message = e.what();
        }
        checks.push_back(probe);
    } catch (const std::exception& e) {
        list.message = e.what();
        checks.push_back(list);
    }
    return checks;
}

ProfileTestResult testProfile(const Profile& profile, const Secrets& secrets,
                              std::chrono::milliseconds timeout, const std::string& s3Lake) {
    ProfileTestResult result;
    switch (profile.kind) {
        case ProfileKind::LocalSandbox:
            result.checks.push_back({"Local sandbox", true,
                                     "nothing to reach: the sandbox starts with the app "
                                     "(riverdelta-cli sandbox)"});
            break;
        case ProfileKind::Kafka:
        case ProfileKind::ConfluentCloud: {
            result.checks.push_back(checkKafka(kafkaConfig(profile, secrets), timeout));
            if (!profile.registryUrl.empty())
                result.checks.push_back(checkRegistry(registryConfig(profile, secrets), timeout));
            break;
        }
        case ProfileKind::SchemaRegistry:
            result.checks.push_back(checkRegistry(registryConfig(profile, secrets), timeout));
            break;
        case ProfileKind::PostgreSQL:
            result.checks.push_back(checkPostgres(postgresConninfo(profile, secrets)));
            break;
        case ProfileKind::S3:
            for (auto& c :
                 checkS3(s3Settings(profile, secrets), s3Lake.empty() ? profile.s3Lake : s3Lake))
                result.checks.push_back(std::move(c));
            break;
    }
    return result;
}

}  // namespace riverdelta::profiles
