#include "engine/lake/parquet/thrift_compact_writer.h"

#include <stdexcept>

namespace riverdelta::lake::parquet {

void CompactWriter::beginStruct() {
    lastIds_.push_back(0);
}

void CompactWriter::endStruct() {
    if (lastIds_.empty()) throw std::logic_error("CompactWriter: endStruct without beginStruct");
    out_.push_back(static_cast<char>(CompactType::Stop));
    lastIds_.pop_back();
}

void CompactWriter::fieldHeader(std::int16_t id, CompactType type) {
    if (lastIds_.empty()) throw std::logic_error("CompactWriter: field outside a struct");
    const int delta = id - lastIds_.back();
    if (delta > 0 && delta <= 15) {
        out_.push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
    } else {
        out_.push_back(static_cast<char>(type));
        writeVarint(zigzag32(id));
    }
    lastIds_.back() = id;
}

void CompactWriter::writeVarint(std::uint64_t v) {
    while (v >= 0x80) {
        out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
}

void CompactWriter::fieldBool(std::int16_t id, bool value) {
    fieldHeader(id, value ? CompactType::BoolTrue : CompactType::BoolFalse);
}

void CompactWriter::fieldI8(std::int16_t id, std::int8_t value) {
    fieldHeader(id, CompactType::I8);
    out_.push_back(static_cast<char>(value));
}

void CompactWriter::fieldI16(std::int16_t id, std::int16_t value) {
    fieldHeader(id, CompactType::I16);
    writeVarint(zigzag32(value));
}

void CompactWriter::fieldI32(std::int16_t id, std::int32_t value) {
    fieldHeader(id, CompactType::I32);
    writeVarint(zigzag32(value));
}

void CompactWriter::fieldI64(std::int16_t id, std::int64_t value) {
    fieldHeader(id, CompactType::I64);
    writeVarint(zigzag64(value));
}

void CompactWriter::fieldBinary(std::int16_t id, std::string_view value) {
    fieldHeader(id, CompactType::Binary);
    writeBinary(value);
}

void CompactWriter::writeBinary(std::string_view value) {
    writeVarint(value.size());
    out_.append(value);
}

void CompactWriter::beginStructField(std::int16_t id) {
    fieldHeader(id, CompactType::Struct);
    beginStruct();
}

void CompactWriter::beginListField(std::int16_t id, CompactType elementType, std::size_t size) {
    fieldHeader(id, CompactType::List);
    if (size < 15) {
        out_.push_back(static_cast<char>((size << 4) | static_cast<std::size_t>(elementType)));
    } else {
        out_.push_back(static_cast<char>(0xf0 | static_cast<int>(elementType)));
        writeVarint(size);
    }
}

}  // namespace riverdelta::lake::parquet
