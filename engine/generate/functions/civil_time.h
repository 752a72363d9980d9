#pragma once

#include <cstdint>

// UTC calendar fields of epoch milliseconds (proleptic Gregorian; H. Hinnant's algorithm).
namespace riverdelta::generate {

struct CivilTime {
    std::int64_t year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
    int hour = 0, minute = 0, second = 0, millis = 0;
    int weekday = 4;    // 0 = Sunday
    int dayOfYear = 1;  // 1..366
};

inline std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

inline CivilTime civilFromEpochMs(std::int64_t ms) {
    CivilTime t;
    const std::int64_t days = floorDiv(ms, 86'400'000);
    std::int64_t rem = ms - days * 86'400'000;
    t.hour = static_cast<int>(rem / 3'600'000);
    rem %= 3'600'000;
    t.minute = static_cast<int>(rem / 60'000);
    rem %= 60'000;
    t.second = static_cast<int>(rem / 1000);
    t.millis = static_cast<int>(rem % 1000);
    t.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
    const std::int64_t z = days + 719468;
    const std::int64_t era = floorDiv(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    t.year = yoe + era * 400 + (t.month <= 2 ? 1 : 0);
    const bool leap = (t.year % 4 == 0 && t.year % 100 != 0) || t.year % 400 == 0;
    static constexpr int kBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    t.dayOfYear = kBefore[t.month - 1] + t.day + (leap && t.month > 2 ? 1 : 0);
    return t;
}

}  // namespace riverdelta::generate
