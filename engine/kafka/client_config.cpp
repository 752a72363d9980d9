#include "engine/kafka/client_config.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

#include "engine/kafka/kafka_error.h"

namespace riverdelta::kafka {

namespace {

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t");
    return std::string(s.substr(first, last - first + 1));
}

// Reads librdkafka's own property table once: "name | C/P | range | default | ...".
const std::map<std::string, PropertyScope, std::less<>>& propertyTable() {
    static const auto table = [] {
        std::map<std::string, PropertyScope, std::less<>> out;
        char* text = nullptr;
        std::size_t size = 0;
        std::FILE* stream = ::open_memstream(&text, &size);
        if (!stream) return out;
        rd_kafka_conf_properties_show(stream);
        std::fclose(stream);
        std::string_view all(text, size);
        std::size_t start = 0;
        while (start < all.size()) {
            auto end = all.find('\n', start);
            if (end == std::string_view::npos) end = all.size();
            std::string_view line = all.substr(start, end - start);
            start = end + 1;
            const auto bar1 = line.find('|');
            if (bar1 == std::string_view::npos) continue;
            const auto bar2 = line.find('|', bar1 + 1);
            if (bar2 == std::string_view::npos) continue;
            const std::string name = trim(line.substr(0, bar1));
            const std::string scope = trim(line.substr(bar1 + 1, bar2 - bar1 - 1));
            if (name.empty() || name == "Property" || name.starts_with("---")) continue;
            PropertyScope s = scope == "P"   ? PropertyScope::Producer
                              : scope == "C" ? PropertyScope::Consumer
                                             : PropertyScope::Any;
            out.emplace(name, s);
        }
        std::free(text);
        return out;
    }();
    return table;
}

}  // namespace

std::optional<PropertyScope> librdkafkaPropertyScope(std::string_view name) {
    const auto& table = propertyTable();
    auto it = table.find(name);
    if (it == table.end()) return std::nullopt;
    return it->second;
}

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

bool ClientConfig::erase(std::string_view key) {
    return std::erase_if(properties, [&](const auto& p) { return p.first == key; }) > 0;
}

ClientConfig ClientConfig::forRole(ClientRole role) const {
    ClientConfig out = *this;
    const auto other =
        role == ClientRole::Producer ? PropertyScope::Consumer : PropertyScope::Producer;
    std::erase_if(out.properties,
                  [&](const auto& p) { return librdkafkaPropertyScope(p.first) == other; });
    return out;
}

std::string ClientConfig::label() const {
    if (!name.empty()) return name;
    if (!bootstrapServers.empty()) return bootstrapServers;
    if (const auto* b = find("bootstrap.servers")) return *b;
    return "Kafka";
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
