// Compiler: each generator's header (name, target, connection; pass 1) and body (vars,
// key, payload, row operation, runtime configs; pass 2).
#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "engine/generate/kafka_generator_keys.h"
#include "engine/generate/run_settings.h"
#include "engine/generate/scenario_compiler.h"

namespace riverdelta::generate {

using scenario::appendPointer;
using scenario::didYouMean;

void Compiler::readGeneratorHeaders(const Json& root) {
    auto it = root.find("generators");
    if (it == root.end()) {
        error("", "the scenario needs \"generators\" (an array of generators)");
        return;
    }
    if (!it->is_array() || it->empty()) {
        error("/generators", "\"generators\" must be a non-empty array");
        return;
    }
    std::map<std::string, std::size_t> explicitNames;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const Json* gp = &(*it)[i];
        if (gp->is_object()) {
            if (auto n = gp->find("name"); n != gp->end() && n->is_string()) {
                if (auto o = overrides_.find(n->get<std::string>()); o != overrides_.end()) {
                    merged_.push_back(mergeJson(*gp, *o->second.json));
                    gp = &merged_.back();
                    overridden_.insert(o->first);
                }
            }
        }
        const Json& g = *gp;
        const std::string ptr = appendPointer("/generators", i);
        Header h{&g, ptr, false};
        GeneratorInfo info;
        program_->compiled_.emplace_back();
        if (!g.is_object() || failedInclude(g)) {
            if (failedInclude(g)) {
                h.json = nullptr;
            } else {
                error(ptr, "a generator must be an object, not " + typeName(g));
            }
            headers_.push_back(h);
            program_->infos_.push_back(std::move(info));
            continue;
        }
        checkKeys(
            g, ptr, "a generator",
            withSinkKeys({"name", "topic", "table", "connection", "key", "value", "row", "vars",
                          "varsOnce", "localConfigs", "fork", "stateMachine", "op", "where"}));
        readTarget(g, ptr, info, h);
        if (auto n = g.find("name"); n != g.end()) {
            if (!n->is_string() || n->get_ref<const std::string&>().empty()) {
                error(appendPointer(ptr, "name"), "\"name\" must be a non-empty string");
            } else {
                info.name = n->get<std::string>();
                if (auto [e, fresh] = explicitNames.emplace(info.name, i); !fresh) {
                    error(appendPointer(ptr, "name"),
                          fmt::format("generator name \"{}\" is already used by "
                                      "/generators/{}",
                                      info.name, e->second));
                }
            }
        }
        readConnectionOf(g, ptr, info);
        readSinkKeys(g, ptr, info);
        readLocalConfigs(g, ptr, info);
        headers_.push_back(h);
        program_->infos_.push_back(std::move(info));
    }
    // Unnamed generators are named after their topic/table ("#2", "#3" on repeats).
    std::map<std::string, int> used;
    for (const auto& info : program_->infos_) {
        if (!info.name.empty()) used[info.name] = 1;
    }
    for (auto& info : program_->infos_) {
        if (!info.name.empty()) continue;
        std::string base = info.target.empty() ? "generator" : info.target;
        std::string name = base;
        for (int k = 2; used.count(name); ++k)
            name = base + "#" + std::to_string(k);
        used[name] = 1;
        info.name = name;
    }
}

