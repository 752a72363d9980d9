// Compiler: when and how much generators run — globalConfigs and localConfigs (event
// counts, throttles, delay, discard and repeat rates, schema hints) and schedule.stages with
// their overrides.
#include <fmt/format.h>

#include <cmath>
#include <utility>

#include "engine/generate/functions/function_themes.h"
#include "engine/generate/generator_nodes.h"
#include "engine/generate/run_settings.h"
#include "engine/generate/scenario_compiler.h"
#include "engine/postgres/ddl_hint.h"

namespace riverdelta::generate {

using scenario::appendPointer;
using scenario::didYouMean;

const std::vector<std::string>& Compiler::runtimeConfigKeys() {
    static const std::vector<std::string> keys = {
        "maxEvents", "events",  "throttleMs", "throttle", "throughput",      "maxMs",
        "delay",     "discard", "repeat",     "history",  "maxHistoryEvents"};
    return keys;
}

void Compiler::readGlobalConfigs(const Json& root) {
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
Compiler::Config Compiler::config(const Json& g, const std::string& gptr, const std::string& key) {
    if (auto lc = g.find("localConfigs"); lc != g.end() && lc->is_object()) {
        if (auto v = lc->find(key); v != lc->end())
            return Config{&*v, appendPointer(appendPointer(gptr, "localConfigs"), key)};
    }
    if (auto it = globals_.find(key); it != globals_.end()) return it->second;
    return {};
}

// A literal maxEvents (or events.exactly): a count, nullopt for a function, error otherwise.
std::optional<std::uint64_t> Compiler::maxEventsLiteral(const Config& cfg, bool exactly) {
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

void Compiler::readLocalConfigs(const Json& g, const std::string& ptr, GeneratorInfo& info) {
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

// A number of milliseconds (or count) that may be a function; nullptr after an error.
const Node* Compiler::amount(const Json& j, const std::string& ptr, const std::string& what,
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
const Node* Compiler::compileThrottle(const Json& g, const std::string& gptr, Scope& scope,
                                      bool state) {
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
        if (auto lc = g.find("localConfigs"); lc != g.end() && lc->is_object() && lc->contains(k)) {
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
std::optional<Program::RateSpec> Compiler::readRate(const Config& c, const char* name,
                                                    const char* amountKey, Scope& scope) {
    if (!c) return std::nullopt;
    std::vector<std::string> keys = {"rate"};
    if (amountKey != nullptr) keys.push_back(amountKey);
    if (amountKey == nullptr) keys.push_back("retainHistory");
    if (!c.json->is_object() || isFunction(*c.json)) {
        error(c.pointer, fmt::format("\"{}\" must be an object with {}", name, quoteList(keys)));
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

// `schedule.stages[k].overrides`: merged into the named generators before they compile.
void Compiler::collectOverrides(const Json& root) {
    auto s = root.find("schedule");
    if (s == root.end() || !s->is_object()) return;
    auto st = s->find("stages");
    if (st == s->end() || !st->is_array()) return;
    for (std::size_t k = 0; k < st->size(); ++k) {
        const Json& stage = (*st)[k];
        if (!stage.is_object()) continue;
        auto ov = stage.find("overrides");
        if (ov == stage.end()) continue;
        const std::string optr = appendPointer(appendPointer("/schedule/stages", k), "overrides");
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
Json Compiler::mergeJson(const Json& base, const Json& over) {
    if (!base.is_object() || !over.is_object() || isFunction(base) || isFunction(over)) return over;
    Json out = base;
    for (auto it = over.begin(); it != over.end(); ++it) {
        auto b = out.find(it.key());
        out[it.key()] = b == out.end() ? it.value() : mergeJson(*b, it.value());
    }
    return out;
}

void Compiler::readSchedule(const Json& root) {
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
    names.reserve(infos.size());
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
                  fmt::format("override of generator \"{}\", which this stage does not run", name));
        } else if (!overridden_.count(name)) {
            error(o.pointer, fmt::format("override of generator \"{}\", which has no "
                                         "\"name\" of its own to merge into",
                                         name));
        }
    }
}

}  // namespace riverdelta::generate
