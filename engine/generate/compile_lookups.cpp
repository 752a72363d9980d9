// Compiler: lookup and previousEvent, which read other events, and the check that the
// generators of a stage do not wait on each other's lookups forever.
#include <fmt/format.h>

#include "engine/generate/generator_nodes.h"
#include "engine/generate/scenario_compiler.h"

namespace riverdelta::generate {

using scenario::appendPointer;
using scenario::didYouMean;

namespace {

bool samePath(const Path& a, const Path& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].isIndex != b[i].isIndex) return false;
        if (a[i].isIndex ? a[i].index != b[i].index : a[i].key != b[i].key) return false;
    }
    return true;
}

}  // namespace

const Node* Compiler::compilePreviousEvent(const Json& j, const std::string& ptr) {
    Scope& scope = *scope_;
    Path path;
    bool ok = true;
    if (auto p = j.find("path"); p != j.end()) {
        auto parsed = readPath(*p, appendPointer(ptr, "path"));
        ok = parsed.has_value();
        if (parsed) path = std::move(*parsed);
    }
    const Node* fallback = nullptr;
    if (auto d = j.find("defaultValue"); d != j.end())
        fallback = compileValue(*d, appendPointer(ptr, "defaultValue"), scope, 1);
    if (scope.inVarsOnce) {
        error(ptr, "previousEvent cannot be used in varsOnce; use vars");
        ok = false;
    }
    if (scope.lookupDeps != nullptr) {
        error(ptr, "previousEvent reads a fork's own events; it cannot compute the fork key");
        ok = false;
    }
    scope.usesPrevious = true;
    return ok ? static_cast<const Node*>(
                    program_->make<PreviousEventNode>(std::move(path), fallback))
              : nullNode();
}

const Node* Compiler::compileLookup(const Json& j, const std::string& pointer) {
    return compileLookup(j, pointer, *scope_);
}

