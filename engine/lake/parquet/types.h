#pragma once

#include <cstdint>

// Parquet enums as numbered in apache/parquet-format parquet.thrift. Only the subset that
// Riverdelta writes is listed.
namespace riverdelta::lake::parquet {

enum class PhysicalType : std::int32_t {
    Boolean = 0,
    Int32 = 1,
    Int64 = 2,
    Float = 4,
    Double = 5,
    ByteArray = 6,
};

enum class Repetition : std::int32_t {
    Required = 0,
    Optional = 1,
    Repeated = 2,
};

enum class Compression : std::int32_t {
    Uncompressed = 0,
    Snappy = 1,
    Zstd = 6,
};

enum class Encoding : std::int32_t {
    Plain = 0,
    PlainDictionary = 2,
    Rle = 3,
    RleDictionary = 8,
};

enum class PageType : std::int32_t {
    DataPage = 0,
    DictionaryPage = 2,
};

enum class ConvertedType : std::int32_t {
    None = -1,
    Utf8 = 0,
    Map = 1,
    MapKeyValue = 2,
    List = 3,
    Date = 6,
    TimestampMillis = 9,
    TimestampMicros = 10,
    Int8 = 15,
    Int16 = 16,
    Int32 = 17,
    Int64 = 18,
};

enum class TimeUnit : std::uint8_t { Millis, Micros };

// The logical-type annotation of a schema element (the LogicalType union plus its parameters).
struct LogicalType {
    enum class Kind : std::uint8_t { None, String, Map, List, Date, Timestamp, Integer };

    Kind kind = Kind::None;
    bool adjustedToUtc = true;         // Timestamp
    TimeUnit unit = TimeUnit::Micros;  // Timestamp
    std::int8_t bitWidth = 32;         // Integer
    bool isSigned = true;              // Integer

    static LogicalType none() { return {}; }
    static LogicalType string() { return {.kind = Kind::String}; }
    static LogicalType map() { return {.kind = Kind::Map}; }
    static LogicalType list() { return {.kind = Kind::List}; }
    static LogicalType date() { return {.kind = Kind::Date}; }
    static LogicalType timestamp(TimeUnit u, bool utc) {
        return {.kind = Kind::Timestamp, .adjustedToUtc = utc, .unit = u};
    }
    static LogicalType integer(std::int8_t bits, bool isSignedInt = true) {
        return {.kind = Kind::Integer, .bitWidth = bits, .isSigned = isSignedInt};
    }

    // The legacy ConvertedType that goes with this annotation (None when there is none).
    [[nodiscard]] ConvertedType convertedType() const;
};

}  // namespace riverdelta::lake::parquet
