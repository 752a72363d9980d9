#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

// Dates and times as Python's datetime prints them, for comparing with fastavro's output.
namespace riverdelta::testing {

// 0001-01-01.. civil date from days since the epoch (H. Hinnant's algorithm).
inline std::string civil(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return buf;
}

// What Python's datetime.isoformat() prints for epoch milliseconds.
inline std::string isoFromMillis(std::int64_t ms, bool utc) {
    std::int64_t days = ms >= 0 ? ms / 86'400'000 : -((-ms + 86'399'999) / 86'400'000);
    std::int64_t rest = ms - days * 86'400'000;
    char buf[64];
    const int h = static_cast<int>(rest / 3'600'000), mi = static_cast<int>(rest / 60'000 % 60),
              s = static_cast<int>(rest / 1000 % 60), milli = static_cast<int>(rest % 1000);
    if (milli)
        std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d.%03d000", h, mi, s, milli);
    else
        std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", h, mi, s);
    return civil(days) + buf + (utc ? "+00:00" : "");
}

}  // namespace riverdelta::testing
