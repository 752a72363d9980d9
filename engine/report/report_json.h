#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "engine/report/run_report.h"

namespace riverdelta::report {

// The report as JSON, following docs/run-report.schema.json (schemaVersion kSchemaVersion):
// stable camelCase field names, times as ISO-8601 UTC strings with milliseconds, and the time
// series the charts use as [seconds since start, value] pairs.
nlohmann::ordered_json toJson(const RunReport& report);

// ISO-8601 UTC with milliseconds ("2026-11-24T22:56:05.123Z").
std::string isoTime(TimePoint time);

}  // namespace riverdelta::report