void Compiler::compileGenerator(std::size_t gi) {
    const Header& h = headers_[gi];
    if (h.json == nullptr || !h.json->is_object()) return;
    const Json& g = *h.json;
    GeneratorInfo& info = program_->infos_[gi];
    Program::Compiled& out = program_->compiled_[gi];
    Scope scope;
    scope.generator = gi;
    scope_ = &scope;
    const bool topic = info.kind == TargetKind::Topic;
    const auto fj = g.find("fork");
    const bool forked = fj != g.end();

    // Slots for every var first, so definitions may refer to each other in any order.
    struct Def {
        std::string name;
        const Json* json;
        std::string ptr;
        bool once;
    };
    std::vector<Def> defs;
    if (forked) {
        scope.slots["forkKey"] = 0;
        defs.push_back({"forkKey", nullptr, appendPointer(h.pointer, "fork"), false});
    }
    for (const char* section : {"varsOnce", "vars"}) {
        auto v = g.find(section);
        if (v == g.end()) continue;
        const std::string sptr = appendPointer(h.pointer, section);
        if (!v->is_object()) {
            error(sptr, fmt::format("\"{}\" must be an object mapping names to values", section));
            continue;
        }
        for (auto it = v->begin(); it != v->end(); ++it) {
            if (forked && it.key() == "forkKey") {
                error(appendPointer(sptr, it.key()),
                      "var \"forkKey\" is the fork's key in a forked generator; name this var "
                      "differently");
                continue;
            }
            if (scope.slots.count(it.key())) {
                error(appendPointer(sptr, it.key()),
                      fmt::format("var \"{}\" is defined twice", it.key()));
                continue;
            }
            const auto slot = static_cast<std::uint32_t>(scope.slots.size());
            scope.slots[it.key()] = slot;
            const bool once = std::string_view(section) == "varsOnce";
            if (once) scope.onceNames.insert(it.key());
            defs.push_back({it.key(), &it.value(), appendPointer(sptr, it.key()), once});
        }
    }
    out.slotCount = static_cast<std::uint32_t>(scope.slots.size());
    scope.slotNodes.assign(out.slotCount, nullptr);
    std::vector<std::set<std::uint32_t>> deps(defs.size());
    for (std::size_t d = 0; d < defs.size(); ++d) {
        if (defs[d].json == nullptr) continue;  // forkKey: filled by the session
        scope.deps = &deps[d];
        scope.inVarsOnce = defs[d].once;
        scope.slotNodes[d] = compileValue(*defs[d].json, defs[d].ptr, scope, 0);
    }
    scope.deps = nullptr;
    scope.inVarsOnce = false;
    for (auto& [node, slot] : scope.varNodes)
        node->setDefinition(scope.slotNodes[slot]);
    orderVars(defs.size(), deps, scope, defs, out);

    // Key and payload.
    const bool dataSink = info.kind == TargetKind::Data;
    if (dataSink) {
        for (const char* k : {"key", "value", "row"}) {
            if (g.contains(k)) {
                error(appendPointer(h.pointer, k),
                      fmt::format("\"{}\" is for {} generators; a \"{}\" generator has "
                                  "\"data\"",
                                  k, std::string_view(k) == "row" ? "table" : "topic",
                                  info.targetKey));
            }
        }
        compileSinkKey(g, h.pointer, info, scope, out);
    } else if (topic) {
        if (g.contains("row")) {
            error(appendPointer(h.pointer, "row"),
                  "\"row\" is for table generators; a topic generator has \"key\" and/or "
                  "\"value\"");
        }
        if (!g.contains("key") && !g.contains("value")) {
            error(h.pointer, "a topic generator needs \"value\" and/or \"key\"");
        }
        for (const char* k : {"op", "where"}) {
            if (g.contains(k)) {
                error(appendPointer(h.pointer, k),
                      fmt::format("\"{}\" is for table generators (PostgreSQL updates and "
                                  "deletes); a topic generator only appends events",
                                  k));
            }
        }
    } else {
        for (const char* k : {"key", "value"}) {
            if (g.contains(k)) {
                error(appendPointer(h.pointer, k),
                      fmt::format("\"{}\" is for topic generators; a table generator has "
                                  "\"row\"",
                                  k));
            }
        }
        auto row = g.find("row");
        if (row == g.end()) {
            error(h.pointer, "a table generator needs \"row\" (an object of columns)");
        } else if (!row->is_object() || isFunction(*row)) {
            error(appendPointer(h.pointer, "row"),
                  "\"row\" must be an object mapping column names to values");
        }
    }
    if (auto k = g.find("key"); k != g.end() && topic) {
        out.key = compileValue(*k, appendPointer(h.pointer, "key"), scope, 0);
        info.hasKey = true;
    }
    // A topic generator has no `where`: its record headers travel in that slot
    // (Event::headers()), through delay and repeat like the rest of the event.
    if (auto hd = g.find("headers"); hd != g.end() && topic) {
        const std::string hptr = appendPointer(h.pointer, "headers");
        if (checkKafkaHeaders(*this, *hd, hptr)) out.where = compileValue(*hd, hptr, scope, 0);
    }
    const char* payloadKey = topic                      ? "value"
                             : info.targetKey == "kind" ? "query"  // a reader's SQL
                             : dataSink                 ? "data"
                                                        : "row";
    if (auto p = g.find(payloadKey); p != g.end() && (topic || dataSink || p->is_object())) {
        const std::string pptr = appendPointer(h.pointer, payloadKey);
        out.payload = compileValue(*p, pptr, scope, 0);
        info.hasPayload = true;
        if (p->is_object() && !isFunction(*p)) {
            addColumns(gi, *p, pptr, out.payload);
        }
    }

    // Row operation.
    if (!topic) {
        out.op = readOp(g, h.pointer);
        if (auto w = g.find("where"); w != g.end())
            out.where = compileWhere(*w, appendPointer(h.pointer, "where"), scope);
        if ((out.op == RowOp::Update || out.op == RowOp::Delete) && !g.contains("where") &&
            !g.contains("stateMachine")) {
            error(appendPointer(h.pointer, "op"),
                  fmt::format("\"op\": \"{}\" needs \"where\": the columns and values that "
                              "select the rows to {}",
                              out.op == RowOp::Update ? "update" : "delete",
                              out.op == RowOp::Update ? "update" : "delete"));
        }
    }

    // Runtime configs (localConfigs, else globalConfigs).
    out.throttle = compileThrottle(g, h.pointer, scope, /*state=*/false);
    {
        Config max = config(g, h.pointer, "maxEvents");
        bool exactly = false;
        if (!max) {
            max = config(g, h.pointer, "events");
            exactly = static_cast<bool>(max);
        }
        if (max) {
            const Json* j = max.json;
            std::string mptr = max.pointer;
            if (exactly && j->is_object() && j->contains("exactly")) {
                j = &(*j)["exactly"];
                mptr = appendPointer(mptr, "exactly");
            }
            if (isFunction(*j)) {
                out.maxEvents = compileValue(*j, mptr, scope, 0);
            } else {
                out.maxEventsLiteral = info.maxEvents;
            }
        } else {
            out.maxEventsLiteral = globalMaxEvents_;
        }
    }
    if (Config m = config(g, h.pointer, "maxMs")) {
        if (!m.json->is_number() || m.json->get<double>() < 0) {
            error(m.pointer, "\"maxMs\" must be a non-negative number of milliseconds");
        } else {
            out.maxMs = m.json->get<double>();
        }
    }
    if (Config b = config(g, h.pointer, "maxBytes"))
        out.maxBytes = readMaxBytes(*this, *b.json, b.pointer);
    out.delay = readRate(config(g, h.pointer, "delay"), "delay", "ms", scope);
    out.discard = readRate(config(g, h.pointer, "discard"), "discard", nullptr, scope);
    out.repeat = readRate(config(g, h.pointer, "repeat"), "repeat", "times", scope);
    if (Config m = config(g, h.pointer, "maxHistoryEvents")) {
        if (auto v = integerLiteral(*m.json, m.pointer, "\"maxHistoryEvents\"")) {
            if (*v < 0) {
                error(m.pointer, "\"maxHistoryEvents\" must not be negative");
            } else {
                out.maxHistory = static_cast<std::size_t>(*v);
            }
        }
    } else if (Config hc = config(g, h.pointer, "history")) {
        const Json* e = hc.json->is_object() ? &*hc.json : nullptr;
        const Json* maxJ = nullptr;
        if (e != nullptr && e->contains("events") && (*e)["events"].is_object() &&
            (*e)["events"].contains("max"))
            maxJ = &(*e)["events"]["max"];
        if (maxJ == nullptr || !maxJ->is_number_integer() || maxJ->get<std::int64_t>() < 0) {
            error(hc.pointer, "\"history\" must be {\"events\": {\"max\": N}}");
        } else {
            out.maxHistory = static_cast<std::size_t>(maxJ->get<std::int64_t>());
        }
    }

    if (forked) compileFork(*fj, appendPointer(h.pointer, "fork"), gi, scope);
    if (auto sm = g.find("stateMachine"); sm != g.end())
        compileStateMachine(*sm, appendPointer(h.pointer, "stateMachine"), gi, scope);

    // Every operation this generator's events may carry, for the sinks.
    if (!topic) {
        std::vector<RowOp> ops{RowOp::Insert};
        auto add = [&](RowOp op) {
            if (std::find(ops.begin(), ops.end(), op) == ops.end()) ops.push_back(op);
        };
        if (out.stateMachine) {
            for (const auto& st : out.stateMachine->states)
                add(st.op);
        } else {
            add(out.op);
        }
        if (!out.stateMachine && out.op != RowOp::Insert) ops.erase(ops.begin());
        info.ops = std::move(ops);
    }
    if (forked && out.fork) {  // no fork when its definition had errors
        info.forked = true;
        info.maxEventsPerFork = out.maxEventsLiteral;
        const auto& f = *out.fork;
        // Total events are known when the number of forks is: array keys or maxForks.
        std::uint64_t forks = UINT64_MAX;
        if (f.keyNode == nullptr) forks = f.keys.size();
        if (f.maxForks && !f.keepAlive) forks = std::min(forks, *f.maxForks);
        info.maxEvents.reset();
        if (forks != UINT64_MAX && !f.keepAlive && out.maxEventsLiteral)
            info.maxEvents = forks * *out.maxEventsLiteral;
    }
    if (out.maxEvents != nullptr) info.maxEvents.reset();
    out.keepPrevious = scope.usesPrevious || (out.stateMachine && out.stateMachine->mergePrevious);
    // Functions may have added local var slots after the generator's own vars.
    out.slotCount = static_cast<std::uint32_t>(scope.slotNodes.size());
    for (auto& [node, slot] : scope.varNodes)
        node->setDefinition(scope.slotNodes[slot]);
}

