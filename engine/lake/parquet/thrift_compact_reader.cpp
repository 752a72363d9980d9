#include "engine/lake/parquet/thrift_compact_reader.h"

#include <cstring>
#include <stdexcept>

namespace riverdelta::lake::parquet {
namespace {
std::int64_t unzigzag(std::uint64_t v) {
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}
}  // namespace

const ThriftValue* ThriftValue::field(std::int16_t id) const {
    for (const auto& [fid, v] : fields) {
        if (fid == id) return &v;
    }
    return nullptr;
}

std::int64_t ThriftValue::i64(std::int16_t id, std::int64_t fallback) const {
    const ThriftValue* v = field(id);
    return v != nullptr ? v->integer : fallback;
}

std::string ThriftValue::str(std::int16_t id) const {
    const ThriftValue* v = field(id);
    return v != nullptr ? v->binary : std::string();
}

ThriftValue* ThriftValue::field(std::int16_t id) {
    for (auto& [fid, v] : fields) {
        if (fid == id) return &v;
    }
    return nullptr;
}

void ThriftValue::setI64(std::int16_t id, std::int64_t value, CompactType fieldType) {
    if (ThriftValue* v = field(id)) {
        v->integer = value;
        return;
    }
    ThriftValue v;
    v.type = fieldType;
    v.integer = value;
    auto it = fields.begin();
    while (it != fields.end() && it->id < id)
        ++it;
    fields.insert(it, ThriftField{id, std::move(v)});
}

void ThriftValue::erase(std::int16_t id) {
    std::erase_if(fields, [id](const ThriftField& f) { return f.id == id; });
}

namespace {

void putVarint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void putValue(std::string& out, const ThriftValue& v, CompactType type);

void putStruct(std::string& out, const ThriftValue& s) {
    std::int16_t lastId = 0;
    for (const auto& [id, v] : s.fields) {
        auto type = v.type;
        if (type == CompactType::BoolTrue || type == CompactType::BoolFalse) {
            type = v.integer != 0 ? CompactType::BoolTrue : CompactType::BoolFalse;
        }
        const int delta = id - lastId;
        if (delta > 0 && delta <= 15) {
            out.push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
        } else {
            out.push_back(static_cast<char>(type));
            putVarint(out, CompactWriter::zigzag32(id));
        }
        lastId = id;
        if (type != CompactType::BoolTrue && type != CompactType::BoolFalse) putValue(out, v, type);
    }
    out.push_back(0);
}

void putValue(std::string& out, const ThriftValue& v, CompactType type) {
    switch (type) {
        case CompactType::BoolTrue:
        case CompactType::BoolFalse:
            out.push_back(static_cast<char>(v.integer != 0 ? 1 : 2));  // list element form
            return;
        case CompactType::I8:
            out.push_back(static_cast<char>(v.integer));
            return;
        case CompactType::I16:
        case CompactType::I32:
        case CompactType::I64:
            putVarint(out, CompactWriter::zigzag64(v.integer));
            return;
        case CompactType::Double: {
            char b[8];
            std::memcpy(b, &v.real, 8);
            out.append(b, 8);
            return;
        }
        case CompactType::Binary:
            putVarint(out, v.binary.size());
            out.append(v.binary);
            return;
        case CompactType::List:
        case CompactType::Set: {
            const auto elem = static_cast<int>(v.elementType);
            if (v.elements.size() < 15) {
                out.push_back(static_cast<char>((v.elements.size() << 4) | elem));
            } else {
                out.push_back(static_cast<char>(0xf0 | elem));
                putVarint(out, v.elements.size());
            }
            for (const auto& e : v.elements)
                putValue(out, e, v.elementType);
            return;
        }
        case CompactType::Map: {
            putVarint(out, v.elements.size() / 2);
            if (v.elements.empty()) return;
            out.push_back(static_cast<char>((static_cast<int>(v.elements[0].type) << 4) |
                                            static_cast<int>(v.elements[1].type)));
            for (const auto& e : v.elements)
                putValue(out, e, e.type);
            return;
        }
        case CompactType::Struct:
            putStruct(out, v);
            return;
        case CompactType::Stop:
            break;
    }
    throw std::runtime_error("thrift: cannot serialize a value of unknown type");
}

}  // namespace

std::string serializeStruct(const ThriftValue& value) {
    std::string out;
    putStruct(out, value);
    return out;
}

std::uint8_t CompactReader::readByte() {
    if (pos_ >= data_.size()) throw std::runtime_error("thrift: truncated input");
    return static_cast<std::uint8_t>(data_[pos_++]);
}

std::uint64_t CompactReader::readVarint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        const std::uint8_t b = readByte();
        v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
        if ((b & 0x80) == 0) return v;
    }
    throw std::runtime_error("thrift: varint too long");
}

