// Time: the run clock, durations and date formatting (UTC).
#include <fmt/format.h>

#include "engine/generate/functions/arithmetic_nodes.h"
#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/date_nodes.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/generate/functions/modifier_nodes.h"

namespace riverdelta::generate {

namespace {

const Node* compileNow(const FunctionCall& call) {
    return call.ctx().make<NowNode>();
}

const Node* compileFormatDateTime(const FunctionCall& call) {
    std::string pattern(DateFormat::kDefaultPattern);
    if (const Json* f = call.param("format")) pattern = f->get<std::string>();
    std::string err;
    auto format = DateFormat::compile(pattern, err);
    if (!format) {
        call.error(call.at("format"), err);
        return call.ctx().nullNode();
    }
    return call.ctx().make<FormatDateTimeNode>(call.compileParam("ms"), std::move(*format));
}

const Node* compileDateToday(const FunctionCall& call) {
    return call.ctx().make<DateTodayNode>();
}

const Node* compileDuration(const FunctionCall& call) {
    static constexpr std::pair<const char*, double> kUnits[] = {{"days", 86'400'000.0},
                                                                {"hours", 3'600'000.0},
                                                                {"minutes", 60'000.0},
                                                                {"seconds", 1000.0},
                                                                {"ms", 1.0},
                                                                {"milliseconds", 1.0}};
    std::vector<DurationNode::Part> parts;
    for (const auto& [key, factor] : kUnits) {
        if (call.param(key) != nullptr) parts.push_back({call.compileParam(key), factor});
    }
    if (call.param("ms") != nullptr && call.param("milliseconds") != nullptr) {
        call.error(call.pointer(), "give \"ms\" or \"milliseconds\", not both");
        return call.ctx().nullNode();
    }
    return call.ctx().make<DurationNode>(std::move(parts));
}

const Node* compileToInstant(const FunctionCall& call) {
    return call.ctx().make<TimestampNode>(call.compileParam("ms"), "TIMESTAMPTZ");
}

}  // namespace

void addDateFunctions(std::vector<FunctionSpec>& out) {
    out.push_back(
        {"now", "dates", "The run clock in milliseconds since the epoch (UTC).", {}, compileNow});
    out.push_back(
        {"formatDateTime",
         "dates",
         "Epoch milliseconds `ms` as text in UTC, with a Joda-Time `format` (default "
         "`yyyy-MM-dd'T'HH:mm:ss.SSSZZ`).",
         {{"ms", Accepts::Number | Accepts::Function, true, "epoch milliseconds"},
          {"format", Accepts::String, false, "a Joda-Time pattern such as \"yyyy-MM-dd\""}},
         compileFormatDateTime});
    out.push_back({"dateToday",
                   "dates",
                   "The run clock's UTC date as \"yyyy-MM-dd\" (a DATE column in PostgreSQL).",
                   {},
                   compileDateToday});
    const auto unit = [](std::string_view name, std::string_view what) {
        return ParamSpec{name, Accepts::Number | Accepts::Function, false, what};
    };
    out.push_back({"duration",
                   "dates",
                   "A span of time in milliseconds (the sum of the units given; all default to "
                   "0).",
                   {unit("days", "days"), unit("hours", "hours"), unit("minutes", "minutes"),
                    unit("seconds", "seconds"), unit("ms", "milliseconds"),
                    unit("milliseconds", "milliseconds (same as ms)")},
                   compileDuration});
    out.push_back({"toInstant",
                   "dates",
                   "Deprecated: epoch milliseconds as an ISO-8601 UTC timestamp (as `serialize: "
                   "postgresTimestamp`).",
                   {{"ms", Accepts::Number | Accepts::Function, true, "epoch milliseconds"}},
                   compileToInstant});
}

}  // namespace riverdelta::generate
