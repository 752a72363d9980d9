#include <QTemporaryDir>
#include <QtTest>
#include <set>

#include "engine/engine.h"
#include "engine/kafka/consumer.h"
#include "integration/cdc_test_support.h"
#include "support/enum_name.h"
#include "support/lab_scenario.h"

using namespace riverdelta;
using namespace riverdelta::testing;

namespace {

std::optional<run::CaptureStatus> captureOf(const Engine& engine) {
    const EngineSnapshot s = engine.snapshot();
    if (s.scenario.captures.empty()) return std::nullopt;
    return s.scenario.captures.front();
}

QByteArray captureState(const Engine& engine) {
    const auto c = captureOf(engine);
    if (!c) return "none";
    if (!c->source) return c->wanted ? "waiting" : "not started";
    return nameOf(c->source->state);
}

std::uint64_t captured(const Engine& engine) {
    const auto c = captureOf(engine);
    return c ? c->eventsAcknowledged : 0;
}

bool generatorsDone(const EngineSnapshot& s) {
    if (s.scenario.generators.empty()) return false;
    for (const auto& g : s.scenario.generators)
        if (g.state != run::StreamState::Done) return false;
    return true;
}

std::int64_t highWatermark(const std::string& bootstrap, const std::string& topic) {
    kafka::ClientConfig config;
    config.bootstrapServers = bootstrap;
    kafka::Consumer probe(config);
    return probe.queryWatermarks(topic, 0, std::chrono::seconds(10)).high;
}

const lake::sync::SyncStatus* syncOf(const EngineSnapshot& s, const std::string& topic) {
    for (const auto& sync : s.syncs)
        if (sync.topic == topic) return &sync;
    return nullptr;
}

}  // namespace

// The engine pointed at saved connections instead of the sandbox: runs, change data capture,
// lake sync and the run report all go there, and switching back and forth ends what ran.
class EngineConnectionTest : public QObject {
    Q_OBJECT
  private slots:
    void runsCapturesSyncsAndReportsOnProfiles() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        const std::string database = lowerUnique("engine_connection");
        const std::string db = createDatabase(conninfo, database);
        QTemporaryDir dir;
        const LabScenario lab = writeLabScenario(dir.path());

