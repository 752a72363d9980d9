#include "engine/topics/epoch_field.h"

namespace riverdelta::topics {

bool isTimeFieldName(std::string_view name) {
    if (name.size() > 3 && (name.ends_with("_at") || name.ends_with("_AT"))) return true;
    // camelCase: createdAt, but not "format" or "At" alone.
    return name.size() > 2 && name.ends_with("At") && name[name.size() - 3] >= 'a' &&
           name[name.size() - 3] <= 'z';
}

std::optional<EpochValue> epochValue(std::int64_t raw) {
    if (raw < 0) return std::nullopt;
    if (raw < 100'000'000'000LL) return EpochValue{raw * 1000, EpochUnit::Seconds};
    if (raw < 100'000'000'000'000LL) return EpochValue{raw, EpochUnit::Milliseconds};
    if (raw < 100'000'000'000'000'000LL) return EpochValue{raw / 1000, EpochUnit::Microseconds};
    return EpochValue{raw / 1'000'000, EpochUnit::Nanoseconds};
}

const char* toString(EpochUnit unit) {
    switch (unit) {
        case EpochUnit::Seconds:
            return "seconds";
        case EpochUnit::Milliseconds:
            return "milliseconds";
        case EpochUnit::Microseconds:
            return "microseconds";
        case EpochUnit::Nanoseconds:
            return "nanoseconds";
    }
    return "?";
}

}  // namespace riverdelta::topics
