#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace riverdelta::topics {

// A field named like a point in time (`created_at`, `checkin_at`, `updatedAt`) holding an
// epoch number. The unit is read from the magnitude, as people write these fields: seconds below
// 10^11 (until the year 5138), milliseconds below 10^14, microseconds (Debezium's
// MicroTimestamp) below 10^17, nanoseconds above.
enum class EpochUnit { Seconds, Milliseconds, Microseconds, Nanoseconds };

struct EpochValue {
    std::int64_t millis = 0;  // milliseconds since the epoch, truncated toward minus infinity
    EpochUnit unit = EpochUnit::Milliseconds;
};

[[nodiscard]] bool isTimeFieldName(std::string_view name);
// The instant an epoch number in a time field means; nothing for negative numbers.
[[nodiscard]] std::optional<EpochValue> epochValue(std::int64_t raw);
[[nodiscard]] const char* toString(EpochUnit unit);

}  // namespace riverdelta::topics
