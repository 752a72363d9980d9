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

ThriftValue CompactReader::readValue(CompactType type) {
    ThriftValue v;
    v.type = type;
    switch (type) {
        case CompactType::BoolTrue:
        case CompactType::BoolFalse:
            v.integer = readByte() == 1 ? 1 : 0;  // list element form
            return v;
        case CompactType::I8:
            v.integer = static_cast<std::int8_t>(readByte());
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
