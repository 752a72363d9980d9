#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace riverdelta::s3 {

enum class Addressing : std::uint8_t {
    Auto,           // path-style for an IP address or localhost endpoint, else virtual-hosted
    PathStyle,      // http://host:port/bucket/key
    VirtualHosted,  // https://bucket.host/key
};

// Where and as whom to reach an S3-compatible store. The secret and the session token are
// secrets: never print them (describe() does not).
struct S3Settings {
    std::string endpoint;  // "https://s3.eu-west-1.amazonaws.com", "http://127.0.0.1:8333"
    std::string region;
    Addressing addressing = Addressing::Auto;
    std::string accessKeyId;
    std::string secretAccessKey;
    std::string sessionToken;
    std::string credentialsSource;  // where the credentials came from, for messages

    // True when requests use path-style URLs (explicit, or an IP/localhost endpoint).
    [[nodiscard]] bool pathStyle() const;
    // "endpoint http://127.0.0.1:8333 (region us-east-1)"
    [[nodiscard]] std::string describe() const;
};

// What resolution reads besides the given values; tests pass their own.
struct SettingsEnvironment {
    std::function<std::optional<std::string>(const char*)> variable;
    std::filesystem::path home;
    // The process environment and $HOME.
    static SettingsEnvironment process();
};

// Fills what `given` leaves empty the way AWS tools do: the environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION / AWS_DEFAULT_REGION,
// AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL), then the shared files (AWS_SHARED_CREDENTIALS_FILE or
// ~/.aws/credentials, AWS_CONFIG_FILE or ~/.aws/config; section AWS_PROFILE or "default").
// Credentials are taken as a set from the first source that has an access key id. Region
// defaults to us-east-1, the endpoint to https://s3.<region>.amazonaws.com. Throws S3Error
// (InvalidSettings) for an endpoint that is not an http(s) URL.
S3Settings resolveS3Settings(
    S3Settings given, const SettingsEnvironment& environment = SettingsEnvironment::process());

// The host of an endpoint URL ("http://[::1]:9000/" → "::1").
std::string endpointHost(const std::string& endpoint);

}  // namespace riverdelta::s3
