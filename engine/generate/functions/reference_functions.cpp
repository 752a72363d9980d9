// Functions that refer to other values: literals, vars, other generators' events, files.
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <exception>
#include <string>

#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

namespace {

const Node* compileConstant(const FunctionCall& call) {
    const Json* x = call.param("x");
    const Json* value = call.param("value");
    if ((x == nullptr) == (value == nullptr)) {
        call.error(call.pointer(), x == nullptr
                                       ? "function \"constant\" needs parameter \"x\" (the "
                                         "value to return)"
                                       : "give \"x\" or \"value\", not both");
        return call.ctx().nullNode();
    }
    return call.ctx().constantNode(call.ctx().literal(x != nullptr ? *x : *value));
}

// Read when the scenario is compiled: the value is a constant of the program.
const Node* compileEnv(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const std::string name = call.param("var")->get<std::string>();
    const char* raw = std::getenv(name.c_str());
    std::string text;
    if (raw != nullptr) {
        text = raw;
    } else if (const Json* d = call.param("default")) {
        text = d->get<std::string>();
    } else {
        call.error(
            call.at("var"),
            fmt::format("environment variable \"{}\" is not set and has no \"default\"", name));
        return ctx.nullNode();
    }
    const bool masked = call.param("mask") != nullptr && call.param("mask")->get<bool>();
    const std::string shown = masked ? "<< masked >>" : "\"" + text + "\"";
    std::string as = "string";
    if (const Json* a = call.param("as")) as = a->get<std::string>();
    if (as == "string") return ctx.constantNode(Value::ofString(ctx.keep(text)));
    if (as == "integer" || as == "double") {
        std::size_t used = 0;
        try {
            if (as == "integer") {
                const long long v = std::stoll(text, &used);
                if (used == text.size()) return ctx.constantNode(Value::ofInt(v));
            } else {
                const double v = std::stod(text, &used);
                if (used == text.size() && std::isfinite(v))
                    return ctx.constantNode(Value::ofDouble(v));
            }
        } catch (const std::exception&) {
        }
        call.error(call.at("var"), fmt::format("environment variable \"{}\" ({}) is not {}", name,
                                               shown, as == "integer" ? "an integer" : "a number"));
        return ctx.nullNode();
    }
    if (as == "boolean") {
        if (text == "true" || text == "false")
            return ctx.constantNode(Value::ofBool(text == "true"));
        call.error(
            call.at("var"),
            fmt::format("environment variable \"{}\" ({}) is not true or false", name, shown));
        return ctx.nullNode();
    }
    call.error(call.at("as"), "\"as\" must be \"integer\", \"double\" or \"boolean\"");
    return ctx.nullNode();
}

const Node* unsupported(const FunctionCall& call, const char* why) {
    call.error(call.pointer(),
               fmt::format("function \"{}\" is not supported: {}", call.name(), why));
    return call.ctx().nullNode();
}

const Node* compileCustomFunction(const FunctionCall& call) {
    return unsupported(call,
                       "it runs user Python, Ruby or JavaScript code inside ShadowTraffic's "
                       "JVM (GraalVM), which Riverdelta does not embed");
}

const Node* compileAi(const FunctionCall& call) {
    return unsupported(call,
                       "it calls an LLM service (Ollama or AWS Bedrock) per event, which "
                       "Riverdelta does not do yet; use `string` (Faker, e.g. Lorem.paragraph) "
                       "or `oneOf` over texts you wrote");
}

const Node* compileVar(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Json& v = *call.param("var");
    const std::string& name = v.get_ref<const std::string&>();
    auto slot = ctx.useVar(name);
    if (!slot) {
        call.error(call.at("var"), fmt::format("unknown var \"{}\"{}", name,
                                               scenario::didYouMean(name, ctx.varNames())));
        return ctx.nullNode();
    }
    Path path;
    if (const Json* p = call.param("path")) {
        auto parsed = readPath(ctx, *p, call.at("path"));
        if (!parsed) return ctx.nullNode();
        path = std::move(*parsed);
    }
    auto* node = ctx.make<VarNode>(*slot, std::move(path));
    ctx.noteVarNode(node, *slot);
    return node;
}

const Node* compileLookupCall(const FunctionCall& call) {
    return call.ctx().compileLookup(call.json(), call.pointer());
}

const Node* compilePreviousEventCall(const FunctionCall& call) {
    return call.ctx().compilePreviousEvent(call.json(), call.pointer());
}

// Expanded by the loader; reaching the compiler means it failed (already reported).
const Node* compileFailedInclude(const FunctionCall& call) {
    return call.ctx().nullNode();
}

}  // namespace

