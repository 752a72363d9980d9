#include "engine/registry/schema_registry.h"

#include <nlohmann/json.hpp>

#include "engine/http/http_client.h"

namespace riverdelta::registry {

namespace {

constexpr const char* kContentType = "Content-Type: application/vnd.schemaregistry.v1+json";
constexpr const char* kAccept =
    "Accept: application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, "
    "application/json";

std::string trimUrl(std::string url) {
    while (url.ends_with('/'))
        url.pop_back();
    return url;
}

}  // namespace

struct SchemaRegistryClient::Reply {
    long status = 0;
    nlohmann::json body;
};

SchemaRegistryClient::SchemaRegistryClient(RegistryConfig config)
    : config_(std::move(config)), http_(std::make_unique<http::Client>()) {
    config_.url = trimUrl(http::redactUrl(config_.url));
    if (config_.url.empty())
        throw RegistryError(RegistryError::Kind::Protocol, "Schema Registry: no URL");
}

SchemaRegistryClient::~SchemaRegistryClient() = default;

std::string SchemaRegistryClient::requestBody(std::string_view schema, SchemaType type) {
    nlohmann::json body = {{"schema", std::string(schema)}};
    if (type == SchemaType::Json) body["schemaType"] = "JSON";
    if (type == SchemaType::Protobuf) body["schemaType"] = "PROTOBUF";
    return body.dump();
}

// Caller holds mutex_.
SchemaRegistryClient::Reply SchemaRegistryClient::call(const std::string& method,
                                                       const std::string& path,
                                                       const std::string& body,
                                                       std::string_view what) {
    http::Request request;
    request.method = method;
    request.url = config_.url + path;
    request.headers = {kAccept};
    if (!body.empty()) request.headers.emplace_back(kContentType);
    request.body = body;
    request.username = config_.username;
    request.password = config_.password;
    request.caFile = config_.caFile;
    request.timeout = config_.timeout;
    request.connectTimeout = std::min(config_.timeout, request.connectTimeout);

    const std::string where = "Schema Registry " + config_.url;
    http::Response response;
    try {
        response = http_->send(request);
    } catch (const http::HttpError& e) {
        throw RegistryError(RegistryError::Kind::Unreachable,
                            where + " is unreachable (" + std::string(what) + "): " + e.what());
    }

    Reply reply{response.status, nullptr};
    if (!response.body.empty()) {
        reply.body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    }
    if (response.status >= 200 && response.status < 300) {
        if (reply.body.is_discarded())
            throw RegistryError(RegistryError::Kind::Protocol,
                                where + ": unreadable answer to " + std::string(what),
                                response.status);
        return reply;
    }

    int errorCode = 0;
    std::string message;
    if (reply.body.is_object()) {
        if (auto it = reply.body.find("error_code"); it != reply.body.end() && it->is_number())
            errorCode = it->get<int>();
        if (auto it = reply.body.find("message"); it != reply.body.end() && it->is_string())
            message = it->get<std::string>();
    }
    const std::string status = "HTTP " + std::to_string(response.status) +
                               (errorCode ? ", error " + std::to_string(errorCode) : "");
    const std::string detail = message.empty() ? "" : ": " + message;
    switch (response.status) {
        case 401:
            throw RegistryError(RegistryError::Kind::Unauthorized,
                                where + " rejected the credentials (" + status +
                                    "): check the Schema Registry API key and secret",
                                response.status, errorCode);
        case 403:
            throw RegistryError(RegistryError::Kind::Forbidden,
                                where + " denied " + std::string(what) + " (" + status +
                                    "): the API key lacks the permission" + detail,
                                response.status, errorCode);
        case 404:
            throw RegistryError(
                RegistryError::Kind::NotFound,
                where + ": not found: " + std::string(what) + " (" + status + ")" + detail,
                response.status, errorCode);
        case 409:
            throw RegistryError(RegistryError::Kind::Incompatible,
                                where + ": incompatible schema: " + std::string(what) + " (" +
                                    status + ")" + detail,
                                response.status, errorCode);
        case 422:
            throw RegistryError(
                RegistryError::Kind::InvalidSchema,
                where + ": invalid schema: " + std::string(what) + " (" + status + ")" + detail,
                response.status, errorCode);
        default:
            throw RegistryError(
                RegistryError::Kind::Server,
                where + ": " + std::string(what) + " failed (" + status + ")" + detail,
                response.status, errorCode);
    }
}

int SchemaRegistryClient::registerSchema(std::string_view subject, std::string_view schema,
                                         SchemaType type) {
    std::lock_guard lock(mutex_);
    std::pair<std::string, std::string> key{std::string(subject), std::string(schema)};
    if (auto it = idsBySubjectSchema_.find(key); it != idsBySubjectSchema_.end()) return it->second;
    auto reply =
        call("POST", "/subjects/" + http::escapePathSegment(subject) + "/versions",
             requestBody(schema, type), "register a schema under subject '" + key.first + "'");
    if (!reply.body.is_object() || !reply.body.contains("id") || !reply.body["id"].is_number())
        throw RegistryError(RegistryError::Kind::Protocol,
                            "Schema Registry " + config_.url + ": no id in the answer to " +
                                "registering under subject '" + key.first + "'",
                            reply.status);
    const int id = reply.body["id"].get<int>();
    idsBySubjectSchema_.emplace(std::move(key), id);
    schemasById_.emplace(id, std::string(schema));
    return id;
}

std::optional<int> SchemaRegistryClient::lookupSchemaId(std::string_view subject,
                                                        std::string_view schema, SchemaType type) {
    std::lock_guard lock(mutex_);
    std::pair<std::string, std::string> key{std::string(subject), std::string(schema)};
    if (auto it = idsBySubjectSchema_.find(key); it != idsBySubjectSchema_.end()) return it->second;
    try {
        auto reply =
            call("POST", "/subjects/" + http::escapePathSegment(subject), requestBody(schema, type),
                 "look up a schema under subject '" + key.first + "'");
        if (!reply.body.is_object() || !reply.body.contains("id")) return std::nullopt;
        const int id = reply.body["id"].get<int>();
        idsBySubjectSchema_.emplace(std::move(key), id);
        return id;
    } catch (const RegistryError& e) {
        if (e.kind() == RegistryError::Kind::NotFound) return std::nullopt;
        throw;
    }
}

std::string SchemaRegistryClient::schemaById(int id) {
    std::lock_guard lock(mutex_);
    if (auto it = schemasById_.find(id); it != schemasById_.end()) return it->second;
    auto reply =
        call("GET", "/schemas/ids/" + std::to_string(id), {}, "schema id " + std::to_string(id));
    if (!reply.body.is_object() || !reply.body.contains("schema") ||
        !reply.body["schema"].is_string())
        throw RegistryError(RegistryError::Kind::Protocol,
                            "Schema Registry " + config_.url + ": no schema in the answer for id " +
                                std::to_string(id),
                            reply.status);
    auto schema = reply.body["schema"].get<std::string>();
    schemasById_.emplace(id, schema);
    return schema;
}

SubjectVersion SchemaRegistryClient::latestVersion(std::string_view subject) {
    std::lock_guard lock(mutex_);
    const std::string name(subject);
    auto reply = call("GET", "/subjects/" + http::escapePathSegment(subject) + "/versions/latest",
                      {}, "latest version of subject '" + name + "'");
    SubjectVersion out;
    out.subject = name;
    try {
        out.version = reply.body.at("version").get<int>();
        out.id = reply.body.at("id").get<int>();
        out.schema = reply.body.at("schema").get<std::string>();
    } catch (const nlohmann::json::exception&) {
        throw RegistryError(RegistryError::Kind::Protocol,
                            "Schema Registry " + config_.url +
                                ": unreadable latest version of subject '" + name + "'",
                            reply.status);
    }
    return out;
}

std::vector<std::string> SchemaRegistryClient::subjects() {
    std::lock_guard lock(mutex_);
    auto reply = call("GET", "/subjects", {}, "list subjects");
    std::vector<std::string> out;
    if (!reply.body.is_array())
        throw RegistryError(RegistryError::Kind::Protocol,
                            "Schema Registry " + config_.url + ": /subjects is not a list",
                            reply.status);
    for (const auto& s : reply.body)
        if (s.is_string()) out.push_back(s.get<std::string>());
    return out;
}

}  // namespace riverdelta::registry
