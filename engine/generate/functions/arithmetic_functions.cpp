// Arithmetic over numbers and vars.
#include <fmt/format.h>

#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

namespace {

const Node* compileMath(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const std::string& expr = call.param("expr")->get_ref<const std::string&>();
    std::string err;
    auto compiled = MathExpr::compile(
        expr, [&](std::string_view name) { return ctx.useVar(name); }, err);
    if (!compiled) {
        auto q1 = err.find("unknown var \"");
        if (q1 != std::string::npos) {
            const auto start = q1 + 13;
            const auto end = err.find('"', start);
            err += scenario::didYouMean(err.substr(start, end - start), ctx.varNames());
        }
        call.error(call.at("expr"), err);
        return ctx.nullNode();
    }
    return ctx.make<MathNode>(std::move(*compiled));
}

}  // namespace

void addArithmeticFunctions(std::vector<FunctionSpec>& out) {
    out.push_back({"math",
                   "arithmetic",
                   "An arithmetic expression over numbers and vars (+ - * / %, parentheses, "
                   "abs ceil floor round min max pow sqrt log exp).",
                   {{"expr", Accepts::String, true, "an arithmetic expression over vars"}},
                   compileMath});
}

}  // namespace riverdelta::generate
