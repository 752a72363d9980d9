#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "models/engine_bridge.h"
#include "models/log_filter_model.h"
#include "models/log_model.h"
#include "models/message_browser_model.h"
#include "models/message_fields_model.h"
#include "models/pipeline_model.h"
#include "models/service_status_model.h"
#include "models/snapshot_source.h"
#include "models/sync_status_model.h"
#include "models/topic_list_model.h"

using namespace riverdelta;

namespace {

// Snapshots and log lines a test prepares, handed to EngineBridge as the engine would.
class PreparedSource final : public models::SnapshotSource {
  public:
    [[nodiscard]] EngineSnapshot snapshot() const override { return snapshot_; }
    [[nodiscard]] std::vector<core::LogEntry> logSince(std::uint64_t sequence) const override {
        std::vector<core::LogEntry> out;
        for (const auto& e : log_)
            if (e.sequence > sequence) out.push_back(e);
        return out;
    }
    void set(EngineSnapshot s) {
        s.version = snapshot_.version + 1;
        snapshot_ = std::move(s);
    }
    void log(core::LogLevel level, std::string source, std::string message) {
        log_.push_back({log_.size() + 1, std::chrono::system_clock::now(), level, std::move(source),
                        std::move(message)});
    }

  private:
    EngineSnapshot snapshot_;
    std::vector<core::LogEntry> log_;
};

run::GeneratorStatus generator(std::string name, int stage, std::string target, bool table) {
    run::GeneratorStatus g;
    g.name = std::move(name);
    g.stage = stage;
    g.target = std::move(target);
    g.table = table;
    g.maxEvents = 100;
    return g;
}

// Everything running: services connected, a two-stage scenario half done, its capture
// snapshotting, two syncs and three topics.
EngineSnapshot busy() {
    EngineSnapshot s;
    s.environment = "Local sandbox";
    s.kafka = {ServiceState::Connected, "127.0.0.1:9092", "embedded cluster", {}};
    s.kafkaInMemory = true;
    s.postgres = {ServiceState::Connected, "127.0.0.1:5432", "private server", {}};
    s.scenario.loaded = true;
    s.scenario.name = "lab";
    s.scenario.stages = {"Seed", "Streaming"};
    s.scenario.generators = {generator("guest", 0, "lab.guest", true),
                             generator("visits", 1, "visits", false),
                             generator("clicks", 1, "clicks", false)};
    s.scenario.generators[0].state = run::StreamState::Done;
    s.scenario.generators[0].generated = s.scenario.generators[0].acknowledged = 100;
    s.scenario.generators[1].state = run::StreamState::Running;
    s.scenario.generators[1].started = true;
    s.scenario.generators[1].generated = 40;
    s.scenario.generators[1].acknowledged = 35;
    s.scenario.runExists = true;
    run::CaptureStatus c;
    c.tables = {"lab.guest"};
    c.topics = {"riverhotel.lab.guest"};
    c.source.emplace();
    c.source->state = cdc::SourceState::Snapshotting;
    c.source->snapshot = {{"lab.guest", "riverhotel.lab.guest", 50, 100, false}};
    s.scenario.captures = {c};
    for (const char* topic : {"visits", "clicks"}) {
        lake::sync::SyncStatus sync;
        sync.topic = topic;
        sync.location = std::string("/tmp/lake/") + topic;
        sync.state = lake::sync::SyncState::Syncing;
        sync.rows = 10;
        s.syncs.push_back(sync);
    }
    s.topics.topics = {{"visits", 1, 35, 35, 3.5, {}},
                       {"clicks", 3, 0, 0, 0, {}},
                       {"riverhotel.lab.guest", 1, 50, 50, 25, {}}};
    s.topics.refreshedAt = std::chrono::system_clock::now();
    return s;
}

}  // namespace

