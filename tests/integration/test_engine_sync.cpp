#include <QTemporaryDir>
#include <QtTest>
#include <thread>

#include "engine/engine.h"
#include "engine/kafka/producer.h"
#include "engine/lake/delta/delta_log.h"
#include "engine/lake/storage/lake_location.h"
#include "lake/s3_test_env.h"
#include "support/enum_name.h"

using namespace riverdelta;
using lake::sync::SyncState;

namespace {

std::optional<lake::sync::SyncStatus> syncOf(Engine& engine, const std::string& topic) {
    for (const auto& s : engine.snapshot().syncs)
        if (s.topic == topic) return s;
    return std::nullopt;
}

void produce(const std::string& bootstrap, const std::string& topic, int from, int to) {
    kafka::ClientConfig c;
    c.bootstrapServers = bootstrap;
    kafka::Producer p(c);
    for (int i = from; i < to; ++i)
        p.produce(topic, {},
                  R"({"booking_id":"B)" + std::to_string(i) + R"(","occupants":)" +
                      std::to_string(1 + i % 6) + "}",
                  0);
    QVERIFY(p.flush(std::chrono::seconds(30)));
}

}  // namespace

class EngineSyncTest : public QObject {
    Q_OBJECT
  private slots:
    void enablePauseResumeDisableThroughTheEngine() {
        QTemporaryDir dir;
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(engine.snapshot().kafka.state),
                                  testing::nameOf(ServiceState::Connected), 60000);
        const std::string bootstrap = engine.sandboxEndpoints()->kafkaBootstrap;
        produce(bootstrap, "bookings", 0, 400);

        engine.post(command::EnableSync{.topic = "bookings"});
        QTRY_VERIFY_WITH_TIMEOUT(
            syncOf(engine, "bookings") && syncOf(engine, "bookings")->rows == 400, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(syncOf(engine, "bookings")->state),
                                  testing::nameOf(SyncState::CaughtUp), 30000);
        const auto caughtUp = *syncOf(engine, "bookings");
        // Each sandbox session has a lake folder of its own: its Kafka lives in memory.
        const std::string lakeRoot = engine.snapshot().lakeRoot;
        QVERIFY2(lakeRoot.starts_with(dir.path().toStdString() + "/lake/sandbox-"),
                 lakeRoot.c_str());
        QCOMPARE(caughtUp.location, lakeRoot + "/bookings");
        QCOMPARE(caughtUp.lag(), std::int64_t(0));
        QVERIFY(caughtUp.lastCommit.has_value());

        engine.post(command::PauseSync{"bookings"});
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(syncOf(engine, "bookings")->state),
                                  testing::nameOf(SyncState::Paused), 10000);
        produce(bootstrap, "bookings", 400, 500);
        // Elapsed time is the claim: a running sync would commit these within its 1 s
        // freshness target; paused, 1.5 s later the table still has the first 400.
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        QCOMPARE(syncOf(engine, "bookings")->rows, std::int64_t(400));  // paused: nothing new
        engine.post(command::ResumeSync{"bookings", std::nullopt});
        QTRY_VERIFY_WITH_TIMEOUT(syncOf(engine, "bookings")->rows == 500, 30000);

        engine.post(command::DisableSync{"bookings"});
        QTRY_VERIFY_WITH_TIMEOUT(!syncOf(engine, "bookings"), 30000);
        QVERIFY(QFile::exists(QString::fromStdString(lakeRoot) +
                              "/bookings/_delta_log/00000000000000000000.json"));
    }

    // The console's "Store in your own bucket": EnableSync with an s3:// location and a storage
    // profile's settings writes the table to the S3 server of the test services.
    void enableSyncIntoABucket() {
        RD_REQUIRE_S3();
        QTemporaryDir dir;
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(engine.snapshot().kafka.state),
                                  testing::nameOf(ServiceState::Connected), 60000);
        produce(engine.sandboxEndpoints()->kafkaBootstrap, "bookings", 0, 300);
        const std::string location = tests::freshS3Url("engine") + "/bookings";
        engine.post(command::EnableSync{
            .topic = "bookings", .location = location, .s3 = tests::testS3Settings()});
        QTRY_VERIFY_WITH_TIMEOUT(
            syncOf(engine, "bookings") && syncOf(engine, "bookings")->rows == 300, 30000);
        QCOMPARE(syncOf(engine, "bookings")->location, location);
        engine.post(command::DisableSync{"bookings"});
        QTRY_VERIFY_WITH_TIMEOUT(!syncOf(engine, "bookings"), 30000);
        const auto store = lake::storage::openObjectStore(
            lake::storage::LakeLocation::parse(location), tests::testS3Settings());
        QCOMPARE(lake::delta::DeltaLog(*store, "").load().numRecords(), std::int64_t(300));
        QVERIFY(!QDir(dir.path() + "/s3:").exists());
    }

    // A table synced from an earlier sandbox session holds offsets the new cluster's topic
    // never had: the job fails with the reason instead of skipping the new topic's data.
    void tableFromAnotherTopicFailsWithTheReason() {
        QTemporaryDir dir;
        const std::string location = dir.path().toStdString() + "/earlier/bookings";
        {
            Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
            QTRY_COMPARE_WITH_TIMEOUT(engine.snapshot().kafka.state, ServiceState::Connected,
                                      60000);
            produce(engine.sandboxEndpoints()->kafkaBootstrap, "bookings", 0, 300);
            engine.post(command::EnableSync{.topic = "bookings", .location = location});
            QTRY_VERIFY_WITH_TIMEOUT(
                syncOf(engine, "bookings") && syncOf(engine, "bookings")->rows == 300, 30000);
        }
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
        QTRY_COMPARE_WITH_TIMEOUT(engine.snapshot().kafka.state, ServiceState::Connected, 60000);
        produce(engine.sandboxEndpoints()->kafkaBootstrap, "bookings", 0, 100);
        engine.post(command::EnableSync{.topic = "bookings", .location = location});
        QTRY_VERIFY_WITH_TIMEOUT(
            syncOf(engine, "bookings") && syncOf(engine, "bookings")->state == SyncState::Failed,
            30000);
        const auto failed = *syncOf(engine, "bookings");
        QVERIFY2(failed.reason.find("holds offsets up to 299") != std::string::npos &&
                     failed.reason.find("topic ends at 100") != std::string::npos,
                 failed.reason.c_str());
        QCOMPARE(failed.rows, std::int64_t(300));  // the table is left as it was
    }
};

QTEST_GUILESS_MAIN(EngineSyncTest)
#include "test_engine_sync.moc"
