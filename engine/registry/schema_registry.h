#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/error.h"
#include "engine/registry/registry_config.h"

namespace riverdelta::http {
class Client;
}

namespace riverdelta::registry {

// A Schema Registry call that failed. Messages name the registry URL and the subject, never
// the credentials.
class RegistryError : public Error {
  public:
    enum class Kind {
        Unreachable,    // no HTTP answer (DNS, refused, TLS, timeout)
        Unauthorized,   // 401: wrong or missing API key/secret
        Forbidden,      // 403: the key lacks a permission
        NotFound,       // 404: subject, version or schema id unknown
        Incompatible,   // 409: the schema breaks the subject's compatibility rule
        InvalidSchema,  // 422: the registry cannot parse the schema
        Server,         // 5xx or anything else unexpected
        Protocol,       // an answer we cannot read
    };
    RegistryError(Kind kind, const std::string& what, long httpStatus = 0, int errorCode = 0)
        : Error(what), kind_(kind), httpStatus_(httpStatus), errorCode_(errorCode) {}
    [[nodiscard]] Kind kind() const { return kind_; }
    [[nodiscard]] long httpStatus() const { return httpStatus_; }
    [[nodiscard]] int errorCode() const { return errorCode_; }  // the registry's error_code

  private:
    Kind kind_;
    long httpStatus_;
    int errorCode_;
};

enum class SchemaType { Avro, Json, Protobuf };

struct SubjectVersion {
    std::string subject;
    int version = 0;
    int id = 0;
    std::string schema;
};

// Client of the Confluent Schema Registry REST API (also Apicurio's /apis/ccompat/v7 and other
// compatible servers): register, look up, fetch. Ids are cached per (subject, schema text) and
// schemas per id, so a producer asks once per subject. Thread-safe.
class SchemaRegistryClient {
  public:
    explicit SchemaRegistryClient(RegistryConfig config);
    SchemaRegistryClient(const SchemaRegistryClient&) = delete;
    SchemaRegistryClient& operator=(const SchemaRegistryClient&) = delete;
    ~SchemaRegistryClient();

    // POST /subjects/{subject}/versions {"schema": "..."} → the global schema id. Registering
    // a schema the subject already has returns its existing id.
    int registerSchema(std::string_view subject, std::string_view schema,
                       SchemaType type = SchemaType::Avro);

    // POST /subjects/{subject}: the id when exactly this schema is registered under subject,
    // nullopt when the subject or the schema is unknown there.
    std::optional<int> lookupSchemaId(std::string_view subject, std::string_view schema,
                                      SchemaType type = SchemaType::Avro);

    // GET /schemas/ids/{id}: the schema text.
    std::string schemaById(int id);

    // GET /subjects/{subject}/versions/latest
    SubjectVersion latestVersion(std::string_view subject);

    // GET /subjects (a cheap "can I reach it and am I allowed" probe for `profile test`).
    std::vector<std::string> subjects();

    [[nodiscard]] const std::string& url() const { return config_.url; }

  private:
    struct Reply;
    Reply call(const std::string& method, const std::string& path, const std::string& body,
               std::string_view what);
    static std::string requestBody(std::string_view schema, SchemaType type);

    RegistryConfig config_;
    std::mutex mutex_;  // guards http_ and the caches
    std::unique_ptr<http::Client> http_;
    std::map<std::pair<std::string, std::string>, int, std::less<>> idsBySubjectSchema_;
    std::map<int, std::string> schemasById_;
};

}  // namespace riverdelta::registry
