// Compiler: a generator's top-level stateMachine (states, transitions, merge).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/generate/scenario_compiler.h"
#include "engine/generate/state_hooks.h"

namespace riverdelta::generate {

using scenario::appendPointer;
using scenario::didYouMean;

namespace {
// For "did you mean" in an error about a state name.
std::vector<std::string> stateNames(const std::map<std::string, std::int32_t>& index) {
    std::vector<std::string> names;
    names.reserve(index.size());
    for (const auto& entry : index)
        names.push_back(entry.first);
    return names;
}
}  // namespace

// The fields of an object node (or folded constant object); nullopt for anything else.
std::optional<std::vector<std::pair<std::string_view, const Node*>>> Compiler::objectFields(
    const Node* node) {
    std::vector<std::pair<std::string_view, const Node*>> fields;
    if (const auto* obj = dynamic_cast<const ObjectNode*>(node)) {
        for (std::size_t i = 0; i < obj->children().size(); ++i)
            fields.emplace_back(obj->keys()[i], obj->children()[i]);
        return fields;
    }
    if (node != nullptr) {
        if (const Value* c = node->constant(); c && c->kind == ValueKind::Object) {
            for (const Member& m : c->object())
                fields.emplace_back(m.key, program_->make<ConstantNode>(m.value));
            return fields;
        }
    }
    return std::nullopt;
}

// A state's object merged into the generator's (its fields replace or extend them).
const Node* Compiler::mergeNodes(const Node* base, const Node* over) {
    auto b = objectFields(base);
    auto o = objectFields(over);
    if (!b || !o) return over;
    for (const auto& [k, n] : *o) {
        const auto key = k;  // clang 14 cannot capture a structured binding
        auto it = std::find_if(b->begin(), b->end(), [&](const auto& f) { return f.first == key; });
        if (it != b->end()) {
            it->second = n;
        } else {
            b->emplace_back(k, n);
        }
    }
    std::vector<std::string_view> keys;
    std::vector<const Node*> children;
    for (const auto& [k, n] : *b) {
        keys.push_back(k);
        children.push_back(n);
    }
    return program_->make<ObjectNode>(std::move(keys), std::move(children));
}

Program::Transition Compiler::readTransition(const Json& t, const std::string& ptr,
                                             const std::map<std::string, std::int32_t>& index,
                                             Scope& scope) {
    Program::Transition tr;
    auto target = [&](const Json& v, const std::string& vptr, std::int32_t& out) {
        return stateIndexOf(
            v, index, "transition to unknown state", [&](const std::string& m) { error(vptr, m); },
            out);
    };
    if (t.is_null()) return tr;
    if (t.is_string()) {
        tr.kind = Program::Transition::Kind::Fixed;
        target(t, ptr, tr.target);
        if (tr.target < 0) tr.kind = Program::Transition::Kind::End;
        return tr;
    }
    if (!isFunction(t)) {
        error(ptr,
              "a transition must be a state name, null (the end) or a function choosing "
              "one, not " +
                  typeName(t));
        return tr;
    }
    // oneOf / weightedOneOf over literal names: drawn without evaluating anything.
    const std::string fn = t["_gen"].is_string() ? t["_gen"].get<std::string>() : "";
    const auto choices = t.find("choices");
    if ((fn == "oneOf" || fn == "weightedOneOf") && choices != t.end() && choices->is_array() &&
        !choices->empty()) {
        bool literalNames = true;
        std::vector<double> weights;
        std::vector<std::int32_t> targets;
        for (std::size_t i = 0; i < choices->size() && literalNames; ++i) {
            const Json& c = (*choices)[i];
            const Json* v = &c;
            double w = 1;
            std::string cptr = appendPointer(appendPointer(ptr, "choices"), i);
            if (fn == "weightedOneOf") {
                if (!c.is_object() || !c.contains("value") || !c.contains("weight") ||
                    !c["weight"].is_number() || c["weight"].get<double>() < 0) {
                    literalNames = false;
                    break;
                }
                w = c["weight"].get<double>();
                v = &c["value"];
                cptr = appendPointer(cptr, "value");
            }
            std::int32_t to = -1;
            if (!target(*v, cptr, to)) {
                literalNames = false;
                break;
            }
            weights.push_back(w);
            targets.push_back(to);
        }
        double total = 0;
        for (double w : weights)
            total += w;
        if (literalNames && total > 0 && std::isfinite(total)) {
            checkKeys(t, ptr, fmt::format("function \"{}\"", fn), {"_gen", "choices"});
            tr.kind = Program::Transition::Kind::Weighted;
            double acc = 0;
            for (std::size_t i = 0; i < weights.size(); ++i) {
                acc += weights[i];
                tr.cumulative.push_back(acc / total);
            }
            tr.cumulative.back() = 1.0;
            tr.targets = std::move(targets);
            return tr;
        }
    }
    tr.kind = Program::Transition::Kind::Dynamic;
    tr.node = compileValue(t, ptr, scope, 0);
    return tr;
}

void Compiler::compileStateMachine(const Json& smj, const std::string& ptr, std::size_t gi,
                                   Scope& scope) {
    Program::Compiled& out = program_->compiled_[gi];
    GeneratorInfo& info = program_->infos_[gi];
    const bool topic = info.kind == TargetKind::Topic;
    if (!smj.is_object()) {
        error(ptr, "\"stateMachine\" must be an object with \"transitions\" and \"states\"");
        return;
    }
    if (auto gen = smj.find("_gen");
        gen != smj.end() && (!gen->is_string() || gen->get<std::string>() != "stateMachine")) {
        error(appendPointer(ptr, "_gen"),
              "a top-level \"stateMachine\" is {\"_gen\": \"stateMachine\", …}");
        return;
    }
    checkKeys(smj, ptr, "a state machine", {"_gen", "initial", "transitions", "states", "merge"});
    Program::StateMachine sm;
    auto states = smj.find("states");
    const std::string sptr = appendPointer(ptr, "states");
    if (states == smj.end() || !states->is_object() || isFunction(*states) || states->empty()) {
        error(states == smj.end() ? ptr : sptr,
              "a state machine needs \"states\": an object mapping state names to what "
              "each state emits");
        return;
    }
    std::map<std::string, std::int32_t> index;
    for (auto it = states->begin(); it != states->end(); ++it)
        index[it.key()] = static_cast<std::int32_t>(index.size());
    std::vector<std::string> stateKeys =
        topic ? std::vector<std::string>{"key", "value", "localConfigs"}
              : std::vector<std::string>{"row", "op", "where", "localConfigs"};
    for (const char* hook : {"preHook", "postHook"})
        stateKeys.push_back(hook);  // known, and refused with the reason
    for (auto it = states->begin(); it != states->end(); ++it) {
        const std::string stp = appendPointer(sptr, it.key());
        const Json& sj = it.value();
        Program::StateDef st;
        st.name = it.key();
        st.key = out.key;
        st.payload = out.payload;
        st.op = out.op;
        st.where = out.where;
        if (!sj.is_object() || isFunction(sj)) {
            error(stp, fmt::format("a state of a top-level state machine is an object with {}, "
                                   "not {}",
                                   quoteList(stateKeys), typeName(sj)));
            sm.states.push_back(std::move(st));
            continue;
        }
        checkKeys(sj, stp, "a state", stateKeys);
        refuseStateHooks(*this, sj, stp);
        if (auto k = sj.find("key"); k != sj.end() && topic) {
            st.key = mergeNodes(out.key, compileValue(*k, appendPointer(stp, "key"), scope, 0));
            info.hasKey = true;
        }
        const char* pk = topic ? "value" : "row";
        if (auto p = sj.find(pk); p != sj.end()) {
            const std::string pptr = appendPointer(stp, pk);
            if (!topic && (!p->is_object() || isFunction(*p))) {
                error(pptr, "\"row\" must be an object mapping column names to values");
            } else {
                const Node* node = compileValue(*p, pptr, scope, 0);
                st.payload = mergeNodes(out.payload, node);
                info.hasPayload = true;
                if (p->is_object() && !isFunction(*p)) addColumns(gi, *p, pptr, node);
            }
        }
        if (!topic) {
            st.op = readOp(sj, stp, out.op);
            if (auto w = sj.find("where"); w != sj.end())
                st.where = compileWhere(*w, appendPointer(stp, "where"), scope);
            if ((st.op == RowOp::Update || st.op == RowOp::Delete) && st.where == nullptr &&
                !sj.contains("where")) {
                error(sj.contains("op") ? appendPointer(stp, "op") : stp,
                      fmt::format("state \"{}\" {}s rows but neither it nor the generator has "
                                  "\"where\" (the columns that select the rows)",
                                  st.name, st.op == RowOp::Update ? "update" : "delete"));
            }
        }
        if (auto lc = sj.find("localConfigs"); lc != sj.end()) {
            const std::string lptr = appendPointer(stp, "localConfigs");
            if (!lc->is_object()) {
                error(lptr, "\"localConfigs\" must be an object");
            } else {
                checkKeys(*lc, lptr, "a state's localConfigs",
                          {"throttleMs", "throttle", "throughput", "delay"});
                st.throttle = compileThrottle(sj, stp, scope, /*state=*/true);
                if (auto d = lc->find("delay"); d != lc->end())
                    st.delay =
                        readRate(Config{&*d, appendPointer(lptr, "delay")}, "delay", "ms", scope);
            }
        }
        sm.states.push_back(std::move(st));
    }
    auto tr = smj.find("transitions");
    const std::string tptr = appendPointer(ptr, "transitions");
    if (tr == smj.end()) {
        error(ptr,
              "a state machine needs \"transitions\": an object mapping each state to "
              "the next, or an array of states in order");
    } else if (tr->is_array()) {
        if (tr->empty()) error(tptr, "\"transitions\" must not be empty");
        for (std::size_t i = 0; i < tr->size(); ++i) {
            const Json& e = (*tr)[i];
            const std::string eptr = appendPointer(tptr, i);
            Program::SequenceStep step;
            const Json* name = &e;
            std::string nptr = eptr;
            if (e.is_object() && !isFunction(e)) {
                checkKeys(e, eptr, "a transition step", {"state", "times"});
                if (!e.contains("state") || !e.contains("times")) {
                    error(eptr,
                          "a transition step is a state name or {\"state\": …, "
                          "\"times\": …}");
                    continue;
                }
                name = &e["state"];
                nptr = appendPointer(eptr, "state");
                step.times = amount(e["times"], appendPointer(eptr, "times"), "\"times\"", scope);
            }
            if (name->is_string()) {
                auto it = index.find(name->get<std::string>());
                if (it == index.end()) {
                    const std::vector<std::string> names = stateNames(index);
                    error(nptr, fmt::format("unknown state \"{}\"{}", name->get<std::string>(),
                                            didYouMean(name->get<std::string>(), names)));
                    continue;
                }
                step.state = it->second;
            } else if (isFunction(*name)) {
                step.stateNode = compileValue(*name, nptr, scope, 0);
            } else {
                error(nptr, "a transition step names a state (a string or a function), not " +
                                typeName(*name));
                continue;
            }
            sm.sequence.push_back(step);
        }
    } else if (tr->is_object() && !isFunction(*tr)) {
        auto init = smj.find("initial");
        if (init == smj.end()) {
            error(ptr,
                  "a state machine with a transitions object needs \"initial\" (the "
                  "first state)");
        } else if (isFunction(*init)) {
            sm.initialNode = compileValue(*init, appendPointer(ptr, "initial"), scope, 0);
        } else if (!init->is_string()) {
            error(appendPointer(ptr, "initial"),
                  "\"initial\" must be the name of a state or a function naming one");
        } else if (auto it = index.find(init->get<std::string>()); it == index.end()) {
            const std::vector<std::string> names = stateNames(index);
            error(appendPointer(ptr, "initial"),
                  fmt::format("unknown initial state \"{}\"{}", init->get<std::string>(),
                              didYouMean(init->get<std::string>(), names)));
        } else {
            sm.initial = it->second;
        }
        for (auto it = tr->begin(); it != tr->end(); ++it) {
            const std::string eptr = appendPointer(tptr, it.key());
            auto from = index.find(it.key());
            if (from == index.end()) {
                const std::vector<std::string> names = stateNames(index);
                error(eptr, fmt::format("transition from unknown state \"{}\"{}", it.key(),
                                        didYouMean(it.key(), names)));
                continue;
            }
            sm.states[static_cast<std::size_t>(from->second)].next =
                readTransition(it.value(), eptr, index, scope);
        }
    } else if (isFunction(*tr)) {
        // Evaluated once per instance (after its first vars): an object or an array.
        sm.transitionsNode = compileValue(*tr, tptr, scope, 0);
        sm.initial = -1;
        if (auto init = smj.find("initial"); init != smj.end()) {
            const std::string iptr = appendPointer(ptr, "initial");
            if (isFunction(*init)) {
                sm.initialNode = compileValue(*init, iptr, scope, 0);
            } else if (auto it =
                           init->is_string() ? index.find(init->get<std::string>()) : index.end();
                       it != index.end()) {
                sm.initial = it->second;
            } else {
                error(iptr, "\"initial\" must name one of the states or be a function");
            }
        }
    } else {
        error(tptr,
              "\"transitions\" must be an object (state → next state), an array of "
              "states or a function giving one of them");
    }
    if (auto m = smj.find("merge"); m != smj.end()) {
        const std::string mptr = appendPointer(ptr, "merge");
        if (!m->is_object() || !m->contains("previous") || !(*m)["previous"].is_boolean()) {
            error(mptr, "\"merge\" must be {\"previous\": true|false}");
        } else {
            checkKeys(*m, mptr, "merge", {"previous"});
            sm.mergePrevious = (*m)["previous"].get<bool>();
        }
    }
    info.stateMachine = true;
    out.stateMachine = std::move(sm);
}

}  // namespace riverdelta::generate
