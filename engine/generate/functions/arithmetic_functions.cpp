// Arithmetic over numbers and vars.
#include <fmt/format.h>

#include "engine/generate/functions/arithmetic_nodes.h"
#include "engine/generate/functions/collection_nodes.h"
#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

using scenario::appendPointer;

namespace {

// Compiles `names` as local vars visible to `body` (the caller pops them afterwards).
std::vector<LocalBinding> pushNames(const FunctionCall& call, std::vector<std::string>& pushed) {
    std::vector<LocalBinding> bindings;
    const Json* names = call.param("names");
    if (names == nullptr) return bindings;
    CompileContext& ctx = call.ctx();
    // Values first (they see the outer scope), then the names become visible.
    std::vector<std::pair<std::string, const Node*>> compiled;
    for (auto it = names->begin(); it != names->end(); ++it) {
        compiled.emplace_back(
            it.key(),
            ctx.compile(it.value(), appendPointer(call.at("names"), it.key()), call.depth() + 1));
    }
    for (auto& [name, node] : compiled) {
        const std::uint32_t slot = ctx.pushLocalVar(name);
        ctx.defineLocalVar(slot, node);
        pushed.push_back(name);
        bindings.push_back({slot, node});
    }
    return bindings;
}

void popNames(CompileContext& ctx, const std::vector<std::string>& pushed) {
    for (auto it = pushed.rbegin(); it != pushed.rend(); ++it)
        ctx.popLocalVar(*it);
}

const Node* compileMath(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    std::vector<std::string> pushed;
    std::vector<LocalBinding> bindings = pushNames(call, pushed);
    const std::string& expr = call.param("expr")->get_ref<const std::string&>();
    std::string err;
    auto compiled = MathExpr::compile(
        expr, [&](std::string_view name) { return ctx.useVar(name); }, err);
    std::vector<std::string> candidates = ctx.varNames();
    popNames(ctx, pushed);
    if (!compiled) {
        auto q1 = err.find("unknown var \"");
        if (q1 != std::string::npos) {
            const auto start = q1 + 13;
            const auto end = err.find('"', start);
            err += scenario::didYouMean(err.substr(start, end - start), candidates);
        }
        call.error(call.at("expr"), err);
        return ctx.nullNode();
    }
    const Node* body = ctx.make<MathNode>(std::move(*compiled));
    if (bindings.empty()) return body;
    return ctx.make<LocalsNode>(std::move(bindings), body);
}

template <ArgsOp Op>
const Node* compileArgs(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Json& args = *call.param("args");
    if (isFunction(args))
        return ctx.make<ArgsNode>(Op, std::vector<const Node*>{}, call.compileParam("args"));
    if (args.empty()) {
        call.error(call.at("args"), "\"args\" must not be empty");
        return ctx.nullNode();
    }
    std::vector<const Node*> nodes;
    for (std::size_t i = 0; i < args.size(); ++i)
        nodes.push_back(numberParam(ctx, args[i], appendPointer(call.at("args"), i), call.name(),
                                    "args", call.depth()));
    return ctx.make<ArgsNode>(Op, std::move(nodes), nullptr);
}

template <TrigOp Op>
const Node* compileTrig(const FunctionCall& call) {
    return call.ctx().make<TrigNode>(Op, call.compileParam("degrees"));
}

const Node* compilePow(const FunctionCall& call) {
    return call.ctx().make<PowNode>(call.compileParam("base"), call.compileParam("exp"));
}

const Node* compileTrichotomy(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Node* parts[5] = {};  // low bound, low result, high bound, high result, mid result
    bool ok = true;
    auto read = [&](const char* key, bool bound, const Node*& boundNode, const Node*& result) {
        const Json& o = *call.param(key);
        const std::string ptr = call.at(key);
        checkKeys(ctx, o, ptr, fmt::format("\"{}\"", key),
                  bound ? std::vector<std::string>{"bound", "result"}
                        : std::vector<std::string>{"result"});
        if (bound) {
            auto b = o.find("bound");
            if (b == o.end()) {
                call.error(ptr, fmt::format("\"{}\" needs \"bound\" (a number)", key));
                ok = false;
            } else {
                boundNode = numberParam(ctx, *b, appendPointer(ptr, "bound"), call.name(),
                                        std::string(key) + ".bound", call.depth());
            }
        }
        auto r = o.find("result");
        if (r == o.end()) {
            call.error(ptr, fmt::format("\"{}\" needs \"result\"", key));
            ok = false;
        } else {
            result = ctx.compile(*r, appendPointer(ptr, "result"), call.depth() + 1);
        }
    };
    const Node* unused = nullptr;
    read("low", true, parts[0], parts[1]);
    read("high", true, parts[2], parts[3]);
    read("mid", false, unused, parts[4]);
    if (!ok) return ctx.nullNode();
    return ctx.make<TrichotomyNode>(call.compileParam("value"), parts[0], parts[1], parts[2],
                                    parts[3], parts[4]);
}

const Node* compileHeading(const FunctionCall& call) {
    bool degrees = false;
    if (const Json* u = call.param("unit")) {
        const std::string unit = u->get<std::string>();
        if (unit != "degrees" && unit != "radians") {
            call.error(call.at("unit"), "\"unit\" must be \"degrees\" or \"radians\"");
            return call.ctx().nullNode();
        }
        degrees = unit == "degrees";
    }
    for (const char* key : {"src", "dst"}) {
        const Json& p = *call.param(key);
        if (p.is_array() && (p.size() != 2 || !p[0].is_number() || !p[1].is_number())) {
            call.error(call.at(key), fmt::format("\"{}\" must be [latitude, longitude]", key));
            return call.ctx().nullNode();
        }
    }
    return call.ctx().make<HeadingNode>(call.compileParam("src"), call.compileParam("dst"),
                                        degrees);
}

}  // namespace

