#include "engine/topics/avro_json_decoder.h"

#include <cstring>
#include <string>

namespace riverdelta::topics {

namespace {

class Reader {
  public:
    Reader(const avro::Schema& schema, std::string_view bytes) : schema_(schema), in_(bytes) {}

    nlohmann::ordered_json read(avro::NodeId id, int depth) {
        if (depth > 64) throw avro::AvroError("Avro datum nests deeper than 64 levels");
        const avro::Node& n = schema_.node(id);
        switch (n.type) {
            case avro::Type::Null:
                return nullptr;
            case avro::Type::Boolean:
                return take(1)[0] != 0;
            case avro::Type::Int:
            case avro::Type::Long:
                return varlong();
            case avro::Type::Float: {
                float f;
                std::memcpy(&f, take(4).data(), 4);
                return f;
            }
            case avro::Type::Double: {
                double d;
                std::memcpy(&d, take(8).data(), 8);
                return d;
            }
            case avro::Type::Bytes:
            case avro::Type::String:
                return std::string(take(length()));
            case avro::Type::Fixed:
                return std::string(take(n.fixedSize));
            case avro::Type::Enum: {
                const auto index = varlong();
                if (index < 0 || static_cast<std::size_t>(index) >= n.symbols.size())
                    throw avro::AvroError("Avro enum " + n.name + ": index " +
                                          std::to_string(index) + " out of range");
                return n.symbols[static_cast<std::size_t>(index)];
            }
            case avro::Type::Record: {
                nlohmann::ordered_json object = nlohmann::ordered_json::object();
                for (const auto& f : n.fields)
                    object[f.name] = read(f.type, depth + 1);
                return object;
            }
            case avro::Type::Array: {
                nlohmann::ordered_json array = nlohmann::ordered_json::array();
                for (std::int64_t count = blockCount(); count != 0; count = blockCount())
                    for (std::int64_t i = 0; i < count; ++i)
                        array.push_back(read(n.items, depth + 1));
                return array;
            }
            case avro::Type::Map: {
                nlohmann::ordered_json object = nlohmann::ordered_json::object();
                for (std::int64_t count = blockCount(); count != 0; count = blockCount())
                    for (std::int64_t i = 0; i < count; ++i) {
                        std::string key(take(length()));
                        object[key] = read(n.items, depth + 1);
                    }
                return object;
            }
            case avro::Type::Union: {
                const auto branch = varlong();
                if (branch < 0 || static_cast<std::size_t>(branch) >= n.branches.size())
                    throw avro::AvroError("Avro union branch " + std::to_string(branch) +
                                          " out of range");
                return read(n.branches[static_cast<std::size_t>(branch)], depth + 1);
            }
        }
        throw avro::AvroError("unknown Avro type");
    }

    [[nodiscard]] std::size_t remaining() const { return in_.size() - pos_; }

  private:
    std::int64_t varlong() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const auto byte = static_cast<unsigned char>(take(1)[0]);
            value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return static_cast<std::int64_t>(value >> 1) ^
                       -static_cast<std::int64_t>(value & 1);
        }
        throw avro::AvroError("Avro varint longer than 10 bytes");
    }
    std::size_t length() {
        const auto n = varlong();
        if (n < 0 || static_cast<std::size_t>(n) > remaining())
            throw avro::AvroError("Avro length " + std::to_string(n) + " past the end of the data");
        return static_cast<std::size_t>(n);
    }
    // Array and map blocks: a negative count is followed by the block's size in bytes.
    std::int64_t blockCount() {
        std::int64_t count = varlong();
        if (count < 0) {
            count = -count;
            (void)varlong();
        }
        if (count > 10'000'000)
            throw avro::AvroError("Avro block of " + std::to_string(count) +
                                  " items past the end of the data");
        return count;
    }
    std::string_view take(std::size_t n) {
        if (n > remaining()) throw avro::AvroError("Avro datum ends early");
        std::string_view out = in_.substr(pos_, n);
        pos_ += n;
        return out;
    }

    const avro::Schema& schema_;
    std::string_view in_;
    std::size_t pos_ = 0;
};

}  // namespace

nlohmann::ordered_json decodeAvroDatum(const avro::Schema& schema, std::string_view bytes) {
    Reader reader(schema, bytes);
    nlohmann::ordered_json out = reader.read(schema.rootId(), 0);
    if (reader.remaining() != 0)
        throw avro::AvroError(std::to_string(reader.remaining()) +
                              " bytes left after the Avro datum: the schema does not match");
    return out;
}

}  // namespace riverdelta::topics
