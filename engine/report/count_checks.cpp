#include "engine/report/count_checks.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/cdc/source_status.h"
#include "engine/lake/sync/sync_job.h"

namespace riverdelta::report {

std::string groupedCount(double value) {
    const auto digits = fmt::format("{:.0f}", value < 0 ? -value : value);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3 + 1);
    if (value < 0 && digits != "0") out.push_back('-');
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

namespace {

std::string n(std::int64_t v) {
    return groupedCount(static_cast<double>(v));
}
std::string n(std::uint64_t v) {
    return groupedCount(static_cast<double>(v));
}

}  // namespace

CheckResult topicCountCheck(const std::string& topic, std::uint64_t acknowledged,
                            std::int64_t highBefore, std::int64_t highNow, bool runComplete) {
    CheckResult c;
    c.id = "topic-count:" + topic;
    c.title = "Messages written to topic " + topic + " equal the events acknowledged";
    const std::int64_t written = highNow - highBefore;
    const auto acked = static_cast<std::int64_t>(acknowledged);
    c.figures["acknowledged"] = static_cast<double>(acknowledged);
    c.figures["messages"] = static_cast<double>(written);
    const std::string numbers = fmt::format(
        "{} messages written during the run (high watermarks {} → {}), {} events "
        "acknowledged",
        n(written), n(highBefore), n(highNow), n(acknowledged));
    if (written == acked) {
        c.outcome = CheckOutcome::Passed;
        c.observed = numbers;
    } else if (!runComplete && written > acked) {
        // Messages the broker holds whose acknowledgements the last sample did not count yet.
        c.figures["inFlight"] = static_cast<double>(written - acked);
        c.outcome = CheckOutcome::Pending;
        c.observed = fmt::format("{} of {} acknowledged, {} in flight (the run is still going): {}",
                                 n(acked), n(written), n(written - acked), numbers);
    } else {
        c.outcome = CheckOutcome::Failed;
        c.observed = numbers;
    }
    return c;
}

CheckResult deltaRowsCheck(const DeltaTableReport& table) {
    CheckResult c;
    c.id = "delta-rows:" + table.topic;
    c.title = "Delta table " + table.topic +
              ": rows plus offsets without a row equal the committed offsets";
    std::int64_t committed = 0;
    for (const auto& p : table.partitions)
        committed += p.committedOffset + 1;
    // A table from before the count: this run's skipped records are all that is known.
    const std::int64_t unwritten = table.unwritten.value_or(table.skipped);
    c.figures["rows"] = static_cast<double>(table.rows);
    c.figures["unwritten"] = static_cast<double>(unwritten);
    c.figures["skipped"] = static_cast<double>(table.skipped);
    c.figures["committedOffsets"] = static_cast<double>(committed);
    c.outcome = table.rows + unwritten == committed ? CheckOutcome::Passed : CheckOutcome::Failed;
    c.observed =
        fmt::format("{} rows + {} offsets without a row ({}), committed offsets cover {} records",
                    n(table.rows), n(unwritten),
                    table.unwritten ? "skipped, dead-lettered, tombstones or gaps, over every run"
                                    : "records skipped by this run",
                    n(committed));
    return c;
}

CheckResult deltaCaughtUpCheck(const DeltaTableReport& table, std::int64_t highWatermarks,
                               std::int64_t lag) {
    CheckResult c;
    c.id = "delta-caught-up:" + table.topic;
    c.title =
        "Delta table " + table.topic + ": committed offsets reach the topic's high watermarks";
    std::int64_t committed = 0;
    for (const auto& p : table.partitions)
        committed += p.committedOffset + 1;
    c.figures["highWatermarks"] = static_cast<double>(highWatermarks);
    c.figures["committedOffsets"] = static_cast<double>(committed);
    c.figures["lag"] = static_cast<double>(lag);
    const std::string numbers = fmt::format("committed offsets {} of high watermarks {} (lag {})",
                                            n(committed), n(highWatermarks), n(lag));
    const bool canCatchUp = table.state != lake::sync::toString(lake::sync::SyncState::Failed) &&
                            table.state != lake::sync::toString(lake::sync::SyncState::Stopped) &&
                            table.state != lake::sync::toString(lake::sync::SyncState::Damaged);
    if (lag == 0 && committed == highWatermarks) {
        c.outcome = CheckOutcome::Passed;
        c.observed = numbers;
    } else if (canCatchUp && lag > 0 && committed < highWatermarks) {
        c.figures["inFlight"] = static_cast<double>(lag);
        c.outcome = CheckOutcome::Pending;
        c.observed = fmt::format("{} of {} records committed, {} in flight (sync {})", n(committed),
                                 n(highWatermarks), n(lag), table.state);
    } else {
        c.outcome = CheckOutcome::Failed;
        c.observed = numbers + (canCatchUp ? std::string() : "; the sync is " + table.state);
    }
    return c;
}

CheckResult cdcTableCheck(const CdcReport& capture, const CdcTableReport& table,
                          std::uint64_t rowsWritten, bool runComplete) {
    CheckResult c;
    c.id = "cdc:" + table.table;
    c.title =
        "Change data capture of " + table.table + ": every row the run wrote arrived as an event";
    c.figures["events"] = static_cast<double>(table.events);
    c.figures["rowsWritten"] = static_cast<double>(rowsWritten);
    const bool capturing = capture.state != cdc::toString(cdc::SourceState::Failed) &&
                           capture.state != cdc::toString(cdc::SourceState::Stopped);
    const bool lagging = !capture.lagBytes || *capture.lagBytes > 0;
    if (table.events >= rowsWritten) {
        c.outcome = CheckOutcome::Passed;
        c.observed = fmt::format("{} change events for {} rows written (capture {})",
                                 n(table.events), n(rowsWritten), capture.state);
    } else if (capturing && (!runComplete || lagging)) {
        c.figures["inFlight"] = static_cast<double>(rowsWritten - table.events);
        c.outcome = CheckOutcome::Pending;
        c.observed = fmt::format(
            "{} of {} rows written arrived as events, {} in flight (capture {})", n(table.events),
            n(rowsWritten), n(rowsWritten - table.events), capture.state);
    } else {
        c.outcome = CheckOutcome::Failed;
        c.observed = fmt::format("{} change events for {} rows written (capture {}{}{})",
                                 n(table.events), n(rowsWritten), capture.state,
                                 capture.reason.empty() ? "" : ": ", capture.reason);
    }
    return c;
}

bool referencesMayBeInFlight(std::size_t missing, std::uint64_t sourceInFlight, bool runComplete) {
    return !runComplete && missing > 0 && missing <= sourceInFlight;
}

}  // namespace riverdelta::report
