#include "engine/avro/avro_decoder.h"

#include <algorithm>

#include "engine/avro/avro_encoder.h"

namespace riverdelta::avro {

namespace {

constexpr int kMaxDepth = 256;  // nesting of records/arrays/maps a datum may have

// Avro's JSON encoding of bytes: each byte as the code point of the same value (UTF-8 here).
std::string bytesAsText(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (char c : bytes) {
        const auto b = static_cast<std::uint8_t>(c);
        if (b < 0x80) {
            out += c;
        } else {
            out += static_cast<char>(0xc0 | (b >> 6));
            out += static_cast<char>(0x80 | (b & 0x3f));
        }
    }
    return out;
}

// Big-endian two's complement bytes → "unscaled / 10^scale" as decimal text.
std::string decimalText(std::string_view bytes, int scale) {
    if (bytes.empty()) return "0";
    if (bytes.size() > 16) throw AvroError("Avro binary: a decimal wider than 128 bits");
    UInt128 u = static_cast<std::uint8_t>(bytes[0]) & 0x80 ? ~UInt128(0) : 0;
    for (char c : bytes)
        u = (u << 8) | static_cast<std::uint8_t>(c);
    const auto v = static_cast<Int128>(u);
    const bool negative = v < 0;
    UInt128 magnitude = negative ? UInt128(0) - u : u;
    std::string digits;
    do {
        digits += static_cast<char>('0' + static_cast<int>(magnitude % 10));
        magnitude /= 10;
    } while (magnitude != 0);
    while (static_cast<int>(digits.size()) <= scale)
        digits += '0';
    std::reverse(digits.begin(), digits.end());
    const std::size_t whole = digits.size() - static_cast<std::size_t>(std::max(scale, 0));
    std::string out;
    if (negative) out += '-';
    out.append(digits, 0, whole);
    if (whole < digits.size()) {
        out += '.';
        out.append(digits, whole, std::string::npos);
    }
    return out;
}

// Items of zero bytes (null, empty records) could make a forged count loop for ages: a block
// may not announce more items than bytes are left, plus a margin for such items.
void checkCount(std::int64_t count, const BinaryReader& in) {
    if (count > static_cast<std::int64_t>(in.remaining()) + 100'000)
        throw AvroError("Avro binary: a block of " + std::to_string(count) +
                        " items in a datum of " + std::to_string(in.remaining()) + " bytes");
}

template <class Json>
Json decodeAt(const Schema& schema, NodeId id, BinaryReader& in, int depth) {
    if (depth > kMaxDepth) throw AvroError("Avro binary: nested deeper than 256 levels");
    const Node& n = schema.node(id);
    switch (n.type) {
        case Type::Null:
            return nullptr;
        case Type::Boolean:
            return in.readBoolean();
        case Type::Int:
            return in.readInt();
        case Type::Long:
            return in.readLong();
        case Type::Float:
            return in.readFloat();
        case Type::Double:
            return in.readDouble();
        case Type::String:
            return std::string(in.readString());
        case Type::Bytes: {
            const std::string_view b = in.readBytes();
            if (n.logical == LogicalType::Decimal) return decimalText(b, n.scale);
            return bytesAsText(b);
        }
        case Type::Fixed: {
            const std::string_view b = in.readFixed(n.fixedSize);
            if (n.logical == LogicalType::Decimal) return decimalText(b, n.scale);
            return bytesAsText(b);
        }
        case Type::Enum: {
            const std::int32_t i = in.readInt();
            if (i < 0 || static_cast<std::size_t>(i) >= n.symbols.size())
                throw AvroError("Avro binary: enum " + n.name + " has no symbol " +
                                std::to_string(i));
            return n.symbols[static_cast<std::size_t>(i)];
        }
        case Type::Union: {
            const std::int64_t b = in.readLong();
            if (b < 0 || static_cast<std::size_t>(b) >= n.branches.size())
                throw AvroError("Avro binary: a union has no branch " + std::to_string(b));
            return decodeAt<Json>(schema, n.branches[static_cast<std::size_t>(b)], in, depth + 1);
        }
        case Type::Record: {
            auto out = Json::object();
            for (const auto& f : n.fields)
                out[f.name] = decodeAt<Json>(schema, f.type, in, depth + 1);
            return out;
        }
        case Type::Array: {
            auto out = Json::array();
            for (std::int64_t count = in.readBlockCount(); count != 0;
                 count = in.readBlockCount()) {
                checkCount(count, in);
                for (std::int64_t k = 0; k < count; ++k) {
                    out.push_back(decodeAt<Json>(schema, n.items, in, depth + 1));
                }
            }
            return out;
        }
        case Type::Map: {
            auto out = Json::object();
            for (std::int64_t count = in.readBlockCount(); count != 0;
                 count = in.readBlockCount()) {
                checkCount(count, in);
                for (std::int64_t k = 0; k < count; ++k) {
                    std::string key(in.readString());
                    out[std::move(key)] = decodeAt<Json>(schema, n.items, in, depth + 1);
                }
            }
            return out;
        }
    }
    throw AvroError("Avro binary: unknown type");
}

void skipAt(const Schema& schema, NodeId id, BinaryReader& in, int depth) {
    if (depth > kMaxDepth) throw AvroError("Avro binary: nested deeper than 256 levels");
    const Node& n = schema.node(id);
    switch (n.type) {
        case Type::Null:
            return;
        case Type::Boolean:
            in.readBoolean();
            return;
        case Type::Int:
        case Type::Long:
        case Type::Enum:
            in.readLong();
            return;
        case Type::Float:
            in.readFloat();
            return;
        case Type::Double:
            in.readDouble();
            return;
        case Type::String:
        case Type::Bytes:
            in.readBytes();
            return;
        case Type::Fixed:
            in.readFixed(n.fixedSize);
            return;
        case Type::Union: {
            const std::int64_t b = in.readLong();
            if (b < 0 || static_cast<std::size_t>(b) >= n.branches.size())
                throw AvroError("Avro binary: a union has no branch " + std::to_string(b));
            return skipAt(schema, n.branches[static_cast<std::size_t>(b)], in, depth + 1);
        }
        case Type::Record:
            for (const auto& f : n.fields)
                skipAt(schema, f.type, in, depth + 1);
            return;
        case Type::Array:
        case Type::Map:
            for (std::int64_t count = in.readBlockCount(); count != 0;
                 count = in.readBlockCount()) {
                checkCount(count, in);
                for (std::int64_t k = 0; k < count; ++k) {
                    if (n.type == Type::Map) in.readString();
                    skipAt(schema, n.items, in, depth + 1);
                }
            }
            return;
    }
}

}  // namespace

template <class Json>
Json decodeJson(const Schema& schema, NodeId node, BinaryReader& in) {
    return decodeAt<Json>(schema, node, in, 0);
}

template <class Json>
Json decodeJson(const Schema& schema, std::string_view bytes) {
    BinaryReader in(bytes);
    auto out = decodeAt<Json>(schema, schema.rootId(), in, 0);
    if (!in.atEnd())
        throw AvroError("Avro binary: " + std::to_string(in.remaining()) +
                        " bytes left after the datum");
    return out;
}

template nlohmann::json decodeJson<nlohmann::json>(const Schema&, NodeId, BinaryReader&);
template nlohmann::ordered_json decodeJson<nlohmann::ordered_json>(const Schema&, NodeId,
                                                                   BinaryReader&);
template nlohmann::json decodeJson<nlohmann::json>(const Schema&, std::string_view);
template nlohmann::ordered_json decodeJson<nlohmann::ordered_json>(const Schema&, std::string_view);

void skipValue(const Schema& schema, NodeId node, BinaryReader& in) {
    skipAt(schema, node, in, 0);
}

}  // namespace riverdelta::avro
