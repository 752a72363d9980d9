#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// A Joda-Time style date pattern ("yyyy-MM-dd'T'HH:mm:ss.SSSZZ"), parsed once at compile time
// and applied per event without re-reading the pattern. Times are formatted in UTC.
namespace riverdelta::generate {

class DateFormat {
  public:
    // The pattern ShadowTraffic's formatDateTime uses when none is given.
    static constexpr std::string_view kDefaultPattern = "yyyy-MM-dd'T'HH:mm:ss.SSSZZ";

    // Parses `pattern`; on failure returns nullopt with `error` set.
    static std::optional<DateFormat> compile(std::string_view pattern, std::string& error);
    // Appends the formatted time to `out`.
    void format(std::int64_t epochMs, std::string& out) const;

  private:
    enum class Field : std::uint8_t {
        Literal,
        Era,
        Year,
        YearOfEra,
        WeekYear,
        WeekOfWeekYear,
        DayOfWeekNumber,
        DayOfWeekText,
        DayOfYear,
        Month,
        MonthText,
        Day,
        HalfDay,
        HourOfHalfDay,       // K 0-11
        ClockHourOfHalfDay,  // h 1-12
        Hour,                // H 0-23
        ClockHour,           // k 1-24
        Minute,
        Second,
        Fraction,
        ZoneName,
        ZoneOffset,
    };
    struct Token {
        Field field;
        int count = 1;
        std::string literal;
    };
    std::vector<Token> tokens_;
};

}  // namespace riverdelta::generate
