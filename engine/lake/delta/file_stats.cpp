#include "engine/lake/delta/file_stats.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

namespace riverdelta::lake::delta {
namespace {
using Json = nlohmann::json;
namespace pq = parquet;

constexpr std::size_t kMaxStringStatChars = 32;

// Byte length of the first `n` UTF-8 code points of s (all of s when shorter).
std::size_t utf8Prefix(std::string_view s, std::size_t n) {
    std::size_t i = 0;
    std::size_t count = 0;
    while (i < s.size() && count < n) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = 1;
        if (c >= 0xf0) {
            len = 4;
        } else if (c >= 0xe0) {
            len = 3;
        } else if (c >= 0xc0) {
            len = 2;
        }
        i = std::min(s.size(), i + len);
        ++count;
    }
    return i;
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

std::optional<Json> statValue(const StructField& f, const pq::Statistics::Scalar& v, bool isMax) {
    switch (f.type) {
        case DeltaType::Boolean:
            return std::nullopt;
        case DeltaType::String: {
            const auto& s = std::get<std::string>(v);
            const std::size_t cut = utf8Prefix(s, kMaxStringStatChars);
            if (cut == s.size()) return Json(s);
            if (isMax) return std::nullopt;
            return Json(s.substr(0, cut));
        }
        case DeltaType::Long:
        case DeltaType::Integer:
        case DeltaType::Short:
        case DeltaType::Byte:
            return Json(std::get<std::int64_t>(v));
        case DeltaType::Double:
        case DeltaType::Float: {
            const double d = std::get<double>(v);
            if (!std::isfinite(d)) return std::nullopt;
            return Json(d);
        }
        case DeltaType::Date:
            return Json(formatDate(static_cast<std::int32_t>(std::get<std::int64_t>(v))));
        case DeltaType::Timestamp:
        case DeltaType::TimestampNtz:
            return Json(formatTimestampMillis(std::get<std::int64_t>(v), isMax));
    }
    return std::nullopt;
}

}  // namespace

std::string formatDate(std::int32_t days) {
    using namespace std::chrono;
    const year_month_day ymd{sys_days{std::chrono::days{days}}};
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string formatTimestampMillis(std::int64_t micros, bool roundUp) {
    using namespace std::chrono;
    std::int64_t ms = floorDiv(micros, 1000);
    if (roundUp && ms * 1000 != micros) ++ms;
    const std::int64_t dayNumber = floorDiv(ms, 86'400'000);
    const std::int64_t msOfDay = ms - dayNumber * 86'400'000;
    const year_month_day ymd{sys_days{std::chrono::days{dayNumber}}};
    return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z",
                       static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()), msOfDay / 3'600'000,
                       (msOfDay / 60'000) % 60, (msOfDay / 1000) % 60, msOfDay % 1000);
}

std::string fileStatsJson(const TableSchema& schema, const pq::FileWriter& file) {
    Json minValues = Json::object();
    Json maxValues = Json::object();
    Json nullCount = Json::object();
    const auto& fields = schema.fields();
    for (std::size_t i = 0; i < fields.size() && i < file.numColumns(); ++i) {
        const auto& st = file.fileStatistics(i);
        nullCount[fields[i].name] = st.nullCount();
        if (const auto mn = st.min()) {
            if (auto v = statValue(fields[i], *mn, false)) minValues[fields[i].name] = *v;
        }
        if (const auto mx = st.max()) {
            if (auto v = statValue(fields[i], *mx, true)) maxValues[fields[i].name] = *v;
        }
    }
    return Json{{"numRecords", file.numRows()},
                {"minValues", minValues},
                {"maxValues", maxValues},
                {"nullCount", nullCount}}
        .dump();
}

}  // namespace riverdelta::lake::delta
