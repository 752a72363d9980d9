#pragma once

#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/avro/avro_schema.h"

namespace riverdelta::avro {

// Reads Avro binary (Avro 1.11 spec, "Binary Encoding"), the inverse of the write* functions
// of avro_encoder.h. Every read is bounds-checked: truncated or malformed input throws AvroError
// (never reads past the end), so records from a topic can be decoded without trusting them.
class BinaryReader {
  public:
    explicit BinaryReader(std::string_view bytes) : data_(bytes) {}

    // int and long: variable-length zigzag.
    std::int64_t readLong() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= data_.size()) truncated("a long");
            const auto b = static_cast<std::uint8_t>(data_[pos_++]);
            v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if (!(b & 0x80))
                return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
        }
        throw AvroError("Avro binary: a varint longer than 10 bytes");
    }
    std::int32_t readInt() {
        const std::int64_t v = readLong();
        if (v < INT32_MIN || v > INT32_MAX) throw AvroError("Avro binary: an int out of range");
        return static_cast<std::int32_t>(v);
    }
    bool readBoolean() {
        const auto b = static_cast<std::uint8_t>(take(1, "a boolean")[0]);
        if (b > 1) throw AvroError("Avro binary: a boolean byte other than 0 or 1");
        return b == 1;
    }
    float readFloat() {
        const std::string_view b = take(4, "a float");
        std::uint32_t bits = 0;
        for (int i = 3; i >= 0; --i)
            bits = (bits << 8) | static_cast<std::uint8_t>(b[static_cast<std::size_t>(i)]);
        float v;
        std::memcpy(&v, &bits, 4);
        return v;
    }
    double readDouble() {
        const std::string_view b = take(8, "a double");
        std::uint64_t bits = 0;
        for (int i = 7; i >= 0; --i)
            bits = (bits << 8) | static_cast<std::uint8_t>(b[static_cast<std::size_t>(i)]);
        double v;
        std::memcpy(&v, &bits, 8);
        return v;
    }
    // bytes and string: a long length, then the bytes (a view into the input).
    std::string_view readBytes() {
        const std::int64_t n = readLong();
        if (n < 0) throw AvroError("Avro binary: a negative length");
        return take(static_cast<std::size_t>(n), "bytes");
    }
    std::string_view readString() { return readBytes(); }
    std::string_view readFixed(std::size_t size) { return take(size, "a fixed"); }
    // Arrays and maps come in blocks: the item count of the next block, 0 at the end. A
    // negative count (followed by the block's byte size) is returned as its absolute value.
    std::int64_t readBlockCount() {
        std::int64_t n = readLong();
        if (n < 0) {
            if (n == INT64_MIN) throw AvroError("Avro binary: a block count out of range");
            n = -n;
            readLong();  // the block's size in bytes
        }
        return n;
    }

    [[nodiscard]] std::size_t position() const { return pos_; }
    [[nodiscard]] std::size_t remaining() const { return data_.size() - pos_; }
    [[nodiscard]] bool atEnd() const { return pos_ == data_.size(); }

  private:
    std::string_view take(std::size_t n, const char* what) {
        if (n > data_.size() - pos_) truncated(what);
        const std::string_view out = data_.substr(pos_, n);
        pos_ += n;
        return out;
    }
    [[noreturn]] void truncated(const char* what) const {
        throw AvroError(std::string("Avro binary: truncated in ") + what + " at byte " +
                        std::to_string(pos_));
    }

    std::string_view data_;
    std::size_t pos_ = 0;
};

// Decodes one value of type `node` as JSON, the way encodeJson takes it: records and maps →
// objects, arrays → arrays, enums → their symbol, unions → the branch's value, bytes and fixed →
// strings of code points 0-255 (Avro's JSON encoding), decimals → decimal text ("12.50"),
// other logical types → their underlying number (days, millis, micros). Json is nlohmann::json
// or, to show records with their fields in the schema's order, nlohmann::ordered_json.
template <class Json = nlohmann::json>
Json decodeJson(const Schema& schema, NodeId node, BinaryReader& in);
// The whole datum under the schema's root; throws AvroError when bytes are left over.
template <class Json = nlohmann::json>
Json decodeJson(const Schema& schema, std::string_view bytes);

// Skips one value of type `node`.
void skipValue(const Schema& schema, NodeId node, BinaryReader& in);

// The Confluent wire format: magic byte 0, the schema id as 4 bytes big-endian, then the Avro
// binary body.
struct ConfluentFrame {
    std::int32_t schemaId = 0;
    std::string_view body;
};
// nullopt when `value` does not start with the magic byte or is shorter than the header.
inline std::optional<ConfluentFrame> readConfluentHeader(std::string_view value) {
    if (value.size() < 5 || value[0] != '\0') return std::nullopt;
    std::uint32_t id = 0;
    for (int i = 1; i <= 4; ++i)
        id = (id << 8) | static_cast<std::uint8_t>(value[static_cast<std::size_t>(i)]);
    return ConfluentFrame{static_cast<std::int32_t>(id), value.substr(5)};
}

}  // namespace riverdelta::avro
