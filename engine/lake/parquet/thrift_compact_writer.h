#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace riverdelta::lake::parquet {

// Compact-protocol type ids (Thrift compact protocol specification).
enum class CompactType : std::uint8_t {
    Stop = 0,
    BoolTrue = 1,
    BoolFalse = 2,
    I8 = 3,
    I16 = 4,
    I32 = 5,
    I64 = 6,
    Double = 7,
    Binary = 8,
    List = 9,
    Set = 10,
    Map = 11,
    Struct = 12,
};

// Writes the Thrift compact protocol into a caller-owned byte string: just the pieces the
// Parquet metadata needs (structs, i8/i32/i64, bool, binary, lists of i32/binary/struct).
//
//   CompactWriter w(out);
//   w.beginStruct();           // top-level struct, no field header
//   w.fieldI32(1, 2);
//   w.beginStructField(2);     // nested struct
//   ...
//   w.endStruct();
//   w.endStruct();
class CompactWriter {
  public:
    explicit CompactWriter(std::string& out) : out_(out) {}

    // Struct framing. beginStruct() opens a struct whose header was already written (top level
    // or list element); endStruct() writes the stop byte.
    void beginStruct();
    void endStruct();

    void fieldBool(std::int16_t id, bool value);
    void fieldI8(std::int16_t id, std::int8_t value);
    void fieldI16(std::int16_t id, std::int16_t value);
    void fieldI32(std::int16_t id, std::int32_t value);
    void fieldI64(std::int16_t id, std::int64_t value);
    void fieldBinary(std::int16_t id, std::string_view value);
    void beginStructField(std::int16_t id);  // field header + beginStruct(); close with endStruct()
    void beginListField(std::int16_t id, CompactType elementType, std::size_t size);

    // List elements.
    void writeI32(std::int32_t value) { writeVarint(zigzag32(value)); }
    void writeBinary(std::string_view value);

    static std::uint32_t zigzag32(std::int32_t v) {
        return (static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31);
    }
    static std::uint64_t zigzag64(std::int64_t v) {
        return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
    }

  private:
    void fieldHeader(std::int16_t id, CompactType type);
    void writeVarint(std::uint64_t v);

    std::string& out_;
    std::vector<std::int16_t> lastIds_;
};

}  // namespace riverdelta::lake::parquet
