#include "engine/generate/compiler.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <new>
#include <set>

#include "engine/generate/connection_kinds.h"
#include "engine/generate/functions/compile_context.h"
#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_registry.h"
#include "engine/generate/nodes.h"
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
        readGeneratorHeaders(root);
        readSchedule(root);
        for (std::size_t i = 0; i < headers_.size(); ++i)
            compileGenerator(i);
        fixups();
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
    };

    struct PendingLookup {
        LookupNode* node;
        std::uint32_t source;
        std::string field;  // top-level field read, when the path is [value|row, field]
    };

    // ---------------------------------------------------------------- helpers
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
    void error(const std::string& pointer, std::string message) override {
        src_.report(diags_, pointer, std::move(message));
    }
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
    const Node* compileLookup(const Json& j, const std::string& pointer) override {
        return compileLookup(j, pointer, *scope_);
    }
    void adopt(std::unique_ptr<Node> node) override { program_->nodes_.push_back(std::move(node)); }

    std::optional<Path> readPath(const Json& j, const std::string& ptr) {
        return generate::readPath(*this, j, ptr);
    }
    std::optional<HistogramSpec> readHistogram(const Json& j, const std::string& ptr) {
        return generate::readHistogram(*this, j, ptr);
    }

    // ---------------------------------------------------------------- pass 1
    void readGlobalConfigs(const Json& root) {
        auto it = root.find("globalConfigs");
        if (it == root.end()) return;
        if (!it->is_object()) {
            error("/globalConfigs", "\"globalConfigs\" must be an object");
            return;
        }
        checkKeys(*it, "/globalConfigs", "globalConfigs", {"throttleMs", "maxEvents"});
        if (auto t = it->find("throttleMs"); t != it->end()) globalThrottle_ = &*t;
        if (auto m = it->find("maxEvents"); m != it->end()) {
            if (auto v = integerLiteral(*m, "/globalConfigs/maxEvents", "\"maxEvents\"")) {
                if (*v < 0) {
                    error("/globalConfigs/maxEvents", "\"maxEvents\" must not be negative");
                } else {
                    globalMaxEvents_ = static_cast<std::uint64_t>(*v);
                }
            }
        }
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
            const Json& g = (*it)[i];
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
            checkKeys(g, ptr, "a generator",
                      withSinkKeys({"name", "topic", "table", "connection", "key", "value", "row",
                                    "vars", "varsOnce", "localConfigs"}));
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

    void readLocalConfigs(const Json& g, const std::string& ptr, GeneratorInfo& info) {
        info.maxEvents = globalMaxEvents_;
        auto lc = g.find("localConfigs");
        if (lc == g.end()) return;
        const std::string lptr = appendPointer(ptr, "localConfigs");
        if (!lc->is_object()) {
            error(lptr, "\"localConfigs\" must be an object");
            return;
        }
        checkKeys(*lc, lptr, "localConfigs",
                  {"maxEvents", "throttleMs", "throttle", "avroSchemaHint"});
        if (auto m = lc->find("maxEvents"); m != lc->end()) {
            if (auto v = integerLiteral(*m, appendPointer(lptr, "maxEvents"), "\"maxEvents\"")) {
                if (*v < 0) {
                    error(appendPointer(lptr, "maxEvents"), "\"maxEvents\" must not be negative");
                } else {
                    info.maxEvents = static_cast<std::uint64_t>(*v);
                }
            }
        }
        if (auto a = lc->find("avroSchemaHint"); a != lc->end()) {
            if (!a->is_object()) {
                error(appendPointer(lptr, "avroSchemaHint"),
                      "\"avroSchemaHint\" must be an object with \"key\" and/or \"value\" "
                      "schemas");
            } else {
                checkKeys(*a, appendPointer(lptr, "avroSchemaHint"), "avroSchemaHint",
                          {"key", "value"});
                info.avroSchemaHint = nlohmann::json::parse(a->dump());
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
        checkKeys(*s, "/schedule", "schedule", {"stages"});
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
                checkKeys(stage, ptr, "a stage", {"generators"});
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

        // Slots for every var first, so definitions may refer to each other in any order.
        struct Def {
            std::string name;
            const Json* json;
            std::string ptr;
            bool once;
        };
        std::vector<Def> defs;
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
        const bool topic = info.kind == TargetKind::Topic;
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
        const char* payloadKey = topic ? "value" : dataSink ? "data" : "row";
        if (auto p = g.find(payloadKey); p != g.end() && (topic || dataSink || p->is_object())) {
            const std::string pptr = appendPointer(h.pointer, payloadKey);
            out.payload = compileValue(*p, pptr, scope, 0);
            info.hasPayload = true;
            if (p->is_object() && !isFunction(*p)) {
                std::size_t i = 0;
                for (auto it = p->begin(); it != p->end(); ++it, ++i) {
                    ColumnInfo col;
                    col.name = it.key();
                    if (isFunction(it.value())) {
                        // sqlHint is the other SQL connections' name for pgHint.
                        for (const char* hint : {"pgHint", "sqlHint"}) {
                            auto ph = it.value().find(hint);
                            if (ph == it.value().end()) continue;
                            if (ph->is_string()) {
                                col.pgHint = ph->get<std::string>();
                            } else {
                                error(appendPointer(appendPointer(pptr, it.key()), hint),
                                      fmt::format("\"{}\" must be a string (a SQL column type)",
                                                  hint));
                            }
                        }
                    }
                    info.columns.push_back(std::move(col));
                }
                fieldNodes_[gi] = payloadFields(out.payload, p->size());
            }
        }

        // Throttle.
        const Json* throttle = globalThrottle_;
        std::string tptr = "/globalConfigs/throttleMs";
        if (auto lc = g.find("localConfigs"); lc != g.end() && lc->is_object()) {
            if (auto t = lc->find("throttleMs"); t != lc->end()) {
                throttle = &*t;
                tptr = appendPointer(appendPointer(h.pointer, "localConfigs"), "throttleMs");
            } else if (auto t2 = lc->find("throttle"); t2 != lc->end()) {
                tptr = appendPointer(appendPointer(h.pointer, "localConfigs"), "throttle");
                if (!t2->is_object() || !t2->contains("ms")) {
                    error(tptr, "\"throttle\" must be an object {\"ms\": …}");
                } else {
                    checkKeys(*t2, tptr, "throttle", {"ms"});
                    throttle = &(*t2)["ms"];
                    tptr = appendPointer(tptr, "ms");
                }
            }
        }
        if (throttle != nullptr) {
            if (throttle->is_number()) {
                if (throttle->get<double>() < 0) error(tptr, "a throttle must not be negative");
            } else if (!isFunction(*throttle)) {
                error(tptr, "a throttle must be a number of milliseconds or a function, not " +
                                typeName(*throttle));
            }
            out.throttle = compileValue(*throttle, tptr, scope, 0);
        }
        // Functions may have added local var slots after the generator's own vars.
        out.slotCount = static_cast<std::uint32_t>(scope.slotNodes.size());
        for (auto& [node, slot] : scope.varNodes)
            node->setDefinition(scope.slotNodes[slot]);
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
            if (j.contains("_gen")) return generate::compileFunction(*this, j, ptr, depth);
            std::vector<std::string_view> keys;
            std::vector<const Node*> children;
            bool allConstant = true;
            for (auto it = j.begin(); it != j.end(); ++it) {
                keys.push_back(program_->keep(it.key()));
                children.push_back(
                    compileValue(it.value(), appendPointer(ptr, it.key()), scope, depth + 1));
                allConstant = allConstant && children.back()->constant() != nullptr;
            }
            if (allConstant) return constant(j);
            return program_->make<ObjectNode>(std::move(keys), std::move(children));
        }
        if (j.is_array()) {
            std::vector<const Node*> children;
            bool allConstant = true;
            for (std::size_t i = 0; i < j.size(); ++i) {
                children.push_back(compileValue(j[i], appendPointer(ptr, i), scope, depth + 1));
                allConstant = allConstant && children.back()->constant() != nullptr;
            }
            if (allConstant) return constant(j);
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
        // Path.
        Path path;
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
        } else if (auto p = j.find("path"); p != j.end()) {
            auto parsed = readPath(*p, appendPointer(ptr, "path"));
            if (!parsed) return nullNode();
            path = std::move(*parsed);
        } else {
            error(ptr, "function \"lookup\" needs parameter \"path\" (e.g. [\"value\", \"id\"])");
            return nullNode();
        }
        for (std::uint32_t s : sources) {
            const bool topicSource = infos[s].kind == TargetKind::Topic;
            const bool dataSource = infos[s].kind == TargetKind::Data;
            const bool okRoot = !path.empty() && !path[0].isIndex &&
                                (topicSource  ? (path[0].key == "key" || path[0].key == "value")
                                 : dataSource ? path[0].key == "data"
                                              : path[0].key == "row");
            if (!okRoot) {
                error(appendPointer(ptr, "path"),
                      fmt::format("a lookup path into {} must start with {}", described,
                                  topicSource  ? "\"key\" or \"value\""
                                  : dataSource ? "\"data\""
                                               : "\"row\""));
                return nullNode();
            }
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
            auto& recorded = program_->compiled_[s].recordedPaths;
            std::uint32_t idx = 0;
            while (idx < recorded.size() && !samePath(recorded[idx], path))
                ++idx;
            if (idx == recorded.size()) recorded.push_back(path);
            if (unique) program_->compiled_[s].uniqueTarget = true;
            srcs.push_back({s, idx});
        }
        auto* node = program_->make<LookupNode>(std::move(srcs), std::move(histogram), unique);
        program_->compiled_[scope.generator].dependencies.push_back({sources, unique});
        if (path.size() == 2 && !path[1].isIndex && path[0].key != "key") {
            pending_.push_back({node, sources[0], std::string(path[1].key)});
        }
        return node;
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
                if (nodes[i] != nullptr) cols[i].kind = nodes[i]->staticKind(0);
            }
        }
    }

    const scenario::LoadedScenario& src_;
    scenario::Diagnostics& diags_;
    std::unique_ptr<Program> program_;
    std::vector<Header> headers_;
    std::vector<PendingLookup> pending_;
    std::map<std::size_t, std::vector<const Node*>> fieldNodes_;
    Scope* scope_ = nullptr;  // the generator being compiled
    const Json* globalThrottle_ = nullptr;
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
