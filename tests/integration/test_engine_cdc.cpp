#include <QTemporaryDir>
#include <QtTest>

#include "engine/engine.h"
#include "integration/cdc_test_support.h"
#include "support/enum_name.h"
#include "support/lab_scenario.h"

using namespace riverdelta;
using namespace riverdelta::testing;

namespace {

// The engine's one change data capture path: the console scenario's capture (StartCapture /
// StopCapture), its status in the snapshot's scenario section.
std::optional<run::CaptureStatus> captureOf(const Engine& engine) {
    const auto s = engine.snapshot();
    if (s.scenario.captures.empty()) return std::nullopt;
    return s.scenario.captures.front();
}

QByteArray captureState(const Engine& engine) {
    const auto c = captureOf(engine);
    if (!c) return "none";
    if (!c->source) return c->wanted ? "waiting" : "not started";
    return nameOf(c->source->state);
}

std::uint64_t acknowledged(const Engine& engine) {
    const auto c = captureOf(engine);
    return c ? c->eventsAcknowledged : 0;
}

bool logged(Engine& engine, const std::string& text) {
    for (const auto& e : engine.log().since(0))
        if (e.message.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

class EngineCdcTest : public QObject {
    Q_OBJECT
  private slots:
    // Start, status (snapshot progress, counters, lag), streaming and stop through engine
    // commands, on saved connections: only the seed is started, the capture on its own.
    void startStreamStopOnProfiles() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        const std::string database = lowerUnique("engine_cdc");
        const std::string db = createDatabase(conninfo, database);
        QTemporaryDir dir;
        const LabScenario lab = writeLabScenario(dir.path(), 250, 10);
        const std::string topic = "riverhotel." + lab.table;

        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = false});
        ServiceConnections connection;
        connection.kafka = KafkaConnection{"lab", {.bootstrapServers = bootstrap}};
        connection.postgres = PostgresConnection{"labdb", db};
        engine.post(command::Connect{connection});
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(engine.snapshot().postgres.state), QByteArray("connected"),
                                  30000);
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(engine.snapshot().kafka.state), QByteArray("connected"),
                                  30000);
        engine.post(command::LoadScenario{{.config = lab.file.toStdString()}});
        QTRY_VERIFY_WITH_TIMEOUT(engine.snapshot().scenario.loaded, 10000);
        QCOMPARE(captureState(engine), QByteArray("not started"));
        engine.post(command::StartStream{"guest"});
        engine.post(command::StartCapture{});

        QTRY_COMPARE_WITH_TIMEOUT(captureState(engine), QByteArray("Streaming"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(acknowledged(engine), std::uint64_t(lab.guests), 60000);
        auto c = captureOf(engine).value();
        QCOMPARE(c.tables, std::vector<std::string>{lab.table});
        QCOMPARE(c.topics, std::vector<std::string>{topic});
        QVERIFY(c.wanted);
        QCOMPARE(c.source->snapshot.size(), std::size_t(1));
        QVERIFY(c.source->snapshot[0].done);
        QCOMPARE(c.source->snapshot[0].rowsDone, c.source->snapshot[0].rowsTotal);

        {
            postgres::Connection writer(db);
            writer.exec("INSERT INTO " + lab.table +
                        " (guest_id, name) SELECT 'N' || i, 'new' FROM generate_series(1, 50) i");
            writer.exec("UPDATE " + lab.table + " SET name = 'changed' WHERE guest_id = 'G1'");
            writer.exec("DELETE FROM " + lab.table + " WHERE guest_id = 'G2'");
        }
        // 250 seed rows (snapshot or stream) + 50 c + 1 u + 1 d (a tombstone is not an event).
        QTRY_COMPARE_WITH_TIMEOUT(acknowledged(engine), std::uint64_t(lab.guests + 52), 30000);
        // Lag: the monitor compares pg_current_wal_lsn() with the confirmed position; once
        // everything is acknowledged and the slot idles, the confirmed position catches up.
        QTRY_VERIFY_WITH_TIMEOUT(captureOf(engine)->source->serverLsn.valid(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(captureOf(engine)->source->lagBytes < 64 * 1024 &&
                                     captureOf(engine)->source->lagSeconds < 5,
                                 20000);
        c = captureOf(engine).value();
        QVERIFY(c.source->confirmedLsn.valid());
        QVERIFY(c.source->lastError.empty());
        QCOMPARE(c.tableEvents.size(), std::size_t(1));
        QCOMPARE(c.tableEvents[0].events, std::uint64_t(lab.guests + 52));

        const std::uint64_t tombstones = c.source->tombstonesProduced;
        const auto records = readTopic(bootstrap, topic, lab.guests + 52 + tombstones);
        QCOMPARE(records.size(), std::size_t(lab.guests + 52 + tombstones));
        auto ops = countOps(records);
        QCOMPARE(ops["r"] + ops["c"], lab.guests + 50);  // each row once, however it came
        QCOMPARE(ops["u"], 1);
        QCOMPARE(ops["d"], 1);
        QCOMPARE(std::uint64_t(ops["tombstone"]), tombstones);

        // Stop keeps the counts (and the slot); the stopped capture says so.
        engine.post(command::StopCapture{});
        QTRY_COMPARE_WITH_TIMEOUT(captureState(engine), QByteArray("Stopped"), 30000);
        QVERIFY(!captureOf(engine)->wanted);
        QCOMPARE(acknowledged(engine), std::uint64_t(lab.guests + 52));
        engine.post(command::NewRun{});  // ends the run and its capture before the database goes
        QTRY_VERIFY_WITH_TIMEOUT(!engine.snapshot().scenario.runExists, 30000);
        dropDatabase(conninfo, database);
    }

    // Without a connected PostgreSQL the start is refused with the reason; nothing runs.
    void startWithoutConnectionFails() {
        QTemporaryDir dir;
        const LabScenario lab = writeLabScenario(dir.path(), 5, 5);
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = false});
        engine.post(command::LoadScenario{{.config = lab.file.toStdString()}});
        engine.post(command::StartCapture{});
        QTRY_VERIFY_WITH_TIMEOUT(logged(engine, "cannot start: PostgreSQL is not connected"),
                                 10000);
        QCOMPARE(captureState(engine), QByteArray("not started"));
        QVERIFY(!engine.snapshot().scenario.runExists);
    }

    // By default the capture runs on the sandbox: its private PostgreSQL into its embedded Kafka.
    void defaultsToTheSandbox() {
        QTemporaryDir dir;
        const LabScenario lab = writeLabScenario(dir.path(), 40, 5);
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(engine.snapshot().postgres.state),
                                  nameOf(ServiceState::Connected), 120000);
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(engine.snapshot().kafka.state),
                                  nameOf(ServiceState::Connected), 60000);
        engine.post(command::LoadScenario{{.config = lab.file.toStdString()}});
        engine.post(command::StartStream{"guest"});
        engine.post(command::StartCapture{});
        QTRY_COMPARE_WITH_TIMEOUT(captureState(engine), QByteArray("Streaming"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(acknowledged(engine), std::uint64_t(lab.guests), 60000);
        const auto endpoints = engine.sandboxEndpoints().value();
        const auto records = readTopic(endpoints.kafkaBootstrap, "riverhotel." + lab.table, 40);
        QCOMPARE(records.size(), std::size_t(40));
        engine.post(command::StopCapture{});
        QTRY_COMPARE_WITH_TIMEOUT(captureState(engine), QByteArray("Stopped"), 30000);
    }
};

QTEST_GUILESS_MAIN(EngineCdcTest)
#include "test_engine_cdc.moc"
