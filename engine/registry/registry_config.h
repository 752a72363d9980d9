#pragma once

#include <chrono>
#include <string>

namespace riverdelta::registry {

// Where a Confluent-compatible Schema Registry lives and how to authenticate. The password is a
// secret: it is sent in the Authorization header and never appears in messages.
struct RegistryConfig {
    std::string url;       // e.g. https://psrc-123.eu-central-1.aws.confluent.cloud, no trailing /
    std::string username;  // basic auth user (a Confluent Cloud Schema Registry API key)
    std::string password;  // basic auth password (the API secret)
    std::string caFile;    // extra CA bundle (PEM) for HTTPS; empty: the system's
    std::chrono::milliseconds timeout{std::chrono::seconds(15)};

    [[nodiscard]] bool empty() const { return url.empty(); }
    [[nodiscard]] bool hasCredentials() const { return !username.empty() || !password.empty(); }
};

}  // namespace riverdelta::registry
