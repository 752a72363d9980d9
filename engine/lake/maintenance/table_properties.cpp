#include "engine/lake/maintenance/table_properties.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <utility>

namespace riverdelta::lake::maintenance {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

constexpr std::array<std::pair<std::string_view, std::int64_t>, 6> kUnits{{
    {"week", 7LL * 86'400'000},
    {"day", 86'400'000},
    {"hour", 3'600'000},
    {"minute", 60'000},
    {"second", 1000},
    {"millisecond", 1},
}};

std::chrono::milliseconds retention(const std::map<std::string, std::string>& conf,
                                    const std::string& key, std::chrono::milliseconds fallback) {
    const auto it = conf.find(key);
    if (it == conf.end()) return fallback;
    const auto v = parseInterval(it->second);
    if (!v) {
        throw TablePropertyError(fmt::format(
            "table property {}: '{}' is not an interval like 'interval 7 days'", key, it->second));
    }
    return *v;
}

}  // namespace

std::optional<std::chrono::milliseconds> parseInterval(std::string_view text) {
    std::string s = lower(trim(text));
    std::string_view rest = s;
    if (rest.starts_with("interval")) rest = trim(rest.substr(8));
    std::int64_t n = 0;
    const auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
    if (ec != std::errc() || n < 0) return std::nullopt;
    std::string_view unit = trim(std::string_view(p, rest.data() + rest.size() - p));
    if (unit.ends_with("s")) unit.remove_suffix(1);
    for (const auto& [name, ms] : kUnits) {
        if (unit == name) {
            if (n > INT64_MAX / ms) return std::nullopt;
            return std::chrono::milliseconds(n * ms);
        }
    }
    return std::nullopt;
}

std::string formatInterval(std::chrono::milliseconds duration) {
    const std::int64_t ms = duration.count();
    for (const auto& [name, unit] : kUnits) {
        if (name == "week") continue;  // "14 days" reads better than "2 weeks" in a status
        if (ms != 0 && ms % unit == 0) {
            const std::int64_t n = ms / unit;
            return fmt::format("{} {}{}", n, name, n == 1 ? "" : "s");
        }
    }
    return fmt::format("{} milliseconds", ms);
}

TableProperties tablePropertiesFrom(const std::map<std::string, std::string>& conf) {
    TableProperties p;
    p.logRetention = retention(conf, "delta.logRetentionDuration", p.logRetention);
    p.deletedFileRetention =
        retention(conf, "delta.deletedFileRetentionDuration", p.deletedFileRetention);
    if (const auto it = conf.find("delta.enableExpiredLogCleanup"); it != conf.end()) {
        const std::string v = lower(trim(it->second));
        if (v != "true" && v != "false") {
            throw TablePropertyError(fmt::format(
                "table property delta.enableExpiredLogCleanup: '{}' is not true or false",
                it->second));
        }
        p.expiredLogCleanup = v == "true";
    }
    if (const auto it = conf.find("delta.checkpointInterval"); it != conf.end()) {
        const std::string_view v = trim(it->second);
        std::int64_t n = 0;
        const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc() || ptr != v.data() + v.size() || n <= 0) {
            throw TablePropertyError(fmt::format(
                "table property delta.checkpointInterval: '{}' is not a positive integer",
                it->second));
        }
        p.checkpointInterval = n;
    }
    if (conf.contains(std::string(kDataRetentionProperty))) {
        p.dataRetention =
            retention(conf, std::string(kDataRetentionProperty), std::chrono::milliseconds(0));
    }
    return p;
}

}  // namespace riverdelta::lake::maintenance