const Node* Compiler::compileLookup(const Json& j, const std::string& ptr, Scope& scope) {
    auto& infos = program_->infos_;
    std::vector<std::uint32_t> sources;
    std::string described;
    auto str = [&](const char* key) -> std::optional<std::string> {
        auto it = j.find(key);
        if (it == j.end()) return std::nullopt;
        if (!it->is_string()) {
            error(appendPointer(ptr, key), fmt::format("\"{}\" must be a string", key));
            return std::string();
        }
        return it->get<std::string>();
    };
    auto name = str("name");
    auto topic = str("topic");
    auto table = str("table");
    auto connection = str("connection");
    const int addressing = (name ? 1 : 0) + (topic ? 1 : 0) + (table ? 1 : 0);
    if (addressing != 1) {
        error(ptr,
              "function \"lookup\" needs exactly one of \"name\" (a generator), "
              "\"topic\" or \"table\"");
        return nullNode();
    }
    std::vector<std::string> allNames;
    allNames.reserve(infos.size());
    for (const auto& info : infos)
        allNames.push_back(info.name);
    if (name) {
        auto idx = program_->findGenerator(*name);
        if (!idx) {
            error(appendPointer(ptr, "name"), fmt::format("lookup of unknown generator \"{}\"{}",
                                                          *name, didYouMean(*name, allNames)));
            return nullNode();
        }
        sources.push_back(static_cast<std::uint32_t>(*idx));
        described = "generator \"" + *name + "\"";
    } else {
        const TargetKind kind = topic ? TargetKind::Topic : TargetKind::Table;
        const std::string& target = topic ? *topic : *table;
        std::vector<std::string> targets;
        for (std::size_t i = 0; i < infos.size(); ++i) {
            if (infos[i].kind != kind) continue;
            targets.push_back(infos[i].target);
            if (infos[i].target != target) continue;
            if (connection && infos[i].connection != *connection) continue;
            sources.push_back(static_cast<std::uint32_t>(i));
        }
        if (sources.empty()) {
            error(appendPointer(ptr, topic ? "topic" : "table"),
                  fmt::format("lookup of unknown generator: no generator writes {} \"{}\"{}{}",
                              topic ? "topic" : "table", target,
                              connection ? " on connection \"" + *connection + "\"" : "",
                              didYouMean(target, targets)));
            return nullNode();
        }
        described = fmt::format("{} \"{}\"", topic ? "topic" : "table", target);
    }
    // Path: [] or absent is the whole event; "vars" reads the event's variables; a table's
    // columns may be named without "row" (as ShadowTraffic accepts).
    Path path;
    bool hasPath = false;
    if (auto col = j.find("column"); col != j.end()) {
        if (!col->is_string()) {
            error(appendPointer(ptr, "column"), "\"column\" must be a string");
            return nullNode();
        }
        if (j.contains("path")) {
            error(ptr, "give either \"path\" or \"column\", not both");
            return nullNode();
        }
        path.push_back({program_->keep("row"), 0, false});
        path.push_back({program_->keep(col->get<std::string>()), 0, false});
        hasPath = true;
    } else if (auto p = j.find("path"); p != j.end()) {
        auto parsed = readPath(*p, appendPointer(ptr, "path"));
        if (!parsed) return nullNode();
        path = std::move(*parsed);
        hasPath = !path.empty();
    }
    Program::RecordedPath recorded;
    recorded.root = Program::RecordRoot::Whole;
    if (hasPath) {
        const bool topicSource = infos[sources[0]].kind == TargetKind::Topic;
        const bool dataSource = infos[sources[0]].kind == TargetKind::Data;
        const std::string_view first = path[0].isIndex ? std::string_view() : path[0].key;
        std::size_t from = 1;
        if (first == "vars") {
            recorded.root = Program::RecordRoot::Vars;
        } else if (topicSource && first == "key") {
            recorded.root = Program::RecordRoot::Key;
        } else if (topicSource ? first == "value" : first == (dataSource ? "data" : "row")) {
            recorded.root = Program::RecordRoot::Payload;
        } else if (!topicSource && !dataSource && !path[0].isIndex) {
            recorded.root = Program::RecordRoot::Payload;  // ["id"] means ["row", "id"]
            from = 0;
        } else {
            error(appendPointer(ptr, "path"),
                  fmt::format("a lookup path into {} must start with {} (or \"vars\" for "
                              "the variables the event was made with)",
                              described,
                              topicSource  ? "\"key\" or \"value\""
                              : dataSource ? "\"data\""
                                           : "\"row\""));
            return nullNode();
        }
        recorded.path.assign(path.begin() + static_cast<std::ptrdiff_t>(from), path.end());
    }
    std::optional<HistogramSpec> histogram;
    if (auto h = j.find("histogram"); h != j.end()) {
        histogram = readHistogram(*h, appendPointer(ptr, "histogram"));
        if (!histogram) return nullNode();
    }
    bool unique = false;
    if (auto u = j.find("unique"); u != j.end()) {
        if (!u->is_boolean()) {
            error(appendPointer(ptr, "unique"), "\"unique\" must be true or false");
            return nullNode();
        }
        unique = u->get<bool>();
    }
    if (unique && histogram) {
        error(ptr, "a lookup cannot be both \"unique\" and weighted by a \"histogram\"");
        return nullNode();
    }
    if (unique && sources.size() != 1) {
        error(ptr, fmt::format("a \"unique\" lookup needs a single generator, but {} is "
                               "written by {} generators; address one with \"name\"",
                               described, sources.size()));
        return nullNode();
    }
    auto strategy = LookupNode::Strategy::Random;
    if (&j == scope.inOrderLookup) strategy = LookupNode::Strategy::InOrder;
    if (auto st = j.find("strategy"); st != j.end()) {
        static const std::vector<std::string> strategies = {"first", "last", "random"};
        const std::string sptr = appendPointer(ptr, "strategy");
        const std::string chosen = st->is_string() ? st->get<std::string>() : std::string();
        if (chosen == "first") {
            strategy = LookupNode::Strategy::First;
        } else if (chosen == "last") {
            strategy = LookupNode::Strategy::Last;
        } else if (chosen == "random") {
            strategy = LookupNode::Strategy::Random;
        } else {
            error(sptr, fmt::format("unknown lookup strategy \"{}\"{}; expected {}", chosen,
                                    didYouMean(chosen, strategies), quoteList(strategies)));
            return nullNode();
        }
        if (histogram && strategy != LookupNode::Strategy::Random) {
            error(ptr, "a \"histogram\" weights random picks; it cannot go with strategy \"" +
                           chosen + "\"");
            return nullNode();
        }
        if (unique && strategy != LookupNode::Strategy::Random) {
            error(ptr,
                  "a \"unique\" lookup picks among the events not yet taken; it cannot "
                  "go with strategy \"" +
                      chosen + "\"");
            return nullNode();
        }
    }
    // Stages: a lookup can only read generators that run before or alongside.
    const int myStage = infos[scope.generator].stage;
    for (std::uint32_t s : sources) {
        if (myStage < 0) break;
        if (infos[s].stage < 0) {
            error(ptr, fmt::format("lookup of generator \"{}\", which no stage of the "
                                   "schedule runs, so it never emits",
                                   infos[s].name));
            return nullNode();
        }
        if (infos[s].stage > myStage) {
            error(ptr, fmt::format("lookup of generator \"{}\" (stage {}) from stage {}: it "
                                   "only starts after this stage has finished",
                                   infos[s].name, infos[s].stage, myStage));
            return nullNode();
        }
    }
    if (scope.inVarsOnce) {
        error(ptr, "a lookup cannot be used in varsOnce; use vars");
        return nullNode();
    }
    std::vector<LookupNode::Source> srcs;
    for (std::uint32_t s : sources) {
        auto& list = program_->compiled_[s].recordedPaths;
        std::uint32_t idx = 0;
        while (idx < list.size() &&
               !(list[idx].root == recorded.root && samePath(list[idx].path, recorded.path)))
            ++idx;
        if (idx == list.size()) list.push_back(recorded);
        if (unique) program_->compiled_[s].uniqueTarget = true;
        srcs.push_back({s, idx});
    }
    const std::uint32_t cursor =
        strategy == LookupNode::Strategy::InOrder ? program_->stateSlots_++ : 0;
    auto* node =
        program_->make<LookupNode>(std::move(srcs), std::move(histogram), unique, strategy, cursor);
    auto& deps = scope.lookupDeps != nullptr ? *scope.lookupDeps
                                             : program_->compiled_[scope.generator].dependencies;
    deps.push_back({sources, unique, ptr});
    if (recorded.root == Program::RecordRoot::Payload && recorded.path.size() == 1 &&
        !recorded.path[0].isIndex) {
        pending_.push_back({node, sources[0], std::string(recorded.path[0].key)});
    }
    return node;
}

