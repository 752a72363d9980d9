// Sequences: values that follow the number of evaluations or the run clock.
#include <fmt/format.h>

#include <cmath>

#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/generate/functions/sequence_nodes.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

using scenario::appendPointer;

namespace {

struct SequenceParams {
    std::int64_t start = 0;
    std::int64_t step = 1;
};

SequenceParams readSequence(const FunctionCall& call) {
    SequenceParams s;
    if (const Json* j = call.param("startingFrom")) {
        if (auto v = integerLiteral(call.ctx(), *j, call.at("startingFrom"), "\"startingFrom\""))
            s.start = *v;
    }
    if (const Json* j = call.param("advanceBy")) {
        if (auto v = integerLiteral(call.ctx(), *j, call.at("advanceBy"), "\"advanceBy\""))
            s.step = *v;
    }
    return s;
}

const Node* compileSequentialInteger(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const SequenceParams s = readSequence(call);
    if (const Json* l = call.param("loopAfter")) {
        auto limit = integerLiteral(ctx, *l, call.at("loopAfter"), "\"loopAfter\"");
        if (!limit) return ctx.nullNode();
        const bool reachable = s.step > 0 ? *limit >= s.start : s.step < 0 && *limit <= s.start;
        if (!reachable) {
            call.error(call.at("loopAfter"),
                       "\"loopAfter\" must be reachable from \"startingFrom\" by \"advanceBy\"");
            return ctx.nullNode();
        }
        const auto span =
            static_cast<std::uint64_t>(*limit > s.start ? *limit - s.start : s.start - *limit);
        const auto stride = static_cast<std::uint64_t>(s.step > 0 ? s.step : -s.step);
        return ctx.make<LoopingIntegerNode>(ctx.newStateSlot(), s.start, s.step, span / stride + 1);
    }
    return ctx.make<SequentialIntegerNode>(ctx.newStateSlot(), s.start, s.step);
}

const Node* compileSequentialString(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const SequenceParams s = readSequence(call);
    const std::string& text = call.param("expr")->get_ref<const std::string&>();
    // "~d" is the number, "~~" a tilde.
    std::vector<std::string_view> pieces;
    std::string piece;
    bool marker = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '~' && i + 1 < text.size() && (text[i + 1] == 'd' || text[i + 1] == '~')) {
            if (text[i + 1] == '~') {
                piece.push_back('~');
            } else {
                pieces.push_back(ctx.keep(piece));
                piece.clear();
                marker = true;
            }
            ++i;
            continue;
        }
        piece.push_back(text[i]);
    }
    pieces.push_back(ctx.keep(piece));
    if (!marker) {
        call.error(call.at("expr"), "\"expr\" must contain ~d where the number goes, like \"C~d\"");
    }
    return ctx.make<SequentialStringNode>(ctx.newStateSlot(), s.start, s.step, std::move(pieces));
}

const Node* compileCycle(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Json& seq = *call.param("sequence");
    if (isFunction(seq))
        return ctx.make<CycleNode>(ctx.newStateSlot(), std::vector<const Node*>{},
                                   call.compileParam("sequence"));
    if (seq.empty()) {
        call.error(call.at("sequence"), "\"sequence\" must not be empty");
        return ctx.nullNode();
    }
    std::vector<const Node*> items;
    for (std::size_t i = 0; i < seq.size(); ++i)
        items.push_back(
            ctx.compile(seq[i], appendPointer(call.at("sequence"), i), call.depth() + 1));
    return ctx.make<CycleNode>(ctx.newStateSlot(), std::move(items), nullptr);
}

