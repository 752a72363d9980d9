#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/avro/avro_encoder.h"
#include "engine/avro/avro_schema.h"

namespace riverdelta::registry {
class SchemaRegistryClient;
}

namespace riverdelta::avro {

enum class SubjectPart { Key, Value };

// TopicNameStrategy: "<topic>-key" / "<topic>-value".
std::string topicSubject(std::string_view topic, SubjectPart part);

// Avro in the Confluent wire format for one subject: the schema id is resolved once at
// construction (registered, or looked up when auto-registration is off), then every value is
// framed (magic 0, 4-byte big-endian id) and encoded. serialize() is const and thread-safe.
class ConfluentAvroSerializer {
  public:
    // Throws registry::RegistryError (unreachable, 401, 409 incompatible, 422 invalid, or
    // NotFound when autoRegister is false and the schema is not registered under subject).
    ConfluentAvroSerializer(registry::SchemaRegistryClient& registry, std::string subject,
                            Schema schema, bool autoRegister = true);

    // A schema already registered with a known id (e.g. the subject's latest version).
    ConfluentAvroSerializer(std::string subject, Schema schema, std::int32_t schemaId);

    [[nodiscard]] std::int32_t schemaId() const { return schemaId_; }
    [[nodiscard]] const std::string& subject() const { return subject_; }
    [[nodiscard]] const Schema& schema() const { return schema_; }

    // Appends header + Avro binary of `value` to `out` (call out.clear() first to reuse it).
    void serialize(const nlohmann::json& value, Buffer& out) const;

  private:
    std::string subject_;
    Schema schema_;
    std::int32_t schemaId_ = 0;
};

}  // namespace riverdelta::avro
