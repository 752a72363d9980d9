// The function modifiers: keys any function may carry, applied around its node.
#include <fmt/format.h>

#include <algorithm>

#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

std::vector<ModifierSpec> modifierSpecs() {
    return {
        {"decimals", Accepts::Integer,
         "Rounds a number to this many decimal places (0 gives integers)."},
        {"clamp", Accepts::Array,
         "`[low, high]`: keeps a number within the bounds (bounds may be functions)."},
        {"pgHint", Accepts::String,
         "The PostgreSQL column type used when Riverdelta creates the table."},
        {"sqlHint", Accepts::String,
         "The column type for SQL connections (pgHint's name on mysql, oracle, sqlServer, "
         "motherduck)."},
    };
}

const Node* applyModifiers(const FunctionCall& call, const FunctionSpec& spec, const Node* node) {
    (void)spec;
    CompileContext& ctx = call.ctx();
    const Node* lo = nullptr;
    const Node* hi = nullptr;
    std::optional<int> decimals;
    if (const Json* d = call.param("decimals")) {
        if (!d->is_number_integer() || d->get<std::int64_t>() < 0 || d->get<std::int64_t>() > 15) {
            ctx.error(call.at("decimals"), "\"decimals\" must be an integer from 0 to 15");
        } else {
            decimals = static_cast<int>(d->get<std::int64_t>());
        }
    }
    if (const Json* c = call.param("clamp")) {
        const std::string cptr = call.at("clamp");
        if (!c->is_array() || c->size() != 2) {
            ctx.error(cptr, "\"clamp\" must be [low, high]");
        } else {
            lo = numberParam(ctx, (*c)[0], scenario::appendPointer(cptr, 0), "clamp", "clamp",
                             call.depth());
            hi = numberParam(ctx, (*c)[1], scenario::appendPointer(cptr, 1), "clamp", "clamp",
                             call.depth());
            if ((*c)[0].is_number() && (*c)[1].is_number() &&
                (*c)[0].get<double>() > (*c)[1].get<double>())
                ctx.error(cptr, "\"clamp\" low bound is above its high bound");
        }
    }
    for (const char* hint : {"pgHint", "sqlHint"})
        if (const Json* p = call.param(hint); p != nullptr && !p->is_string())
            ctx.error(call.at(hint), fmt::format("\"{}\" must be a string", hint));
    if (lo == nullptr && hi == nullptr && !decimals) return node;
    return ctx.make<ModifierNode>(node, lo, hi, decimals);
}

}  // namespace riverdelta::generate