const Node* compileIntervals(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Json& list = *call.param("intervals");
    const std::string lptr = call.at("intervals");
    if (list.empty()) {
        call.error(lptr, "\"intervals\" must not be empty");
        return ctx.nullNode();
    }
    std::vector<IntervalsNode::Interval> intervals;
    bool ok = true;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Json& pair = list[i];
        const std::string iptr = appendPointer(lptr, i);
        if (!pair.is_array() || pair.size() != 2) {
            call.error(iptr, "an interval must be [cron expression (or a list of them), value]");
            ok = false;
            continue;
        }
        IntervalsNode::Interval interval;
        std::vector<std::pair<const Json*, std::string>> exprs;
        if (pair[0].is_string()) {
            exprs.emplace_back(&pair[0], appendPointer(iptr, 0));
        } else if (pair[0].is_array() && !pair[0].empty()) {
            for (std::size_t k = 0; k < pair[0].size(); ++k)
                exprs.emplace_back(&pair[0][k], appendPointer(appendPointer(iptr, 0), k));
        } else {
            call.error(appendPointer(iptr, 0),
                       "a cron expression (string) or a non-empty list of them expected, not " +
                           typeName(pair[0]));
            ok = false;
            continue;
        }
        for (const auto& [e, eptr] : exprs) {
            if (!e->is_string()) {
                call.error(eptr, "a cron expression must be a string, not " + typeName(*e));
                ok = false;
                continue;
            }
            std::string err;
            auto cron = CronSpec::parse(e->get<std::string>(), err);
            if (!cron) {
                call.error(eptr, err);
                ok = false;
                continue;
            }
            interval.crons.push_back(*cron);
        }
        interval.value = ctx.compile(pair[1], appendPointer(iptr, 1), call.depth() + 1);
        intervals.push_back(std::move(interval));
    }
    const Node* fallback = nullptr;
    if (call.param("defaultValue") != nullptr) {
        fallback = call.compileParam("defaultValue");
    } else if (const Json* di = call.param("defaultIndex")) {
        const auto idx = di->get<std::int64_t>();
        if (idx < 0 || static_cast<std::size_t>(idx) >= intervals.size()) {
            call.error(call.at("defaultIndex"),
                       fmt::format("\"defaultIndex\" must be an index of \"intervals\" (0 to {})",
                                   intervals.size() - 1));
            ok = false;
        } else {
            fallback = intervals[static_cast<std::size_t>(idx)].value;
        }
    }
    if (!ok) return ctx.nullNode();
    return ctx.make<IntervalsNode>(std::move(intervals), fallback);
}

const Node* compileWaypoints(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Json& list = *call.param("waypoints");
    const std::string wptr = call.at("waypoints");
    if (list.size() < 2) {
        call.error(wptr, "\"waypoints\" needs at least 2 waypoints");
        return ctx.nullNode();
    }
    std::vector<WaypointsNode::Point> points;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Json& w = list[i];
        const std::string iptr = appendPointer(wptr, i);
        const Json* coords = nullptr;
        if (w.is_object() && !isFunction(w)) {
            checkKeys(ctx, w, iptr, "a waypoint", {"coordinates"});
            if (auto c = w.find("coordinates"); c != w.end()) coords = &*c;
        }
        if (coords == nullptr || !coords->is_array() || coords->size() != 2 ||
            !(*coords)[0].is_number() || !(*coords)[1].is_number()) {
            call.error(iptr,
                       "a waypoint must be {\"coordinates\": [latitude, longitude]} with "
                       "literal numbers");
            return ctx.nullNode();
        }
        points.push_back({(*coords)[0].get<double>(), (*coords)[1].get<double>()});
    }
    const double speed = call.param("speed")->get<double>();
    if (!(speed > 0)) {
        call.error(call.at("speed"), "\"speed\" must be a positive number of km/h");
        return ctx.nullNode();
    }
    double scale = 1.0;
    if (const Json* s = call.param("scale")) {
        scale = s->get<double>();
        if (!(scale >= 0.000001)) {
            call.error(call.at("scale"), "\"scale\" must be at least 0.000001 (km per point)");
            return ctx.nullNode();
        }
    }
    bool degrees = false;
    if (const Json* u = call.param("unit")) {
        const std::string unit = u->get<std::string>();
        if (unit != "degrees" && unit != "radians") {
            call.error(call.at("unit"), "\"unit\" must be \"degrees\" or \"radians\"");
            return ctx.nullNode();
        }
        degrees = unit == "degrees";
    }
    bool loop = false;
    if (const Json* l = call.param("loop")) loop = l->get<bool>();
    WaypointsNode::Keys keys{ctx.keep("latitude"), ctx.keep("longitude"), ctx.keep("heading"),
                             ctx.keep("duration"), ctx.keep("points"),    ctx.keep("distance"),
                             ctx.keep("time")};
    return ctx.make<WaypointsNode>(ctx.newStateSlot(), std::move(points), speed, scale, degrees,
                                   loop, keys);
}

