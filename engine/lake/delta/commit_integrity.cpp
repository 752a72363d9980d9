#include "engine/lake/delta/commit_integrity.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace riverdelta::lake::delta {
namespace {

std::int64_t metric(const nlohmann::json& metrics, const char* name) {
    if (!metrics.is_object() || !metrics.contains(name)) return -1;
    const auto& v = metrics[name];
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (v.is_string()) {
        try {
            return std::stoll(v.get<std::string>());
        } catch (const std::exception&) {
            return -1;
        }
    }
    return -1;
}

}  // namespace

std::optional<std::string> commitDamage(std::string_view text) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return text.empty() ? "empty commit file (0 bytes)" : "blank commit file";
    nlohmann::json info;
    std::int64_t actions = 0, adds = 0, removes = 0, rows = 0, line = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view l = text.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (l.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const auto j = nlohmann::json::parse(l, nullptr, false);
        if (j.is_discarded() || !j.is_object() || j.size() != 1)
            return fmt::format("line {} is not a whole JSON action (cut off?)", line);
        // Not a structured binding over *items().begin(): that proxy is a temporary, and the
        // names would dangle (ASan: stack-use-after-scope).
        const auto first = j.begin();
        const std::string& kind = first.key();
        const nlohmann::json& body = first.value();
        if (kind == "commitInfo") {
            info = body;
            continue;
        }
        ++actions;
        removes += kind == "remove";
        if (kind != "add" || !body.is_object()) continue;
        ++adds;
        if (body.contains("stats") && body["stats"].is_string()) {
            const auto stats =
                nlohmann::json::parse(body["stats"].get<std::string>(), nullptr, false);
            if (stats.is_object()) rows += stats.value("numRecords", std::int64_t{0});
        }
    }
    const bool ours =
        info.is_object() && info.value("engineInfo", std::string()).starts_with("riverdelta/");
    if (!ours) return std::nullopt;
    if (text.back() != '\n') return "the last line has no newline (cut off)";
    if (actions == 0) return "only a commitInfo: its actions are missing";
    const auto& metrics =
        info.contains("operationMetrics") ? info["operationMetrics"] : nlohmann::json();
    const std::int64_t files = metric(metrics, "numFiles");           // appends
    const std::int64_t added = metric(metrics, "numAddedFiles");      // compaction
    const std::int64_t removed = metric(metrics, "numRemovedFiles");  // compaction, expiry
    const std::int64_t outputRows = metric(metrics, "numOutputRows");
    if (files >= 0 && files != adds)
        return fmt::format("{} data file(s) announced, {} present", files, adds);
    if (added >= 0 && added != adds)
        return fmt::format("{} added file(s) announced, {} present", added, adds);
    if (removed >= 0 && removed != removes)
        return fmt::format("{} removed file(s) announced, {} present", removed, removes);
    if (outputRows >= 0 && outputRows != rows)
        return fmt::format("{} rows announced, {} present", outputRows, rows);
    return std::nullopt;
}

}  // namespace riverdelta::lake::delta
