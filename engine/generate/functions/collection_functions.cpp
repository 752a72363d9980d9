// Arrays and objects built from other values.
#include <fmt/format.h>

#include <algorithm>

#include "engine/generate/functions/collection_nodes.h"
#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

using scenario::appendPointer;

namespace {

const Node* compileRepeatedly(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    std::vector<LocalBinding> perElement;
    if (const Json* iv = call.param("iterateVars")) {
        for (std::size_t i = 0; i < iv->size(); ++i) {
            const Json& name = (*iv)[i];
            const std::string iptr = appendPointer(call.at("iterateVars"), i);
            if (!name.is_string()) {
                call.error(iptr,
                           "\"iterateVars\" lists var names (strings), not " + typeName(name));
                continue;
            }
            const std::string& n = name.get_ref<const std::string&>();
            auto slot = ctx.useVar(n);
            if (!slot) {
                call.error(iptr, fmt::format("unknown var \"{}\"{}", n,
                                             scenario::didYouMean(n, ctx.varNames())));
                continue;
            }
            auto* ref = ctx.make<VarNode>(*slot, Path{});
            ctx.noteVarNode(ref, *slot);
            perElement.push_back({*slot, ctx.make<VarDefinitionNode>(ref)});
        }
    }
    std::vector<std::string> pushed;
    if (const Json* lv = call.param("localVars")) {
        std::vector<std::pair<std::string, const Node*>> compiled;
        for (auto it = lv->begin(); it != lv->end(); ++it)
            compiled.emplace_back(
                it.key(), ctx.compile(it.value(), appendPointer(call.at("localVars"), it.key()),
                                      call.depth() + 1));
        for (auto& [name, node] : compiled) {
            const std::uint32_t slot = ctx.pushLocalVar(name);
            ctx.defineLocalVar(slot, node);
            pushed.push_back(name);
            perElement.push_back({slot, node});
        }
    }
    const Node* target = call.compileParam("target");
    for (auto it = pushed.rbegin(); it != pushed.rend(); ++it)
        ctx.popLocalVar(*it);
    if (const Json* n = call.param("n"); n->is_number() && n->get<double>() < 0) {
        call.error(call.at("n"), "\"n\" must not be negative");
        return ctx.nullNode();
    }
    return ctx.make<RepeatedlyNode>(call.compileParam("n"), target, std::move(perElement));
}

const Node* compileMapEach(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    std::vector<Path> juxt;
    if (const Json* j = call.param("juxt")) {
        if (!j->is_array()) {
            call.error(call.at("juxt"), "\"juxt\" must be an array of paths");
            return ctx.nullNode();
        }
        for (std::size_t i = 0; i < j->size(); ++i) {
            auto path = readPath(ctx, (*j)[i], appendPointer(call.at("juxt"), i));
            if (!path) return ctx.nullNode();
            juxt.push_back(std::move(*path));
        }
    }
    const Node* over = call.compileParam("over");
    const std::uint32_t slot = ctx.pushLocalVar("mapItem");
    const Node* fn = call.param("function") != nullptr ? call.compileParam("function")
                                                       : ctx.make<VarNode>(slot, Path{});
    ctx.popLocalVar("mapItem");
    return ctx.make<MapEachNode>(over, fn, slot, std::move(juxt));
}

const Node* compileSomeKeys(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Json& obj = *call.param("object");
    if (obj.empty()) {
        call.error(call.at("object"), "\"object\" must have at least one key");
        return ctx.nullNode();
    }
    if (obj.size() > 64) {
        call.error(call.at("object"), "\"object\" may have at most 64 keys");
        return ctx.nullNode();
    }
    std::vector<std::string_view> keys;
    std::vector<const Node*> values;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        keys.push_back(ctx.keep(it.key()));
        values.push_back(
            ctx.compile(it.value(), appendPointer(call.at("object"), it.key()), call.depth() + 1));
    }
    return ctx.make<SomeKeysNode>(std::move(keys), std::move(values));
}

const Node* compileMerge(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const Json& objs = *call.param("objects");
    if (objs.empty()) {
        call.error(call.at("objects"), "\"objects\" must not be empty");
        return ctx.nullNode();
    }
    std::vector<const Node*> nodes;
    for (std::size_t i = 0; i < objs.size(); ++i) {
        const std::string iptr = appendPointer(call.at("objects"), i);
        if (!objs[i].is_object()) {
            call.error(iptr, "\"objects\" lists objects or functions giving one, not " +
                                 typeName(objs[i]));
            continue;
        }
        nodes.push_back(ctx.compile(objs[i], iptr, call.depth() + 1));
    }
    return ctx.make<MergeNode>(std::move(nodes));
}

const Node* compileMap(const FunctionCall& call) {
    return call.ctx().make<MapNode>(call.compileParam("key"), call.compileParam("value"),
                                    call.compileParam("n"));
}

const Node* compileCache(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    return ctx.make<CacheNode>(call.compileParam("on"), call.compileParam("to"),
                               ctx.newNodeStateSlot());
}

}  // namespace

void addCollectionFunctions(std::vector<FunctionSpec>& out) {
    out.push_back({"repeatedly",
                   "collections",
                   "An array of `n` evaluations of `target`; `iterateVars` and `localVars` are "
                   "evaluated again for each element.",
                   {{"n", Accepts::Integer | Accepts::Function, true, "the number of elements"},
                    {"target", Accepts::Any, true, "the element (a value or function)"},
                    {"iterateVars", Accepts::Array, false, "names of vars to re-evaluate"},
                    {"localVars", Accepts::Object, false, "vars visible only in target"}},
                   compileRepeatedly});
    out.push_back(
        {"mapEach",
         "collections",
         "`function` applied to each element of `over` (the var `mapItem`); with "
         "`juxt`, mapItem is the array of the values at those paths.",
         {{"over", Accepts::Array | Accepts::Function, true, "the array"},
          {"function", Accepts::Function, false, "uses {\"_gen\": \"var\", \"var\": \"mapItem\"}"},
          {"juxt", Accepts::Array, false, "paths picked from each element"}},
         compileMapEach});
    out.push_back({"someKeys",
                   "collections",
                   "A random non-empty subset of `object`'s keys (each kept with probability "
                   "1/2; only kept ones are evaluated).",
                   {{"object", Accepts::Object, true, "an object of values or functions"}},
                   compileSomeKeys});
    out.push_back({"merge",
                   "collections",
                   "One object from `objects`, later keys overriding earlier ones.",
                   {{"objects", Accepts::Array, true, "objects, or functions giving them"}},
                   compileMerge});
    out.push_back({"map",
                   "collections",
                   "An object of `n` generated `key`/`value` pairs (a repeated key keeps its "
                   "latest value).",
                   {{"key", Accepts::Any, true, "the key (non-strings become JSON text)"},
                    {"value", Accepts::Any, true, "the value"},
                    {"n", Accepts::Integer | Accepts::Function, true, "the number of pairs"}},
                   compileMap});
    out.push_back({"cache",
                   "collections",
                   "The value `to` had the first time `on` had its current value (per run).",
                   {{"on", Accepts::Any, true, "the cache key (a value or function)"},
                    {"to", Accepts::Any, true, "the value to remember for that key"}},
                   compileCache});
}

}  // namespace riverdelta::generate