const Node* compileGeoWander(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Json& box = *call.param("boundingBox");
    auto literalPoint = [](const Json& p) {
        return p.is_array() && p.size() == 2 && p[0].is_number() && p[1].is_number();
    };
    if (!box.is_array() || box.size() != 2 || !literalPoint(box[0]) || !literalPoint(box[1])) {
        call.error(call.at("boundingBox"),
                   "\"boundingBox\" must be [[lowLat, lowLon], [highLat, "
                   "highLon]] with literal numbers");
        return ctx.nullNode();
    }
    GeoWanderNode::Box b{box[0][0].get<double>(), box[0][1].get<double>(), box[1][0].get<double>(),
                         box[1][1].get<double>()};
    if (b.minLat > b.maxLat || b.minLon > b.maxLon) {
        call.error(call.at("boundingBox"), "\"boundingBox\" must list the lower-left point first");
        return ctx.nullNode();
    }
    const double speed = call.param("speed")->get<double>();
    if (!(speed > 0)) {
        call.error(call.at("speed"), "\"speed\" must be a positive number of km/h");
        return ctx.nullNode();
    }
    double scale = 1.0;
    if (const Json* s = call.param("scale")) {
        scale = s->get<double>();
        if (!(scale >= 0.000001)) {
            call.error(call.at("scale"), "\"scale\" must be at least 0.000001 (km per point)");
            return ctx.nullNode();
        }
    }
    bool degrees = false;
    if (const Json* u = call.param("unit")) {
        const std::string unit = u->get<std::string>();
        if (unit != "degrees" && unit != "radians") {
            call.error(call.at("unit"), "\"unit\" must be \"degrees\" or \"radians\"");
            return ctx.nullNode();
        }
        degrees = unit == "degrees";
    }
    GeoWanderNode::Keys keys{ctx.keep("latitude"), ctx.keep("longitude"), ctx.keep("duration"),
                             ctx.keep("heading")};
    return ctx.make<GeoWanderNode>(ctx.newNodeStateSlot(), b, speed, scale, degrees, keys);
}

const EasingNode* compileEasingSpec(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    EasingNode::Spec spec;
    const bool custom = call.param("ease") != nullptr;
    if (const Json* d = call.param("direction")) {
        const std::string dir = d->get<std::string>();
        static const std::vector<std::string> dirs = {"easeIn", "easeOut", "easeInOut"};
        const auto at = std::find(dirs.begin(), dirs.end(), dir);
        if (at == dirs.end()) {
            call.error(call.at("direction"),
                       fmt::format("\"direction\" must be {}{}", quoteList(dirs),
                                   scenario::didYouMean(dir, dirs)));
            return nullptr;
        }
        spec.direction = static_cast<EaseDirection>(at - dirs.begin());
    } else if (!custom) {
        call.error(call.pointer(),
                   "function \"easing\" needs parameter \"direction\" (easeIn, "
                   "easeOut or easeInOut) unless it has \"ease\"");
        return nullptr;
    }
    if (custom) {
        spec.ease = call.compileParam("ease");
    } else {
        static const std::vector<std::string> degrees = {"linear", "quad", "cubic", "quart",
                                                         "quint"};
        const Json* g = call.param("degree");
        const std::string deg = g != nullptr ? g->get<std::string>() : "";
        const auto at = std::find(degrees.begin(), degrees.end(), deg);
        if (at == degrees.end()) {
            call.error(g != nullptr ? call.at("degree") : call.pointer(),
                       fmt::format("function \"easing\" needs \"degree\": {}{}", quoteList(degrees),
                                   deg.empty() ? "" : scenario::didYouMean(deg, degrees)));
            return nullptr;
        }
        spec.degree = static_cast<int>(at - degrees.begin()) + 1;
        for (const char* key : {"from", "to"}) {
            if (call.param(key) == nullptr) {
                call.error(
                    call.pointer(),
                    fmt::format("function \"easing\" needs parameter \"{}\" (a number)", key));
                return nullptr;
            }
        }
        spec.from = call.compileParam("from");
        spec.to = call.compileParam("to");
    }
    const Json* duration = call.param("duration");
    const Json* events = call.param("events");
    if ((duration == nullptr) == (events == nullptr)) {
        call.error(call.pointer(),
                   "function \"easing\" needs exactly one of \"duration\" (ms) "
                   "and \"events\"");
        return nullptr;
    }
    const Json& len = duration != nullptr ? *duration : *events;
    const std::string lptr = call.at(duration != nullptr ? "duration" : "events");
    if (!len.is_number_integer() || len.get<std::int64_t>() < 1) {
        call.error(lptr, "must be a positive integer (Riverdelta takes literal lengths)");
        return nullptr;
    }
    (duration != nullptr ? spec.durationMs : spec.events) = len.get<std::int64_t>();
    const std::uint32_t slot = ctx.newStateSlot();
    ctx.newStateSlot();  // the start time
    return ctx.make<EasingNode>(spec, slot);
}

const Node* compileEasing(const FunctionCall& call) {
    const EasingNode* node = compileEasingSpec(call);
    return node != nullptr ? node : call.ctx().nullNode();
}

const Node* compileEasingChain(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Json& stages = *call.param("stages");
    if (stages.empty()) {
        call.error(call.at("stages"), "\"stages\" must not be empty");
        return ctx.nullNode();
    }
    std::vector<const EasingNode*> nodes;
    for (std::size_t i = 0; i < stages.size(); ++i) {
        const std::string sptr = appendPointer(call.at("stages"), i);
        const Node* n = ctx.compile(stages[i], sptr, call.depth() + 1);
        const auto* easing = dynamic_cast<const EasingNode*>(n);
        if (easing == nullptr) {
            if (!isFunction(stages[i]) || !stages[i]["_gen"].is_string() ||
                stages[i]["_gen"].get<std::string>() != "easing")
                call.error(sptr,
                           "a stage must be an {\"_gen\": \"easing\", ...} function "
                           "(without modifiers)");
            return ctx.nullNode();
        }
        nodes.push_back(easing);
    }
    bool loop = false;
    if (const Json* l = call.param("loop")) loop = l->get<bool>();
    const std::uint32_t slot = ctx.newStateSlot();
    ctx.newStateSlot();
    ctx.newStateSlot();
    return ctx.make<EasingChainNode>(std::move(nodes), loop, slot);
}

}  // namespace

