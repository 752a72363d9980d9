#include "engine/lake/maintenance/data_retention.h"

#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>

#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/file_stats.h"
#include "engine/lake/delta/table_writer.h"
#include "engine/lake/maintenance/rewrite_commit.h"
#include "engine/lake/maintenance/table_properties.h"

namespace riverdelta::lake::maintenance {
namespace {
using Json = nlohmann::json;

bool readInt(std::string_view& s, std::size_t digits, int& out) {
    if (s.size() < digits) return false;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + digits, out);
    if (ec != std::errc() || p != s.data() + digits) return false;
    s.remove_prefix(digits);
    return true;
}

bool expect(std::string_view& s, char c) {
    if (s.empty() || s.front() != c) return false;
    s.remove_prefix(1);
    return true;
}

}  // namespace

std::optional<std::int64_t> parseStatsTimestamp(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!readInt(s, 4, y) || !expect(s, '-') || !readInt(s, 2, mo) || !expect(s, '-') ||
        !readInt(s, 2, d))
        return std::nullopt;
    if (!s.empty() && (s.front() == 'T' || s.front() == ' ')) {
        s.remove_prefix(1);
        if (!readInt(s, 2, h) || !expect(s, ':') || !readInt(s, 2, mi) || !expect(s, ':') ||
            !readInt(s, 2, sec))
            return std::nullopt;
    }
    std::int64_t millis = 0;
    if (!s.empty() && s.front() == '.') {
        s.remove_prefix(1);
        int scale = 100;
        while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
            millis += (s.front() - '0') * scale;
            scale /= 10;
            s.remove_prefix(1);
        }
    }
    std::int64_t offsetMin = 0;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        const int sign = s.front() == '-' ? -1 : 1;
        s.remove_prefix(1);
        int oh = 0, om = 0;
        if (!readInt(s, 2, oh) || !expect(s, ':') || !readInt(s, 2, om)) return std::nullopt;
        offsetMin = sign * (oh * 60 + om);
    } else if (!s.empty() && s.front() == 'Z') {
        s.remove_prefix(1);
    }
    if (!s.empty()) return std::nullopt;
    using namespace std::chrono;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    const std::int64_t days = sys_days{ymd}.time_since_epoch().count();
    return ((days * 24 + h) * 60 + mi - offsetMin) * 60'000 + sec * 1000LL + millis;
}

DataRetentionPlan planDataRetention(const delta::Snapshot& snapshot,
                                    std::string_view timestampColumn, std::int64_t cutoffMs) {
    DataRetentionPlan plan;
    plan.cutoffMs = cutoffMs;
    const std::string column(timestampColumn);
    for (const auto& [path, add] : snapshot.files) {
        if (!add.stats) continue;
        const Json j = Json::parse(*add.stats, nullptr, false);
        if (!j.is_object() || !j.contains("maxValues") || !j["maxValues"].is_object()) continue;
        const Json& maxValues = j["maxValues"];
        if (!maxValues.contains(column) || !maxValues[column].is_string()) continue;
        const auto newest = parseStatsTimestamp(maxValues[column].get<std::string>());
        if (!newest || *newest >= cutoffMs) continue;
        plan.expired.push_back(path);
        plan.rows += j.value("numRecords", std::int64_t{0});
        plan.bytes += add.size;
    }
    return plan;
}

DataRetentionResult expireData(storage::ObjectStore& store, const std::string& tablePath,
                               std::int64_t nowMs, std::optional<std::chrono::milliseconds> ttl,
                               std::string_view timestampColumn, bool dryRun) {
    DataRetentionResult result;
    const delta::DeltaLog log(store, tablePath);
    delta::Snapshot snapshot = log.load();
    if (!snapshot.exists() || !snapshot.metadata) return result;
    const TableProperties props = tablePropertiesFrom(snapshot.metadata->configuration);
    if (!ttl) ttl = props.dataRetention;
    if (!ttl) return result;
    delta::checkWritable(snapshot.protocol.value_or(delta::Protocol{}), &*snapshot.metadata);
    const std::int64_t cutoff = nowMs - ttl->count();
    for (int attempt = 0; attempt < 10; ++attempt) {
        result.plan = planDataRetention(snapshot, timestampColumn, cutoff);
        if (dryRun || result.plan.expired.empty()) return result;
        RewriteCommit commit;
        for (const auto& path : result.plan.expired) {
            const delta::AddFile& add = snapshot.files.at(path);
            delta::RemoveFile r;
            r.path = path;
            r.deletionTimestamp = nowMillis();
            r.dataChange = true;
            r.extendedFileMetadata = true;
            r.partitionValues = add.partitionValues;
            r.size = add.size;
            commit.removes.push_back(std::move(r));
        }
        const std::string cutoffText = delta::formatTimestampMillis(cutoff * 1000, false);
        commit.commitInfo = {
            {"operation", "DELETE"},
            {"operationParameters",
             {{"predicate",
               Json::array({std::string(timestampColumn) + " < '" + cutoffText +
                            "' (riverdelta data retention " + formatInterval(*ttl) + ")"})
                   .dump()}}},
            {"operationMetrics",
             {{"numRemovedFiles", std::to_string(result.plan.expired.size())},
              {"numDeletedRows", std::to_string(result.plan.rows)},
              {"numRemovedBytes", std::to_string(result.plan.bytes)}}}};
        commit.rowsRemoved = result.plan.rows;
        const auto committed = commitRewrite(log, snapshot, commit, props.checkpointInterval);
        if (committed.version) {
            result.version = committed.version;
            result.filesRemoved = static_cast<std::int64_t>(result.plan.expired.size());
            result.rowsRemoved = result.plan.rows;
            return result;
        }
        // A compaction took some of them: plan again on the refreshed snapshot.
    }
    throw delta::LogError("data retention: the files kept being rewritten by another writer");
}

}  // namespace riverdelta::lake::maintenance
