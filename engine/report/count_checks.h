#pragma once

#include <cstdint>
#include <string>

#include "engine/report/run_report.h"

// The checks on counts that keep growing while a pipeline runs: a topic's messages against the
// events acknowledged, a Delta table's committed offsets against the topic, change events
// against the rows written. What the servers hold is read a moment after the run was sampled,
// so while the run (or the sync, or the capture) still goes, a difference that events in flight
// explain is Pending with the in-flight numbers ("208 of 209 acknowledged, 1 in flight"), never
// Failed; once nothing can be in flight any more, every difference fails.
namespace riverdelta::report {

// 1234567 → "1,234,567" (the numbers in the checks' texts).
std::string groupedCount(double value);

// topic-count:T. `highBefore` / `highNow`: Σ high watermarks before the run and now;
// `acknowledged`: the events the run's producers had acknowledged when it was last sampled.
CheckResult topicCountCheck(const std::string& topic, std::uint64_t acknowledged,
                            std::int64_t highBefore, std::int64_t highNow, bool runComplete);

// delta-caught-up:T. `highWatermarks`: Σ of the topic's high watermarks now; `lag`: Σ per
// partition of what lies between the committed offset and the high watermark. A sync that can
// still catch up (not failed, not stopped) with a lag is Pending.
CheckResult deltaCaughtUpCheck(const DeltaTableReport& table, std::int64_t highWatermarks,
                               std::int64_t lag);

// delta-rows:T, the table's invariant: rows + offsets without a row (the table's unwritten
// count, kept across runs; this run's skipped records for a table without one) = Σ
// (committed offset + 1) over the partitions.
CheckResult deltaRowsCheck(const DeltaTableReport& table);

// cdc:S.T. `rowsWritten`: the rows the run committed to the table. Fewer events than rows is
// Pending while the capture still runs and either the run goes on or the capture lags.
CheckResult cdcTableCheck(const CdcReport& capture, const CdcTableReport& table,
                          std::uint64_t rowsWritten, bool runComplete);

// A references check that found `missing` values without their source row: while the run goes
// and at most that many source records were in flight (generated, not yet acknowledged), the
// rows may simply not have landed yet.
[[nodiscard]] bool referencesMayBeInFlight(std::size_t missing, std::uint64_t sourceInFlight,
                                           bool runComplete);

}  // namespace riverdelta::report