        // Never starts the sandbox: the first thing it does is connect to the profiles.
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = false});
        ServiceConnections connection;
        connection.kafka = KafkaConnection{"lab", {.bootstrapServers = bootstrap}};
        connection.postgres = PostgresConnection{"labdb", db};
        engine.post(command::Connect{connection});
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(engine.snapshot().kafka.state), QByteArray("connected"),
                                  30000);
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(engine.snapshot().postgres.state), QByteArray("connected"),
                                  30000);
        EngineSnapshot s = engine.snapshot();
        QCOMPARE(s.environment, std::string("Kafka profile 'lab' · PostgreSQL profile 'labdb'"));
        QCOMPARE(s.kafka.endpoint, bootstrap);
        QVERIFY2(s.kafka.detail.find("profile 'lab'") != std::string::npos, s.kafka.detail.c_str());
        QVERIFY2(s.postgres.endpoint.find(database) != std::string::npos,
                 s.postgres.endpoint.c_str());
        QVERIFY(s.postgres.endpoint.find("password") == std::string::npos);
        QCOMPARE(s.lakeRoot, dir.path().toStdString() + "/lake/lab");
        QVERIFY(!s.kafkaInMemory);
        QVERIFY(!engine.sandboxEndpoints());  // the sandbox never started

        // The whole scenario, and its change data capture, on the profiles' services.
        engine.post(command::LoadScenario{{.config = lab.file.toStdString()}});
        QTRY_VERIFY_WITH_TIMEOUT(engine.snapshot().scenario.loaded, 10000);
        QCOMPARE(captureState(engine), QByteArray("not started"));
        QCOMPARE(captureOf(engine).value().tables, std::vector<std::string>{lab.table});
        engine.post(command::StartAll{});
        QTRY_VERIFY_WITH_TIMEOUT(generatorsDone(engine.snapshot()), 120000);
        QTRY_COMPARE_WITH_TIMEOUT(captureState(engine), QByteArray("Streaming"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(captured(engine), std::uint64_t(lab.guests), 60000);
        const std::string cdcTopic = "riverhotel." + lab.table;
        QCOMPARE(highWatermark(bootstrap, lab.topic), std::int64_t(lab.visits));
        QCOMPARE(highWatermark(bootstrap, cdcTopic), std::int64_t(lab.guests));

        // Stop keeps the slot: a row written meanwhile arrives after Start, once.
        engine.post(command::StopCapture{});
        QTRY_COMPARE_WITH_TIMEOUT(captureState(engine), QByteArray("Stopped"), 30000);
        QVERIFY(!captureOf(engine).value().wanted);
        postgres::Connection(db).exec("INSERT INTO " + lab.table +
                                      " (guest_id, name) VALUES ('G-late', 'Late Guest')");
        engine.post(command::StartCapture{});
        QTRY_COMPARE_WITH_TIMEOUT(captured(engine), std::uint64_t(lab.guests + 1), 60000);
        const auto records = readTopic(bootstrap, cdcTopic, lab.guests + 1);
        std::set<std::string> keys;
        for (const auto& r : records)
            keys.insert(r.key);
        QCOMPARE(records.size(), std::size_t(lab.guests + 1));  // nothing twice
        QCOMPARE(keys.size(), std::size_t(lab.guests + 1));
        QCOMPARE(records.back().value["op"].get<std::string>(), std::string("c"));

        // Lake sync into the profile's lake folder.
        engine.post(command::EnableSync{.topic = lab.topic});
        const auto syncedRows = [&] {  // one snapshot per look
            const auto snapshot = engine.snapshot();
            const auto* sync = syncOf(snapshot, lab.topic);
            return sync ? sync->rows : std::int64_t(-1);
        };
        QTRY_COMPARE_WITH_TIMEOUT(syncedRows(), std::int64_t(lab.visits), 60000);
        {
            const auto snapshot = engine.snapshot();
            const auto* sync = syncOf(snapshot, lab.topic);
            QVERIFY(sync);
            QCOMPARE(sync->location, dir.path().toStdString() + "/lake/lab/" + lab.topic);
        }

        // The run report: profile names as endpoints, the CDC section and its check.
        const auto id = engine.newRequestId();
        engine.post(command::ExportReport{id});
        auto answered = [&]() -> std::shared_ptr<const report::RunReport> {
            for (const auto& r : engine.snapshot().reports)
                if (r.requestId == id && r.done) return r.report;
            return nullptr;
        };
        QTRY_VERIFY_WITH_TIMEOUT(answered() != nullptr, 60000);
        const auto report = answered();
        QVERIFY(report->cdc.has_value());
        QCOMPARE(report->cdc->state, std::string("Streaming"));
        QCOMPARE(report->cdc->tables.size(), std::size_t(1));
        QCOMPARE(report->cdc->tables[0].table, lab.table);
        QCOMPARE(report->cdc->tables[0].events, std::uint64_t(lab.guests + 1));
        QCOMPARE(report->cdc->eventsAcknowledged, std::uint64_t(lab.guests + 1));
        QVERIFY(report->cdc->lagBytes.has_value());
        std::set<std::string> profiles;
        for (const auto& e : report->endpoints)
            profiles.insert(e.kind + ":" + e.profile);
        QVERIFY(profiles.count("kafka:lab") && profiles.count("postgres:labdb"));
        bool cdcChecked = false;
        for (const auto& c : report->checks) {
            QVERIFY2(c.outcome != report::CheckOutcome::Failed, (c.id + ": " + c.observed).c_str());
            cdcChecked = cdcChecked ||
                         (c.id == "cdc:" + lab.table && c.outcome == report::CheckOutcome::Passed);
        }
        QVERIFY(cdcChecked);

        // A profile whose Kafka does not answer: Failed with the reason; what ran has ended.
        ServiceConnections unreachable = connection;
        unreachable.kafka = KafkaConnection{"nowhere", {.bootstrapServers = "127.0.0.1:1"}};
        engine.post(command::Connect{unreachable});
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(engine.snapshot().kafka.state), QByteArray("failed"),
                                  40000);
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(engine.snapshot().postgres.state), QByteArray("connected"),
                                  30000);
        s = engine.snapshot();
        QVERIFY2(s.kafka.error.find("127.0.0.1:1") != std::string::npos, s.kafka.error.c_str());
        QVERIFY(s.syncs.empty());
        QVERIFY(!s.scenario.runExists);
        engine.post(command::StartAll{});  // refused: Kafka is not connected
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto& e : engine.log().since(0))
                    if (e.message.find("cannot start: Kafka is not connected") != std::string::npos)
                        return true;
                return false;
            }(),
            10000);
        QVERIFY(!engine.snapshot().scenario.runExists);

        // Back to the sandbox.
        engine.post(command::Connect{});
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(engine.snapshot().kafka.state), QByteArray("connected"),
                                  60000);
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(engine.snapshot().postgres.state), QByteArray("connected"),
                                  120000);
        s = engine.snapshot();
        QCOMPARE(s.environment, std::string("Local sandbox"));
        QVERIFY(s.kafkaInMemory);
        QVERIFY(engine.sandboxEndpoints().has_value());
        QVERIFY(s.lakeRoot.starts_with(dir.path().toStdString() + "/lake/sandbox-"));
        dropDatabase(conninfo, database);
    }
};

QTEST_GUILESS_MAIN(EngineConnectionTest)
#include "test_engine_connection.moc"
