#include "engine/report/scenario_intent.h"

#include <algorithm>
#include <map>

#include "engine/scenario/builtin_scenarios.h"
#include "engine/scenario/loader.h"

namespace riverdelta::report {

namespace {

using scenario::Json;

std::vector<std::string> stringPath(const Json& j) {
    std::vector<std::string> out;
    if (!j.is_array()) return out;
    for (const auto& p : j) {
        if (!p.is_string()) return {};
        out.push_back(p.get<std::string>());
    }
    return out;
}

bool isGen(const Json& j, const char* fn) {
    return j.is_object() && j.contains("_gen") && j["_gen"].is_string() && j["_gen"] == fn;
}

std::optional<HotShare> hotShare(const Json& lookup) {
    const auto h = lookup.find("histogram");
    if (h == lookup.end() || !h->is_object() || !h->contains("bins") || !(*h)["bins"].is_array())
        return std::nullopt;
    double widthSum = 0, freqSum = 0;
    for (const auto& b : (*h)["bins"]) {
        if (!b.is_object() || !b.contains("bin") || !b.contains("frequency") ||
            !b["bin"].is_number() || !b["frequency"].is_number())
            return std::nullopt;
        widthSum += b["bin"].get<double>();
        freqSum += b["frequency"].get<double>();
    }
    if (widthSum <= 0 || freqSum <= 0) return std::nullopt;
    // The densest bin (most events per share of the population) is the "hot" set.
    std::optional<HotShare> best;
    double bestDensity = -1;
    for (const auto& b : (*h)["bins"]) {
        const double w = b["bin"].get<double>() / widthSum,
                     f = b["frequency"].get<double>() / freqSum;
        if (w > 0 && f / w > bestDensity) {
            bestDensity = f / w;
            best = HotShare{w, f};
        }
    }
    return best;
}

}  // namespace

std::vector<ReferenceRule> referenceRules(const Json& root) {
    std::vector<ReferenceRule> rules;
    if (!root.is_object() || !root.contains("generators") || !root["generators"].is_array())
        return rules;
    // Generator name → topic or table, for lookups by generator name.
    std::map<std::string, std::string> topicOf, tableOf;
    for (const auto& g : root["generators"]) {
        if (!g.is_object() || !g.contains("name") || !g["name"].is_string()) continue;
        if (g.contains("topic") && g["topic"].is_string())
            topicOf[g["name"].get<std::string>()] = g["topic"].get<std::string>();
        if (g.contains("table") && g["table"].is_string())
            tableOf[g["name"].get<std::string>()] = g["table"].get<std::string>();
    }
    auto byName = [](const Json& lookup, const std::map<std::string, std::string>& of) {
        if (!lookup.contains("name") || !lookup["name"].is_string()) return std::string();
        const auto it = of.find(lookup["name"].get<std::string>());
        return it == of.end() ? std::string() : it->second;
    };

    for (const auto& g : root["generators"]) {
        if (!g.is_object() || !g.contains("topic") || !g["topic"].is_string() ||
            !g.contains("value") || !g["value"].is_object())
            continue;
        const auto topic = g["topic"].get<std::string>();
        const Json vars = g.contains("vars") && g["vars"].is_object() ? g["vars"] : Json::object();
        for (const auto& [field, expr] : g["value"].items()) {
            const Json* lookup = nullptr;
            std::vector<std::string> extra;
            if (isGen(expr, "lookup")) {
                lookup = &expr;
            } else if (isGen(expr, "var") && expr.contains("var") && expr["var"].is_string()) {
                const auto v = expr["var"].get<std::string>();
                if (vars.contains(v) && isGen(vars[v], "lookup")) {
                    lookup = &vars[v];
                    if (expr.contains("path")) extra = stringPath(expr["path"]);
                }
            }
            if (!lookup) continue;
            auto path = stringPath(lookup->value("path", Json::array()));
            path.insert(path.end(), extra.begin(), extra.end());
            ReferenceRule rule;
            rule.topic = topic;
            rule.field = field;
            rule.unique = lookup->value("unique", false);
            rule.hot = hotShare(*lookup);
            const std::string table = lookup->contains("table") && (*lookup)["table"].is_string()
                                          ? (*lookup)["table"].get<std::string>()
                                          : byName(*lookup, tableOf);
            if (!table.empty() && path.size() == 2 && path[0] == "row") {
                rule.sourceIsTable = true;
                rule.source = table;
            } else if (path.size() == 2 && path[0] == "value") {
                rule.sourceIsTable = false;
                if (lookup->contains("topic") && (*lookup)["topic"].is_string())
                    rule.source = (*lookup)["topic"].get<std::string>();
                else if (const auto topicName = byName(*lookup, topicOf); !topicName.empty())
                    rule.source = topicName;
                else
                    continue;
            } else {
                continue;  // a key, a nested path or a table without "row": not checked
            }
            rule.sourceField = path[1];
            const auto same = std::find_if(rules.begin(), rules.end(), [&](const auto& r) {
                return r.topic == rule.topic && r.field == rule.field && r.source == rule.source &&
                       r.sourceField == rule.sourceField;
            });
            if (same == rules.end()) {
                rules.push_back(std::move(rule));
            } else {
                same->unique = same->unique && rule.unique;
                if (!rule.hot) same->hot.reset();
            }
        }
    }
    return rules;
}

std::vector<ReferenceRule> referenceRulesFromFile(const std::string& path,
                                                  const std::vector<std::string>& mounts) {
    scenario::FileResolver resolver = scenario::makeResolver();
    for (const auto& m : mounts)
        resolver.addMountSpec(m);
    scenario::Diagnostics diagnostics;
    auto loaded = scenario::loadScenario(path, resolver, diagnostics);
    if (!loaded || !diagnostics.empty()) return {};
    return referenceRules(loaded->root);
}

}  // namespace riverdelta::report
