#include <QTemporaryDir>
#include <QtTest>

#include "engine/engine.h"
#include "integration/cdc_test_support.h"
#include "support/enum_name.h"

using namespace riverdelta;
using namespace riverdelta::testing;

namespace {

std::optional<cdc::CdcStreamStatus> cdcOf(const Engine& engine) {
    return engine.snapshot().cdc;
}

cdc::SourceState stateOf(const Engine& engine) {
    auto s = cdcOf(engine);
    return s ? s->source.state : cdc::SourceState::Starting;
}

void createTables(const std::string& conninfo, int rows) {
    postgres::Connection db(conninfo);
    db.exec("CREATE SCHEMA IF NOT EXISTS cdc");
    db.exec("DROP TABLE IF EXISTS cdc.room");
    db.exec("CREATE TABLE cdc.room (room_id int PRIMARY KEY, label text, beds int)");
    db.exec("INSERT INTO cdc.room SELECT i, 'room ' || i, 1 + i % 3 FROM generate_series(1, " +
            std::to_string(rows) + ") i");
}

}  // namespace

class EngineCdcTest : public QObject {
    Q_OBJECT
  private slots:
    // Start, status (snapshot progress, counters, lag), streaming and stop through engine
    // commands, on the test services named in the command.
    void startStreamStopOnGivenConnections() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        const std::string database = lowerUnique("engine_cdc");
        const std::string db = createDatabase(conninfo, database);
        createTables(db, 250);
        const std::string prefix = lowerUnique("eng");

        QTemporaryDir dir;
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = false});
        QVERIFY(!cdcOf(engine));
        command::StartCdc start{{"cdc.room"}, prefix, {}};
        start.options.postgresConninfo = db;
        start.options.kafka.bootstrapServers = bootstrap;
        start.options.dropSlotOnStop = true;
        engine.post(start);

        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(stateOf(engine)),
                                  testing::nameOf(cdc::SourceState::Streaming), 60000);
        auto s = *cdcOf(engine);
        QCOMPARE(s.tables, std::vector<std::string>{"cdc.room"});
        QCOMPARE(s.topicPrefix, prefix);
        QCOMPARE(s.source.topics, std::vector<std::string>{prefix + ".cdc.room"});
        QCOMPARE(s.source.snapshot.size(), std::size_t(1));
        QCOMPARE(s.source.snapshot[0].rowsTotal, std::uint64_t(250));
        QCOMPARE(s.source.snapshot[0].rowsDone, std::uint64_t(250));
        QVERIFY(s.source.snapshot[0].done);
        QCOMPARE(s.source.eventsAcknowledged, std::uint64_t(250));

        {
            postgres::Connection writer(db);
            writer.exec(
                "INSERT INTO cdc.room SELECT i, 'new ' || i, 2 FROM generate_series(251, 300) i");
            writer.exec("UPDATE cdc.room SET beds = 9 WHERE room_id = 1");
            writer.exec("DELETE FROM cdc.room WHERE room_id = 2");
        }
        // 250 r + 50 c + 1 u + 1 d acknowledged (the tombstone is not an event).
        QTRY_COMPARE_WITH_TIMEOUT(cdcOf(engine)->source.eventsAcknowledged, std::uint64_t(302),
                                  30000);
        // Lag: the monitor compares pg_current_wal_lsn() with the confirmed position; once
        // everything is acknowledged and the slot idles, the confirmed position catches up.
        QTRY_VERIFY_WITH_TIMEOUT(cdcOf(engine)->source.serverLsn.valid(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            cdcOf(engine)->source.lagBytes < 64 * 1024 && cdcOf(engine)->source.lagSeconds < 5,
            20000);
        s = *cdcOf(engine);
        QVERIFY(s.source.confirmedLsn.valid());
        QVERIFY(s.source.eventsPerSecond >= 0);
        QVERIFY(cdcOf(engine)->source.lastError.empty());

        const auto records = readTopic(bootstrap, prefix + ".cdc.room", 303);
        QCOMPARE(records.size(), std::size_t(303));
        auto ops = countOps(records);
        QCOMPARE(ops["r"], 250);
        QCOMPARE(ops["c"], 50);
        QCOMPARE(ops["u"], 1);
        QCOMPARE(ops["d"], 1);
        QCOMPARE(ops["tombstone"], 1);

        // A second start while running is refused; the running stream is untouched.
        engine.post(start);
        engine.post(command::StopCdc{});
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(stateOf(engine)),
                                  testing::nameOf(cdc::SourceState::Stopped), 30000);
        QCOMPARE(cdcOf(engine)->source.eventsAcknowledged, std::uint64_t(302));
        QCOMPARE(cdcOf(engine)->source.tombstonesProduced, std::uint64_t(1));
        dropDatabase(conninfo, database);
    }

    // Without a running sandbox or a named connection the start fails with a reason.
    void startWithoutConnectionFails() {
        QTemporaryDir dir;
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = false});
        engine.post(command::StartCdc{{"cdc.customer"}, "riverhotel", {}});
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(stateOf(engine)),
                                  testing::nameOf(cdc::SourceState::Failed), 10000);
        QVERIFY2(cdcOf(engine)->source.failureReason.find("PostgreSQL is not connected") !=
                     std::string::npos,
                 cdcOf(engine)->source.failureReason.c_str());
    }

    // By default CDC runs on the sandbox: its private PostgreSQL into its embedded Kafka.
    void defaultsToTheSandbox() {
        QTemporaryDir dir;
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(engine.snapshot().postgres.state),
                                  testing::nameOf(ServiceState::Connected), 120000);
        QCOMPARE(testing::nameOf(engine.snapshot().kafka.state),
                 testing::nameOf(ServiceState::Connected));
        const auto endpoints = *engine.sandboxEndpoints();
        createTables(endpoints.postgresConninfo, 40);
        const std::string prefix = lowerUnique("sbx");
        command::StartCdc start{{"cdc.room"}, prefix, {}};
        start.options.slotName = lowerUnique("engine_cdc_slot");
        start.options.dropSlotOnStop = true;
        engine.post(start);
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(stateOf(engine)),
                                  testing::nameOf(cdc::SourceState::Streaming), 60000);
        QCOMPARE(cdcOf(engine)->source.eventsAcknowledged, std::uint64_t(40));
        const auto records = readTopic(endpoints.kafkaBootstrap, prefix + ".cdc.room", 40);
        QCOMPARE(records.size(), std::size_t(40));
        engine.post(command::StopCdc{});
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(stateOf(engine)),
                                  testing::nameOf(cdc::SourceState::Stopped), 30000);
    }
};

QTEST_GUILESS_MAIN(EngineCdcTest)
#include "test_engine_cdc.moc"
