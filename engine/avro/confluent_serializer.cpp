#include "engine/avro/confluent_serializer.h"

#include "engine/registry/schema_registry.h"

namespace riverdelta::avro {

std::string topicSubject(std::string_view topic, SubjectPart part) {
    return std::string(topic) + (part == SubjectPart::Key ? "-key" : "-value");
}

ConfluentAvroSerializer::ConfluentAvroSerializer(registry::SchemaRegistryClient& registry,
                                                 std::string subject, Schema schema,
                                                 bool autoRegister)
    : subject_(std::move(subject)), schema_(std::move(schema)) {
    if (autoRegister) {
        schemaId_ = registry.registerSchema(subject_, schema_.text());
        return;
    }
    auto id = registry.lookupSchemaId(subject_, schema_.text());
    if (!id)
        throw registry::RegistryError(registry::RegistryError::Kind::NotFound,
                                      "Schema Registry " + registry.url() +
                                          ": the schema is not registered under subject '" +
                                          subject_ + "' and auto.register.schemas is false");
    schemaId_ = *id;
}

ConfluentAvroSerializer::ConfluentAvroSerializer(std::string subject, Schema schema,
                                                 std::int32_t schemaId)
    : subject_(std::move(subject)), schema_(std::move(schema)), schemaId_(schemaId) {}

void ConfluentAvroSerializer::serialize(const nlohmann::json& value, Buffer& out) const {
    writeConfluentHeader(out, schemaId_);
    encodeJson(schema_, value, out);
}

}  // namespace riverdelta::avro
