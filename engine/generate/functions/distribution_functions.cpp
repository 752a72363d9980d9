// Random choices and distributions.
#include <fmt/format.h>

#include <cmath>

#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

using scenario::appendPointer;

namespace {

const Node* compileBoolean(const FunctionCall& call) {
    return call.ctx().make<BooleanNode>();
}

const Node* compileOneOf(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Json& c = *call.param("choices");
    const std::string cptr = call.at("choices");
    if (isFunction(c)) return ctx.make<OneOfDynamicNode>(ctx.compile(c, cptr, call.depth() + 1));
    if (c.empty()) {
        call.error(cptr, "\"choices\" must not be empty");
        return ctx.nullNode();
    }
    std::vector<const Node*> choices;
    for (std::size_t i = 0; i < c.size(); ++i)
        choices.push_back(ctx.compile(c[i], appendPointer(cptr, i), call.depth() + 1));
    return ctx.make<OneOfNode>(std::move(choices));
}

const Node* compileWeightedOneOf(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Json& c = *call.param("choices");
    const std::string cptr = call.at("choices");
    std::vector<double> weights;
    std::vector<const Node*> choices;
    if (c.empty()) {
        call.error(cptr, "\"choices\" must be a non-empty array of {\"weight\": w, \"value\": v}");
        return ctx.nullNode();
    }
    double total = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
        const Json& ch = c[i];
        const std::string iptr = appendPointer(cptr, i);
        if (!ch.is_object() || isFunction(ch)) {
            call.error(iptr, "a choice must be {\"weight\": w, \"value\": v}");
            continue;
        }
        checkKeys(ctx, ch, iptr, "a weighted choice", {"weight", "value"});
        auto w = ch.find("weight");
        auto v = ch.find("value");
        if (w == ch.end() || !w->is_number() || w->get<double>() < 0 ||
            !std::isfinite(w->get<double>())) {
            call.error(iptr, "a choice needs \"weight\": a non-negative number");
            continue;
        }
        if (v == ch.end()) {
            call.error(iptr, "a choice needs \"value\"");
            continue;
        }
        weights.push_back(w->get<double>());
        total += weights.back();
        choices.push_back(ctx.compile(*v, appendPointer(iptr, "value"), call.depth() + 1));
    }
    if (!choices.empty() && !std::isfinite(total)) {
        call.error(cptr, "the weights are too large");
        return ctx.nullNode();
    }
    if (!choices.empty() && total <= 0) {
        call.error(cptr, "the weights must not all be zero");
        return ctx.nullNode();
    }
    if (choices.empty()) return ctx.nullNode();
    return ctx.make<WeightedOneOfNode>(weights, std::move(choices));
}

const Node* compileNormal(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Json& s = *call.param("sd");
    if (s.is_number() && s.get<double>() < 0) {
        call.error(call.at("sd"), "\"sd\" must not be negative");
        return ctx.nullNode();
    }
    return ctx.make<NormalNode>(call.compileParam("mean"), call.compileParam("sd"));
}

const Node* compileUniform(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Json& b = *call.param("bounds");
    const std::string bptr = call.at("bounds");
    if (b.size() != 2) {
        call.error(bptr, "\"bounds\" must be [low, high]");
        return ctx.nullNode();
    }
    const std::string fn = call.name();
    const Node* lo = numberParam(ctx, b[0], appendPointer(bptr, 0), fn, "bounds", call.depth());
    const Node* hi = numberParam(ctx, b[1], appendPointer(bptr, 1), fn, "bounds", call.depth());
    bool integers = false;
    if (const Json* d = call.param("decimals");
        d != nullptr && d->is_number_integer() && d->get<std::int64_t>() == 0)
        integers = true;
    return ctx.make<UniformNode>(lo, hi, integers);
}

const Node* compileHistogram(const FunctionCall& call) {
    auto spec = readHistogram(call.ctx(), call.json(), call.pointer(), false);
    if (!spec) return call.ctx().nullNode();
    return call.ctx().make<HistogramNode>(std::move(*spec));
}

}  // namespace

void addDistributionFunctions(std::vector<FunctionSpec>& out) {
    out.push_back(
        {"boolean", "distributions", "`true` or `false`, equally likely.", {}, compileBoolean});
    out.push_back({"oneOf",
                   "distributions",
                   "One of `choices`, each equally likely (only the chosen one is evaluated).",
                   {{"choices", Accepts::Array | Accepts::Function, true,
                     "an array, or a function giving one"}},
                   compileOneOf});
    out.push_back({"weightedOneOf",
                   "distributions",
                   "One of `choices` ({`weight`, `value`}), with probability proportional to "
                   "its weight.",
                   {{"choices", Accepts::Array, true, "an array of {\"weight\": w, \"value\": v}"}},
                   compileWeightedOneOf});
    out.push_back({"normalDistribution",
                   "distributions",
                   "A number drawn from a normal distribution.",
                   {{"mean", Accepts::Number | Accepts::Function, true, "a number"},
                    {"sd", Accepts::Number | Accepts::Function, true, "a number"}},
                   compileNormal});
    out.push_back({"uniformDistribution",
                   "distributions",
                   "A number drawn uniformly from `bounds` [low, high); with `decimals: 0` "
                   "every integer of [low, high] is equally likely.",
                   {{"bounds", Accepts::Array, true, "[low, high]"}},
                   compileUniform});
    out.push_back(
        {"histogram",
         "distributions",
         "A point of [0, 1) drawn by bins: `bin` is a share of the population, "
         "`frequency` its weight (mostly for `lookup`).",
         {{"bins", Accepts::Array, true, "a list of {\"bin\": share, \"frequency\": weight}"}},
         compileHistogram});
}

}  // namespace riverdelta::generate
