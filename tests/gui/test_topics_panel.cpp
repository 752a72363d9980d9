#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtTest>

#include "engine/avro/avro_schema.h"
#include "engine/avro/confluent_serializer.h"
#include "engine/engine.h"
#include "engine/kafka/embedded_cluster.h"
#include "engine/kafka/producer.h"
#include "engine/registry/schema_registry.h"
#include "models/engine_bridge.h"
#include "models/message_browser_model.h"
#include "models/topic_list_model.h"
#include "support/enum_name.h"
#include "support/screenshot.h"
#include "support/test_env.h"
#include "ui/message_browser.h"
#include "ui/topics_panel.h"

using namespace riverdelta;

namespace {

const topics::TopicInfo* topicOf(const models::TopicListModel& model, const std::string& name) {
    return model.topic(model.rowOf(QString::fromStdString(name)));
}

std::string reviewSchema() {
    return R"({"type":"record","name":"Review","fields":[)"
           R"({"name":"review_id","type":"string"},{"name":"rating","type":"int"},)"
           R"({"name":"comment","type":["null","string"],"default":null},)"
           R"({"name":"channel","type":{"type":"enum","name":"Channel",)"
           R"("symbols":["web","app"]}}]})";
}

}  // namespace

class TopicsPanelTest : public QObject {
    Q_OBJECT
  private slots:
    void listsTopicsAndBrowsesDecodedMessages() {
        RD_REQUIRE_ENV(registryUrl, "RIVERDELTA_TEST_SCHEMA_REGISTRY_URL");
        QTemporaryDir dir;
        Engine engine(
            {.dataDirectory = dir.path().toStdString(),
             .startSandbox = true,
             .connection = {.registry = RegistryConnection{.config = {.url = registryUrl}}}});
        models::EngineBridge bridge(engine);
        ui::TopicsPanel panel(bridge);
        panel.resize(1100, 720);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(bridge.snapshot().kafka.state),
                                  testing::nameOf(ServiceState::Connected), 60000);

        // Written by plain clients, not by the engine: the view lists what the cluster has.
        const std::string jsonTopic = testing::uniqueName("clicks");
        const std::string avroTopic = testing::uniqueName("reviews");
        kafka::ClientConfig config;
        config.bootstrapServers = engine.sandboxEndpoints()->kafkaBootstrap;
        {
            kafka::Producer producer(config);
            for (int i = 0; i < 30; ++i)
                producer.produce(jsonTopic, "customer-" + std::to_string(i % 7),
                                 "{\"click_id\":" + std::to_string(i) + ",\"page\":\"/hotels/" +
                                     std::to_string(i % 5) + "\",\"tags\":[\"a\",\"b\"]}",
                                 0);  // one partition: offsets 0..29 in order
            registry::SchemaRegistryClient registry({.url = registryUrl});
            avro::ConfluentAvroSerializer serializer(
                registry, avro::topicSubject(avroTopic, avro::SubjectPart::Value),
                avro::Schema::parse(reviewSchema()));
            avro::Buffer buffer;
            for (int i = 0; i < 5; ++i) {
                buffer.clear();
                serializer.serialize({{"review_id", "R" + std::to_string(i)},
                                      {"rating", 1 + i},
                                      {"comment", i % 2 ? nlohmann::json("lovely river view")
                                                        : nlohmann::json(nullptr)},
                                      {"channel", i % 2 ? "app" : "web"}},
                                     buffer);
                producer.produce(avroTopic, "R" + std::to_string(i), buffer.view(), 0);
            }
            QVERIFY(producer.flush(std::chrono::seconds(30)));
        }

        // The catalog refreshes about every 2 s: both topics appear with their counts.
        QTRY_VERIFY_WITH_TIMEOUT(topicOf(*panel.model(), jsonTopic) &&
                                     topicOf(*panel.model(), jsonTopic)->messages == 30,
                                 20000);
        QTRY_VERIFY_WITH_TIMEOUT(
            topicOf(*panel.model(), avroTopic) && topicOf(*panel.model(), avroTopic)->messages == 5,
            20000);
        QCOMPARE(topicOf(*panel.model(), jsonTopic)->partitions,
                 kafka::EmbeddedCluster::kAutoCreatePartitions);
        const int row = panel.model()->rowOf(QString::fromStdString(jsonTopic));
        QCOMPARE(
            panel.model()->index(row, models::TopicListModel::MessagesColumn).data().toString(),
            QStringLiteral("30"));