RowOp Compiler::readOp(const Json& obj, const std::string& ptr, RowOp fallback) {
    auto o = obj.find("op");
    if (o == obj.end()) return fallback;
    static const std::vector<std::string> ops = {"insert", "update", "delete"};
    const std::string optr = appendPointer(ptr, "op");
    const std::string name = o->is_string() ? o->get<std::string>() : std::string();
    if (name == "insert") return RowOp::Insert;
    if (name == "update") return RowOp::Update;
    if (name == "delete") return RowOp::Delete;
    error(optr, o->is_string() ? fmt::format("unsupported op \"{}\"{}; expected {}", name,
                                             didYouMean(name, ops), quoteList(ops))
                               : "\"op\" must be " + quoteList(ops));
    return fallback;
}

const Node* Compiler::compileWhere(const Json& w, const std::string& ptr, Scope& scope) {
    if (!w.is_object() || isFunction(w) || w.empty()) {
        error(ptr,
              "\"where\" must be a non-empty object mapping column names to the values "
              "that select the rows, like {\"id\": {\"_gen\": \"var\", \"var\": "
              "\"forkKey\"}}");
        return nullptr;
    }
    return compileValue(w, ptr, scope, 0);
}

template <class Defs>
void Compiler::orderVars(std::size_t n, const std::vector<std::set<std::uint32_t>>& deps,
                         Scope& scope, const Defs& defs, Program::Compiled& out) {
    // Depth-first topological order; a back edge is a cycle.
    std::vector<int> state(n, 0);  // 0 new, 1 visiting, 2 done
    std::vector<std::uint32_t> stack;
    std::function<void(std::uint32_t)> visit = [&](std::uint32_t v) {
        state[v] = 1;
        stack.push_back(v);
        for (std::uint32_t w : deps[v]) {
            if (w >= n) continue;
            if (state[w] == 1) {
                std::string cycle;
                auto start = std::find(stack.begin(), stack.end(), w);
                for (auto it = start; it != stack.end(); ++it)
                    cycle += defs[*it].name + " -> ";
                cycle += defs[w].name;
                error(defs[w].ptr, "cyclic vars: " + cycle);
                continue;
            }
            if (state[w] == 0) visit(w);
        }
        if (defs[v].once) {
            for (std::uint32_t w : deps[v]) {
                if (w < n && !defs[w].once) {
                    error(defs[v].ptr,
                          fmt::format("varsOnce \"{}\" uses per-event var \"{}\"; varsOnce "
                                      "may only use other varsOnce",
                                      defs[v].name, defs[w].name));
                }
            }
        }
        stack.pop_back();
        state[v] = 2;
        if (scope.slotNodes[v] == nullptr) return;
        Program::VarDef def{v, scope.slotNodes[v], defs[v].name};
        (defs[v].once ? out.varsOnce : out.vars).push_back(std::move(def));
    };
    for (std::uint32_t v = 0; v < n; ++v) {
        if (state[v] == 0) visit(v);
    }
}

}  // namespace riverdelta::generate
