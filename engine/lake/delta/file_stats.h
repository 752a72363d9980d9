#pragma once

#include <cstdint>
#include <string>

#include "engine/lake/delta/table_schema.h"
#include "engine/lake/parquet/file_writer.h"

namespace riverdelta::lake::delta {

// The `stats` JSON of an add action from a closed Parquet data file's statistics:
// {"numRecords":N,"minValues":{...},"maxValues":{...},"nullCount":{...}}.
// Timestamps are ISO-8601 UTC with milliseconds (min rounded down, max rounded up so the bounds
// stay bounds), dates "YYYY-MM-DD", strings cut to 32 code points for the min (the max is left
// out when it would need cutting), NaN / infinite bounds and booleans left out.
std::string fileStatsJson(const TableSchema& schema, const parquet::FileWriter& file);

// "2024-05-01T12:34:56.789Z" for epoch microseconds, rounded down or up to the millisecond.
std::string formatTimestampMillis(std::int64_t micros, bool roundUp);
// "2024-05-01" for days since the epoch.
std::string formatDate(std::int32_t days);

}  // namespace riverdelta::lake::delta