void addSequenceFunctions(std::vector<FunctionSpec>& out) {
    out.push_back({"sequentialInteger",
                   "sequences",
                   "Integers counting from `startingFrom` (0) by `advanceBy` (1), one per "
                   "evaluation; with `loopAfter`, back to the start past that value.",
                   {{"startingFrom", Accepts::Integer, false, "the first value"},
                    {"advanceBy", Accepts::Integer, false, "the step"},
                    {"loopAfter", Accepts::Integer, false, "the last value before looping"}},
                   compileSequentialInteger});
    out.push_back({"sequentialString",
                   "sequences",
                   "`expr` with `~d` replaced by a counter (like `sequentialInteger`); `~~` is "
                   "a tilde.",
                   {{"expr", Accepts::String, true, "a string with ~d, like \"C~d\""},
                    {"startingFrom", Accepts::Integer, false, "the first value"},
                    {"advanceBy", Accepts::Integer, false, "the step"}},
                   compileSequentialString});
    out.push_back({"cycle",
                   "sequences",
                   "The elements of `sequence` one per evaluation, in order, looping.",
                   {{"sequence", Accepts::Array | Accepts::Function, true,
                     "an array, or a function giving one"}},
                   compileCycle});
    out.push_back(
        {"intervals",
         "sequences",
         "The value of the first [cron, value] pair whose cron expression matches the "
         "run clock (UTC, to the minute), else `defaultValue` / `defaultIndex`.",
         {{"intervals", Accepts::Array, true, "[[\"cron\" or [\"cron\", ...], value], ...]"},
          {"defaultValue", Accepts::Any, false, "the value when none matches"},
          {"defaultIndex", Accepts::Integer, false,
           "the interval whose value is used when none matches"}},
         compileIntervals});
    out.push_back(
        {"waypoints",
         "sequences",
         "A position travelling between `waypoints` at `speed` km/h, one point every "
         "`scale` km: {latitude, longitude, heading, duration, points, distance, time}.",
         {{"waypoints", Accepts::Array, true, "[{\"coordinates\": [latitude, longitude]}, ...]"},
          {"speed", Accepts::Number, true, "km/h"},
          {"scale", Accepts::Number, false, "km between points (1)"},
          {"unit", Accepts::String, false, "\"radians\" (default) or \"degrees\""},
          {"loop", Accepts::Boolean, false, "return to the first waypoint and go on"}},
         compileWaypoints});
    out.push_back({"geoWander",
                   "sequences",
                   "An endless random route inside `boundingBox`: straight legs to random points "
                   "at `speed` km/h, one point every `scale` km: {latitude, longitude, duration, "
                   "heading}.",
                   {{"boundingBox", Accepts::Array, true, "[[lowLat, lowLon], [highLat, highLon]]"},
                    {"speed", Accepts::Number, true, "km/h"},
                    {"scale", Accepts::Number, false, "km between points (1)"},
                    {"unit", Accepts::String, false, "\"radians\" (default) or \"degrees\""}},
                   compileGeoWander});
    out.push_back({"easing",
                   "sequences",
                   "A value going from `from` to `to` over `duration` ms of the run clock or over "
                   "`events` evaluations, shaped by `direction` and `degree`; or `ease`'s values.",
                   {{"direction", Accepts::String, false, "easeIn, easeOut or easeInOut"},
                    {"degree", Accepts::String, false, "linear, quad, cubic, quart or quint"},
                    {"from", Accepts::Number | Accepts::Function, false, "the start value"},
                    {"to", Accepts::Number | Accepts::Function, false, "the end value"},
                    {"duration", Accepts::Integer, false, "milliseconds"},
                    {"events", Accepts::Integer, false, "evaluations"},
                    {"ease", Accepts::Number | Accepts::Function, false,
                     "a custom function used for the stage's length"}},
                   compileEasing});
    out.push_back({"easingChain",
                   "sequences",
                   "Its `stages` (easing functions) one after the other; `loop` starts over.",
                   {{"stages", Accepts::Array, true, "a non-empty list of easing functions"},
                    {"loop", Accepts::Boolean, false, "repeat the chain forever"}},
                   compileEasingChain});
}

}  // namespace riverdelta::generate
