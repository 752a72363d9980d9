#pragma once

#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/avro/avro_schema.h"

namespace riverdelta::avro {

__extension__ typedef __int128 Int128;  // decimals up to 38 digits
__extension__ typedef unsigned __int128 UInt128;

// A reusable output buffer: clear() keeps the capacity, so steady-state encoding allocates
// nothing. view() is what goes to Kafka.
class Buffer {
  public:
    void clear() { bytes_.clear(); }
    void reserve(std::size_t n) { bytes_.reserve(n); }
    void push(std::uint8_t b) { bytes_.push_back(static_cast<char>(b)); }
    void append(const void* data, std::size_t n) {
        bytes_.append(static_cast<const char*>(data), n);
    }
    [[nodiscard]] std::size_t size() const { return bytes_.size(); }
    [[nodiscard]] std::string_view view() const { return bytes_; }
    [[nodiscard]] const std::string& str() const { return bytes_; }

  private:
    std::string bytes_;
};

// ---- Avro binary encoding, one function per primitive (Avro 1.11 spec, "Binary Encoding") --
// The typed-value encoder of the scenario engine drives these directly.

inline void writeVarint(Buffer& out, std::uint64_t v) {
    std::uint8_t tmp[10];
    std::size_t n = 0;
    while (v >= 0x80) {
        tmp[n++] = static_cast<std::uint8_t>(v | 0x80);
        v >>= 7;
    }
    tmp[n++] = static_cast<std::uint8_t>(v);
    out.append(tmp, n);
}
// int and long: zigzag, then variable-length base 128.
inline void writeLong(Buffer& out, std::int64_t v) {
    writeVarint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}
inline void writeInt(Buffer& out, std::int32_t v) {
    writeLong(out, v);
}
inline void writeNull(Buffer&) {}
inline void writeBoolean(Buffer& out, bool v) {
    out.push(v ? 1 : 0);
}
// float and double: IEEE 754, little-endian.
inline void writeFloat(Buffer& out, float v) {
    std::uint32_t bits;
    std::memcpy(&bits, &v, 4);
    std::uint8_t b[4] = {static_cast<std::uint8_t>(bits), static_cast<std::uint8_t>(bits >> 8),
                         static_cast<std::uint8_t>(bits >> 16),
                         static_cast<std::uint8_t>(bits >> 24)};
    out.append(b, 4);
}
inline void writeDouble(Buffer& out, double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, 8);
    std::uint8_t b[8];
    for (int i = 0; i < 8; ++i)
        b[i] = static_cast<std::uint8_t>(bits >> (8 * i));
    out.append(b, 8);
}
// bytes and string: long length, then the bytes.
inline void writeBytes(Buffer& out, std::string_view bytes) {
    writeLong(out, static_cast<std::int64_t>(bytes.size()));
    out.append(bytes.data(), bytes.size());
}
inline void writeString(Buffer& out, std::string_view utf8) {
    writeBytes(out, utf8);
}
inline void writeFixed(Buffer& out, std::string_view bytes) {
    out.append(bytes.data(), bytes.size());
}
inline void writeEnum(Buffer& out, int symbolIndex) {
    writeInt(out, symbolIndex);
}
inline void writeUnionBranch(Buffer& out, int branchIndex) {
    writeLong(out, branchIndex);
}
// Arrays and maps: blocks of (count, items...), ended by a zero count. Write one block with
// all items, or several; an empty array/map is just writeBlockEnd.
inline void writeBlockStart(Buffer& out, std::int64_t count) {
    writeLong(out, count);
}
inline void writeBlockEnd(Buffer& out) {
    out.push(0);
}
// decimal: the unscaled value as the shortest two's complement big-endian bytes.
void writeDecimalBytes(Buffer& out, Int128 unscaled);
// decimal in a fixed of `size` bytes (sign-extended).
void writeDecimalFixed(Buffer& out, Int128 unscaled, std::size_t size);

// Confluent wire format header: magic byte 0, then the schema id as 4 bytes big-endian.
inline void writeConfluentHeader(Buffer& out, std::int32_t schemaId) {
    const auto id = static_cast<std::uint32_t>(schemaId);
    std::uint8_t b[5] = {0, static_cast<std::uint8_t>(id >> 24),
                         static_cast<std::uint8_t>(id >> 16), static_cast<std::uint8_t>(id >> 8),
                         static_cast<std::uint8_t>(id)};
    out.append(b, 5);
}

// ---- Generic encoding from JSON -------------------------------------------------------------

// Appends the Avro binary encoding of `value` under `schema`. JSON maps naturally: objects to
// records and maps, arrays to arrays, strings to string/enum/bytes/fixed/uuid, numbers to the
// numeric types. Logical types also take their usual text forms: date "2024-05-01",
// time-millis "13:45:00.250", timestamps as epoch numbers or ISO 8601 ("2024-05-01T13:45:00Z",
// offsets allowed; local timestamps without zone), decimals as numbers or decimal strings.
// Unions pick the branch matching the JSON value (null → the null branch; {"Type": v} picks a
// named branch explicitly). A missing record field takes its default, or null when its type is
// a union with null. Throws AvroError naming the field path.
void encodeJson(const Schema& schema, const nlohmann::json& value, Buffer& out);

// Confluent framing + encodeJson.
void encodeConfluent(const Schema& schema, std::int32_t schemaId, const nlohmann::json& value,
                     Buffer& out);

// Text → numbers used by encodeJson, exposed for the typed encoder and tests. nullopt when the
// text does not have the form.
std::optional<std::int32_t> parseDate(std::string_view text);  // days since the epoch
std::optional<std::int64_t> parseTimeOfDayMicros(std::string_view text);
std::optional<std::int64_t> parseTimestampMicros(std::string_view text, bool local);
std::optional<Int128> parseDecimal(std::string_view text, int scale);  // rounds half away from 0

}  // namespace riverdelta::avro
