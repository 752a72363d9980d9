// `riverdelta-cli run` as a user runs it (a subprocess), against the real test services.
#include <QProcess>
#include <QtTest>
#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "engine/core/process.h"
#include "engine/postgres/connection.h"
#include "engine/registry/schema_registry.h"
#include "support/cli_scenarios.h"
#include "support/iso_time.h"
#include "support/run_process.h"
#include "support/test_env.h"

using namespace riverdelta;
using nlohmann::json;

namespace {

const QString kCli = testing::kCliPath;
using testing::builtinJson;
using testing::q;
using testing::writeJson;

using Run = testing::ProcessResult;

Run cli(const QStringList& args, int timeoutMs = 180'000,
        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    return testing::runProcess(kCli, args, {.timeoutMs = timeoutMs, .environment = env});
}

std::string withDatabase(std::string conninfo, const std::string& db) {
    const auto at = conninfo.find("dbname=");
    if (at != std::string::npos) {
        const auto end = conninfo.find(' ', at);
        conninfo.erase(at, end == std::string::npos ? std::string::npos : end - at + 1);
    }
    return conninfo + " dbname=" + db;
}

// A fresh database per test, so tables and progress rows never collide with other tests.
std::string freshDatabase(const std::string& conninfo, const std::string& prefix) {
    std::string db;
    for (char c : testing::uniqueName(prefix).substr(0, 40))
        db += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    postgres::Connection(conninfo).exec("CREATE DATABASE " + db);
    return withDatabase(conninfo, db);
}

// The built-in scenario's seed and historical stages, its Kafka connection `kafka` given as
// `connection` (ShadowTraffic producerConfigs).
json stagesOneAndTwo(const std::string& prefix, const json& kafkaConnection) {
    return testing::seedAndHistoricalStages(prefix, kafkaConnection);
}

QString writeScenario(const QTemporaryDir& dir, const json& scenario) {
    return writeJson(dir, QStringLiteral("scenario.json"), scenario);
}

// The fields of an Avro schema that are timestamp-millis (fastavro prints them as ISO 8601).
std::set<std::string> timestampFields(const json& schema) {
    std::set<std::string> out;
    for (const auto& f : schema["fields"])
        if (f["type"].is_object() && f["type"].value("logicalType", "") == "timestamp-millis")
            out.insert(f["name"].get<std::string>());
    return out;
}

// The line `run` ends with when it fails ("riverdelta-cli run: <reason>"); it must be one.
QString failureLine(const Run& r) {
    QString found;
    for (const auto& line : r.err.split(QLatin1Char('\n'))) {
        if (!line.startsWith(QStringLiteral("riverdelta-cli run: "))) continue;
        if (!found.isEmpty()) return QStringLiteral("more than one failure line");
        found = line;
    }
    return found;
}

}  // namespace

class RunCliTest : public QObject {
    Q_OBJECT
  private slots:
    // Stages 1-2 of the built-in scenario through `run` with a connection naming a Schema
    // Registry: every message is Confluent-framed Avro that fastavro decodes to the `sample`
    // output for the same seed and clock, and <topic>-value is registered.
    void avroThroughRegistryMatchesSample() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(registryUrl, "RIVERDELTA_TEST_SCHEMA_REGISTRY_URL");
        RD_REQUIRE_ENV(python, "RIVERDELTA_TEST_PYTHON");
        std::string prefix;
        for (char c : testing::uniqueName("runavro"))
            prefix += c == '-' ? '_' : c;
        const json kafka = {
            {"kind", "kafka"},
            {"producerConfigs",
             {{"bootstrap.servers", bootstrap},
              {"schema.registry.url", registryUrl},
              {"key.serializer", "io.shadowtraffic.kafka.serdes.JsonSerializer"},
              {"value.serializer", "io.confluent.kafka.serializers.KafkaAvroSerializer"}}}};
        QTemporaryDir dir;
        const QString config = writeScenario(dir, stagesOneAndTwo(prefix, kafka));
        const QStringList common = {QStringLiteral("--seed"), QStringLiteral("17"),
                                    QStringLiteral("--now"), QStringLiteral("1790000000000")};

        auto r = cli(QStringList{QStringLiteral("run"), config, QStringLiteral("--stages"),
                                 QStringLiteral("2"), QStringLiteral("--postgres"),
                                 q(freshDatabase(conninfo, "runavro"))} +
                     common);
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        QVERIFY2(r.out.contains(QStringLiteral("Run finished")), qPrintable(r.all()));

        auto sample = cli(QStringList{QStringLiteral("sample"), config, QStringLiteral("-n"),
                                      QStringLiteral("100000")} +
                          common);
        QVERIFY2(sample.exitCode == 0, qPrintable(sample.err));
        std::map<std::string, std::vector<json>> expected;  // by topic, in order
        for (const auto& line : sample.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            auto event = json::parse(line.toStdString());
            if (event.contains("topic"))
                expected[event["topic"].get<std::string>()].push_back(std::move(event));
        }
        QCOMPARE(expected.size(), std::size_t(3));

