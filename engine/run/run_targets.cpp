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

// The kafka connection's own keys besides producerConfigs: topicPolicy, logLevel, ….
void applyConnectionSettings(const generate::ConnectionInfo& c, KafkaTarget& k,
                             std::vector<std::string>& warnings) {
    const auto& s = c.settings;
    if (!s.is_object()) return;
    if (auto tp = s.find("topicPolicy"); tp != s.end() && tp->is_object()) {
        const std::string policy = tp->value("policy", "create");
        if (policy == "manual") k.createTopics = false;
        if (policy == "dropAndCreate")
            warnings.push_back("connection " + c.name +
                               ": topicPolicy dropAndCreate is not applied; existing topics are "
                               "kept and missing ones created");
        if (auto p = tp->find("partitions"); p != tp->end() && p->is_number_integer())
            k.partitions = p->get<int>();
    }
    // logLevel: the Java client's log threshold, as librdkafka's syslog level.
    if (auto l = s.find("logLevel");
        l != s.end() && l->is_string() && !k.config.find("log_level")) {
        const std::string level = l->get<std::string>();
        const char* syslog = level == "FATAL"   ? "2"
                             : level == "ERROR" ? "3"
                             : level == "WARN"  ? "4"
                             : level == "INFO"  ? "6"
                                                : "7";
        k.config.set("log_level", syslog);
    }
    for (const char* ignored : {"sendSynchronous", "continueOnRuleException", "avroSchemas"})
        if (s.contains(ignored))
            warnings.push_back("connection " + c.name + ": \"" + ignored +
                               "\" is not applied by Riverdelta");
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
    for (const auto& c : program.connections()) {
        if (c.kind == "kafka") kafkaNames.push_back(c.name);
        if (c.kind == "postgres") postgresNames.push_back(c.name);
    }

    for (const auto& name : kafkaNames) {
        if (overrides.kafka) {
            // Where the data goes is the override's; the scenario's word on its schemas stays:
            // auto.register.schemas=false (someone else registers them) and string keys.
            KafkaTarget k = *overrides.kafka;
            if (const auto* c = program.findConnection(name)) {
                try {
                    const auto t = kafka::translateShadowTrafficConnection(c->configs);
                    k.autoRegisterSchemas = k.autoRegisterSchemas && t.autoRegisterSchemas;
                    if (t.keySerializer == kafka::Serializer::String)
                        k.keySerializer = kafka::Serializer::String;
                } catch (const std::exception&) {
                    // An unusable connection file is what the override stands in for.
                }
            }
            targets.kafka[name] = std::move(k);
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
            applyConnectionSettings(*c, k, targets.warnings);
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
