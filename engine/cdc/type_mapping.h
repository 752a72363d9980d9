#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/cdc/json_token_writer.h"

// How PostgreSQL values (in their text output form, as pgoutput and a text-mode SELECT deliver
// them) become JSON values, following the Debezium PostgreSQL connector's default mappings with
// decimal.handling.mode=double and time.precision.mode=adaptive:
//   boolean                        -> true / false
//   smallint, integer              -> int32 number
//   bigint, oid                    -> int64 number
//   real, double precision         -> number (NaN / ±Infinity -> null: JSON has neither)
//   numeric                        -> double number (NaN -> null)
//   timestamp (without time zone)  -> io.debezium.time.MicroTimestamp: int64 µs since the epoch
//   timestamp with time zone       -> io.debezium.time.ZonedTimestamp: ISO-8601 string in UTC,
//                                     e.g. "2024-03-01T12:00:00.25Z"
//   date                           -> io.debezium.time.Date: int32 days since 1970-01-01
//   everything else (text, varchar, char, uuid, json, ...) -> string, PostgreSQL's text form
// 'infinity' timestamps and dates, which Debezium has no single representation for, become null.
// The text forms parsed here are those of DateStyle ISO, which Riverdelta sets on its sessions.
namespace riverdelta::cdc {

enum class ValueType {
    Boolean,
    Int32,
    Int64,
    Float,
    Numeric,
    MicroTimestamp,
    ZonedTimestamp,
    Date,
    String
};

// PostgreSQL type OIDs we map specially (pg_type.dat).
namespace oid {
inline constexpr std::uint32_t kBool = 16;
inline constexpr std::uint32_t kInt8 = 20;
inline constexpr std::uint32_t kInt2 = 21;
inline constexpr std::uint32_t kInt4 = 23;
inline constexpr std::uint32_t kText = 25;
inline constexpr std::uint32_t kOid = 26;
inline constexpr std::uint32_t kFloat4 = 700;
inline constexpr std::uint32_t kFloat8 = 701;
inline constexpr std::uint32_t kBpchar = 1042;
inline constexpr std::uint32_t kVarchar = 1043;
inline constexpr std::uint32_t kDate = 1082;
inline constexpr std::uint32_t kTimestamp = 1114;
inline constexpr std::uint32_t kTimestampTz = 1184;
inline constexpr std::uint32_t kNumeric = 1700;
}  // namespace oid

[[nodiscard]] ValueType valueTypeFor(std::uint32_t typeOid);
[[nodiscard]] const char* toString(ValueType type);

// Writes the JSON form of one non-null text value. A value that does not parse as its type
// (which PostgreSQL never sends) is written as a string rather than dropped.
void appendValue(JsonTokenWriter& out, ValueType type, std::string_view text);

// Parsers, exposed for tests. Timestamps without a zone are taken as UTC.
[[nodiscard]] std::optional<std::int64_t> parseTimestampMicros(std::string_view text);
[[nodiscard]] std::optional<std::int32_t> parseDateDays(std::string_view text);
// ISO-8601 UTC form of microseconds since the epoch, fraction without trailing zeros.
void appendIsoUtc(JsonTokenWriter& out, std::int64_t micros);

}  // namespace riverdelta::cdc
