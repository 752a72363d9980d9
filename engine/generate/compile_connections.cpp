// Compiler: connections, what each generator writes to (topic, table, bucket, …) and
// the sink keys of its connection kind.
#include <fmt/format.h>

#include <algorithm>

#include "engine/generate/connection_kinds.h"
#include "engine/generate/kafka_generator_keys.h"
#include "engine/generate/scenario_compiler.h"

namespace riverdelta::generate {

using scenario::appendPointer;
using scenario::didYouMean;

// A loadJsonFile the loader could not expand (already reported): skipped quietly.
bool Compiler::failedInclude(const Json& j) {
    if (!isFunction(j)) return false;
    const Json& g = j["_gen"];
    return g.is_string() && g.get_ref<const std::string&>() == "loadJsonFile";
}

// Checks `obj` against documented keys: unknown keys, missing required ones, JSON types
// and allowed values, recursively.
void Compiler::checkSpec(const Json& obj, const std::string& ptr, const std::string& what,
                         const std::vector<KeySpec>& specs, const std::vector<std::string>& extra) {
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

void Compiler::checkValue(const Json& v, const std::string& ptr, const KeySpec& k) {
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
            error(ptr, fmt::format("\"{}\" must be {}, not \"{}\"{}", name, quoteList(values), text,
                                   didYouMean(text, values)));
    }
}

void Compiler::readConnections(const Json& root) {
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
            error(appendPointer(ptr, "kind"),
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
        } else if (auto cc = conn.find("connectionConfigs"); cc != conn.end() && cc->is_object()) {
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

// The generator keys of every connection kind besides topic/table ones: bucket, data,
// bucketConfigs, url, headers, … (checkSpec on the kind's own keys follows in readSinkKeys).
std::vector<std::string> Compiler::withSinkKeys(std::vector<std::string> keys) {
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
void Compiler::readTarget(const Json& g, const std::string& ptr, GeneratorInfo& info, Header& h) {
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
bool Compiler::readReaderTarget(const Json& g, const std::string& ptr, GeneratorInfo& info,
                                Header& h) {
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
    if (!g.contains("query")) error(ptr, "a reader generator needs \"query\" (the SQL it runs)");
    info.targetKey = "kind";
    info.kind = TargetKind::Data;
    info.target = "reader";
    h.valid = true;
    return true;
}

void Compiler::readConnectionOf(const Json& g, const std::string& ptr, GeneratorInfo& info) {
    if (info.targetKey.empty()) return;
    const auto kinds = kindsForTargetKey(info.targetKey);
    auto serves = [&](const std::string& kind) {
        return std::any_of(kinds.begin(), kinds.end(),
                           [&](const ConnectionKind* k) { return k->name == kind; });
    };
    std::vector<std::string> kindNames;
    kindNames.reserve(kinds.size());
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
        error(ptr, fmt::format("a \"{}\" generator needs a connection of kind {}", info.targetKey,
                               quoteList(kindNames)));
    }
}

// The sink keys of data generators (bucketConfigs, url, headers, …), checked against the
// kind's documented keys; keys of other kinds are refused.
void Compiler::readSinkKeys(const Json& g, const std::string& ptr, GeneratorInfo& info) {
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
            error(appendPointer(ptr, key),
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
                error(ptr, fmt::format("a \"{}\" generator needs \"{}\"", info.targetKey, name));
            continue;
        }
        checkValue(*it, appendPointer(ptr, name), spec);
        const bool perEvent = std::find(kind->perEventKeys.begin(), kind->perEventKeys.end(),
                                        spec.name) != kind->perEventKeys.end();
        if (name != "data" && !perEvent) info.sinkConfig[name] = nlohmann::json::parse(it->dump());
    }
    if (auto cfg =
            info.sinkConfig.find(std::string(info.targetKey == "directory"   ? "fileConfigs"
                                             : info.targetKey == "container" ? "containerConfigs"
                                                                             : "bucketConfigs"));
        cfg != info.sinkConfig.end() && cfg->is_object()) {
        const std::string cptr = appendPointer(ptr, cfg.key());
        const char* prefix = info.connectionKind == "fileSystem"           ? "filePrefix"
                             : info.connectionKind == "googleCloudStorage" ? "blobPrefix"
                                                                           : "keyPrefix";
        const char* multi = info.connectionKind == "fileSystem" ? "multiFile" : "multiBlob";
        if (!cfg->contains(prefix) && !cfg->contains(multi))
            error(cptr, fmt::format("\"{}\" needs \"{}\" (or \"{}\")", cfg.key(), prefix, multi));
        if (cfg->contains("tableFormat") && !cfg->contains("iceberg"))
            error(cptr, fmt::format("\"{}\" with \"tableFormat\" needs \"iceberg\"", cfg.key()));
    }
}

// A data generator's per-event sink settings (webhook headers, event ids, a generated
// subdir, …) become its key: an object shaped like the generator, evaluated per event.
void Compiler::compileSinkKey(const Json& g, const std::string& ptr, GeneratorInfo& info,
                              Scope& scope, Program::Compiled& out) {
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

}  // namespace riverdelta::generate
