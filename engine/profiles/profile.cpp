#include "engine/profiles/profile.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/postgres/connection.h"

namespace riverdelta::profiles {

const char* toString(ProfileKind kind) {
    switch (kind) {
        case ProfileKind::LocalSandbox:
            return "sandbox";
        case ProfileKind::Kafka:
            return "kafka";
        case ProfileKind::ConfluentCloud:
            return "confluent-cloud";
        case ProfileKind::SchemaRegistry:
            return "schema-registry";
        case ProfileKind::PostgreSQL:
            return "postgres";
        case ProfileKind::S3:
            return "s3";
    }
    return "sandbox";
}

std::optional<ProfileKind> parseProfileKind(std::string_view text) {
    for (auto k : {ProfileKind::LocalSandbox, ProfileKind::Kafka, ProfileKind::ConfluentCloud,
                   ProfileKind::SchemaRegistry, ProfileKind::PostgreSQL, ProfileKind::S3})
        if (text == toString(k)) return k;
    if (text == "postgresql") return ProfileKind::PostgreSQL;
    return std::nullopt;
}

std::string slot::kafkaProperty(std::string_view key) {
    return "kafka.property." + std::string(key);
}

bool Profile::hasSecret(std::string_view s) const {
    return std::find(secretSlots.begin(), secretSlots.end(), s) != secretSlots.end();
}

std::string Profile::endpoint() const {
    switch (kind) {
        case ProfileKind::LocalSandbox:
            return "embedded Kafka + private PostgreSQL";
        case ProfileKind::Kafka:
        case ProfileKind::ConfluentCloud:
            return bootstrap;
        case ProfileKind::SchemaRegistry:
            return registryUrl;
        case ProfileKind::PostgreSQL:
            return postgres::Connection::describe(conninfo);
        case ProfileKind::S3:
            return (s3Endpoint.empty() ? std::string("AWS S3") : s3Endpoint) +
                   (s3Lake.empty() ? "" : " " + s3Lake);
    }
    return {};
}

void validateProfileName(std::string_view name) {
    if (name.empty()) throw ProfileError("a profile needs a name");
    if (name == "sandbox") throw ProfileError("'sandbox' is the built-in local profile");
    const bool ok = std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
    });
    if (!ok || name.size() > 100)
        throw ProfileError("profile name '" + std::string(name) +
                           "': use letters, digits, '.', '_' and '-' (at most 100)");
}

nlohmann::json toJson(const Profile& p) {
    nlohmann::json j = {{"name", p.name}, {"kind", toString(p.kind)}};
    if (!p.bootstrap.empty()) j["bootstrap"] = p.bootstrap;
    if (!p.apiKey.empty()) j["apiKey"] = p.apiKey;
    if (!p.kafkaProperties.empty()) {
        nlohmann::json props = nlohmann::json::array();
        for (const auto& [k, v] : p.kafkaProperties)
            props.push_back({k, v});
        j["kafkaProperties"] = props;
    }
    if (!p.registryUrl.empty()) j["registryUrl"] = p.registryUrl;
    if (!p.registryKey.empty()) j["registryKey"] = p.registryKey;
    if (!p.conninfo.empty()) j["conninfo"] = p.conninfo;
    if (p.kind == ProfileKind::S3) {
        if (!p.s3Endpoint.empty()) j["s3Endpoint"] = p.s3Endpoint;
        if (!p.s3Region.empty()) j["s3Region"] = p.s3Region;
        if (p.s3PathStyle) j["s3PathStyle"] = true;
        if (!p.s3AccessKey.empty()) j["s3AccessKey"] = p.s3AccessKey;
        if (!p.s3Lake.empty()) j["s3Lake"] = p.s3Lake;
    }
    if (!p.secretSlots.empty()) j["secrets"] = p.secretSlots;
    return j;
}

Profile profileFromJson(const nlohmann::json& j) {
    try {
        Profile p;
        p.name = j.at("name").get<std::string>();
        auto kind = parseProfileKind(j.at("kind").get<std::string>());
        if (!kind) throw ProfileError("profile '" + p.name + "': unknown kind");
        p.kind = *kind;
        p.bootstrap = j.value("bootstrap", "");
        p.apiKey = j.value("apiKey", "");
        if (auto it = j.find("kafkaProperties"); it != j.end())
            for (const auto& kv : *it)
                p.kafkaProperties.emplace_back(kv.at(0).get<std::string>(),
                                               kv.at(1).get<std::string>());
        p.registryUrl = j.value("registryUrl", "");
        p.registryKey = j.value("registryKey", "");
        p.conninfo = j.value("conninfo", "");
        p.s3Endpoint = j.value("s3Endpoint", "");
        p.s3Region = j.value("s3Region", "");
        p.s3PathStyle = j.value("s3PathStyle", false);
        p.s3AccessKey = j.value("s3AccessKey", "");
        p.s3Lake = j.value("s3Lake", "");
        if (auto it = j.find("secrets"); it != j.end())
            p.secretSlots = it->get<std::vector<std::string>>();
        return p;
    } catch (const nlohmann::json::exception& e) {
        throw ProfileError(std::string("profiles file: malformed profile: ") + e.what());
    }
}

}  // namespace riverdelta::profiles
