#include "engine/s3/s3_settings.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>

#include "engine/s3/s3_error.h"

namespace riverdelta::s3 {

namespace {

using Section = std::map<std::string, std::string>;

std::string trim(std::string s) {
    const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

// One section of an AWS shared INI file; nested ("s3 =\n  key = v") settings are skipped.
Section readSection(const std::filesystem::path& file, const std::string& section) {
    Section out;
    std::ifstream in(file);
    if (!in) return out;
    std::string line;
    bool inSection = false;
    while (std::getline(in, line)) {
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) continue;  // nested value
        line = trim(line);
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        if (line.front() == '[' && line.back() == ']') {
            inSection = trim(line.substr(1, line.size() - 2)) == section;
            continue;
        }
        if (!inSection) continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string key = trim(line.substr(0, eq));
        for (auto& c : key)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out[key] = trim(line.substr(eq + 1));
    }
    return out;
}

std::string value(const Section& s, const char* key) {
    const auto it = s.find(key);
    return it == s.end() ? std::string() : it->second;
}

}  // namespace

SettingsEnvironment SettingsEnvironment::process() {
    SettingsEnvironment e;
    e.variable = [](const char* name) -> std::optional<std::string> {
        const char* v = std::getenv(name);
        if (v == nullptr || *v == '\0') return std::nullopt;
        return std::string(v);
    };
    if (const char* home = std::getenv("HOME"); home && *home) e.home = home;
    return e;
}

std::string endpointHost(const std::string& endpoint) {
    const auto scheme = endpoint.find("://");
    std::string rest = scheme == std::string::npos ? endpoint : endpoint.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
    if (!rest.empty() && rest.front() == '[') return rest.substr(1, rest.find(']') - 1);
    return rest.substr(0, rest.find(':'));
}

bool S3Settings::pathStyle() const {
    if (addressing == Addressing::PathStyle) return true;
    if (addressing == Addressing::VirtualHosted) return false;
    const std::string host = endpointHost(endpoint);
    if (host == "localhost" || host.ends_with(".localhost")) return true;
    unsigned char buf[16];
    return ::inet_pton(AF_INET, host.c_str(), buf) == 1 ||
           ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

std::string S3Settings::describe() const {
    return "endpoint " + endpoint + " (region " + region + ")";
}

S3Settings resolveS3Settings(S3Settings s, const SettingsEnvironment& env) {
    const auto var = [&](const char* name) {
        return env.variable ? env.variable(name).value_or("") : std::string();
    };
    const std::string profile = var("AWS_PROFILE").empty() ? "default" : var("AWS_PROFILE");
    std::filesystem::path credentialsFile = var("AWS_SHARED_CREDENTIALS_FILE");
    std::filesystem::path configFile = var("AWS_CONFIG_FILE");
    if (credentialsFile.empty() && !env.home.empty())
        credentialsFile = env.home / ".aws" / "credentials";
    if (configFile.empty() && !env.home.empty()) configFile = env.home / ".aws" / "config";
    // ~/.aws/config names profiles "[profile NAME]", except "[default]".
    const Section config =
        readSection(configFile, profile == "default" ? "default" : "profile " + profile);

    if (s.accessKeyId.empty()) {
        if (!var("AWS_ACCESS_KEY_ID").empty()) {
            s.accessKeyId = var("AWS_ACCESS_KEY_ID");
            s.secretAccessKey = var("AWS_SECRET_ACCESS_KEY");
            s.sessionToken = var("AWS_SESSION_TOKEN");
            s.credentialsSource = "the environment (AWS_ACCESS_KEY_ID)";
        } else {
            Section creds = readSection(credentialsFile, profile);
            if (value(creds, "aws_access_key_id").empty()) creds = config;
            if (!value(creds, "aws_access_key_id").empty()) {
                s.accessKeyId = value(creds, "aws_access_key_id");
                s.secretAccessKey = value(creds, "aws_secret_access_key");
                s.sessionToken = value(creds, "aws_session_token");
                s.credentialsSource =
                    "AWS profile '" + profile + "' (" + credentialsFile.string() + ")";
            }
        }
    } else if (s.credentialsSource.empty()) {
        s.credentialsSource = "the storage profile";
    }
    if (s.region.empty()) s.region = var("AWS_REGION");
    if (s.region.empty()) s.region = var("AWS_DEFAULT_REGION");
    if (s.region.empty()) s.region = value(config, "region");
    if (s.region.empty()) s.region = "us-east-1";
    if (s.endpoint.empty()) s.endpoint = var("AWS_ENDPOINT_URL_S3");
    if (s.endpoint.empty()) s.endpoint = var("AWS_ENDPOINT_URL");
    if (s.endpoint.empty()) s.endpoint = value(config, "endpoint_url");
    if (s.endpoint.empty()) s.endpoint = "https://s3." + s.region + ".amazonaws.com";
    while (!s.endpoint.empty() && s.endpoint.back() == '/')
        s.endpoint.pop_back();
    if (s.endpoint.find('@') != std::string::npos)
        throw S3Error(S3ErrorKind::InvalidSettings,
                      "S3 endpoint must not hold credentials; give them separately");
    if (!(s.endpoint.starts_with("http://") || s.endpoint.starts_with("https://")) ||
        endpointHost(s.endpoint).empty()) {
        throw S3Error(S3ErrorKind::InvalidSettings,
                      "S3 endpoint '" + s.endpoint +
                          "' is not a URL (expected http(s)://HOST[:PORT], e.g. "
                          "https://s3.eu-west-1.amazonaws.com)");
    }
    return s;
}

}  // namespace riverdelta::s3
