#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/lake/parquet/thrift_compact_writer.h"

namespace riverdelta::lake::parquet {

// A decoded compact-protocol value: enough of a DOM to pick Parquet metadata apart.
struct ThriftField;

struct ThriftValue {
    CompactType type = CompactType::Stop;
    std::int64_t integer = 0;  // I8 / I16 / I32 / I64, and bools (0/1)
    double real = 0;
    std::string binary;
    std::vector<ThriftValue> elements;            // List / Set
    CompactType elementType = CompactType::Stop;  // List / Set: the declared element type
    // A named struct rather than std::pair: pair's traits need ThriftValue complete, which
    // clang (with libstdc++) enforces here.
    std::vector<ThriftField> fields;  // Struct

    [[nodiscard]] const ThriftValue* field(std::int16_t id) const;
    [[nodiscard]] std::int64_t i64(std::int16_t id, std::int64_t fallback = 0) const;
    [[nodiscard]] bool has(std::int16_t id) const { return field(id) != nullptr; }
    [[nodiscard]] std::string str(std::int16_t id) const;
    // Mutable access for rewriting metadata: the field, or nullptr.
    ThriftValue* field(std::int16_t id);
    // Sets an integer field (adds it in id order when absent).
    void setI64(std::int16_t id, std::int64_t value, CompactType type = CompactType::I64);
    // Removes the field if present.
    void erase(std::int16_t id);
};

// Serializes a decoded struct back to the compact protocol: what CompactReader::readStruct()
// read comes out byte-equivalent, so metadata can be read, patched and written again.
std::string serializeStruct(const ThriftValue& value);

struct ThriftField {
    std::int16_t id = 0;
    ThriftValue value;
};

// Decodes compact-protocol structs. Throws std::runtime_error on truncated or malformed input.
class CompactReader {
  public:
    explicit CompactReader(std::string_view data) : data_(data) {}
    ThriftValue readStruct();

    // Field by field, for a struct too large to decode whole (a footer's list of thousands of
    // row groups): the next field's id and type, or nullopt at the struct's stop byte
    // (`lastId` carries the previous id, 0 at the start of the struct).
    std::optional<std::pair<std::int16_t, CompactType>> readFieldHeader(std::int16_t& lastId);
    // The value of the field whose header was just read.
    ThriftValue readFieldValue(CompactType type);
    // A list's element type and size; its elements follow.
    std::pair<CompactType, std::uint64_t> readListHeader();
    [[nodiscard]] std::size_t position() const { return pos_; }

  private:
    ThriftValue readValue(CompactType type);
    std::uint64_t readVarint();
    std::uint8_t readByte();

    std::string_view data_;
    std::size_t pos_ = 0;
    int depth_ = 0;
};

}  // namespace riverdelta::lake::parquet
