#include <QLabel>
#include <QProgressBar>
#include <QtTest>

#include "engine/cdc/pg_source.h"
#include "integration/cdc_test_support.h"
#include "models/engine_bridge.h"
#include "models/pipeline_model.h"
#include "models/snapshot_source.h"
#include "support/screenshot.h"
#include "ui/pipeline_view.h"

using namespace riverdelta;
using namespace riverdelta::testing;

namespace {

// The engine's snapshot with one capture whose source status the test takes from a real
// cdc::PgSource: the console shows what the engine says, nothing made up here.
class CaptureSource final : public models::SnapshotSource {
  public:
    [[nodiscard]] EngineSnapshot snapshot() const override { return snapshot_; }
    [[nodiscard]] std::vector<core::LogEntry> logSince(std::uint64_t) const override { return {}; }
    void setCapture(const cdc::SourceStatus& status) {
        EngineSnapshot s = snapshot_;
        s.version = snapshot_.version + 1;
        s.scenario.captures.front().source = status;
        snapshot_ = std::move(s);
    }
    explicit CaptureSource(const std::string& table) {
        snapshot_.scenario.loaded = true;
        snapshot_.scenario.name = "capture";
        snapshot_.scenario.stages = {"Seed"};
        run::GeneratorStatus g;
        g.name = "customer";
        g.target = table;
        g.table = true;
        g.maxEvents = 10;
        snapshot_.scenario.generators = {g};
        run::CaptureStatus c;
        c.tables = {table};
        c.topics = {"riverhotel." + table};
        snapshot_.scenario.captures = {c};
    }

  private:
    EngineSnapshot snapshot_;
};

}  // namespace

class CaptureWaitingTest : public QObject {
    Q_OBJECT
  private slots:
    // A capture held up by Kafka says so in its row (the state label and its tooltip), then
    // shows the failure when the wait runs out.
    void captureRowNamesWhatItWaitsFor() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        const std::string database = lowerUnique("capwait");
        const std::string db = createDatabase(conninfo, database);
        struct Guard {
            std::string conninfo, database;
            ~Guard() { dropDatabase(conninfo, database); }
        } guard{conninfo, database};
        postgres::Connection(db).exec(
            "CREATE SCHEMA cdc; CREATE TABLE cdc.customer(id int PRIMARY KEY, name text)");

        auto options = sourceOptions(db, "127.0.0.1:1", {"cdc.customer"});  // nobody listens
        options.kafkaConnectWait = std::chrono::seconds(8);
        cdc::PgSource source(options);
        source.start();
        cdc::SourceStatus status;
        QVERIFY2(waitForStatus(
                     source, [](const cdc::SourceStatus& s) { return !s.waitingFor.empty(); },
                     std::chrono::seconds(20), &status),
                 status.failureReason.c_str());

        CaptureSource snapshots("cdc.customer");
        snapshots.setCapture(status);
        models::EngineBridge bridge(snapshots);
        bridge.setPollInterval(3600 * 1000);  // the test polls
        models::PipelineModel model(bridge);
        ui::PipelineView view(model);
        view.resize(900, 260);
        view.show();
        bridge.poll();

        QLabel* state = view.captureStateLabel();
        QVERIFY(state);
        const QString waiting = QString::fromStdString(status.waitingFor);
        QVERIFY2(waiting.contains(QStringLiteral("Kafka 127.0.0.1:1")), qPrintable(waiting));
        QVERIFY2(state->toolTip().contains(waiting), qPrintable(state->toolTip()));
        QVERIFY2(state->toolTip().startsWith(QStringLiteral("starting · ")),
                 qPrintable(state->toolTip()));
        const auto rows = model.captureRows();
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows.front().waitingFor, waiting);
        QVERIFY(!rows.front().caughtUp);
        QCOMPARE(rows.front().state, run::StreamState::Waiting);
        QTest::qWait(100);
        RD_SCREENSHOT(&view, "capture-waiting-for-kafka");

        // The wait ends: the row says the capture failed and why, no longer "waiting".
        QVERIFY(waitForStatus(
            source, [](const cdc::SourceStatus& s) { return s.state == cdc::SourceState::Failed; },
            std::chrono::seconds(30), &status));
        snapshots.setCapture(status);
        bridge.poll();
        QVERIFY2(state->toolTip().startsWith(QStringLiteral("failed · ")),
                 qPrintable(state->toolTip()));
        QVERIFY2(state->toolTip().contains(QStringLiteral("unreachable")),
                 qPrintable(state->toolTip()));
        QVERIFY(model.captureRows().front().waitingFor.isEmpty());
    }
};

QTEST_MAIN(CaptureWaitingTest)
#include "test_capture_waiting.moc"
