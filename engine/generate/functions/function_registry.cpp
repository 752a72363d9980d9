#include "engine/generate/functions/function_registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

using scenario::appendPointer;
using scenario::didYouMean;

std::string describe(Accepts set) {
    std::vector<std::string> kinds;
    if (has(set, Accepts::Null)) kinds.emplace_back("null");
    if (has(set, Accepts::Boolean)) kinds.emplace_back("a boolean");
    if (has(set, Accepts::Number)) {
        kinds.emplace_back("a number");
    } else if (has(set, Accepts::Integer)) {
        kinds.emplace_back("an integer");
    }
    if (has(set, Accepts::String)) kinds.emplace_back("a string");
    if (has(set, Accepts::Array)) kinds.emplace_back("an array");
    if (has(set, Accepts::Object)) kinds.emplace_back("an object");
    if (has(set, Accepts::Function)) kinds.emplace_back("a function");
    if (set == Accepts::Any) return "any value";
    std::string out;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        if (i) out += i + 1 == kinds.size() ? " or " : ", ";
        out += kinds[i];
    }
    return out;
}

bool accepts(Accepts set, const Json& j) {
    if (j.is_null()) return has(set, Accepts::Null);
    if (j.is_boolean()) return has(set, Accepts::Boolean);
    if (j.is_number()) {
        if (has(set, Accepts::Number)) return true;
        if (!has(set, Accepts::Integer)) return false;
        if (j.is_number_integer()) return true;
        const double d = j.get<double>();
        return std::floor(d) == d && std::fabs(d) < 9.0e18;
    }
    if (j.is_string()) return has(set, Accepts::String);
    if (j.is_array()) return has(set, Accepts::Array);
    if (isFunction(j)) return has(set, Accepts::Function);
    return has(set, Accepts::Object);
}

const Json* FunctionCall::param(std::string_view key) const {
    auto it = json_.find(key);
    return it == json_.end() ? nullptr : &*it;
}

std::string FunctionCall::at(std::string_view key) const {
    return appendPointer(pointer_, key);
}

const Node* FunctionCall::compileParam(std::string_view key) const {
    const Json* p = param(key);
    if (p == nullptr) return ctx_.nullNode();
    return ctx_.compile(*p, at(key), depth_ + 1);
}

FunctionRegistry::FunctionRegistry() {
    addArithmeticFunctions(functions_);
    addDateFunctions(functions_);
    addDistributionFunctions(functions_);
    addSequenceFunctions(functions_);
    addStringFunctions(functions_);
    addReferenceFunctions(functions_);
    addCollectionFunctions(functions_);
    addGeolocationFunctions(functions_);
    addStateMachineFunction(functions_);
    std::sort(functions_.begin(), functions_.end(),
              [](const FunctionSpec& a, const FunctionSpec& b) { return a.name < b.name; });
    for (const auto& f : functions_)
        names_.emplace_back(f.name);
    modifiers_ = modifierSpecs();
}

const FunctionRegistry& FunctionRegistry::instance() {
    static const FunctionRegistry registry;
    return registry;
}

const FunctionSpec* FunctionRegistry::find(std::string_view name) const {
    auto it =
        std::lower_bound(functions_.begin(), functions_.end(), name,
                         [](const FunctionSpec& f, std::string_view n) { return f.name < n; });
    return it != functions_.end() && it->name == name ? &*it : nullptr;
}

std::string FunctionRegistry::markdown() const {
    std::string out = "| Function | Parameters | Summary |\n|---|---|---|\n";
    for (const auto& f : functions_) {
        std::string params;
        for (const auto& p : f.params) {
            if (!params.empty()) params += "; ";
            params += fmt::format("`{}` ({}{})", p.name, describe(p.accepts),
                                  p.required ? ", required" : "");
        }
        if (params.empty()) params = "none";
        out += fmt::format("| `{}` | {} | {} |\n", f.name, params, f.summary);
    }
    out += "\n| Modifier (any function) | Value | Effect |\n|---|---|---|\n";
    for (const auto& m : modifiers_)
        out += fmt::format("| `{}` | {} | {} |\n", m.name, describe(m.accepts), m.summary);
    return out;
}

const Node* compileFunction(CompileContext& ctx, const Json& j, const std::string& pointer,
                            int depth) {
    const Json& genJ = j["_gen"];
    if (!genJ.is_string()) {
        ctx.error(appendPointer(pointer, "_gen"), "\"_gen\" must be a function name (a string)");
        return ctx.nullNode();
    }
    const std::string fn = genJ.get<std::string>();
    const FunctionRegistry& registry = FunctionRegistry::instance();
    const FunctionSpec* spec = registry.find(fn);
    if (spec == nullptr) {
        ctx.error(pointer,
                  fmt::format("unknown function \"{}\"{}", fn, didYouMean(fn, registry.names())));
        return ctx.nullNode();
    }
    FunctionCall call(ctx, j, pointer, spec->name, depth);
    std::vector<std::string> allowed;
    for (const auto& p : spec->params)
        allowed.emplace_back(p.name);
    for (const auto& m : registry.modifiers()) {
        if (std::find(allowed.begin(), allowed.end(), m.name) == allowed.end())
            allowed.emplace_back(m.name);
    }
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.key() == "_gen") continue;
        if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
        ctx.error(appendPointer(pointer, it.key()),
                  fmt::format("unknown parameter \"{}\" for function \"{}\"{}; expected {}",
                              it.key(), fn, didYouMean(it.key(), allowed), quoteList(allowed)));
    }
    bool ok = true;
    for (const auto& p : spec->params) {
        const Json* v = call.param(p.name);
        if (v == nullptr) {
            if (p.required) {
                ctx.error(pointer, fmt::format("function \"{}\" needs parameter \"{}\" ({})", fn,
                                               p.name, p.summary));
                ok = false;
            }
            continue;
        }
        if (!accepts(p.accepts, *v)) {
            ctx.error(call.at(p.name), fmt::format("parameter \"{}\" of \"{}\" must be {}, not {}",
                                                   p.name, fn, describe(p.accepts), typeName(*v)));
            ok = false;
        }
    }
    const Node* node = ok ? spec->compile(call) : ctx.nullNode();
    return applyModifiers(call, *spec, node);
}

}  // namespace riverdelta::generate