// Every model in models/ over prepared snapshots, no engine: QAbstractItemModelTester checks
// each one's structure and change notifications while the snapshots grow, shrink and reset.
class ModelsTest : public QObject {
    Q_OBJECT
  private slots:
    void modelsPassTheItemModelTesterOnPreparedSnapshots() {
        PreparedSource source;
        source.set(busy());
        source.log(core::LogLevel::Info, "sandbox", "embedded Kafka listening on 127.0.0.1:9092");
        source.log(core::LogLevel::Warning, "scenario", "ignored Java-only property");
        models::EngineBridge bridge(source);
        bridge.setPollInterval(3600 * 1000);  // the test polls
        QVERIFY(!bridge.hasEngine());

        models::ServiceStatusModel services(bridge);
        models::PipelineModel pipeline(bridge);
        models::SyncStatusModel syncs(bridge);
        models::TopicListModel topics(bridge);
        models::LogModel log(bridge);
        models::LogFilterModel filtered;
        filtered.setSourceModel(&log);
        models::MessageBrowserModel browser(bridge);  // never opened: a tail needs an engine
        models::MessageFieldsModel fields;
        const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
        QAbstractItemModelTester t1(&services, mode), t2(&pipeline, mode), t3(&syncs, mode),
            t4(&topics, mode), t5(&log, mode), t6(&filtered, mode), t7(&browser, mode),
            t8(&fields, mode);

        bridge.poll();
        QCOMPARE(services.rowCount(), 2);
        QCOMPARE(pipeline.rowCount(), 3);
        QCOMPARE(syncs.rowCount(), 2);
        QCOMPARE(topics.rowCount(), 3);
        QCOMPARE(log.rowCount(), 2);
        QCOMPARE(browser.rowCount(), 0);

        // Grows: a topic and a sync more, progress, a failed service, more log lines.
        EngineSnapshot more = busy();
        more.postgres = {ServiceState::Failed, {}, "private server", "initdb not found"};
        more.scenario.generators[1].acknowledged = 40;
        more.scenario.generators[2].state = run::StreamState::Running;
        more.topics.topics.push_back({"orders", 2, 7, 7, 1, {}});
        lake::sync::SyncStatus orders;
        orders.topic = "orders";
        orders.state = lake::sync::SyncState::Failed;
        orders.reason = "schema changed";
        more.syncs.push_back(orders);
        source.set(more);
        source.log(core::LogLevel::Error, "lake", "sync of orders failed: schema changed");
        bridge.poll();
        QCOMPARE(topics.rowCount(), 4);
        QCOMPARE(syncs.rowCount(), 3);
        QCOMPARE(log.rowCount(), 3);
        filtered.setMinimumLevel(core::LogLevel::Warning);
        QCOMPARE(filtered.rowCount(), 2);
        filtered.setSearchText(QStringLiteral("orders"));
        QCOMPARE(filtered.rowCount(), 1);

        // Shrinks and resets: another scenario, no syncs, no cluster.
        EngineSnapshot other;
        other.kafka = {ServiceState::Starting, {}, {}, {}};
        other.postgres = {ServiceState::Starting, {}, {}, {}};
        other.scenario.loaded = true;
        other.scenario.name = "other";
        other.scenario.stages = {"Stage 1"};
        other.scenario.generators = {generator("only", 0, "only", false)};
        source.set(other);
        bridge.poll();
        QCOMPARE(pipeline.rowCount(), 1);
        QCOMPARE(syncs.rowCount(), 0);
        QCOMPARE(topics.rowCount(), 0);

        // The selected message as a tree of fields, then none.
        topics::BrowsedMessage m;
        m.key = "k1";
        m.value = R"({"guest":{"id":"G1","created_at":1733400000000},"pages":["/","/book"]})";
        m.valueFormat = "JSON";
        QVERIFY(fields.setMessage(&m));
        QVERIFY(fields.rowCount() > 0);
        fields.setMessage(nullptr);
        QCOMPARE(fields.rowCount(), 0);
    }

    // snapshotChanged follows EngineSnapshot::version: emitted when it moved, not on an idle poll;
    // polled on every poll.
    void snapshotChangedFollowsTheVersion() {
        PreparedSource source;
        source.set(busy());
        models::EngineBridge bridge(source);
        bridge.setPollInterval(3600 * 1000);
        QSignalSpy changed(&bridge, &models::EngineBridge::snapshotChanged);
        QSignalSpy polled(&bridge, &models::EngineBridge::polled);
        bridge.poll();
        QCOMPARE(changed.count(), 0);
        QCOMPARE(polled.count(), 1);
        source.set(busy());
        bridge.poll();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(polled.count(), 2);
    }
};

QTEST_MAIN(ModelsTest)
#include "test_models.moc"
