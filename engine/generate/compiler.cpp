#include "engine/generate/compiler.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <new>
#include <set>
#include <utility>

#include "engine/generate/connection_kinds.h"
#include "engine/generate/functions/compile_context.h"
#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_registry.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/generate/generator_nodes.h"
#include "engine/generate/kafka_generator_keys.h"
#include "engine/generate/nodes.h"
#include "engine/generate/run_settings.h"
#include "engine/generate/state_hooks.h"
#include "engine/postgres/ddl_hint.h"
#include "engine/scenario/builtin_scenarios.h"

namespace riverdelta::generate {

using scenario::appendPointer;
using scenario::didYouMean;
using Json = scenario::Json;

namespace {

constexpr int kMaxDepth = 64;

// A loadJsonFile the loader could not expand (already reported): skipped quietly.
bool failedInclude(const Json& j) {
    if (!isFunction(j)) return false;
    const Json& g = j["_gen"];
    return g.is_string() && g.get_ref<const std::string&>() == "loadJsonFile";
}

bool samePath(const Path& a, const Path& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].isIndex != b[i].isIndex) return false;
        if (a[i].isIndex ? a[i].index != b[i].index : a[i].key != b[i].key) return false;
    }
    return true;
}

}  // namespace

const std::vector<std::string>& functionNames() {
    return FunctionRegistry::instance().names();
}

class Compiler final : public CompileContext {
  public:
    Compiler(const scenario::LoadedScenario& src, scenario::Diagnostics& diags)
        : src_(src), diags_(diags), program_(std::make_unique<Program>()) {}

    std::unique_ptr<Program> run() {
        const std::size_t before = diags_.size();
        const Json& root = src_.root;
        if (!root.is_object()) {
            error("",
                  "a scenario must be a JSON object with \"generators\", not " + typeName(root));
            return nullptr;
        }
        checkKeys(root, "", "the scenario",
                  {"generators", "connections", "schedule", "globalConfigs"});
        readGlobalConfigs(root);
        readConnections(root);
        collectOverrides(root);
        readGeneratorHeaders(root);
        readSchedule(root);
        for (std::size_t i = 0; i < headers_.size(); ++i)
            compileGenerator(i);
        fixups();
        checkLookupCycles();
        if (program_->run_.loop) {  // each pass restarts the counts: no total is known
            for (auto& info : program_->infos_)
                info.maxEvents.reset();
        }
        if (diags_.size() != before) return nullptr;
        return std::move(program_);
    }

  private:
    std::deque<Json> synthetic_;  // sink-key objects compileSinkKey builds (nodes point in)
    struct Header {
        const Json* json = nullptr;
        std::string pointer;
        bool valid = false;
    };

    // A config key read from localConfigs, else from globalConfigs.
    struct Config {
        const Json* json = nullptr;
        std::string pointer;
        explicit operator bool() const { return json != nullptr; }
    };

    struct Override {
        const Json* json;
        std::string pointer;
        std::size_t stage;
    };

    struct Scope {
        std::size_t generator = 0;
        std::map<std::string, std::uint32_t, std::less<>> slots;
        std::set<std::string> onceNames;
        std::set<std::uint32_t>* deps = nullptr;  // var slots used by the node being compiled
        bool inVarsOnce = false;
        std::vector<std::pair<VarNode*, std::uint32_t>> varNodes;
        std::vector<const Node*> slotNodes;  // definition of each slot
        // Local vars (CompileContext::pushLocalVar) and the slot each one shadows.
        std::vector<std::pair<std::string, std::optional<std::uint32_t>>> shadowed;
        std::vector<Program::Dependency>* lookupDeps = nullptr;  // null: the generator's
        const Json* inOrderLookup = nullptr;  // a fork key lookup: keys in creation order
        bool usesPrevious = false;            // some previousEvent reads the last event
    };

    struct PendingLookup {
        LookupNode* node;
        std::uint32_t source;
        std::string field;  // top-level field read, when the path is [value|row, field]
    };

    // ---------------------------------------------------------------- helpers
    void error(const std::string& pointer, std::string message) override {
        // globalConfigs compile once per generator: say each problem once.
        if (!reported_.insert(pointer + '\n' + message).second) return;
        src_.report(diags_, pointer, std::move(message));
    }

    void checkKeys(const Json& obj, const std::string& ptr, const std::string& what,
                   const std::vector<std::string>& allowed) {
        generate::checkKeys(*this, obj, ptr, what, allowed);
    }

    std::optional<std::int64_t> integerLiteral(const Json& j, const std::string& ptr,
                                               const std::string& what) {
        return generate::integerLiteral(*this, j, ptr, what);
    }

    Value literalAt(const Json& j, int depth) {
        ValueArena& a = program_->constants_;
        if (depth > 10000) return Value::null();  // the loader already reported such nesting
        switch (j.type()) {
            case Json::value_t::boolean:
                return Value::ofBool(j.get<bool>());
            case Json::value_t::number_integer:
                return Value::ofInt(j.get<std::int64_t>());
            case Json::value_t::number_unsigned: {
                const auto u = j.get<std::uint64_t>();
                if (u > static_cast<std::uint64_t>(INT64_MAX))
                    return Value::ofDouble(static_cast<double>(u));
                return Value::ofInt(static_cast<std::int64_t>(u));
            }
            case Json::value_t::number_float:
                return Value::ofDouble(j.get<double>());
            case Json::value_t::string:
                return Value::ofString(a.copy(j.get_ref<const std::string&>()));
            case Json::value_t::array: {
                const auto n = static_cast<std::uint32_t>(j.size());
                Value* items = a.values(n);
                for (std::uint32_t i = 0; i < n; ++i)
                    new (&items[i]) Value(literalAt(j[i], depth + 1));
                return Value::ofArray(items, n);
            }
            case Json::value_t::object: {
                const auto n = static_cast<std::uint32_t>(j.size());
                Member* ms = a.members(n);
                std::uint32_t i = 0;
                for (auto it = j.begin(); it != j.end(); ++it, ++i) {
                    new (&ms[i]) Member{a.copy(it.key()), literalAt(it.value(), depth + 1)};
                }
                return Value::ofObject(ms, n);
            }
            default:
                return Value::null();
        }
    }

    const Node* constant(const Json& j) { return program_->make<ConstantNode>(literal(j)); }