void addReferenceFunctions(std::vector<FunctionSpec>& out) {
    out.push_back({"constant",
                   "references",
                   "Always the value of `x` (or `value`), verbatim: functions inside are not "
                   "evaluated.",
                   {{"x", Accepts::Any, false, "the value to return"},
                    {"value", Accepts::Any, false, "the same (Riverdelta's earlier spelling)"}},
                   compileConstant});
    out.push_back({"env",
                   "references",
                   "An environment variable, read once when the scenario is compiled; `as` "
                   "integer, double or boolean; `default` when unset; `mask` hides it in errors.",
                   {{"var", Accepts::String, true, "the variable's name"},
                    {"as", Accepts::String, false, "integer, double or boolean (else a string)"},
                    {"default", Accepts::String, false, "the text used when it is unset"},
                    {"mask", Accepts::Boolean, false, "never show the value"}},
                   compileEnv});
    out.push_back({"customFunction",
                   "references",
                   "Not supported: runs user code in ShadowTraffic's JVM (reported as an error).",
                   {{"language", Accepts::String, false, "python, ruby or js"},
                    {"file", Accepts::String, false, "the code file"},
                    {"function", Accepts::String, false, "the function's name"},
                    {"args", Accepts::Object, false, "named arguments"}},
                   compileCustomFunction});
    out.push_back({"ai",
                   "references",
                   "Not supported: calls an LLM service per event (reported as an error).",
                   {{"service", Accepts::String, false, "ollama or bedrock"},
                    {"ollama", Accepts::Object, false, "Ollama settings"},
                    {"bedrock", Accepts::Object, false, "Bedrock settings"}},
                   compileAi});
    out.push_back({"var",
                   "references",
                   "The value of a var of this generator (`vars` or `varsOnce`), optionally "
                   "drilled into with `path`.",
                   {{"var", Accepts::String, true, "the var's name"},
                    {"path", Accepts::Array, false, "keys and indexes into the var's value"}},
                   compileVar});
    out.push_back(
        {"lookup",
         "references",
         "A value from an event another generator emitted (by `name`, `topic` or `table`).",
         {{"name", Accepts::String, false, "the generator's name"},
          {"topic", Accepts::String, false, "the topic a generator writes"},
          {"table", Accepts::String, false, "the table a generator writes"},
          {"connection", Accepts::String, false, "the connection of `topic`/`table`"},
          {"path", Accepts::Array, false, "where to read in the event, e.g. [\"value\", \"id\"]"},
          {"column", Accepts::String, false, "shorthand for path [\"row\", COLUMN]"},
          {"histogram", Accepts::Function, false, "a `histogram` biasing which events are read"},
          {"unique", Accepts::Boolean, false, "hand out each event at most once (Riverdelta)"},
          {"strategy", Accepts::String, false, "how events are picked (see lookups below)"}},
         compileLookupCall});
    out.push_back({"previousEvent",
                   "references",
                   "This generator's (fork's) previous event, optionally drilled into with `path`; "
                   "`defaultValue` before the first.",
                   {{"path", Accepts::Array, false, "keys and indexes into the previous event"},
                    {"defaultValue", Accepts::Any, false, "the value before the first event"}},
                   compilePreviousEventCall});
    out.push_back({"loadJsonFile",
                   "references",
                   "Replaced by the content of a JSON file before compilation.",
                   {{"file", Accepts::String, false, "the file to load"},
                    {"files", Accepts::Array, false, "files to merge"},
                    {"data", Accepts::Object, false, "{{ name }} substitutions"}},
                   compileFailedInclude});
}

}  // namespace riverdelta::generate
