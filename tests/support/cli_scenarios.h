#pragma once

#include <QString>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/scenario/builtin_scenarios.h"

// What the tests that drive `riverdelta-cli run` as a subprocess share (test_run_cli,
// test_run_faults): the CLI's path, the built-in scenario's seed and historical stages as one
// scenario file, and writing it.
namespace riverdelta::testing {

inline const QString kCliPath = QStringLiteral(RIVERDELTA_BINARY_DIR "/app/riverdelta-cli");
inline constexpr const char* kBuiltinScenarioDir = "builtin:/river-hotels/";

inline QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// A file of the built-in scenario, parsed ("generators/customer.json").
inline nlohmann::json builtinJson(const std::string& relative) {
    std::string error;
    auto text = scenario::builtinFiles()->read(kBuiltinScenarioDir + relative, error);
    if (!text) qFatal("%s: %s", relative.c_str(), error.c_str());
    return nlohmann::json::parse(*text);
}

// loadJsonFile references inside a built-in generator file, made absolute ("../x" from
// generators/ is builtin:/river-hotels/x) so the generator can be inlined anywhere.
inline void absolutise(nlohmann::json& node) {
    if (node.is_object()) {
        if (node.value("_gen", "") == "loadJsonFile" && node.contains("file")) {
            auto file = node["file"].get<std::string>();
            if (file.rfind("../", 0) == 0) node["file"] = kBuiltinScenarioDir + file.substr(3);
        }
        for (auto& [k, v] : node.items())
            absolutise(v);
    } else if (node.is_array()) {
        for (auto& v : node)
            absolutise(v);
    }
}

// The built-in seed (1,000 customers, 30 hotels into PostgreSQL; the run's --postgres names
// the server) and historical stage (3,000 clicks, 400 bookings, 200 reviews into
// `<prefix>_<topic>`), its Kafka connection `kafka` given as `kafkaConnection`.
inline nlohmann::json seedAndHistoricalStages(const std::string& prefix,
                                              const nlohmann::json& kafkaConnection) {
    using nlohmann::json;
    json scenario = json::parse(
        R"({"generators": [], "schedule": {"stages": [{"generators": ["customer", "hotel"]},
            {"generators": ["clickstream_historical", "bookings_historical",
                            "reviews_historical"]}]}})");
    for (const std::string name : {"customer", "hotel"})
        scenario["generators"].push_back(
            {{"_gen", "loadJsonFile"},
             {"file", kBuiltinScenarioDir + ("generators/" + name + ".json")}});
    for (const std::string name :
         {"clickstream_historical", "bookings_historical", "reviews_historical"}) {
        auto g = builtinJson("generators/" + name + ".json");
        absolutise(g);
        g["topic"] = prefix + "_" + g["topic"].get<std::string>();
        scenario["generators"].push_back(g);
    }
    scenario["connections"]["kafka"] = kafkaConnection;
    scenario["connections"]["postgres"] = {
        {"kind", "postgres"},
        {"tablePolicy", "create"},
        {"connectionConfigs", {{"host", "127.0.0.1"}, {"port", 1}, {"db", "unused"}}}};
    return scenario;
}

// Writes `content` as `name` in `dir`; returns its path.
inline QString writeJson(const QTemporaryDir& dir, const QString& name,
                         const nlohmann::json& content) {
    const QString path = dir.filePath(name);
    std::ofstream(path.toStdString()) << content.dump(2);
    return path;
}

}  // namespace riverdelta::testing
