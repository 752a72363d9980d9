#include "engine/lake/delta/file_stats.h"

#include <fmt/format.h>

#include <algorithm>
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

namespace {

// Orders two stats values of one column: numbers numerically, strings bytewise (ISO
// timestamps and dates sort as text). nullopt when they are not comparable.
std::optional<bool> statLess(const Json& a, const Json& b) {
    if (a.is_number_integer() && b.is_number_integer())
        return a.get<std::int64_t>() < b.get<std::int64_t>();
    if (a.is_number() && b.is_number()) return a.get<double>() < b.get<double>();
    if (a.is_string() && b.is_string())
        return a.get_ref<const std::string&>() < b.get_ref<const std::string&>();
    return std::nullopt;
}

// Merges one level of minValues/maxValues (nested structs recurse). `nonNull(i, name)` says
// whether file i may hold non-null values for the column.
Json mergeBounds(const std::vector<const Json*>& levels, bool isMax,
                 const std::vector<const Json*>& nullCounts,
                 const std::vector<std::int64_t>& rows) {
    Json out = Json::object();
    if (levels.empty() || levels[0] == nullptr || !levels[0]->is_object()) return out;
    std::vector<std::string> names;
    for (const Json* l : levels)
        if (l != nullptr && l->is_object())
            for (const auto& [k, v] : l->items())
                if (std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
    for (const auto& name : names) {
        std::vector<const Json*> values, subNulls;
        bool nested = false, ok = true;
        Json best;
        for (std::size_t i = 0; i < levels.size() && ok; ++i) {
            const Json* l = levels[i];
            const Json* v =
                l != nullptr && l->is_object() && l->contains(name) ? &(*l)[name] : nullptr;
            const Json* nc = nullCounts[i] != nullptr && nullCounts[i]->is_object() &&
                                     nullCounts[i]->contains(name)
                                 ? &(*nullCounts[i])[name]
                                 : nullptr;
            if (v != nullptr && v->is_object()) {
                nested = true;
                values.push_back(v);
                subNulls.push_back(nc);
                continue;
            }
            if (v == nullptr) {
                // Fine only when the file has no non-null value there.
                const bool allNull =
                    nc != nullptr && nc->is_number_integer() && nc->get<std::int64_t>() == rows[i];
                if (!allNull) ok = false;
                continue;
            }
            if (best.is_null()) {
                best = *v;
                continue;
            }
            const auto less = isMax ? statLess(best, *v) : statLess(*v, best);
            if (!less) {
                ok = false;
            } else if (*less) {
                best = *v;
            }
        }
        if (nested) {
            if (values.size() == levels.size()) {
                Json sub = mergeBounds(values, isMax, subNulls, rows);
                if (!sub.empty()) out[name] = std::move(sub);
            }
        } else if (ok && !best.is_null()) {
            out[name] = std::move(best);
        }
    }
    return out;
}

Json sumNullCounts(const std::vector<const Json*>& levels) {
    Json out = Json::object();
    if (levels.empty() || levels[0] == nullptr || !levels[0]->is_object()) return out;
    for (const auto& [name, first] : levels[0]->items()) {
        if (first.is_object()) {
            std::vector<const Json*> sub;
            for (const Json* l : levels)
                if (l != nullptr && l->is_object() && l->contains(name) && (*l)[name].is_object())
                    sub.push_back(&(*l)[name]);
            if (sub.size() == levels.size()) out[name] = sumNullCounts(sub);
            continue;
        }
        std::int64_t total = 0;
        bool ok = true;
        for (const Json* l : levels) {
            if (l == nullptr || !l->is_object() || !l->contains(name) ||
                !(*l)[name].is_number_integer()) {
                ok = false;
                break;
            }
            total += (*l)[name].get<std::int64_t>();
        }
        if (ok) out[name] = total;
    }
    return out;
}

}  // namespace

std::optional<std::string> mergeFileStatsJson(std::span<const std::optional<std::string>> stats) {
    std::vector<Json> parsed;
    for (const auto& s : stats) {
        if (!s) return std::nullopt;
        Json j = Json::parse(*s, nullptr, false);
        if (!j.is_object() || !j.contains("numRecords") || !j["numRecords"].is_number_integer())
            return std::nullopt;
        parsed.push_back(std::move(j));
    }
    if (parsed.empty()) return std::nullopt;
    std::vector<std::int64_t> rows;
    std::vector<const Json*> mins, maxs, nulls;
    std::int64_t total = 0;
    for (const auto& j : parsed) {
        rows.push_back(j["numRecords"].get<std::int64_t>());
        total += rows.back();
        mins.push_back(j.contains("minValues") ? &j["minValues"] : nullptr);
        maxs.push_back(j.contains("maxValues") ? &j["maxValues"] : nullptr);
        nulls.push_back(j.contains("nullCount") ? &j["nullCount"] : nullptr);
    }
    // A nested column's null counts are per leaf; mergeBounds treats an object there as unknown,
    // which only drops bounds, never invents them.
    return Json{{"numRecords", total},
                {"minValues", mergeBounds(mins, false, nulls, rows)},
                {"maxValues", mergeBounds(maxs, true, nulls, rows)},
                {"nullCount", sumNullCounts(nulls)}}
        .dump();
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