        const std::map<std::string, std::string> schemaFiles = {
            {prefix + "_clickstream", "schemas/clickstream.avsc.json"},
            {prefix + "_bookings", "schemas/booking.avsc.json"},
            {prefix + "_hotel_reviews", "schemas/review.avsc.json"}};
        const std::map<std::string, std::size_t> counts = {{prefix + "_clickstream", 3000},
                                                           {prefix + "_bookings", 400},
                                                           {prefix + "_hotel_reviews", 200}};
        for (const auto& [topic, want] : expected) {
            QVERIFY2(counts.contains(topic), topic.c_str());
            QCOMPARE(want.size(), counts.at(topic));
            const auto stamps = timestampFields(builtinJson(schemaFiles.at(topic)));
            auto decoded = core::runProcess(
                {python, RIVERDELTA_SOURCE_DIR "/tests/support/avro_decode.py", "kafka", bootstrap,
                 topic, std::to_string(want.size()), registryUrl},
                {.timeout = std::chrono::minutes(2)});
            QVERIFY2(decoded.ok(), decoded.output.c_str());
            std::size_t i = 0;
            std::set<int> schemaIds;
            std::istringstream lines(decoded.output);
            for (std::string line; std::getline(lines, line);) {
                if (line.empty() || line[0] != '{') continue;
                const auto got = json::parse(line);
                QVERIFY2(i < want.size(), topic.c_str());
                const auto& event = want[i];
                // Keys are JSON (key.serializer JsonSerializer), values Avro.
                QCOMPARE(got["key"].is_null() ? std::string("null") : got["key"].get<std::string>(),
                         event["key"].dump());
                json value = event["value"];
                for (const auto& field : stamps)
                    value[field] = testing::isoFromMillis(value[field].get<std::int64_t>(), true);
                QCOMPARE(got["value"].size(), value.size());
                for (const auto& [field, v] : value.items())
                    QVERIFY2(got["value"][field] == v,
                             (topic + " #" + std::to_string(i) + " " + field + ": got " +
                              got["value"][field].dump() + ", expected " + v.dump())
                                 .c_str());
                schemaIds.insert(got["schema_id"].get<int>());
                ++i;
            }
            QCOMPARE(i, want.size());
            QCOMPARE(schemaIds.size(), std::size_t(1));
        }

