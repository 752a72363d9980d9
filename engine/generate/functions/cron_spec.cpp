#include "engine/generate/functions/cron_spec.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <vector>

namespace riverdelta::generate {

namespace {

struct FieldRule {
    const char* name;
    int lo, hi;
    const char* const* names;  // 3-letter names for lo.., or null
    int nameCount;
};

constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

std::optional<int> value(std::string_view s, const FieldRule& rule) {
    if (rule.names != nullptr && s.size() == 3) {
        std::string up;
        for (char c : s)
            up.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        for (int i = 0; i < rule.nameCount; ++i) {
            if (up == rule.names[i]) return rule.lo + i;
        }
    }
    int v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

// Parses one field into `bits`; false with `error` on a bad field.
bool field(std::string_view text, const FieldRule& rule, std::uint64_t& bits, bool& any,
           std::string& error) {
    any = text == "*";
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string_view::npos) comma = text.size();
        std::string_view part = text.substr(start, comma - start);
        int step = 1;
        if (auto slash = part.find('/'); slash != std::string_view::npos) {
            auto s = value(part.substr(slash + 1), {rule.name, 1, 1 << 20, nullptr, 0});
            if (!s || *s < 1) {
                error = fmt::format("bad step \"{}\" in the {} field", part.substr(slash + 1),
                                    rule.name);
                return false;
            }
            step = *s;
            part = part.substr(0, slash);
        }
        int lo = rule.lo, hi = rule.hi;
        if (part != "*") {
            const auto dash = part.find('-');
            auto a = value(part.substr(0, dash), rule);
            auto b = dash == std::string_view::npos ? a : value(part.substr(dash + 1), rule);
            if (!a || !b) {
                error = fmt::format("bad value \"{}\" in the {} field", part, rule.name);
                return false;
            }
            lo = *a;
            hi = *b;
            if (lo < rule.lo || hi > rule.hi || lo > hi) {
                error = fmt::format("\"{}\" is outside {}-{} in the {} field", part, rule.lo,
                                    rule.hi, rule.name);
                return false;
            }
            if (dash == std::string_view::npos && step > 1) hi = rule.hi;  // "5/15"
        }
        for (int v = lo; v <= hi; v += step)
            bits |= std::uint64_t{1} << v;
        if (comma == text.size()) break;
        start = comma + 1;
    }
    return true;
}

}  // namespace

std::optional<CronSpec> CronSpec::parse(std::string_view text, std::string& error) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ')
            ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ')
            ++i;
        if (i > start) parts.push_back(text.substr(start, i - start));
    }
    if (parts.size() != 5) {
        error = fmt::format(
            "a cron expression has 5 fields (minute hour day-of-month month "
            "day-of-week), not {}",
            parts.size());
        return std::nullopt;
    }
    CronSpec c;
    std::uint64_t bits[5] = {};
    bool any[5] = {};
    const FieldRule rules[5] = {{"minute", 0, 59, nullptr, 0},
                                {"hour", 0, 23, nullptr, 0},
                                {"day-of-month", 1, 31, nullptr, 0},
                                {"month", 1, 12, kMonthNames, 12},
                                {"day-of-week", 0, 7, kDayNames, 7}};
    for (int f = 0; f < 5; ++f) {
        if (!field(parts[static_cast<std::size_t>(f)], rules[f], bits[f], any[f], error))
            return std::nullopt;
    }
    if (bits[4] & (1u << 7)) bits[4] = (bits[4] | 1u) & 0x7F;  // 7 is Sunday
    c.minutes_ = bits[0];
    c.hours_ = static_cast<std::uint32_t>(bits[1]);
    c.days_ = static_cast<std::uint32_t>(bits[2]);
    c.months_ = static_cast<std::uint16_t>(bits[3]);
    c.weekdays_ = static_cast<std::uint8_t>(bits[4]);
    c.anyDay_ = any[2];
    c.anyWeekday_ = any[4];
    return c;
}

bool CronSpec::matches(const CivilTime& t) const {
    if (!(minutes_ >> t.minute & 1) || !(hours_ >> t.hour & 1) || !(months_ >> t.month & 1))
        return false;
    const bool day = (days_ >> t.day) & 1;
    const bool weekday = (weekdays_ >> t.weekday) & 1;
    if (anyDay_ || anyWeekday_) return day && weekday;
    return day || weekday;
}

}  // namespace riverdelta::generate
