#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/generate/functions/civil_time.h"

// A UNIX cron expression (minute hour day-of-month month day-of-week) for `intervals`,
// parsed once into bit sets. Fields take *, N, A-B, */S, A-B/S and comma lists; months and
// days of the week also take names (JAN, MON). As in cron, when both day fields are
// restricted, a time matches if either matches.
namespace riverdelta::generate {

class CronSpec {
  public:
    static std::optional<CronSpec> parse(std::string_view text, std::string& error);
    [[nodiscard]] bool matches(const CivilTime& t) const;

  private:
    std::uint64_t minutes_ = 0;
    std::uint32_t hours_ = 0;
    std::uint32_t days_ = 0;     // bit 1..31
    std::uint16_t months_ = 0;   // bit 1..12
    std::uint8_t weekdays_ = 0;  // bit 0..6 (Sunday 0)
    bool anyDay_ = true;
    bool anyWeekday_ = true;
};

}  // namespace riverdelta::generate
