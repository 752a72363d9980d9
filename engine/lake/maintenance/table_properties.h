#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace riverdelta::lake::maintenance {

// A table property has a value we cannot use; the message names the property and the value.
class TablePropertyError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

// The Delta table properties (metaData.configuration) maintenance honours, with Delta's defaults.
struct TableProperties {
    std::chrono::milliseconds logRetention = std::chrono::days(30);  // delta.logRetentionDuration
    // delta.deletedFileRetentionDuration
    std::chrono::milliseconds deletedFileRetention = std::chrono::days(7);
    bool expiredLogCleanup = true;         // delta.enableExpiredLogCleanup
    std::int64_t checkpointInterval = 10;  // delta.checkpointInterval
    // riverdelta.dataRetentionDuration: files whose rows are all older are removed (no default).
    std::optional<std::chrono::milliseconds> dataRetention;
};

inline constexpr std::string_view kDataRetentionProperty = "riverdelta.dataRetentionDuration";

// Reads the properties from a table's configuration. Throws TablePropertyError for a value that
// is not understood (a retention that is not an interval, a non-positive checkpoint interval).
TableProperties tablePropertiesFrom(const std::map<std::string, std::string>& configuration);

// "interval 7 days", "7 days", "interval 1 week", "36 hours", "90 minutes", "30 seconds",
// "500 milliseconds" (Delta's CalendarInterval syntax without months/years, which have no fixed
// length). nullopt when the text is not such an interval.
std::optional<std::chrono::milliseconds> parseInterval(std::string_view text);

// "7 days", "36 hours", "90 minutes", "30 seconds" or "500 milliseconds": the largest unit that
// divides the duration.
std::string formatInterval(std::chrono::milliseconds duration);

}  // namespace riverdelta::lake::maintenance
