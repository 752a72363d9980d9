#pragma once

#include <cstdint>
#include <optional>
#include <span>
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

// The stats of a file holding exactly the rows of files with `stats` (compaction): numRecords
// summed, nullCount summed, min of the mins and max of the maxes. A bound is left out when a file
// with non-null values in that column has none (cut string, NaN, stats missing), so what is
// there stays a true bound. Returns nullopt when some file has no stats at all.
std::optional<std::string> mergeFileStatsJson(std::span<const std::optional<std::string>> stats);

// "2024-05-01T12:34:56.789Z" for epoch microseconds, rounded down or up to the millisecond.
std::string formatTimestampMillis(std::int64_t micros, bool roundUp);
// "2024-05-01" for days since the epoch.
std::string formatDate(std::int32_t days);

}  // namespace riverdelta::lake::delta