ThriftValue CompactReader::readStruct() {
    if (++depth_ > 64) throw std::runtime_error("thrift: nesting too deep");
    ThriftValue s;
    s.type = CompactType::Struct;
    std::int16_t lastId = 0;
    while (true) {
        const std::uint8_t header = readByte();
        if (header == 0) break;
        const auto type = static_cast<CompactType>(header & 0x0f);
        const int delta = header >> 4;
        std::int16_t id = 0;
        if (delta != 0) {
            id = static_cast<std::int16_t>(lastId + delta);
        } else {
            id = static_cast<std::int16_t>(unzigzag(readVarint()));
        }
        lastId = id;
        ThriftValue v;
        if (type == CompactType::BoolTrue || type == CompactType::BoolFalse) {
            v.type = CompactType::BoolTrue;
            v.integer = type == CompactType::BoolTrue ? 1 : 0;
        } else {
            v = readValue(type);
        }
        s.fields.push_back(ThriftField{id, std::move(v)});
    }
    --depth_;
    return s;
}

std::optional<std::pair<std::int16_t, CompactType>> CompactReader::readFieldHeader(
    std::int16_t& lastId) {
    const std::uint8_t header = readByte();
    if (header == 0) return std::nullopt;
    const auto type = static_cast<CompactType>(header & 0x0f);
    const int delta = header >> 4;
    const auto id = delta != 0 ? static_cast<std::int16_t>(lastId + delta)
                               : static_cast<std::int16_t>(unzigzag(readVarint()));
    lastId = id;
    return std::pair{id, type};
}

ThriftValue CompactReader::readFieldValue(CompactType type) {
    if (type == CompactType::BoolTrue || type == CompactType::BoolFalse) {
        ThriftValue v;
        v.type = CompactType::BoolTrue;
        v.integer = type == CompactType::BoolTrue ? 1 : 0;
        return v;
    }
    return readValue(type);
}

std::pair<CompactType, std::uint64_t> CompactReader::readListHeader() {
    const std::uint8_t h = readByte();
    std::uint64_t size = h >> 4;
    if (size == 15) size = readVarint();
    if (size > data_.size()) throw std::runtime_error("thrift: bad list size");
    return {static_cast<CompactType>(h & 0x0f), size};
}

ThriftValue CompactReader::readValue(CompactType type) {
    ThriftValue v;
    v.type = type;
    switch (type) {
        case CompactType::BoolTrue:
        case CompactType::BoolFalse:
            v.integer = readByte() == 1 ? 1 : 0;  // list element form
            return v;
        case CompactType::I8:
            v.integer = readByte();
            if (v.integer > 127) v.integer -= 256;  // two's complement byte
            return v;
        case CompactType::I16:
        case CompactType::I32:
        case CompactType::I64:
            v.integer = unzigzag(readVarint());
            return v;
        case CompactType::Double: {
            if (pos_ + 8 > data_.size()) throw std::runtime_error("thrift: truncated double");
            std::memcpy(&v.real, data_.data() + pos_, 8);
            pos_ += 8;
            return v;
        }
        case CompactType::Binary: {
            const std::uint64_t n = readVarint();
            if (n > data_.size() - pos_) throw std::runtime_error("thrift: truncated binary");
            v.binary.assign(data_.substr(pos_, n));
            pos_ += n;
            return v;
        }
        case CompactType::List:
        case CompactType::Set: {
            const std::uint8_t h = readByte();
            std::uint64_t size = h >> 4;
            const auto elem = static_cast<CompactType>(h & 0x0f);
            v.elementType = elem;
            if (size == 15) size = readVarint();
            if (size > data_.size()) throw std::runtime_error("thrift: bad list size");
            for (std::uint64_t i = 0; i < size; ++i)
                v.elements.push_back(readValue(elem));
            return v;
        }
        case CompactType::Map: {
            const std::uint64_t size = readVarint();
            if (size == 0) return v;
            const std::uint8_t kv = readByte();
            for (std::uint64_t i = 0; i < size; ++i) {
                v.elements.push_back(readValue(static_cast<CompactType>(kv >> 4)));
                v.elements.push_back(readValue(static_cast<CompactType>(kv & 0x0f)));
            }
            return v;
        }
        case CompactType::Struct:
            return readStruct();
        case CompactType::Stop:
            break;
    }
    throw std::runtime_error("thrift: unknown type");
}

}  // namespace riverdelta::lake::parquet
