#include "engine/generate/functions/date_format.h"

#include <fmt/format.h>

#include "engine/generate/functions/civil_time.h"

namespace riverdelta::generate {

namespace {

constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
constexpr const char* kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                 "Thursday", "Friday", "Saturday"};

void number(std::string& out, std::int64_t v, int width) {
    if (v < 0) {
        out.push_back('-');
        v = -v;
    }
    char buf[24];
    int n = 0;
    do {
        buf[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v > 0);
    for (int i = n; i < width; ++i)
        out.push_back('0');
    while (n > 0)
        out.push_back(buf[--n]);
}

void text(std::string& out, const char* full, int count) {
    const std::string_view s(full);
    out.append(count >= 4 ? s : s.substr(0, 3));
}

// ISO week-based year and week of `t` (weeks start on Monday; week 1 holds January 4th).
void isoWeek(const CivilTime& t, std::int64_t& weekYear, int& week) {
    const int isoDay = t.weekday == 0 ? 7 : t.weekday;  // Monday 1 .. Sunday 7
    int w = (t.dayOfYear - isoDay + 10) / 7;
    weekYear = t.year;
    auto weeksIn = [](std::int64_t y) {
        auto jan1 = [](std::int64_t yy) {  // weekday of January 1st, 0 = Sunday
            const std::int64_t a = yy - 1;
            return static_cast<int>((1 + 5 * (a % 4) + 4 * (a % 100) + 6 * (a % 400)) % 7);
        };
        const int d = jan1(y);
        const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        return (d == 4 || (leap && d == 3)) ? 53 : 52;
    };
    if (w < 1) {
        weekYear = t.year - 1;
        w = weeksIn(weekYear);
    } else if (w > weeksIn(t.year)) {
        weekYear = t.year + 1;
        w = 1;
    }
    week = w;
}

}  // namespace

std::optional<DateFormat> DateFormat::compile(std::string_view pattern, std::string& error) {
    DateFormat f;
    std::size_t i = 0;
    auto literal = [&](std::string_view s) {
        if (!f.tokens_.empty() && f.tokens_.back().field == Field::Literal) {
            f.tokens_.back().literal.append(s);
        } else {
            f.tokens_.push_back({Field::Literal, 0, std::string(s)});
        }
    };
    while (i < pattern.size()) {
        const char c = pattern[i];
        if (c == '\'') {
            const std::size_t end = pattern.find('\'', i + 1);
            if (end == std::string_view::npos) {
                error = fmt::format("unterminated quote at position {} of the date pattern", i + 1);
                return std::nullopt;
            }
            if (end == i + 1) {
                literal("'");  // '' is a quote
            } else {
                literal(pattern.substr(i + 1, end - i - 1));
            }
            i = end + 1;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            literal(pattern.substr(i, 1));
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < pattern.size() && pattern[j] == c)
            ++j;
        const int n = static_cast<int>(j - i);
        Field field;
        switch (c) {
            case 'G':
                field = Field::Era;
                break;
            case 'y':
                field = Field::Year;
                break;
            case 'Y':
                field = Field::YearOfEra;
                break;
            case 'x':
                field = Field::WeekYear;
                break;
            case 'w':
                field = Field::WeekOfWeekYear;
                break;
            case 'e':
                field = Field::DayOfWeekNumber;
                break;
            case 'E':
                field = Field::DayOfWeekText;
                break;
            case 'D':
                field = Field::DayOfYear;
                break;
            case 'M':
                field = n >= 3 ? Field::MonthText : Field::Month;
                break;
            case 'd':
                field = Field::Day;
                break;
            case 'a':
                field = Field::HalfDay;
                break;
            case 'K':
                field = Field::HourOfHalfDay;
                break;
            case 'h':
                field = Field::ClockHourOfHalfDay;
                break;
            case 'H':
                field = Field::Hour;
                break;
            case 'k':
                field = Field::ClockHour;
                break;
            case 'm':
                field = Field::Minute;
                break;
            case 's':
                field = Field::Second;
                break;
            case 'S':
                field = Field::Fraction;
                break;
            case 'z':
                field = Field::ZoneName;
                break;
            case 'Z':
                field = Field::ZoneOffset;
                break;
            default:
                error = fmt::format(
                    "unsupported letter '{}' at position {} of the date pattern "
                    "(quote literal text: 'T')",
                    c, i + 1);
                return std::nullopt;
        }
        f.tokens_.push_back({field, n, {}});
        i = j;
    }
    return f;
}

void DateFormat::format(std::int64_t epochMs, std::string& out) const {
    const CivilTime t = civilFromEpochMs(epochMs);
    for (const Token& tok : tokens_) {
        switch (tok.field) {
            case Field::Literal:
                out.append(tok.literal);
                break;
            case Field::Era:
                out.append(t.year > 0 ? "AD" : "BC");
                break;
            case Field::Year:
            case Field::YearOfEra:
                if (tok.count == 2) {
                    number(out, ((t.year % 100) + 100) % 100, 2);
                } else {
                    number(out, t.year, tok.count);
                }
                break;
            case Field::WeekYear:
            case Field::WeekOfWeekYear: {
                std::int64_t wy = 0;
                int w = 0;
                isoWeek(t, wy, w);
                if (tok.field == Field::WeekOfWeekYear) {
                    number(out, w, tok.count);
                } else if (tok.count == 2) {
                    number(out, ((wy % 100) + 100) % 100, 2);
                } else {
                    number(out, wy, tok.count);
                }
                break;
            }
            case Field::DayOfWeekNumber:
                number(out, t.weekday == 0 ? 7 : t.weekday, tok.count);
                break;
            case Field::DayOfWeekText:
                text(out, kDays[t.weekday], tok.count);
                break;
            case Field::DayOfYear:
                number(out, t.dayOfYear, tok.count);
                break;
            case Field::Month:
                number(out, t.month, tok.count);
                break;
            case Field::MonthText:
                text(out, kMonths[t.month - 1], tok.count);
                break;
            case Field::Day:
                number(out, t.day, tok.count);
                break;
            case Field::HalfDay:
                out.append(t.hour < 12 ? "AM" : "PM");
                break;
            case Field::HourOfHalfDay:
                number(out, t.hour % 12, tok.count);
                break;
            case Field::ClockHourOfHalfDay:
                number(out, t.hour % 12 == 0 ? 12 : t.hour % 12, tok.count);
                break;
            case Field::Hour:
                number(out, t.hour, tok.count);
                break;
            case Field::ClockHour:
                number(out, t.hour == 0 ? 24 : t.hour, tok.count);
                break;
            case Field::Minute:
                number(out, t.minute, tok.count);
                break;
            case Field::Second:
                number(out, t.second, tok.count);
                break;
            case Field::Fraction: {
                // Digits of the fraction of a second, truncated (milliseconds, then zeros).
                char digits[3] = {static_cast<char>('0' + t.millis / 100),
                                  static_cast<char>('0' + t.millis / 10 % 10),
                                  static_cast<char>('0' + t.millis % 10)};
                for (int k = 0; k < tok.count; ++k)
                    out.push_back(k < 3 ? digits[k] : '0');
                break;
            }
            case Field::ZoneName:
                out.append("UTC");
                break;
            case Field::ZoneOffset:
                out.append(tok.count == 1 ? "+0000" : tok.count == 2 ? "+00:00" : "UTC");
                break;
        }
    }
}

}  // namespace riverdelta::generate