void addArithmeticFunctions(std::vector<FunctionSpec>& out) {
    out.push_back({"math",
                   "arithmetic",
                   "An infix expression over numbers, vars and `names` (+ - * / %, parentheses, "
                   "abs acos asin atan cbrt ceil cos cosh exp floor log log10 log2 max min pow "
                   "round signum sin sinh sqrt tan tanh; angles in radians).",
                   {{"expr", Accepts::String, true, "an arithmetic expression over vars"},
                    {"names", Accepts::Object, false,
                     "local names for the expression: {\"name\": value or function}"}},
                   compileMath});
    const ParamSpec args{"args", Accepts::Array | Accepts::Function, true,
                         "a non-empty array of numbers or functions, or a function giving one"};
    out.push_back({"add", "arithmetic", "The sum of `args`.", {args}, compileArgs<ArgsOp::Add>});
    out.push_back({"subtract",
                   "arithmetic",
                   "The first of `args` minus the others.",
                   {args},
                   compileArgs<ArgsOp::Subtract>});
    out.push_back({"multiply",
                   "arithmetic",
                   "The product of `args`.",
                   {args},
                   compileArgs<ArgsOp::Multiply>});
    out.push_back({"divide",
                   "arithmetic",
                   "The first of `args` divided by the others (an integer when exact; null on "
                   "division by zero).",
                   {args},
                   compileArgs<ArgsOp::Divide>});
    out.push_back(
        {"min", "arithmetic", "The smallest of `args`.", {args}, compileArgs<ArgsOp::Min>});
    out.push_back(
        {"max", "arithmetic", "The largest of `args`.", {args}, compileArgs<ArgsOp::Max>});
    const ParamSpec degrees{"degrees", Accepts::Number | Accepts::Function, true,
                            "an angle in degrees"};
    out.push_back(
        {"sin", "arithmetic", "The sine of `degrees`.", {degrees}, compileTrig<TrigOp::Sin>});
    out.push_back(
        {"cos", "arithmetic", "The cosine of `degrees`.", {degrees}, compileTrig<TrigOp::Cos>});
    out.push_back(
        {"tan", "arithmetic", "The tangent of `degrees`.", {degrees}, compileTrig<TrigOp::Tan>});
    out.push_back({"pow",
                   "arithmetic",
                   "`base` raised to the power `exp`.",
                   {{"base", Accepts::Number | Accepts::Function, true, "a number"},
                    {"exp", Accepts::Number | Accepts::Function, true, "a number"}},
                   compilePow});
    out.push_back({"trichotomy",
                   "arithmetic",
                   "`low.result` when `value` < `low.bound`, `high.result` when it is > "
                   "`high.bound`, else `mid.result`.",
                   {{"value", Accepts::Number | Accepts::Function, true, "the number to bucket"},
                    {"low", Accepts::Object, true, "{\"bound\": n, \"result\": v}"},
                    {"mid", Accepts::Object, true, "{\"result\": v}"},
                    {"high", Accepts::Object, true, "{\"bound\": n, \"result\": v}"}},
                   compileTrichotomy});
    out.push_back({"heading",
                   "arithmetic",
                   "The initial great-circle bearing in degrees from `src` to `dst` "
                   "([latitude, longitude], radians unless `unit` is \"degrees\").",
                   {{"src", Accepts::Array | Accepts::Function, true, "[latitude, longitude]"},
                    {"dst", Accepts::Array | Accepts::Function, true, "[latitude, longitude]"},
                    {"unit", Accepts::String, false, "\"radians\" (default) or \"degrees\""}},
                   compileHeading});
}

}  // namespace riverdelta::generate