        registry::SchemaRegistryClient registry(registry::RegistryConfig{.url = registryUrl});
        const auto subjects = registry.subjects();
        for (const auto& [topic, file] : schemaFiles)
            QVERIFY2(
                std::find(subjects.begin(), subjects.end(), topic + "-value") != subjects.end(),
                (topic + "-value not registered").c_str());
    }

    // Bad connection data ends the run within a bounded time, non-zero, with one line that
    // names the connection (or profile) and the reason, and never prints a password.
    void wrongKafkaHostFailsWithTheReason() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        auto r = cli({QStringLiteral("run"), QStringLiteral("--stages"), QStringLiteral("3"),
                      QStringLiteral("--kafka"), QStringLiteral("no-such-broker.invalid:9092"),
                      QStringLiteral("--postgres"), q(freshDatabase(conninfo, "badhost"))});
        QVERIFY2(r.exitCode != 0, qPrintable(r.all()));
        QVERIFY2(r.ms < 75'000, qPrintable(QString::number(r.ms)));
        const QString reason = failureLine(r);
        QVERIFY2(reason.contains(QStringLiteral("connection 'kafka'")), qPrintable(r.all()));
        QVERIFY2(reason.contains(QStringLiteral("no-such-broker.invalid:9092")),
                 qPrintable(r.all()));
        QVERIFY2(reason.contains(QStringLiteral("resolve"), Qt::CaseInsensitive) ||
                     reason.contains(QStringLiteral("unreachable")),
                 qPrintable(r.all()));
    }

    void wrongPostgresPasswordFailsWithoutEchoingIt() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        std::string bad = conninfo;
        const auto at = bad.find("password=");
        QVERIFY(at != std::string::npos);
        const auto end = bad.find(' ', at);
        const std::string real = bad.substr(at + 9, end == std::string::npos ? end : end - at - 9);
        bad.replace(at, end == std::string::npos ? std::string::npos : end - at,
                    "password=Not-The-Password-31");
        auto r =
            cli({QStringLiteral("run"), QStringLiteral("--stages"), QStringLiteral("3"),
                 QStringLiteral("--kafka"), q(bootstrap), QStringLiteral("--postgres"), q(bad)});
        QVERIFY2(r.exitCode != 0, qPrintable(r.all()));
        QVERIFY2(r.ms < 60'000, qPrintable(QString::number(r.ms)));
        const QString reason = failureLine(r);
        QVERIFY2(reason.contains(QStringLiteral("connection 'postgres'")), qPrintable(r.all()));
        QVERIFY2(reason.contains(QStringLiteral("password authentication failed")),
                 qPrintable(r.all()));
        QVERIFY2(!r.all().contains(QStringLiteral("Not-The-Password-31")), qPrintable(r.all()));
        QVERIFY2(!r.all().contains(q(real)), "the real password was printed");
    }

    void wrongSaslPasswordFailsAtOnceNamingTheConnection() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(sasl, "RIVERDELTA_TEST_KAFKA_SASL_BOOTSTRAP");
        RD_REQUIRE_ENV(user, "RIVERDELTA_TEST_KAFKA_SASL_USERNAME");
        const json kafka = {
            {"kind", "kafka"},
            {"producerConfigs",
             {{"bootstrap.servers", sasl},
              {"security.protocol", "SASL_PLAINTEXT"},
              {"sasl.mechanism", "PLAIN"},
              {"sasl.jaas.config",
               "org.apache.kafka.common.security.plain.PlainLoginModule required username='" +
                   user + "' password='Wrong-Sasl-Secret-58';"},
              {"key.serializer", "io.shadowtraffic.kafka.serdes.JsonSerializer"},
              {"value.serializer", "io.shadowtraffic.kafka.serdes.JsonSerializer"}}}};
        QTemporaryDir dir;
        const QString config = writeScenario(dir, stagesOneAndTwo("sasl", kafka));
        auto r =
            cli({QStringLiteral("run"), config, QStringLiteral("--stages"), QStringLiteral("2"),
                 QStringLiteral("--postgres"), q(freshDatabase(conninfo, "badsasl"))});
        QVERIFY2(r.exitCode != 0, qPrintable(r.all()));
        QVERIFY2(r.ms < 30'000, qPrintable(QString::number(r.ms)));  // no retry storm
        const QString reason = failureLine(r);
        QVERIFY2(reason.contains(QStringLiteral("connection 'kafka'")), qPrintable(r.all()));
        QVERIFY2(reason.contains(QStringLiteral("authentication failed")), qPrintable(r.all()));
        QVERIFY2(!r.all().contains(QStringLiteral("Wrong-Sasl-Secret-58")), qPrintable(r.all()));
    }

    void wrongSaslPasswordInAProfileNamesTheProfile() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(sasl, "RIVERDELTA_TEST_KAFKA_SASL_BOOTSTRAP");
        RD_REQUIRE_ENV(user, "RIVERDELTA_TEST_KAFKA_SASL_USERNAME");
        QTemporaryDir home;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
        env.insert(QStringLiteral("RIVERDELTA_SECRET_STORE"), QStringLiteral("file"));
        const auto add = testing::runProcess(
            kCli,
            {QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("workshop"),
             QStringLiteral("--kind"), QStringLiteral("kafka"), QStringLiteral("--bootstrap"),
             q(sasl), QStringLiteral("--property"),
             QStringLiteral("security.protocol=SASL_PLAINTEXT"), QStringLiteral("--property"),
             QStringLiteral("sasl.mechanism=PLAIN"), QStringLiteral("--property"),
             q("sasl.username=" + user), QStringLiteral("--secret-stdin")},
            {.timeoutMs = 30'000, .environment = env, .input = "Wrong-Profile-Secret-94\n"});
        QVERIFY2(add.exitCode == 0, qPrintable(add.err));
        auto r = cli({QStringLiteral("run"), QStringLiteral("--stages"), QStringLiteral("3"),
                      QStringLiteral("--profile"), QStringLiteral("workshop"),
                      QStringLiteral("--postgres"), q(freshDatabase(conninfo, "badprofile"))},
                     180'000, env);
        QVERIFY2(r.exitCode != 0, qPrintable(r.all()));
        QVERIFY2(r.ms < 30'000, qPrintable(QString::number(r.ms)));
        const QString reason = failureLine(r);
        QVERIFY2(reason.contains(QStringLiteral("profile 'workshop'")), qPrintable(r.all()));
        QVERIFY2(reason.contains(QStringLiteral("authentication failed")), qPrintable(r.all()));
        QVERIFY2(!r.all().contains(QStringLiteral("Wrong-Profile-Secret-94")), qPrintable(r.all()));
    }

    void misspeltKafkaPropertyFailsNamingIt() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        const json kafka = {
            {"kind", "kafka"},
            {"producerConfigs",
             {{"bootstrap.servers", bootstrap},
              {"linger.mss", "5"},
              {"key.serializer", "io.shadowtraffic.kafka.serdes.JsonSerializer"},
              {"value.serializer", "io.shadowtraffic.kafka.serdes.JsonSerializer"}}}};
        QTemporaryDir dir;
        const QString config = writeScenario(dir, stagesOneAndTwo("typo", kafka));
        auto r =
            cli({QStringLiteral("run"), config, QStringLiteral("--stages"), QStringLiteral("2"),
                 QStringLiteral("--postgres"), q(freshDatabase(conninfo, "typo"))});
        QVERIFY2(r.exitCode != 0, qPrintable(r.all()));
        QVERIFY2(r.ms < 30'000, qPrintable(QString::number(r.ms)));
        const QString reason = failureLine(r);
        QVERIFY2(reason.contains(QStringLiteral("connection 'kafka'")), qPrintable(r.all()));
        QVERIFY2(reason.contains(QStringLiteral("linger.mss")), qPrintable(r.all()));
    }
};

QTEST_GUILESS_MAIN(RunCliTest)
#include "test_run_cli.moc"
