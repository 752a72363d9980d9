#include "engine/topics/message_decoder.h"

#include <nlohmann/json.hpp>

#include "engine/avro/avro_decoder.h"
#include "engine/registry/schema_registry.h"

namespace riverdelta::topics {

namespace {

bool validUtf8Text(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra = 0;
        if (c < 0x80) {
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return false;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
        } else {
            return false;
        }
        if (extra && i + extra >= s.size()) return false;
        for (std::size_t k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += extra + 1;
    }
    return true;
}

}  // namespace

MessageDecoder::MessageDecoder(registry::RegistryConfig registry) {
    if (!registry.empty())
        registry_ = std::make_unique<registry::SchemaRegistryClient>(std::move(registry));
}

MessageDecoder::~MessageDecoder() = default;

std::string MessageDecoder::hexDump(std::string_view bytes, std::size_t max) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < bytes.size() && i < max; ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (i) out += (i % 16 == 0) ? '\n' : ' ';
        out += kDigits[b >> 4];
        out += kDigits[b & 0xf];
    }
    if (bytes.size() > max) out += " … (" + std::to_string(bytes.size()) + " bytes)";
    return out;
}

const avro::Schema& MessageDecoder::schemaFor(int id) {
    auto it = schemas_.find(id);
    if (it == schemas_.end())
        it = schemas_
                 .emplace(id, std::make_unique<avro::Schema>(
                                  avro::Schema::parse(registry_->schemaById(id))))
                 .first;
    return *it->second;
}

DecodedValue MessageDecoder::decode(std::string_view bytes, bool isNull) {
    if (isNull) return {"(null)", "null", {}};
    if (const auto frame = avro::readConfluentHeader(bytes)) {
        const std::string format = "Avro (schema id " + std::to_string(frame->schemaId) + ")";
        if (!registry_)
            return {hexDump(bytes), format,
                    "Confluent wire format, but no Schema Registry is configured"};
        try {
            // ordered_json: records keep their fields in the schema's order.
            const auto value =
                avro::decodeJson<nlohmann::ordered_json>(schemaFor(frame->schemaId), frame->body);
            return {value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
                    format,
                    {}};
        } catch (const std::exception& e) {
            return {hexDump(bytes), format, e.what()};
        }
    }
    if (!bytes.empty() && (bytes.front() == '{' || bytes.front() == '[' || bytes.front() == '"')) {
        // ordered_json: the fields stay in the order the producer wrote them.
        const auto value = nlohmann::ordered_json::parse(bytes, nullptr, false);
        if (!value.is_discarded())
            return {value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
                    "JSON",
                    {}};
    }
    if (validUtf8Text(bytes)) return {std::string(bytes), "text", {}};
    return {hexDump(bytes), "binary", {}};
}

}  // namespace riverdelta::topics
