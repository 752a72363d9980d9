#include "engine/cdc/type_mapping.h"

#include <charconv>
#include <cmath>

namespace riverdelta::cdc {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
constexpr std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

constexpr Civil civilFromDays(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

// A cursor over the text with small fixed-format readers.
struct Cursor {
    std::string_view s;
    std::size_t pos = 0;

    bool digits(std::int64_t& value, std::size_t minCount, std::size_t maxCount) {
        std::size_t start = pos;
        value = 0;
        while (pos < s.size() && pos - start < maxCount && s[pos] >= '0' && s[pos] <= '9')
            value = value * 10 + (s[pos++] - '0');
        return pos - start >= minCount;
    }
    bool expect(char c) {
        if (pos < s.size() && s[pos] == c) {
            ++pos;
            return true;
        }
        return false;
    }
    [[nodiscard]] bool atEnd() const { return pos == s.size(); }
    [[nodiscard]] char peek() const { return pos < s.size() ? s[pos] : '\0'; }
};

// "YYYY-MM-DD" (year may have more than four digits), leaves the cursor after the day.
bool readDate(Cursor& c, std::int64_t& days) {
    std::int64_t y = 0, m = 0, d = 0;
    if (!c.digits(y, 4, 9) || !c.expect('-') || !c.digits(m, 2, 2) || !c.expect('-') ||
        !c.digits(d, 2, 2))
        return false;
    if (m < 1 || m > 12 || d < 1 || d > 31) return false;
    days = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    return true;
}

// A trailing " BC" turns year Y into astronomical year 1 - Y.
bool stripBc(std::string_view& text) {
    if (text.ends_with(" BC")) {
        text.remove_suffix(3);
        return true;
    }
    return false;
}

std::int64_t bcShiftDays(std::string_view text) {
    // Re-parse the year to move it from Y to 1 - Y: difference in days between the two dates.
    Cursor c{text};
    std::int64_t y = 0, m = 0, d = 0;
    c.digits(y, 4, 9);
    c.expect('-');
    c.digits(m, 2, 2);
    c.expect('-');
    c.digits(d, 2, 2);
    return daysFromCivil(1 - y, static_cast<unsigned>(m), static_cast<unsigned>(d)) -
           daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

bool isFiniteNumberText(std::string_view text) {
    if (text.empty()) return false;
    const char c = text[0];
    return (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '+';
}

void appendPadded(JsonTokenWriter& out, std::int64_t value, int width) {
    char buffer[24];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    for (int n = static_cast<int>(end - buffer); n < width; ++n)
        out.raw('0');
    out.raw(std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
}

}  // namespace

ValueType valueTypeFor(std::uint32_t typeOid) {
    switch (typeOid) {
        case oid::kBool:
            return ValueType::Boolean;
        case oid::kInt2:
        case oid::kInt4:
            return ValueType::Int32;
        case oid::kInt8:
        case oid::kOid:
            return ValueType::Int64;
        case oid::kFloat4:
        case oid::kFloat8:
            return ValueType::Float;
        case oid::kNumeric:
            return ValueType::Numeric;
        case oid::kTimestamp:
            return ValueType::MicroTimestamp;
        case oid::kTimestampTz:
            return ValueType::ZonedTimestamp;
        case oid::kDate:
            return ValueType::Date;
        default:
            return ValueType::String;
    }
}

const char* toString(ValueType type) {
    switch (type) {
        case ValueType::Boolean:
            return "boolean";
        case ValueType::Int32:
            return "int32";
        case ValueType::Int64:
            return "int64";
        case ValueType::Float:
            return "double";
        case ValueType::Numeric:
            return "double (numeric)";
        case ValueType::MicroTimestamp:
            return "io.debezium.time.MicroTimestamp";
        case ValueType::ZonedTimestamp:
            return "io.debezium.time.ZonedTimestamp";
        case ValueType::Date:
            return "io.debezium.time.Date";
        case ValueType::String:
            return "string";
    }
    return "string";
}

std::optional<std::int32_t> parseDateDays(std::string_view text) {
    const bool bc = stripBc(text);
    Cursor c{text};
    std::int64_t days = 0;
    if (!readDate(c, days) || !c.atEnd()) return std::nullopt;
    if (bc) days += bcShiftDays(text);
    return static_cast<std::int32_t>(days);
}

std::optional<std::int64_t> parseTimestampMicros(std::string_view text) {
    const bool bc = stripBc(text);
    Cursor c{text};
    std::int64_t days = 0, h = 0, mi = 0, sec = 0;
    if (!readDate(c, days)) return std::nullopt;
    if (!(c.expect(' ') || c.expect('T'))) return std::nullopt;
    if (!c.digits(h, 2, 2) || !c.expect(':') || !c.digits(mi, 2, 2) || !c.expect(':') ||
        !c.digits(sec, 2, 2))
        return std::nullopt;
    std::int64_t micros = 0;
    if (c.expect('.')) {
        int n = 0;
        while (c.peek() >= '0' && c.peek() <= '9') {
            if (n < 6) {
                micros = micros * 10 + (c.peek() - '0');
                ++n;
            }
            ++c.pos;
        }
        if (n == 0) return std::nullopt;
        for (; n < 6; ++n)
            micros *= 10;
    }
    std::int64_t offsetSeconds = 0;
    if (c.peek() == '+' || c.peek() == '-') {
        const int sign = c.peek() == '-' ? -1 : 1;
        ++c.pos;
        std::int64_t oh = 0, om = 0, os = 0;
        if (!c.digits(oh, 2, 2)) return std::nullopt;
        if (c.expect(':') && !c.digits(om, 2, 2)) return std::nullopt;
        if (c.expect(':') && !c.digits(os, 2, 2)) return std::nullopt;
        offsetSeconds = sign * (oh * 3600 + om * 60 + os);
    } else if (c.expect('Z')) {
        offsetSeconds = 0;
    }
    if (!c.atEnd()) return std::nullopt;
    if (bc) days += bcShiftDays(text);
    return days * kMicrosPerDay + ((h * 60 + mi) * 60 + sec - offsetSeconds) * 1'000'000 + micros;
}

void appendIsoUtc(JsonTokenWriter& out, std::int64_t micros) {
    std::int64_t days = micros / kMicrosPerDay;
    std::int64_t rest = micros % kMicrosPerDay;
    if (rest < 0) {
        rest += kMicrosPerDay;
        --days;
    }
    const Civil date = civilFromDays(days);
    out.raw('"');
    if (date.year < 0) out.raw('-');
    appendPadded(out, date.year < 0 ? -date.year : date.year, 4);
    out.raw('-');
    appendPadded(out, date.month, 2);
    out.raw('-');
    appendPadded(out, date.day, 2);
    out.raw('T');
    const std::int64_t secs = rest / 1'000'000;
    std::int64_t fraction = rest % 1'000'000;
    appendPadded(out, secs / 3600, 2);
    out.raw(':');
    appendPadded(out, secs / 60 % 60, 2);
    out.raw(':');
    appendPadded(out, secs % 60, 2);
    if (fraction != 0) {
        int width = 6;
        while (fraction % 10 == 0) {
            fraction /= 10;
            --width;
        }
        out.raw('.');
        appendPadded(out, fraction, width);
    }
    out.raw("Z\"");
}

void appendValue(JsonTokenWriter& out, ValueType type, std::string_view text) {
    switch (type) {
        case ValueType::Boolean:
            if (text == "t" || text == "true") return out.boolean(true);
            if (text == "f" || text == "false") return out.boolean(false);
            break;
        case ValueType::Int32:
        case ValueType::Int64: {
            std::int64_t value = 0;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec == std::errc{} && end == text.data() + text.size()) return out.raw(text);
            break;
        }
        case ValueType::Float:
            if (isFiniteNumberText(text)) return out.raw(text);
            if (text == "NaN" || text == "Infinity" || text == "-Infinity") return out.null();
            break;
        case ValueType::Numeric: {
            if (text == "NaN" || text == "Infinity" || text == "-Infinity") return out.null();
            double value = 0;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec == std::errc{} && end == text.data() + text.size() && std::isfinite(value))
                return out.number(value);
            break;
        }
        case ValueType::MicroTimestamp:
            if (text == "infinity" || text == "-infinity") return out.null();
            if (auto micros = parseTimestampMicros(text)) return out.integer(*micros);
            break;
        case ValueType::ZonedTimestamp:
            if (text == "infinity" || text == "-infinity") return out.null();
            if (auto micros = parseTimestampMicros(text)) return appendIsoUtc(out, *micros);
            break;
        case ValueType::Date:
            if (text == "infinity" || text == "-infinity") return out.null();
            if (auto days = parseDateDays(text)) return out.integer(*days);
            break;
        case ValueType::String:
            break;
    }
    out.string(text);
}

}  // namespace riverdelta::cdc
