#include "engine/run/run_targets.h"

#include "engine/core/error.h"
#include "engine/generate/program.h"

namespace riverdelta::run {

namespace {

// A conninfo value in single quotes with \ and ' escaped.
std::string quoted(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string text(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    return v.dump();
}

}  // namespace

std::string conninfoFromShadowTraffic(const nlohmann::json& configs) {
    if (!configs.is_object()) throw Error("connectionConfigs is not an object");
    std::string out;
    auto add = [&](const char* key, const char* field) {
        if (configs.contains(field) && !configs[field].is_null())
            out += std::string(out.empty() ? "" : " ") + key + "=" + quoted(text(configs[field]));
    };
    add("host", "host");
    add("port", "port");
    add("user", "username");
    add("password", "password");
    add("dbname", "db");
    return out;
}

void applyProducerDefaults(kafka::ClientConfig& config) {
    if (!config.find("linger.ms")) config.set("linger.ms", "10");
    if (!config.find("batch.size")) config.set("batch.size", "1000000");
    if (!config.find("compression.type")) config.set("compression.type", "lz4");
}

RunTargets resolveTargets(const generate::Program& program, const TargetOverrides& overrides) {
    RunTargets targets;
    std::vector<std::string> kafkaNames{""}, postgresNames{""};
    for (const auto& c : program.connections())
        (c.kind == "kafka" ? kafkaNames : postgresNames).push_back(c.name);

    for (const auto& name : kafkaNames) {
        if (overrides.kafka) {
            targets.kafka[name] = *overrides.kafka;
            continue;
        }
        const auto* c = program.findConnection(name);
        if (!c) continue;  // "" without an override: generators naming no connection fail later
        try {
            auto t = kafka::translateShadowTrafficConnection(c->configs);
            KafkaTarget k;
            k.config = t.kafka;
            k.keySerializer = t.keySerializer.value_or(kafka::Serializer::Json);
            k.valueSerializer = t.valueSerializer.value_or(kafka::Serializer::Json);
            k.registry = t.registry;
            k.autoRegisterSchemas = t.autoRegisterSchemas;
            k.label = k.config.bootstrapServers;
            for (const auto& w : t.warnings)
                targets.warnings.push_back("connection " + name + ": " + w);
            targets.kafka[name] = std::move(k);
        } catch (const std::exception& e) {
            throw Error("connection '" + name + "': " + e.what());
        }
    }
    for (const auto& name : postgresNames) {
        if (overrides.postgres) {
            targets.postgres[name] = *overrides.postgres;
            if (const auto* c = program.findConnection(name);
                c && !c->tablePolicy.empty() && !overrides.postgres->policy)
                targets.postgres[name].policy = postgres::parseTablePolicy(c->tablePolicy);
            continue;
        }
        const auto* c = program.findConnection(name);
        if (!c) continue;
        try {
            PostgresTarget p;
            p.conninfo = conninfoFromShadowTraffic(c->configs);
            if (!c->tablePolicy.empty()) p.policy = postgres::parseTablePolicy(c->tablePolicy);
            targets.postgres[name] = std::move(p);
        } catch (const std::exception& e) {
            throw Error("connection '" + name + "': " + e.what());
        }
    }
    return targets;
}

}  // namespace riverdelta::run