        // Selecting the topic follows it in the browser: every message (fewer than the 2,000
        // kept), newest first, pretty-printed.
        ui::MessageBrowser& browser = *panel.browser();
        const models::MessageBrowserModel& messages = *browser.model();
        panel.browse(QString::fromStdString(jsonTopic));
        QTRY_COMPARE_WITH_TIMEOUT(messages.rowCount(), 30, 20000);
        const topics::BrowsedMessage* newest = messages.message(0);
        QCOMPARE(newest->offset, std::int64_t(29));
        QCOMPARE(newest->partition, 0);
        QCOMPARE(QString::fromStdString(newest->key), QStringLiteral("customer-1"));  // 29 % 7
        QCOMPARE(QString::fromStdString(newest->valueFormat), QStringLiteral("JSON"));
        QVERIFY(newest->timestampMs > 0);
        QCOMPARE(messages.message(29)->offset, std::int64_t(0));
        QTRY_COMPARE_WITH_TIMEOUT(browser.selectedRow(), 0, 5000);
        const QString value = browser.rawView()->toPlainText();
        QVERIFY2(value.contains(QStringLiteral("\n  \"click_id\": 29,\n")), qPrintable(value));
        QVERIFY2(value.contains(QStringLiteral("\"page\": \"/hotels/4\"")), qPrintable(value));
        QSignalSpy enableSync(&panel, &ui::TopicsPanel::enableSyncRequested);
        panel.enableSyncButton()->click();
        QCOMPARE(enableSync.count(), 1);
        QCOMPARE(enableSync.first().first().toString(), QString::fromStdString(jsonTopic));
        panel.topicsView()->setFocus();
        RD_SCREENSHOT(&panel, "topics-json");

        // Avro in the Confluent wire format, decoded through the registry.
        panel.browse(QString::fromStdString(avroTopic));
        QTRY_COMPARE_WITH_TIMEOUT(messages.rowCount(), 5, 20000);
        QVERIFY2(messages.message(0)->valueFormat.starts_with("Avro"),
                 messages.message(0)->valueFormat.c_str());
        QTRY_COMPARE_WITH_TIMEOUT(browser.selectedRow(), 0, 5000);
        const QString avroValue = browser.rawView()->toPlainText();
        // In the schema's field order, not sorted.
        QVERIFY2(
            avroValue.startsWith(QStringLiteral("{\n  \"review_id\": \"R4\",\n  \"rating\": 5,\n")),
            qPrintable(avroValue));
        QVERIFY2(avroValue.contains(QStringLiteral("\"channel\": \"web\"")), qPrintable(avroValue));
        QVERIFY2(avroValue.contains(QStringLiteral("\"comment\": null")), qPrintable(avroValue));
        browser.messageView()->selectRow(1);
        QVERIFY(browser.rawView()->toPlainText().contains(QStringLiteral("lovely river view")));
        RD_SCREENSHOT(&panel, "topics-avro");

        // Messages arriving between two refreshes show as a rate; the count follows.
        const int jsonRow = panel.model()->rowOf(QString::fromStdString(jsonTopic));
        QTRY_COMPARE_WITH_TIMEOUT(
            panel.model()->index(jsonRow, models::TopicListModel::RateColumn).data().toString(),
            QStringLiteral("—"), 10000);
        {
            kafka::Producer producer(config);
            for (int i = 30; i < 130; ++i)
                producer.produce(jsonTopic, {}, "{\"click_id\":" + std::to_string(i) + "}", 0);
            QVERIFY(producer.flush(std::chrono::seconds(30)));
        }
        QTRY_VERIFY_WITH_TIMEOUT(topicOf(*panel.model(), jsonTopic)->messagesPerSecond > 0, 20000);
        QVERIFY(panel.model()
                    ->index(jsonRow, models::TopicListModel::RateColumn)
                    .data()
                    .toString()
                    .endsWith(QStringLiteral("/s")));
        RD_SCREENSHOT(&panel, "topics-rate");
        QTRY_COMPARE_WITH_TIMEOUT(topicOf(*panel.model(), jsonTopic)->messages, std::int64_t(130),
                                  20000);

        // A topic that does not exist answers with a reason, not a hang.
        panel.browse(QStringLiteral("no-such-topic-here"));
        QTRY_VERIFY_WITH_TIMEOUT(
            browser.statusLabel()->text().startsWith(QStringLiteral("could not read")), 20000);
    }
};

QTEST_MAIN(TopicsPanelTest)
#include "test_topics_panel.moc"
