#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "engine/avro/avro_schema.h"
#include "engine/registry/registry_config.h"

namespace riverdelta::registry {
class SchemaRegistryClient;
}

namespace riverdelta::topics {

struct DecodedValue {
    std::string text;    // what to show: pretty-printed JSON, plain text or a hex dump
    std::string format;  // "JSON", "Avro (schema id 3)", "text", "binary", "null"
    std::string error;   // why a value that looked like Avro could not be decoded
};

// Turns a record's key or value into something a person can read: JSON pretty-printed, Avro in
// the Confluent wire format (magic byte 0, 4-byte schema id) through the Schema Registry when one
// is configured, UTF-8 text as is, anything else as hex. Schemas are cached per id.
class MessageDecoder {
  public:
    explicit MessageDecoder(registry::RegistryConfig registry);
    ~MessageDecoder();
    MessageDecoder(const MessageDecoder&) = delete;
    MessageDecoder& operator=(const MessageDecoder&) = delete;

    DecodedValue decode(std::string_view bytes, bool isNull);

    static std::string hexDump(std::string_view bytes, std::size_t max = 256);

  private:
    const avro::Schema& schemaFor(int id);

    std::unique_ptr<registry::SchemaRegistryClient> registry_;
    std::map<int, std::unique_ptr<avro::Schema>> schemas_;
};

}  // namespace riverdelta::topics
