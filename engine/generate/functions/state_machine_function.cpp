// stateMachine as a value function (a generator's top-level stateMachine is compiled by the
// compiler, since its states override the generator itself).
#include <fmt/format.h>

#include <map>

#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/generate/functions/state_machine_nodes.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

using scenario::appendPointer;
using scenario::didYouMean;

namespace {

using Index = std::map<std::string, std::int32_t, std::less<>>;

// A literal state name (or null: the end) as an index; false when it is neither.
bool stateIndex(const FunctionCall& call, const Index& index, const Json& j, const std::string& ptr,
                std::int32_t& out) {
    return stateIndexOf(
        j, index, "unknown state", [&](const std::string& m) { call.error(ptr, m); }, out);
}

const Node* compileStateMachineValue(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    if (call.param("merge") != nullptr)
        call.error(call.at("merge"),
                   "\"merge\" is for a generator's top-level \"stateMachine\" (it merges "
                   "events); a stateMachine inside a value yields its states' values as they are");
    const Json& states = *call.param("states");
    if (states.empty()) {
        call.error(call.at("states"), "\"states\" must name at least one state");
        return ctx.nullNode();
    }
    StateMachineValueNode::Definition def;
    Index index;
    for (auto it = states.begin(); it != states.end(); ++it) {
        index[it.key()] = static_cast<std::int32_t>(def.names.size());
        def.names.push_back(ctx.keep(it.key()));
        def.values.push_back(
            ctx.compile(it.value(), appendPointer(call.at("states"), it.key()), call.depth() + 1));
    }
    const Json& tr = *call.param("transitions");
    const std::string tptr = call.at("transitions");
    const Json* init = call.param("initial");
    if (init != nullptr) {
        if (isFunction(*init)) {
            def.initialNode = ctx.compile(*init, call.at("initial"), call.depth() + 1);
        } else {
            stateIndex(call, index, *init, call.at("initial"), def.initial);
        }
    }
    if (isFunction(tr)) {
        def.transitionsNode = ctx.compile(tr, tptr, call.depth() + 1);
    } else if (tr.is_array()) {
        if (tr.empty()) call.error(tptr, "\"transitions\" must not be empty");
        for (std::size_t i = 0; i < tr.size(); ++i) {
            const Json& e = tr[i];
            const std::string eptr = appendPointer(tptr, i);
            StateMachineValueNode::Step step;
            const Json* name = &e;
            std::string nptr = eptr;
            if (e.is_object() && !isFunction(e)) {
                checkKeys(ctx, e, eptr, "a transition step", {"state", "times"});
                if (!e.contains("state") || !e.contains("times")) {
                    call.error(eptr,
                               "a transition step is a state name or {\"state\": …, "
                               "\"times\": …}");
                    continue;
                }
                name = &e["state"];
                nptr = appendPointer(eptr, "state");
                step.times = numberParam(ctx, e["times"], appendPointer(eptr, "times"),
                                         "stateMachine", "times", call.depth() + 1);
            }
            if (isFunction(*name)) {
                step.stateNode = ctx.compile(*name, nptr, call.depth() + 2);
            } else if (!name->is_string()) {
                call.error(nptr,
                           "a transition step names a state (a string or a function), "
                           "not " +
                               typeName(*name));
                continue;
            } else {
                stateIndex(call, index, *name, nptr, step.state);
                if (step.state < 0) continue;
            }
            def.sequence.push_back(step);
        }
    } else if (tr.is_object()) {
        if (init == nullptr)
            call.error(call.pointer(),
                       "a stateMachine with a transitions object needs "
                       "\"initial\" (the first state)");
        def.next.assign(def.names.size(), {});  // a state without a transition ends it
        for (auto it = tr.begin(); it != tr.end(); ++it) {
            const std::string eptr = appendPointer(tptr, it.key());
            auto from = index.find(it.key());
            if (from == index.end()) {
                std::vector<std::string> names;
                for (const auto& [n, _] : index)
                    names.push_back(n);
                call.error(eptr, fmt::format("transition from unknown state \"{}\"{}", it.key(),
                                             didYouMean(it.key(), names)));
                continue;
            }
            auto& next = def.next[static_cast<std::size_t>(from->second)];
            if (isFunction(it.value())) {
                next.node = ctx.compile(it.value(), eptr, call.depth() + 2);
            } else if (!stateIndex(call, index, it.value(), eptr, next.target)) {
                call.error(eptr,
                           "a transition is a state name, null (the end) or a function "
                           "choosing one, not " +
                               typeName(it.value()));
            }
        }
    }
    return ctx.make<StateMachineValueNode>(ctx.newNodeStateSlot(), std::move(def));
}

}  // namespace

void addStateMachineFunction(std::vector<FunctionSpec>& out) {
    out.push_back(
        {"stateMachine",
         "sequences",
         "The value of the current state, then moves to the next one; a machine that ends "
         "makes its generator go dormant. (A generator's top-level `stateMachine` merges its "
         "states into the generator instead.)",
         {{"initial", Accepts::String | Accepts::Function, false,
           "the first state (with a transitions object)"},
          {"transitions", Accepts::Object | Accepts::Array | Accepts::Function, true,
           "state → next state (a name, null or a function), or an array of steps; a "
           "function is evaluated once"},
          {"states", Accepts::Object, true, "state name → the value it yields"},
          {"merge", Accepts::Object, false, "top-level state machines only"}},
         compileStateMachineValue});
}

}  // namespace riverdelta::generate
