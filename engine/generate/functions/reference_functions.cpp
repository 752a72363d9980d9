// Functions that refer to other values: literals, vars, other generators' events, files.
#include <fmt/format.h>

#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

namespace {

const Node* compileConstant(const FunctionCall& call) {
    return call.ctx().constantNode(call.ctx().literal(*call.param("value")));
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

// Expanded by the loader; reaching the compiler means it failed (already reported).
const Node* compileFailedInclude(const FunctionCall& call) {
    return call.ctx().nullNode();
}

}  // namespace

void addReferenceFunctions(std::vector<FunctionSpec>& out) {
    out.push_back({"constant",
                   "references",
                   "Always the value of `value`, verbatim (functions inside are not evaluated).",
                   {{"value", Accepts::Any, true, "the value to return"}},
                   compileConstant});
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
          {"unique", Accepts::Boolean, false, "hand out each event at most once (Riverdelta)"}},
         compileLookupCall});
    out.push_back({"loadJsonFile",
                   "references",
                   "Replaced by the content of a JSON file before compilation.",
                   {{"file", Accepts::String, false, "the file to load"},
                    {"files", Accepts::Array, false, "files to merge"},
                    {"data", Accepts::Object, false, "{{ name }} substitutions"}},
                   compileFailedInclude});
}

}  // namespace riverdelta::generate
