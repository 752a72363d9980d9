#pragma once

#include <QDir>
#include <QFile>
#include <nlohmann/json.hpp>
#include <string>

#include "integration/cdc_test_support.h"

// A small scenario of its own per test (names unique per run) for tests that share the real
// broker and server with others: a seed table of guests, then visits that look them up.
namespace riverdelta::testing {

struct LabScenario {
    QString file;
    std::string table;  // schema.guest
    std::string topic;  // visits
    int guests = 0, visits = 0;
};

// Stage 1: `guests` rows into <schema>.guest (PostgreSQL); stage 2: `visits` events into a topic
// of its own, each naming an existing guest. The scenario's own hosts are placeholders: the
// console and run overrides say where things go.
inline LabScenario writeLabScenario(const QString& dir, int guests = 200, int visits = 500) {
    LabScenario lab;
    const std::string schema = lowerUnique("lab");
    lab.table = schema + ".guest";
    lab.topic = lowerUnique("visits");
    lab.guests = guests;
    lab.visits = visits;
    const nlohmann::json scenario = {
        {"generators",
         {{{"name", "guest"},
           {"table", lab.table},
           {"connection", "pg"},
           {"vars", {{"n", {{"_gen", "sequentialInteger"}, {"startingFrom", 1}}}}},
           {"row",
            {{"guest_id",
              {{"_gen", "string"}, {"expr", "G#{n}"}, {"pgHint", "VARCHAR(16) PRIMARY KEY"}}},
             {"name",
              {{"_gen", "string"}, {"expr", "#{Name.firstName}"}, {"pgHint", "VARCHAR(64)"}}}}},
           {"localConfigs", {{"maxEvents", guests}}}},
          {{"name", "visits"},
           {"topic", lab.topic},
           {"connection", "kafka"},
           {"key", {{"_gen", "uuid"}}},
           {"value",
            {{"guest_id",
              {{"_gen", "lookup"}, {"table", lab.table}, {"path", {"row", "guest_id"}}}},
             {"page", {{"_gen", "oneOf"}, {"choices", {"/", "/rooms", "/book"}}}}}},
           {"localConfigs", {{"maxEvents", visits}}}}}},
        {"schedule", {{"stages", {{{"generators", {"guest"}}}, {{"generators", {"visits"}}}}}}},
        {"connections",
         {{"pg",
           {{"kind", "postgres"},
            {"tablePolicy", "create"},
            {"connectionConfigs",
             {{"host", "localhost"},
              {"port", 5432},
              {"username", "postgres"},
              {"password", "postgres"},
              {"db", "lab"}}}}},
          {"kafka",
           {{"kind", "kafka"},
            {"producerConfigs",
             {{"bootstrap.servers", "localhost:9092"},
              {"key.serializer", "io.shadowtraffic.kafka.serdes.JsonSerializer"},
              {"value.serializer", "io.shadowtraffic.kafka.serdes.JsonSerializer"}}}}}}}};
    lab.file = QDir(dir).filePath(QStringLiteral("lab.json"));
    QFile f(lab.file);
    if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(lab.file));
    f.write(QByteArray::fromStdString(scenario.dump(2)));
    return lab;
}

}  // namespace riverdelta::testing