// Generators of one stage that look each other up with none able to emit first would
// wait forever: `run` would fail when it got there, so `check` says it now.
void Compiler::checkLookupCycles() {
    const auto& infos = program_->infos_;
    const auto& compiled = program_->compiled_;
    for (std::size_t k = 0; k < program_->stages_.size(); ++k) {
        const auto& list = program_->stages_[k].generators;
        std::vector<char> canEmit(infos.size(), 0);
        auto satisfied = [&](std::size_t g, const Program::Dependency& dep) {
            for (std::uint32_t s : dep.sources) {
                if (s == g || canEmit[s]) return true;
                if (infos[s].stage >= 0 && infos[s].stage < static_cast<int>(k)) return true;
            }
            return false;
        };
        auto allDeps = [&](std::size_t g) {
            std::vector<const Program::Dependency*> d;
            for (const auto& dep : compiled[g].dependencies)
                d.push_back(&dep);
            if (compiled[g].fork) {
                for (const auto& dep : compiled[g].fork->dependencies)
                    d.push_back(&dep);
            }
            return d;
        };
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t g : list) {
                if (canEmit[g]) continue;
                bool ok = true;
                for (const auto* dep : allDeps(g))
                    ok = ok && satisfied(g, *dep);
                if (ok) {
                    canEmit[g] = 1;
                    changed = true;
                }
            }
        }
        std::string names, pointer;
        for (std::size_t g : list) {
            if (canEmit[g]) continue;
            if (!names.empty()) names += ", ";
            names += '"' + infos[g].name + '"';
            if (pointer.empty()) {
                for (const auto* dep : allDeps(g)) {
                    if (!satisfied(g, *dep)) {
                        pointer = dep->pointer;
                        break;
                    }
                }
            }
        }
        if (names.empty()) continue;
        error(pointer, fmt::format("generators {} wait on each other's lookups: none can emit "
                                   "an event before another has, so none ever would; let one "
                                   "of them emit without a lookup, or move what it looks up "
                                   "to an earlier stage",
                                   names));
    }
}

}  // namespace riverdelta::generate
