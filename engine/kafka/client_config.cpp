#include "engine/kafka/client_config.h"

#include <algorithm>
#include <array>

#include "engine/kafka/kafka_error.h"

namespace riverdelta::kafka {

ClientConfig& ClientConfig::set(std::string key, std::string value) {
    auto it = std::find_if(properties.begin(), properties.end(),
                           [&](const auto& p) { return p.first == key; });
    if (it != properties.end())
        it->second = std::move(value);
    else
        properties.emplace_back(std::move(key), std::move(value));
    return *this;
}

const std::string* ClientConfig::find(std::string_view key) const {
    for (const auto& [k, v] : properties)
        if (k == key) return &v;
    return nullptr;
}

bool ClientConfig::isSecret(std::string_view key) {
    constexpr std::array kSecretMarkers{"password",  "secret",      "sasl.jaas.config",
                                        "user.info", "ssl.key.pem", "token"};
    return std::any_of(kSecretMarkers.begin(), kSecretMarkers.end(),
                       [&](std::string_view m) { return key.find(m) != std::string_view::npos; });
}

std::string ClientConfig::redact(std::string_view key, std::string_view value) {
    return isSecret(key) ? std::string("********") : std::string(value);
}

ConfHandle ClientConfig::build() const {
    ConfHandle conf(rd_kafka_conf_new());
    char err[512];
    auto apply = [&](const std::string& key, const std::string& value) {
        if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), err, sizeof err) !=
            RD_KAFKA_CONF_OK) {
            throw KafkaError("Kafka property " + key + "=" + redact(key, value) + ": " + err,
                             RD_KAFKA_RESP_ERR__INVALID_ARG);
        }
    };
    if (!bootstrapServers.empty()) apply("bootstrap.servers", bootstrapServers);
    for (const auto& [k, v] : properties)
        apply(k, v);
    return conf;
}

}  // namespace riverdelta::kafka