    // ---------------------------------------------------------------- CompileContext
    const Node* compile(const Json& j, const std::string& pointer, int depth) override {
        return compileValue(j, pointer, *scope_, depth);
    }
    Value literal(const Json& j) override { return literalAt(j, 0); }
    std::string_view keep(std::string text) override { return program_->keep(std::move(text)); }
    ValueArena& constants() override { return program_->constants_; }
    std::uint32_t newStateSlot() override { return program_->stateSlots_++; }
    std::uint32_t newNodeStateSlot() override { return program_->nodeStateSlots_++; }
    std::uint32_t pushLocalVar(const std::string& name) override {
        const auto slot = static_cast<std::uint32_t>(scope_->slotNodes.size());
        scope_->slotNodes.push_back(nullptr);
        auto it = scope_->slots.find(name);
        scope_->shadowed.emplace_back(name, it == scope_->slots.end()
                                                ? std::nullopt
                                                : std::optional<std::uint32_t>(it->second));
        scope_->slots[name] = slot;
        return slot;
    }
    void popLocalVar(const std::string& name) override {
        for (auto it = scope_->shadowed.rbegin(); it != scope_->shadowed.rend(); ++it) {
            if (it->first != name) continue;
            if (it->second) {
                scope_->slots[name] = *it->second;
            } else {
                scope_->slots.erase(name);
            }
            scope_->shadowed.erase(std::next(it).base());
            return;
        }
    }
    void defineLocalVar(std::uint32_t slot, const Node* definition) override {
        if (slot < scope_->slotNodes.size()) scope_->slotNodes[slot] = definition;
    }
    std::optional<std::uint32_t> useVar(std::string_view name) override {
        return useVar(name, *scope_);
    }
    std::vector<std::string> varNames() const override { return varNames(*scope_); }
    void noteVarNode(VarNode* node, std::uint32_t slot) override {
        scope_->varNodes.emplace_back(node, slot);
    }
    bool inVarsOnce() const override { return scope_->inVarsOnce; }
    const Node* compilePreviousEvent(const Json& j, const std::string& ptr) override {
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
    const Node* compileLookup(const Json& j, const std::string& pointer) override {
        return compileLookup(j, pointer, *scope_);
    }
    void adopt(std::unique_ptr<Node> node) override { program_->nodes_.push_back(std::move(node)); }
    std::optional<std::string> readDataFile(const std::string& pointer, std::string_view reference,
                                            std::string& resolved, std::string& err) override {
        if (!src_.files) {
            err = "this scenario was not read from files";
            return std::nullopt;
        }
        resolved = src_.files->resolve(src_.sources.locate(pointer).file, reference);
        return src_.files->read(resolved, err);
    }

    std::optional<Path> readPath(const Json& j, const std::string& ptr) {
        return generate::readPath(*this, j, ptr);
    }
    std::optional<HistogramSpec> readHistogram(const Json& j, const std::string& ptr) {
        return generate::readHistogram(*this, j, ptr);
    }

    // ---------------------------------------------------------------- pass 1
    static const std::vector<std::string>& runtimeConfigKeys() {
        static const std::vector<std::string> keys = {
            "maxEvents", "events",  "throttleMs", "throttle", "throughput",      "maxMs",
            "delay",     "discard", "repeat",     "history",  "maxHistoryEvents"};
        return keys;
    }

    void readGlobalConfigs(const Json& root) {
        auto it = root.find("globalConfigs");
        if (it == root.end()) return;
        if (!it->is_object()) {
            error("/globalConfigs", "\"globalConfigs\" must be an object");
            return;
        }
        std::vector<std::string> allowed = runtimeConfigKeys();
        for (const char* k : {"lookupScope", "time", "timeMultiplier", "geolocation"})
            allowed.push_back(k);
        checkKeys(*it, "/globalConfigs", "globalConfigs", allowed);
        if (auto geo = it->find("geolocation"); geo != it->end())
            readGeolocationConfig(*this, *geo, "/globalConfigs/geolocation");
        for (auto k = it->begin(); k != it->end(); ++k)
            globals_[k.key()] = Config{&k.value(), appendPointer("/globalConfigs", k.key())};
        if (auto m = it->find("maxEvents"); m != it->end() && !isFunction(*m)) {
            if (auto v = integerLiteral(*m, "/globalConfigs/maxEvents", "\"maxEvents\"")) {
                if (*v < 0) {
                    error("/globalConfigs/maxEvents", "\"maxEvents\" must not be negative");
                } else {
                    globalMaxEvents_ = static_cast<std::uint64_t>(*v);
                }
            }
        }
        Scope none;  // a timeMultiplier function sees no generator's vars
        Scope* outer = std::exchange(scope_, &none);
        readRunGlobals(*this, *it, program_->run_);
        scope_ = outer;
    }

    // localConfigs.KEY of generator `g`, else globalConfigs.KEY.
    Config config(const Json& g, const std::string& gptr, const std::string& key) {
        if (auto lc = g.find("localConfigs"); lc != g.end() && lc->is_object()) {
            if (auto v = lc->find(key); v != lc->end())
                return Config{&*v, appendPointer(appendPointer(gptr, "localConfigs"), key)};
        }
        if (auto it = globals_.find(key); it != globals_.end()) return it->second;
        return {};
    }

    // `schedule.stages[k].overrides`: merged into the named generators before they compile.
    void collectOverrides(const Json& root) {
        auto s = root.find("schedule");
        if (s == root.end() || !s->is_object()) return;
        auto st = s->find("stages");
        if (st == s->end() || !st->is_array()) return;
        for (std::size_t k = 0; k < st->size(); ++k) {
            const Json& stage = (*st)[k];
            if (!stage.is_object()) continue;
            auto ov = stage.find("overrides");
            if (ov == stage.end()) continue;
            const std::string optr =
                appendPointer(appendPointer("/schedule/stages", k), "overrides");
            if (!ov->is_object()) {
                error(optr, "\"overrides\" must be an object mapping generator names to objects");
                continue;
            }
            for (auto o = ov->begin(); o != ov->end(); ++o) {
                const std::string ptr = appendPointer(optr, o.key());
                if (!o.value().is_object() || isFunction(o.value())) {
                    error(ptr,
                          "an override must be an object merged into the generator, like "
                          "{\"localConfigs\": {\"maxEvents\": 5}}");
                    continue;
                }
                for (const char* fixed : {"name", "topic", "table", "connection"}) {
                    if (o.value().contains(fixed))
                        error(appendPointer(ptr, fixed),
                              fmt::format("an override cannot change a generator's \"{}\"", fixed));
                }
                overrides_[o.key()] = Override{&o.value(), ptr, k};
            }
        }
    }

    // `over` merged into `base`: objects key by key (functions are replaced whole).
    static Json mergeJson(const Json& base, const Json& over) {
        if (!base.is_object() || !over.is_object() || isFunction(base) || isFunction(over))
            return over;
        Json out = base;
        for (auto it = over.begin(); it != over.end(); ++it) {
            auto b = out.find(it.key());
            out[it.key()] = b == out.end() ? it.value() : mergeJson(*b, it.value());
        }
        return out;
    }

    // Checks `obj` against documented keys: unknown keys, missing required ones, JSON types
    // and allowed values, recursively.
    void checkSpec(const Json& obj, const std::string& ptr, const std::string& what,
                   const std::vector<KeySpec>& specs, const std::vector<std::string>& extra = {}) {
        std::vector<std::string> allowed = extra;
        for (const auto& k : specs)
            allowed.emplace_back(k.name);
        checkKeys(obj, ptr, what, allowed);
        for (const auto& k : specs) {
            const std::string name(k.name);
            auto it = obj.find(name);
            if (it == obj.end()) {
                if (k.required) error(ptr, fmt::format("{} needs \"{}\"", what, name));
                continue;
            }
            checkValue(*it, appendPointer(ptr, name), k);
        }
    }

    void checkValue(const Json& v, const std::string& ptr, const KeySpec& k) {
        const std::string name(k.name);
        auto expected = [&](const char* type) {
            error(ptr, fmt::format("\"{}\" must be {}, not {}", name, type, typeName(v)));
        };
        switch (k.type) {
            case KeyType::String:
                if (!v.is_string()) return expected("a string");
                break;
            case KeyType::StringOrFunction:
                if (!v.is_string() && !isFunction(v)) return expected("a string");
                break;
            case KeyType::Integer:
                if (!v.is_number_integer() || v.get<std::int64_t>() < 0)
                    return expected("a non-negative integer");
                break;
            case KeyType::Number:
                if (!v.is_number() || v.get<double>() < 0) return expected("a non-negative number");
                break;
            case KeyType::Bool:
                if (!v.is_boolean()) return expected("true or false");
                break;
            case KeyType::Object:
                if (!v.is_object() || isFunction(v)) return expected("an object");
                if (!k.keys.empty()) checkSpec(v, ptr, "\"" + name + "\"", k.keys);
                break;
            case KeyType::Array:
                if (!v.is_array()) return expected("an array");
                break;
            case KeyType::Any:
                break;
        }
        if (!k.values.empty() && v.is_string()) {
            std::vector<std::string> values(k.values.begin(), k.values.end());
            const auto& text = v.get_ref<const std::string&>();
            if (std::find(values.begin(), values.end(), text) == values.end())
                error(ptr, fmt::format("\"{}\" must be {}, not \"{}\"{}", name, quoteList(values),
                                       text, didYouMean(text, values)));
        }
    }

    void readConnections(const Json& root) {
        auto it = root.find("connections");
        if (it == root.end()) return;
        if (!it->is_object()) {
            error("/connections",
                  "\"connections\" must be an object mapping names to "
                  "connections, not " +
                      typeName(*it));
            return;
        }
        std::vector<std::string> kindNames;
        for (const auto& k : connectionKinds())
            kindNames.emplace_back(k.name);
        for (auto c = it->begin(); c != it->end(); ++c) {
            const std::string ptr = appendPointer("/connections", c.key());
            const Json& conn = c.value();
            if (failedInclude(conn)) continue;
            if (!conn.is_object()) {
                error(ptr, "a connection must be an object, not " + typeName(conn));
                continue;
            }
            ConnectionInfo info;
            info.name = c.key();
            auto kind = conn.find("kind");
            if (kind == conn.end() || !kind->is_string()) {
                error(ptr, "connection needs \"kind\": one of " + quoteList(kindNames));
                continue;
            }
            info.kind = kind->get<std::string>();
            const ConnectionKind* spec = findConnectionKind(info.kind);
            if (spec == nullptr) {
                error(
                    appendPointer(ptr, "kind"),
                    fmt::format("unsupported connection kind \"{}\"{}; ShadowTraffic's kinds "
                                "are {}",
                                info.kind, didYouMean(info.kind, kindNames), quoteList(kindNames)));
                continue;
            }
            checkSpec(conn, ptr, "a " + info.kind + " connection", spec->connectionKeys, {"kind"});
            if (info.kind == "kafka") {
                auto pc = conn.find("producerConfigs");
                if (pc != conn.end() && pc->is_object()) {
                    if (!pc->contains("bootstrap.servers"))
                        error(appendPointer(ptr, "producerConfigs"),
                              "\"producerConfigs\" needs \"bootstrap.servers\"");
                    info.configs = nlohmann::json::parse(pc->dump());
                }
            } else if (auto cc = conn.find("connectionConfigs");
                       cc != conn.end() && cc->is_object()) {
                if (spec->target == TargetKind::Table && info.kind != "motherduck") {
                    if (auto p = cc->find("port");
                        p != cc->end() && !(p->is_number_integer() || p->is_string()))
                        error(appendPointer(appendPointer(ptr, "connectionConfigs"), "port"),
                              "\"port\" must be a number");
                }
                if (info.kind == "motherduck" && !cc->contains("jdbcUrl") &&
                    !(cc->contains("token") && cc->contains("db")))
                    error(appendPointer(ptr, "connectionConfigs"),
                          "a motherduck connection needs \"jdbcUrl\", or \"token\" and \"db\"");
                info.configs = nlohmann::json::parse(cc->dump());
            }
            if (auto tp = conn.find("tablePolicy"); tp != conn.end() && tp->is_string())
                info.tablePolicy = tp->get<std::string>();
            info.settings = nlohmann::json::parse(conn.dump());
            program_->connections_.push_back(std::move(info));
        }
    }

    void readGeneratorHeaders(const Json& root) {
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

    // The generator keys of every connection kind besides topic/table ones: bucket, data,
    // bucketConfigs, url, headers, … (checkSpec on the kind's own keys follows in readSinkKeys).
    static std::vector<std::string> withSinkKeys(std::vector<std::string> keys) {
        auto add = [&](std::string_view k) {
            if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.emplace_back(k);
        };
        for (auto k : targetKeys())
            add(k);
        for (const auto& kind : connectionKinds())
            for (const auto& spec : kind.generatorKeys)
                add(spec.name);
        return keys;
    }

    // Which key names the generator's target: exactly one of topic, table, bucket, ….
    void readTarget(const Json& g, const std::string& ptr, GeneratorInfo& info, Header& h) {
        if (readReaderTarget(g, ptr, info, h)) return;
        std::vector<std::string> present;
        for (auto k : targetKeys())
            if (g.contains(std::string(k))) present.emplace_back(k);
        if (present.empty()) {
            error(ptr,
                  "a generator needs \"topic\" (Kafka) or \"table\" (PostgreSQL), or "
                  "\"bucket\", \"container\", \"directory\", \"url\" or \"stream\" for "
                  "the other connection kinds");
            return;
        }
        if (present.size() > 1) {
            std::string both;
            for (std::size_t i = 0; i < present.size(); ++i)
                both += (i ? " and \"" : "\"") + present[i] + "\"";
            error(ptr,
                  "a generator has either \"topic\" (Kafka), \"table\" (PostgreSQL) or "
                  "one other target, not " +
                      both);
            return;
        }
        info.targetKey = present[0];
        info.kind = info.targetKey == "topic"   ? TargetKind::Topic
                    : info.targetKey == "table" ? TargetKind::Table
                                                : TargetKind::Data;
        const Json& t = g[info.targetKey];
        if (!t.is_string() || t.get_ref<const std::string&>().empty()) {
            error(appendPointer(ptr, info.targetKey), "must be a non-empty string");
        } else {
            info.target = t.get<std::string>();
            h.valid = true;
        }
    }

    // MotherDuck's `"kind": "reader"` generators run `query` (SQL text, usually a function) and
    // write nothing: a data generator named by its kind, whose payload is the query. `kind` and
    // `query` anywhere else are reported.
    bool readReaderTarget(const Json& g, const std::string& ptr, GeneratorInfo& info, Header& h) {
        auto k = g.find("kind");
        const bool reader = k != g.end() && k->is_string() && *k == "reader";
        if (k != g.end() && !(k->is_string() && (*k == "reader" || *k == "writer")))
            error(appendPointer(ptr, "kind"),
                  "a generator's \"kind\" is \"writer\" (the default) or \"reader\" (MotherDuck "
                  "queries), not " +
                      k->dump());
        if (!reader) {
            if (g.contains("query"))
                error(appendPointer(ptr, "query"),
                      "\"query\" is for reader generators (\"kind\": \"reader\", MotherDuck)");
            return false;
        }
        for (auto t : targetKeys())
            if (g.contains(std::string(t)))
                error(appendPointer(ptr, std::string(t)),
                      fmt::format("a reader generator sends \"query\" and writes no \"{}\"", t));
        if (!g.contains("query"))
            error(ptr, "a reader generator needs \"query\" (the SQL it runs)");
        info.targetKey = "kind";
        info.kind = TargetKind::Data;
        info.target = "reader";
        h.valid = true;
        return true;
    }

    void readConnectionOf(const Json& g, const std::string& ptr, GeneratorInfo& info) {
        if (info.targetKey.empty()) return;
        const auto kinds = kindsForTargetKey(info.targetKey);
        auto serves = [&](const std::string& kind) {
            return std::any_of(kinds.begin(), kinds.end(),
                               [&](const ConnectionKind* k) { return k->name == kind; });
        };
        std::vector<std::string> kindNames;
        for (const auto* k : kinds)
            kindNames.emplace_back(k->name);
        if (auto c = g.find("connection"); c != g.end()) {
            if (!c->is_string()) {
                error(appendPointer(ptr, "connection"), "\"connection\" must be a string");
                return;
            }
            const std::string& name = c->get_ref<const std::string&>();
            const ConnectionInfo* conn = program_->findConnection(name);
            if (conn == nullptr) {
                std::vector<std::string> names;
                for (const auto& x : program_->connections_)
                    names.push_back(x.name);
                error(appendPointer(ptr, "connection"),
                      fmt::format("unknown connection \"{}\"{}", name, didYouMean(name, names)));
                return;
            }
            if (!serves(conn->kind)) {
                error(appendPointer(ptr, "connection"),
                      fmt::format("connection \"{}\" is {} but this generator writes a {} (a {} "
                                  "connection)",
                                  name, conn->kind, info.targetKey, quoteList(kindNames)));
                return;
            }
            info.connection = name;
            info.connectionKind = conn->kind;
            return;
        }
        std::vector<std::string> candidates;
        const ConnectionInfo* only = nullptr;
        for (const auto& x : program_->connections_) {
            if (serves(x.kind)) {
                candidates.push_back(x.name);
                only = &x;
            }
        }
        if (candidates.size() == 1) {
            info.connection = only->name;
            info.connectionKind = only->kind;
        } else if (candidates.size() > 1) {
            error(ptr, fmt::format("several {} connections exist ({}); name one with "
                                   "\"connection\"",
                                   quoteList(kindNames), quoteList(candidates)));
        } else if (kinds.size() == 1 || info.kind != TargetKind::Data) {
            // Without a connection topics go to the run's Kafka, tables to its PostgreSQL.
            info.connectionKind = info.kind == TargetKind::Table ? "postgres" : kinds[0]->name;
        } else {
            error(ptr, fmt::format("a \"{}\" generator needs a connection of kind {}",
                                   info.targetKey, quoteList(kindNames)));
        }
    }

    // The sink keys of data generators (bucketConfigs, url, headers, …), checked against the
    // kind's documented keys; keys of other kinds are refused.
    void readSinkKeys(const Json& g, const std::string& ptr, GeneratorInfo& info) {
        const ConnectionKind* kind = findConnectionKind(info.connectionKind);
        std::vector<std::string> own;
        if (kind)
            for (const auto& k : kind->generatorKeys)
                own.emplace_back(k.name);
        for (auto it = g.begin(); it != g.end(); ++it) {
            const auto& key = it.key();
            if (key == info.targetKey) continue;
            const bool sinkKey =
                std::any_of(targetKeys().begin(), targetKeys().end(),
                            [&](auto t) { return t == key; }) ||
                std::any_of(connectionKinds().begin(), connectionKinds().end(),
                            [&](const ConnectionKind& k) {
                                return std::any_of(k.generatorKeys.begin(), k.generatorKeys.end(),
                                                   [&](const KeySpec& s) { return s.name == key; });
                            });
            if (sinkKey && std::find(own.begin(), own.end(), key) == own.end() &&
                !(info.kind == TargetKind::Table && (key == "op" || key == "where")))
                error(
                    appendPointer(ptr, key),
                    fmt::format("\"{}\" is not a key of a \"{}\" generator{}", key, info.targetKey,
                                info.connectionKind.empty()
                                    ? std::string()
                                    : " (" + info.connectionKind + " connection)"));
        }
        if (info.kind == TargetKind::Topic) {
            if (auto pc = g.find("producerConfigs"); pc != g.end()) {
                checkGeneratorProducerConfigs(*this, *pc, appendPointer(ptr, "producerConfigs"));
                if (pc->is_object())
                    info.sinkConfig["producerConfigs"] = nlohmann::json::parse(pc->dump());
            }
        }
        if (info.kind != TargetKind::Data || !kind) return;
        for (const auto& spec : kind->generatorKeys) {
            const std::string name(spec.name);
            auto it = g.find(name);
            if (it == g.end()) {
                if (spec.required)
                    error(ptr,
                          fmt::format("a \"{}\" generator needs \"{}\"", info.targetKey, name));
                continue;
            }
            checkValue(*it, appendPointer(ptr, name), spec);
            const bool perEvent = std::find(kind->perEventKeys.begin(), kind->perEventKeys.end(),
                                            spec.name) != kind->perEventKeys.end();
            if (name != "data" && !perEvent)
                info.sinkConfig[name] = nlohmann::json::parse(it->dump());
        }
        if (auto cfg = info.sinkConfig.find(
                std::string(info.targetKey == "directory"   ? "fileConfigs"
                            : info.targetKey == "container" ? "containerConfigs"
                                                            : "bucketConfigs"));
            cfg != info.sinkConfig.end() && cfg->is_object()) {
            const std::string cptr = appendPointer(ptr, cfg.key());
            const char* prefix = info.connectionKind == "fileSystem"           ? "filePrefix"
                                 : info.connectionKind == "googleCloudStorage" ? "blobPrefix"
                                                                               : "keyPrefix";
            const char* multi = info.connectionKind == "fileSystem" ? "multiFile" : "multiBlob";
            if (!cfg->contains(prefix) && !cfg->contains(multi))
                error(cptr,
                      fmt::format("\"{}\" needs \"{}\" (or \"{}\")", cfg.key(), prefix, multi));
            if (cfg->contains("tableFormat") && !cfg->contains("iceberg"))
                error(cptr,
                      fmt::format("\"{}\" with \"tableFormat\" needs \"iceberg\"", cfg.key()));
        }
    }

    // A literal maxEvents (or events.exactly): a count, nullopt for a function, error otherwise.
    std::optional<std::uint64_t> maxEventsLiteral(const Config& cfg, bool exactly) {
        const Json* j = cfg.json;
        std::string ptr = cfg.pointer;
        if (exactly) {
            if (!j->is_object()) {
                error(ptr, "\"events\" must be an object {\"exactly\": N}");
                return std::nullopt;
            }
            checkKeys(*j, ptr, "events", {"exactly"});
            auto e = j->find("exactly");
            if (e == j->end()) {
                error(ptr, "\"events\" needs \"exactly\" (a count)");
                return std::nullopt;
            }
            j = &*e;
            ptr = appendPointer(ptr, "exactly");
        }
        if (isFunction(*j)) return std::nullopt;
        if (auto v = integerLiteral(*j, ptr, "\"maxEvents\"")) {
            if (*v < 0) {
                error(ptr, "\"maxEvents\" must not be negative");
                return std::nullopt;
            }
            return static_cast<std::uint64_t>(*v);
        }
        return std::nullopt;
    }

    void readLocalConfigs(const Json& g, const std::string& ptr, GeneratorInfo& info) {
        auto lc = g.find("localConfigs");
        const std::string lptr = appendPointer(ptr, "localConfigs");
        if (lc != g.end() && !lc->is_object()) {
            error(lptr, "\"localConfigs\" must be an object");
            return;
        }
        if (lc != g.end()) {
            std::vector<std::string> allowed = runtimeConfigKeys();
            for (const char* k :
                 {"avroSchemaHint", "partitions", "jsonSchemaHint", "sqlDdlHint", "maxBytes"})
                allowed.push_back(k);
            checkKeys(*lc, lptr, "localConfigs", allowed);
        }
        Config max = config(g, ptr, "maxEvents");
        bool exactly = false;
        if (!max) {
            max = config(g, ptr, "events");
            exactly = static_cast<bool>(max);
        }
        if (max) {
            info.maxEvents = maxEventsLiteral(max, exactly);
        } else {
            info.maxEvents = globalMaxEvents_;
        }
        if (lc == g.end()) return;
        if (auto a = lc->find("avroSchemaHint"); a != lc->end()) {
            if (!a->is_object()) {
                error(appendPointer(lptr, "avroSchemaHint"),
                      "\"avroSchemaHint\" must be an object with \"key\" and/or \"value\" "
                      "schemas");
            } else if (a->contains("type")) {
                // Java Datagen's form: the value's schema itself (often a loaded .avsc).
                info.avroSchemaHint = {{"value", nlohmann::json::parse(a->dump())}};
            } else {
                checkKeys(*a, appendPointer(lptr, "avroSchemaHint"), "avroSchemaHint",
                          {"key", "value"});
                info.avroSchemaHint = nlohmann::json::parse(a->dump());
            }
        }
        if (auto p = lc->find("partitions"); p != lc->end()) {
            const std::string pptr = appendPointer(lptr, "partitions");
            if (auto v = integerLiteral(*p, pptr, "\"partitions\"")) {
                if (*v < 1 || *v > 100000) {
                    error(pptr, "\"partitions\" must be an integer from 1 to 100000");
                } else if (info.kind != TargetKind::Topic) {
                    error(pptr, "\"partitions\" is for topic generators");
                } else {
                    info.partitions = static_cast<int>(*v);
                }
            }
        }
        if (auto j = lc->find("jsonSchemaHint"); j != lc->end()) {
            if (!j->is_object()) {
                error(appendPointer(lptr, "jsonSchemaHint"),
                      "\"jsonSchemaHint\" must be an object mapping \"key\"/\"value\" to JSON "
                      "Schemas");
            } else {
                info.jsonSchemaHint = nlohmann::json::parse(j->dump());
            }
        }
        if (auto d = lc->find("sqlDdlHint"); d != lc->end()) {
            if (!d->is_string()) {
                error(appendPointer(lptr, "sqlDdlHint"),
                      "\"sqlDdlHint\" must be a string (the table's CREATE TABLE statement)");
            } else if (info.kind != TargetKind::Table) {
                error(appendPointer(lptr, "sqlDdlHint"), "\"sqlDdlHint\" is for table generators");
            } else {
                info.sqlDdlHint = d->get<std::string>();
                if (auto why = info.target.empty()
                                   ? std::nullopt
                                   : postgres::ddlHintProblem(info.sqlDdlHint, info.target))
                    error(appendPointer(lptr, "sqlDdlHint"), std::move(*why));
            }
        }
    }

    void readSchedule(const Json& root) {
        auto& stages = program_->stages_;
        auto& infos = program_->infos_;
        auto s = root.find("schedule");
        if (s == root.end()) {
            StageInfo all;
            for (std::size_t i = 0; i < infos.size(); ++i) {
                all.generators.push_back(i);
                infos[i].stage = 0;
            }
            stages.push_back(std::move(all));
            return;
        }
        if (!s->is_object()) {
            error("/schedule", "\"schedule\" must be an object with \"stages\"");
            return;
        }
        checkKeys(*s, "/schedule", "schedule", {"stages", "loop"});
        readScheduleLoop(*this, *s, program_->run_);
        auto st = s->find("stages");
        if (st == s->end() || !st->is_array() || st->empty()) {
            error("/schedule",
                  "\"schedule\" needs \"stages\": a non-empty array of stages, each "
                  "a list of generator names");
            return;
        }
        std::vector<std::string> names;
        for (const auto& info : infos)
            names.push_back(info.name);
        for (std::size_t k = 0; k < st->size(); ++k) {
            const Json& stage = (*st)[k];
            std::string ptr = appendPointer("/schedule/stages", k);
            const Json* list = &stage;
            if (stage.is_object()) {
                checkKeys(stage, ptr, "a stage", {"generators", "overrides"});
                auto gl = stage.find("generators");
                if (gl == stage.end()) {
                    error(ptr, "a stage needs \"generators\" (a list of generator names)");
                    stages.emplace_back();
                    continue;
                }
                list = &*gl;
                ptr = appendPointer(ptr, "generators");
            }
            StageInfo info;
            if (!list->is_array() || list->empty()) {
                error(ptr, "a stage must be a non-empty list of generator names");
                stages.push_back(std::move(info));
                continue;
            }
            for (std::size_t j = 0; j < list->size(); ++j) {
                const Json& n = (*list)[j];
                const std::string nptr = appendPointer(ptr, j);
                if (!n.is_string()) {
                    error(nptr, "a stage lists generator names (strings), not " + typeName(n));
                    continue;
                }
                const std::string& name = n.get_ref<const std::string&>();
                auto idx = program_->findGenerator(name);
                if (!idx) {
                    error(nptr, fmt::format("unknown generator \"{}\" in stage{}", name,
                                            didYouMean(name, names)));
                    continue;
                }
                if (infos[*idx].stage >= 0) {
                    error(nptr, fmt::format("generator \"{}\" is already in stage {}", name,
                                            infos[*idx].stage));
                    continue;
                }
                infos[*idx].stage = static_cast<int>(k);
                info.generators.push_back(*idx);
            }
            stages.push_back(std::move(info));
        }
        for (const auto& [name, o] : overrides_) {
            auto idx = program_->findGenerator(name);
            if (!idx) {
                error(o.pointer, fmt::format("override of unknown generator \"{}\"{}", name,
                                             didYouMean(name, names)));
            } else if (infos[*idx].stage != static_cast<int>(o.stage)) {
                error(o.pointer,
                      fmt::format("override of generator \"{}\", which this stage does not run",
                                  name));
            } else if (!overridden_.count(name)) {
                error(o.pointer, fmt::format("override of generator \"{}\", which has no "
                                             "\"name\" of its own to merge into",
                                             name));
            }
        }
    }

    // ---------------------------------------------------------------- pass 2
    void compileGenerator(std::size_t gi) {
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
                error(sptr,
                      fmt::format("\"{}\" must be an object mapping names to values", section));
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
        out.keepPrevious =
            scope.usesPrevious || (out.stateMachine && out.stateMachine->mergePrevious);
        // Functions may have added local var slots after the generator's own vars.
        out.slotCount = static_cast<std::uint32_t>(scope.slotNodes.size());
        for (auto& [node, slot] : scope.varNodes)
            node->setDefinition(scope.slotNodes[slot]);
    }

    // Table columns of a row object (in order); later rows (state machine states) add theirs.
    void addColumns(std::size_t gi, const Json& row, const std::string& pptr, const Node* node) {
        GeneratorInfo& info = program_->infos_[gi];
        auto nodes = payloadFields(node, row.size());
        auto& fields = fieldNodes_[gi];
        std::size_t i = 0;
        for (auto it = row.begin(); it != row.end(); ++it, ++i) {
            const bool known = std::any_of(info.columns.begin(), info.columns.end(),
                                           [&](const ColumnInfo& c) { return c.name == it.key(); });
            if (known) continue;
            ColumnInfo col;
            col.name = it.key();
            if (isFunction(it.value())) {
                if (auto ph = it.value().find("pgHint"); ph != it.value().end()) {
                    if (ph->is_string()) {
                        col.pgHint = ph->get<std::string>();
                    } else {
                        error(appendPointer(appendPointer(pptr, it.key()), "pgHint"),
                              "\"pgHint\" must be a string (a PostgreSQL column type)");
                    }
                }
            }
            info.columns.push_back(std::move(col));
            fields.resize(info.columns.size() - 1);
            fields.push_back(i < nodes.size() ? nodes[i] : nullptr);
        }
    }

    RowOp readOp(const Json& obj, const std::string& ptr, RowOp fallback = RowOp::Insert) {
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

    const Node* compileWhere(const Json& w, const std::string& ptr, Scope& scope) {
        if (!w.is_object() || isFunction(w) || w.empty()) {
            error(ptr,
                  "\"where\" must be a non-empty object mapping column names to the values "
                  "that select the rows, like {\"id\": {\"_gen\": \"var\", \"var\": "
                  "\"forkKey\"}}");
            return nullptr;
        }
        return compileValue(w, ptr, scope, 0);
    }

    // A number of milliseconds (or count) that may be a function; nullptr after an error.
    const Node* amount(const Json& j, const std::string& ptr, const std::string& what,
                       Scope& scope) {
        if (j.is_number()) {
            if (j.get<double>() < 0 || !std::isfinite(j.get<double>())) {
                error(ptr, fmt::format("{} must not be negative", what));
                return nullptr;
            }
            return constant(j);
        }
        if (isFunction(j)) return compileValue(j, ptr, scope, 0);
        error(ptr, fmt::format("{} must be a number or a function, not {}", what, typeName(j)));
        return nullptr;
    }

    // throttleMs, throttle {ms} or throughput (events/s), local first, then global.
    const Node* compileThrottle(const Json& g, const std::string& gptr, Scope& scope, bool state) {
        Config c;
        std::string kind;
        for (const char* k : {"throttleMs", "throttle", "throughput"}) {
            if (state) {
                auto lc = g.find("localConfigs");
                if (lc == g.end() || !lc->is_object()) break;
                if (auto v = lc->find(k); v != lc->end()) {
                    c = Config{&*v, appendPointer(appendPointer(gptr, "localConfigs"), k)};
                    kind = k;
                    break;
                }
                continue;
            }
            if (auto lc = g.find("localConfigs");
                lc != g.end() && lc->is_object() && lc->contains(k)) {
                c = config(g, gptr, k);
                kind = k;
                break;
            }
        }
        if (!c && !state) {
            for (const char* k : {"throttleMs", "throttle", "throughput"}) {
                if (auto it = globals_.find(k); it != globals_.end()) {
                    c = it->second;
                    kind = k;
                    break;
                }
            }
        }
        if (!c) return nullptr;
        if (kind == "throttle") {
            if (!c.json->is_object() || !c.json->contains("ms")) {
                error(c.pointer, "\"throttle\" must be an object {\"ms\": …}");
                return nullptr;
            }
            checkKeys(*c.json, c.pointer, "throttle", {"ms"});
            c = Config{&(*c.json)["ms"], appendPointer(c.pointer, "ms")};
        }
        if (kind == "throughput") {
            if (c.json->is_number()) {
                const double t = c.json->get<double>();
                if (!(t > 0) || !std::isfinite(t)) {
                    error(c.pointer,
                          "\"throughput\" must be a positive number of events per "
                          "second");
                    return nullptr;
                }
                return program_->make<ConstantNode>(Value::ofDouble(1000.0 / t));
            }
            if (!isFunction(*c.json)) {
                error(c.pointer,
                      "\"throughput\" must be a number of events per second or a "
                      "function, not " +
                          typeName(*c.json));
                return nullptr;
            }
            return program_->make<PerSecondToMsNode>(compileValue(*c.json, c.pointer, scope, 0));
        }
        if (c.json->is_number()) {
            if (c.json->get<double>() < 0) {
                error(c.pointer, "a throttle must not be negative");
                return nullptr;
            }
        } else if (!isFunction(*c.json)) {
            error(c.pointer, "a throttle must be a number of milliseconds or a function, not " +
                                 typeName(*c.json));
            return nullptr;
        }
        return compileValue(*c.json, c.pointer, scope, 0);
    }

    // delay {rate, ms}, discard {rate, retainHistory}, repeat {rate, times}.
    std::optional<Program::RateSpec> readRate(const Config& c, const char* name,
                                              const char* amountKey, Scope& scope) {
        if (!c) return std::nullopt;
        std::vector<std::string> keys = {"rate"};
        if (amountKey != nullptr) keys.push_back(amountKey);
        if (amountKey == nullptr) keys.push_back("retainHistory");
        if (!c.json->is_object() || isFunction(*c.json)) {
            error(c.pointer,
                  fmt::format("\"{}\" must be an object with {}", name, quoteList(keys)));
            return std::nullopt;
        }
        checkKeys(*c.json, c.pointer, name, keys);
        Program::RateSpec spec;
        auto r = c.json->find("rate");
        if (r == c.json->end() || !r->is_number() || r->get<double>() < 0 || r->get<double>() > 1) {
            error(c.pointer, fmt::format("\"{}\" needs \"rate\": a probability from 0 to 1", name));
            return std::nullopt;
        }
        spec.rate = r->get<double>();
        if (amountKey != nullptr) {
            auto a = c.json->find(amountKey);
            if (a == c.json->end()) {
                error(c.pointer, fmt::format("\"{}\" needs \"{}\"", name, amountKey));
                return std::nullopt;
            }
            spec.amount = amount(*a, appendPointer(c.pointer, amountKey),
                                 fmt::format("\"{}\"", amountKey), scope);
            if (spec.amount == nullptr) return std::nullopt;
        } else if (auto k = c.json->find("retainHistory"); k != c.json->end()) {
            if (!k->is_boolean()) {
                error(appendPointer(c.pointer, "retainHistory"),
                      "\"retainHistory\" must be true or false");
            } else {
                spec.retainHistory = k->get<bool>();
            }
        }
        return spec;
    }

    void compileFork(const Json& f, const std::string& ptr, std::size_t gi, Scope& genScope) {
        Program::Compiled& out = program_->compiled_[gi];
        if (!f.is_object() || isFunction(f)) {
            error(ptr, "\"fork\" must be an object with \"key\" (an array or a function)");
            return;
        }
        checkKeys(f, ptr, "fork",
                  {"key", "maxForks", "keepAlive", "oneTimeKeys", "stagger", "staggerMs"});
        Program::Fork fork;
        fork.forkKeySlot = genScope.slots.at("forkKey");
        auto k = f.find("key");
        const std::string kptr = appendPointer(ptr, "key");
        // The key is evaluated by the spawner, outside any fork: no vars.
        Scope keyScope;
        keyScope.generator = gi;
        keyScope.lookupDeps = &fork.dependencies;
        if (k == f.end()) {
            error(ptr, "\"fork\" needs \"key\": an array of keys or a function giving them");
        } else if (k->is_array()) {
            if (k->empty()) error(kptr, "the fork \"key\" array must not be empty");
            std::set<std::string> seen;
            for (std::size_t i = 0; i < k->size(); ++i) {
                const Json& e = (*k)[i];
                if (e.is_null()) {
                    error(appendPointer(kptr, i), "a fork key cannot be null");
                    continue;
                }
                if (isFunction(e)) {
                    error(appendPointer(kptr, i),
                          "a fork key array holds literal keys; to compute keys, make \"key\" a "
                          "function");
                    continue;
                }
                if (seen.insert(e.dump()).second) fork.keys.push_back(literal(e));
            }
        } else if (isFunction(*k)) {
            keyScope.inOrderLookup = &*k;
            fork.keyNode = compileValue(*k, kptr, keyScope, 0);
        } else if (k->is_null()) {
            error(kptr, "a fork key cannot be null");
        } else {
            error(kptr,
                  "the fork \"key\" must be an array of keys or a function, not " + typeName(*k));
        }
        if (auto m = f.find("maxForks"); m != f.end()) {
            if (auto v = integerLiteral(*m, appendPointer(ptr, "maxForks"), "\"maxForks\"")) {
                if (*v < 1) {
                    error(appendPointer(ptr, "maxForks"), "\"maxForks\" must be at least 1");
                } else {
                    fork.maxForks = static_cast<std::uint64_t>(*v);
                }
            }
        }
        for (const char* b : {"keepAlive", "oneTimeKeys"}) {
            if (auto v = f.find(b); v != f.end()) {
                if (!v->is_boolean()) {
                    error(appendPointer(ptr, b), fmt::format("\"{}\" must be true or false", b));
                } else {
                    (std::string_view(b) == "keepAlive" ? fork.keepAlive : fork.oneTimeKeys) =
                        v->get<bool>();
                }
            }
        }
        if (fork.keepAlive && !fork.maxForks) {
            error(appendPointer(ptr, "keepAlive"),
                  "\"keepAlive\" respawns forks up to \"maxForks\"; give \"maxForks\" too");
        }
        auto st = f.find("stagger");
        auto sms = f.find("staggerMs");
        if (st != f.end() && sms != f.end()) {
            error(ptr, "give either \"stagger\" or \"staggerMs\", not both");
        } else if (sms != f.end()) {
            fork.stagger = amount(*sms, appendPointer(ptr, "staggerMs"), "\"staggerMs\"", keyScope);
        } else if (st != f.end()) {
            const std::string sptr = appendPointer(ptr, "stagger");
            if (st->is_object() && !isFunction(*st)) {
                checkKeys(*st, sptr, "stagger", {"ms"});
                if (!st->contains("ms")) {
                    error(sptr, "\"stagger\" must be a number of ms, a function, or {\"ms\": …}");
                } else {
                    fork.stagger =
                        amount((*st)["ms"], appendPointer(sptr, "ms"), "\"stagger\"", keyScope);
                }
            } else {
                fork.stagger = amount(*st, sptr, "\"stagger\"", keyScope);
            }
        }
        out.fork = std::move(fork);
    }

    // The fields of an object node (or folded constant object); nullopt for anything else.
    std::optional<std::vector<std::pair<std::string_view, const Node*>>> objectFields(
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
    const Node* mergeNodes(const Node* base, const Node* over) {
        auto b = objectFields(base);
        auto o = objectFields(over);
        if (!b || !o) return over;
        for (const auto& [k, n] : *o) {
            const auto key = k;  // clang 14 cannot capture a structured binding
            auto it =
                std::find_if(b->begin(), b->end(), [&](const auto& f) { return f.first == key; });
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

    Program::Transition readTransition(const Json& t, const std::string& ptr,
                                       const std::map<std::string, std::int32_t>& index,
                                       Scope& scope) {
        Program::Transition tr;
        auto target = [&](const Json& v, const std::string& vptr, std::int32_t& out) {
            return stateIndexOf(
                v, index, "transition to unknown state",
                [&](const std::string& m) { error(vptr, m); }, out);
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

    void compileStateMachine(const Json& smj, const std::string& ptr, std::size_t gi,
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
        checkKeys(smj, ptr, "a state machine",
                  {"_gen", "initial", "transitions", "states", "merge"});
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
                        st.delay = readRate(Config{&*d, appendPointer(lptr, "delay")}, "delay",
                                            "ms", scope);
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
                    step.times =
                        amount(e["times"], appendPointer(eptr, "times"), "\"times\"", scope);
                }
                if (name->is_string()) {
                    auto it = index.find(name->get<std::string>());
                    if (it == index.end()) {
                        std::vector<std::string> names;
                        for (const auto& [n, _] : index)
                            names.push_back(n);
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
                std::vector<std::string> names;
                for (const auto& [n, _] : index)
                    names.push_back(n);
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
                    std::vector<std::string> names;
                    for (const auto& [n, _] : index)
                        names.push_back(n);
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
                } else if (auto it = init->is_string() ? index.find(init->get<std::string>())
                                                       : index.end();
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

    // A data generator's per-event sink settings (webhook headers, event ids, a generated
    // subdir, …) become its key: an object shaped like the generator, evaluated per event.
    void compileSinkKey(const Json& g, const std::string& ptr, GeneratorInfo& info, Scope& scope,
                        Program::Compiled& out) {
        const ConnectionKind* kind = findConnectionKind(info.connectionKind);
        if (!kind) return;
        Json key = Json::object();
        for (auto k : kind->perEventKeys)
            if (auto it = g.find(std::string(k)); it != g.end()) key[std::string(k)] = *it;
        for (const char* cfg : {"bucketConfigs", "containerConfigs", "fileConfigs"}) {
            auto c = g.find(cfg);
            if (c == g.end() || !c->is_object()) continue;
            for (const char* dyn : {"subdir", "keyPrefix", "blobPrefix", "filePrefix"})
                if (auto d = c->find(dyn); d != c->end() && isFunction(*d)) key[cfg][dyn] = *d;
        }
        if (key.empty()) return;
        synthetic_.push_back(std::move(key));
        out.key = compileValue(synthetic_.back(), ptr, scope, 0);
        info.hasKey = true;
    }

    // The node of each top-level payload field, following constant folding.
    std::vector<const Node*> payloadFields(const Node* payload, std::size_t n) {
        std::vector<const Node*> fields(n, nullptr);
        if (const auto* obj = dynamic_cast<const ObjectNode*>(payload)) {
            for (std::size_t i = 0; i < n && i < obj->children().size(); ++i)
                fields[i] = obj->children()[i];
        } else if (const Value* c = payload->constant(); c && c->kind == ValueKind::Object) {
            for (std::size_t i = 0; i < n && i < c->size; ++i)
                fields[i] = program_->make<ConstantNode>(c->members[i].value);
        }
        return fields;
    }

    template <class Defs>
    void orderVars(std::size_t n, const std::vector<std::set<std::uint32_t>>& deps, Scope& scope,
                   const Defs& defs, Program::Compiled& out) {
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

    const Node* compileValue(const Json& j, const std::string& ptr, Scope& scope, int depth) {
        if (depth > kMaxDepth) {
            error(ptr, fmt::format("nesting deeper than {} levels", kMaxDepth));
            return nullNode();
        }
        if (j.is_object()) {
            if (j.contains("_gen")) {
                // Function compile steps compile their parameters in the scope they appear in
                // (a fork key's own scope, a state's), through CompileContext.
                Scope* outer = std::exchange(scope_, &scope);
                const Node* node = generate::compileFunction(*this, j, ptr, depth);
                scope_ = outer;
                return node;
            }
            std::vector<std::string_view> keys;
            std::vector<const Node*> children;
            bool allConstant = true;
            for (auto it = j.begin(); it != j.end(); ++it) {
                keys.push_back(program_->keep(it.key()));
                children.push_back(
                    compileValue(it.value(), appendPointer(ptr, it.key()), scope, depth + 1));
                allConstant = allConstant && children.back()->constant() != nullptr;
            }
            if (allConstant) {
                // Folded to the children's values: a function that folded (constant, env, …)
                // is its value here, not its JSON.
                Member* ms = program_->constants_.members(children.size());
                std::uint32_t n = 0;
                for (std::size_t i = 0; i < children.size(); ++i)
                    if (!children[i]->constant()->isElided())
                        new (&ms[n++]) Member{keys[i], *children[i]->constant()};
                return program_->make<ConstantNode>(Value::ofObject(ms, n));
            }
            return program_->make<ObjectNode>(std::move(keys), std::move(children));
        }
        if (j.is_array()) {
            std::vector<const Node*> children;
            bool allConstant = true;
            for (std::size_t i = 0; i < j.size(); ++i) {
                children.push_back(compileValue(j[i], appendPointer(ptr, i), scope, depth + 1));
                allConstant = allConstant && children.back()->constant() != nullptr;
            }
            if (allConstant) {
                Value* items = program_->constants_.values(children.size());
                std::uint32_t n = 0;
                for (const Node* child : children)
                    if (!child->constant()->isElided()) new (&items[n++]) Value(*child->constant());
                return program_->make<ConstantNode>(Value::ofArray(items, n));
            }
            return program_->make<ArrayNode>(std::move(children));
        }
        return constant(j);
    }

    std::vector<std::string> varNames(const Scope& scope) const {
        std::vector<std::string> names;
        for (const auto& [n, _] : scope.slots)
            names.push_back(n);
        return names;
    }

    std::optional<std::uint32_t> useVar(std::string_view name, Scope& scope) {
        auto it = scope.slots.find(name);
        if (it == scope.slots.end()) return std::nullopt;
        if (scope.deps != nullptr) scope.deps->insert(it->second);
        return it->second;
    }

    const Node* compileLookup(const Json& j, const std::string& ptr, Scope& scope) {
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
        for (const auto& info : infos)
            allNames.push_back(info.name);
        if (name) {
            auto idx = program_->findGenerator(*name);
            if (!idx) {
                error(appendPointer(ptr, "name"),
                      fmt::format("lookup of unknown generator \"{}\"{}", *name,
                                  didYouMean(*name, allNames)));
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
        auto* node = program_->make<LookupNode>(std::move(srcs), std::move(histogram), unique,
                                                strategy, cursor);
        auto& deps = scope.lookupDeps != nullptr
                         ? *scope.lookupDeps
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
    void checkLookupCycles() {
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

    void fixups() {
        for (auto& p : pending_) {
            const auto& cols = program_->infos_[p.source].columns;
            auto it = fieldNodes_.find(p.source);
            if (it == fieldNodes_.end()) continue;
            for (std::size_t i = 0; i < cols.size() && i < it->second.size(); ++i) {
                if (cols[i].name == p.field) p.node->setTargetNode(it->second[i]);
            }
        }
        for (auto& [gi, nodes] : fieldNodes_) {
            auto& cols = program_->infos_[gi].columns;
            for (std::size_t i = 0; i < cols.size() && i < nodes.size(); ++i) {
                if (nodes[i] == nullptr) continue;
                cols[i].kind = nodes[i]->staticKind(0);
                // A field's own pgHint wins; else the type its function needs (a timestamp).
                if (cols[i].pgHint.empty()) cols[i].pgHint = std::string(nodes[i]->pgTypeHint());
            }
        }
        shareTableColumnTypes();
    }

    // A column that one generator of a table types (pgHint) has that type for every generator
    // of the table (same connection), so updaters need not repeat the seed's hints. Inserting
    // generators' hints win; the primary key constraint stays with the one that declared it.
    void shareTableColumnTypes() {
        auto& infos = program_->infos_;
        std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> types;
        for (int pass = 0; pass < 2; ++pass) {
            for (const auto& info : infos) {
                if (info.kind != TargetKind::Table || info.changesRowsOnly() != (pass == 1))
                    continue;
                auto& table = types[{info.connection, info.target}];
                for (const auto& c : info.columns)
                    if (!c.pgHint.empty()) table.emplace(c.name, typeOnly(c.pgHint));
            }
        }
        for (auto& info : infos) {
            if (!info.changesRowsOnly()) continue;
            const auto& table = types[{info.connection, info.target}];
            for (auto& c : info.columns) {
                if (!c.pgHint.empty()) continue;
                if (auto it = table.find(c.name); it != table.end()) c.pgHint = it->second;
            }
        }
    }

    // "VARCHAR(16) PRIMARY KEY" → "VARCHAR(16)": the type, without constraints.
    static std::string typeOnly(const std::string& hint) {
        std::string upper;
        for (char ch : hint)
            upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        std::size_t end = hint.size();
        for (const char* word :
             {" PRIMARY KEY", " NOT NULL", " UNIQUE", " DEFAULT", " REFERENCES", " CHECK", " NULL"})
            if (auto at = upper.find(word); at != std::string::npos) end = std::min(end, at);
        return hint.substr(0, end);
    }

    const scenario::LoadedScenario& src_;
    scenario::Diagnostics& diags_;
    std::unique_ptr<Program> program_;
    std::vector<Header> headers_;
    std::vector<PendingLookup> pending_;
    std::map<std::size_t, std::vector<const Node*>> fieldNodes_;
    Scope* scope_ = nullptr;  // the generator being compiled
    std::map<std::string, Config> globals_;
    std::map<std::string, Override> overrides_;
    std::set<std::string> overridden_;  // generators an override was merged into
    std::deque<Json> merged_;           // generator definitions with their overrides merged
    std::set<std::string> reported_;
    std::optional<std::uint64_t> globalMaxEvents_;
};

std::unique_ptr<Program> compileScenario(const scenario::LoadedScenario& scenario,
                                         scenario::Diagnostics& diagnostics) {
    return Compiler(scenario, diagnostics).run();
}

std::unique_ptr<Program> compileText(const std::string& name, std::string_view text,
                                     scenario::FileResolver& resolver,
                                     scenario::Diagnostics& diagnostics) {
    const std::size_t before = diagnostics.size();
    auto loaded = scenario::loadScenarioText(name, text, resolver, diagnostics);
    if (!loaded) return nullptr;
    auto program = compileScenario(*loaded, diagnostics);
    if (diagnostics.size() != before) return nullptr;
    return program;
}

std::unique_ptr<Program> loadProgram(const std::string& path,
                                     const std::vector<std::string>& mounts,
                                     scenario::Diagnostics& diagnostics) {
    scenario::FileResolver resolver = scenario::makeResolver();
    for (const auto& m : mounts) {
        if (!resolver.addMountSpec(m)) {
            diagnostics.add("--mount", "",
                            fmt::format("malformed mount \"{}\"; expected "
                                        "SRC=DIR",
                                        m));
        }
    }
    if (!diagnostics.empty()) return nullptr;
    auto loaded = scenario::loadScenario(path, resolver, diagnostics);
    if (!loaded) return nullptr;
    auto program = compileScenario(*loaded, diagnostics);
    if (!diagnostics.empty()) return nullptr;
    return program;
}

}  // namespace riverdelta::generate
