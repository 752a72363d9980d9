#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTreeView>
#include <QtTest>

#include "engine/engine.h"
#include "engine/kafka/embedded_cluster.h"
#include "engine/kafka/handles.h"
#include "models/engine_bridge.h"
#include "models/message_browser_model.h"
#include "models/message_fields_model.h"
#include "models/topic_list_model.h"
#include "support/enum_name.h"
#include "support/screenshot.h"
#include "support/test_env.h"
#include "ui/grip_splitter.h"
#include "ui/message_browser.h"
#include "ui/topics_panel.h"

using namespace riverdelta;

namespace {

// A plain librdkafka producer that sets each message's timestamp, so jumps to a time have
// known answers.
class TimedProducer {
  public:
    explicit TimedProducer(const std::string& bootstrap) {
        kafka::ConfHandle conf(rd_kafka_conf_new());
        char err[512];
        rd_kafka_conf_set(conf.get(), "bootstrap.servers", bootstrap.c_str(), err, sizeof err);
        rk_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err));
        if (rk_) conf.release();  // rd_kafka_new owns it now
    }
    [[nodiscard]] bool ok() const { return rk_ != nullptr; }
    bool send(const std::string& topic, std::int32_t partition, const std::string& key,
              const std::string& value, std::int64_t timestampMs) {
        return rd_kafka_producev(
                   rk_.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
                   RD_KAFKA_V_KEY(key.data(), key.size()),
                   RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                   RD_KAFKA_V_TIMESTAMP(timestampMs), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                   RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR_NO_ERROR;
    }
    bool flush() { return rd_kafka_flush(rk_.get(), 30000) == RD_KAFKA_RESP_ERR_NO_ERROR; }

  private:
    kafka::KafkaHandle rk_;
};

constexpr std::int32_t kPartitions = kafka::EmbeddedCluster::kAutoCreatePartitions;
constexpr std::int64_t kCreatedAt = 1'796'554'800'123;  // ms
constexpr std::int64_t kCheckinAt = 1'796'641'200;      // s

// Booking i: partition i % 4, key customer-(i % 7), timestamp base + i s; every tenth has a
// note "late checkin".
std::string booking(int i) {
    return "{\"booking_id\":" + std::to_string(i) + ",\"customer\":\"customer-" +
           std::to_string(i % 7) + "\",\"created_at\":" + std::to_string(kCreatedAt + i) +
           ",\"checkin_at\":" + std::to_string(kCheckinAt) + ",\"note\":\"" +
           (i % 10 == 0 ? "late checkin" : "none") +
           "\",\"room\":{\"floor\":" + std::to_string(i % 5) + ",\"view\":\"river\"}}";
}

bool sendBookings(TimedProducer& producer, const std::string& topic, int from, int to,
                  std::int64_t baseMs) {
    for (int i = from; i < to; ++i)
        if (!producer.send(topic, i % kPartitions, "customer-" + std::to_string(i % 7), booking(i),
                           baseMs + i * 1000LL))
            return false;
    return producer.flush();
}

int bookingOf(const topics::BrowsedMessage* m) {
    if (!m) return -1;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(m->value));
    return doc.object().value(QStringLiteral("booking_id")).toInt(-1);
}

// Visible whole rows of a view.
int visibleRows(const QTableView* view) {
    const int rowHeight = view->verticalHeader()->defaultSectionSize();
    return view->viewport()->height() / std::max(1, rowHeight);
}

}  // namespace

class MessageBrowserTest : public QObject {
    Q_OBJECT
  private slots:
    void tailsPausesFiltersJumpsAndShowsDates() {
        QTemporaryDir dir;
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
        models::EngineBridge bridge(engine);
        ui::TopicsPanel panel(bridge);
        // About what the console's lower part gives the panel at its default size.
        panel.resize(1180, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(bridge.snapshot().kafka.state),
                                  testing::nameOf(ServiceState::Connected), 60000);

        const std::string topic = testing::uniqueName("bookings");
        const std::int64_t base = QDateTime::currentMSecsSinceEpoch() - 3'600'000;  // an hour ago
        TimedProducer producer(engine.sandboxEndpoints()->kafkaBootstrap);
        QVERIFY(producer.ok());
        QVERIFY(sendBookings(producer, topic, 0, 50, base));
        QTRY_VERIFY_WITH_TIMEOUT(panel.model()->rowOf(QString::fromStdString(topic)) >= 0, 20000);

        // Side by side with sensible proportions: at this short size both lists show several
        // rows, and the handle between them is wide enough to see and grab.
        ui::MessageBrowser& browser = *panel.browser();
        const models::MessageBrowserModel& model = *browser.model();
        panel.browse(QString::fromStdString(topic));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 50, 20000);
        QVERIFY2(visibleRows(browser.messageView()) >= 6,
                 qPrintable(QString::number(visibleRows(browser.messageView()))));
        QVERIFY2(visibleRows(panel.topicsView()) >= 4,
                 qPrintable(QString::number(visibleRows(panel.topicsView()))));
        QVERIFY(panel.splitter()->handleWidth() >= 8);
        // The browser gets most of the width, the topics column room for a name and its figures.
        QVERIFY(panel.splitter()->sizes().at(0) < panel.splitter()->sizes().at(1));
        QVERIFY(panel.splitter()->sizes().at(0) >= 380);
        QCOMPARE(bookingOf(model.message(0)), 49);  // newest first, across the 4 partitions
        QCOMPARE(bookingOf(model.message(49)), 0);
        QCOMPARE(browser.partitionPicker()->count(), kPartitions + 1);
        QTRY_COMPARE_WITH_TIMEOUT(browser.selectedRow(), 0, 5000);

        // Tail: messages written while the browser is open appear at the top.
        const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(sendBookings(producer, topic, 50, 53, now - 53'000));
        QTRY_COMPARE_WITH_TIMEOUT(bookingOf(model.message(0)), 52, 20000);
        QCOMPARE(model.rowCount(), 53);
        QCOMPARE(bookingOf(model.message(1)), 51);
        QVERIFY2(browser.statusLabel()->text().startsWith(QStringLiteral("live")),
                 qPrintable(browser.statusLabel()->text()));

        // *_at epoch fields as local date-times, the raw number on hover; others as they are.
        const models::MessageFieldsModel& fields = *browser.fieldsModel();
        QTRY_VERIFY_WITH_TIMEOUT(fields.valueOf(QStringLiteral("created_at")) != nullptr, 5000);
        const int selected = bookingOf(model.message(browser.selectedRow()));
        QVERIFY(selected >= 0);
        const QStandardItem* created = fields.valueOf(QStringLiteral("created_at"));
        QCOMPARE(created->text(), QDateTime::fromMSecsSinceEpoch(kCreatedAt + selected)
                                      .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
        QVERIFY2(created->toolTip().contains(QString::number(kCreatedAt + selected)) &&
                     created->toolTip().contains(QStringLiteral("milliseconds")),
                 qPrintable(created->toolTip()));
        const QStandardItem* checkin = fields.valueOf(QStringLiteral("checkin_at"));
        QCOMPARE(checkin->text(), QDateTime::fromSecsSinceEpoch(kCheckinAt)
                                      .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QVERIFY2(checkin->toolTip().contains(QString::number(kCheckinAt)) &&
                     checkin->toolTip().contains(QStringLiteral("seconds")),
                 qPrintable(checkin->toolTip()));
        QCOMPARE(fields.valueOf(QStringLiteral("booking_id"))->text(), QString::number(selected));
        QVERIFY(fields.valueOf(QStringLiteral("booking_id"))->toolTip().isEmpty());
        QVERIFY(browser.rawView()->toPlainText().contains(
            QStringLiteral("\"created_at\": %1").arg(kCreatedAt + selected)));

        // Copy as JSON: the message with its coordinates, the value as JSON (raw numbers).
        QSignalSpy copiedSpy(&browser, &ui::MessageBrowser::messageCopied);
        browser.copyButton()->click();
        QCOMPARE(copiedSpy.count(), 1);
        const QString copiedText = copiedSpy.first().first().toString();
        // The offscreen platform may keep no clipboard; where it does, it holds the same text.
        if (!QApplication::clipboard()->text().isEmpty())
            QCOMPARE(QApplication::clipboard()->text(), copiedText);
        const QJsonObject copied = QJsonDocument::fromJson(copiedText.toUtf8()).object();
        QCOMPARE(copied.value(QStringLiteral("topic")).toString(), QString::fromStdString(topic));
        QCOMPARE(copied.value(QStringLiteral("offset")).toInteger(),
                 qint64(model.message(browser.selectedRow())->offset));
        QCOMPARE(copied.value(QStringLiteral("partition")).toInt(), selected % kPartitions);
        QCOMPARE(copied.value(QStringLiteral("key")).toString(),
                 QStringLiteral("customer-%1").arg(selected % 7));
        QCOMPARE(copied.value(QStringLiteral("value"))
                     .toObject()
                     .value(QStringLiteral("created_at"))
                     .toInteger(),
                 qint64(kCreatedAt + selected));
        QVERIFY(browser.messageView()->verticalScrollBar()->value() == 0);
        RD_SCREENSHOT(&panel, "message-browser-tailing");
        panel.resize(1180, 520);
        RD_SCREENSHOT(&panel, "message-browser-tailing-tall");
        panel.resize(1180, 300);

        // Pause holds the rows still while the tail keeps reading; Resume shows what waited.
        browser.pauseButton()->click();
        QVERIFY(model.paused());
        QVERIFY(sendBookings(producer, topic, 53, 55, now - 53'000));
        QTRY_VERIFY_WITH_TIMEOUT(
            browser.statusLabel()->text().contains(QStringLiteral("2 new waiting")), 20000);
        QCOMPARE(model.rowCount(), 53);
        QCOMPARE(bookingOf(model.message(0)), 52);
        browser.pauseButton()->click();
        QVERIFY(!model.paused());
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 55, 5000);
        QCOMPARE(bookingOf(model.message(0)), 54);

        // Filter by key or by value text, case-insensitively.
        QSortFilterProxyModel& shown = *browser.filteredModel();
        QTest::keyClicks(browser.filterEdit(), QStringLiteral("Customer-3"));
        QCOMPARE(shown.rowCount(), 8);  // 3, 10, ..., 52
        for (int r = 0; r < shown.rowCount(); ++r)
            QCOMPARE(bookingOf(model.message(shown.mapToSource(shown.index(r, 0)).row())) % 7, 3);
        QVERIFY2(browser.statusLabel()->text().contains(QStringLiteral("8 of 55 match")),
                 qPrintable(browser.statusLabel()->text()));
        RD_SCREENSHOT(&panel, "message-browser-filtered");
        browser.filterEdit()->clear();
        QTest::keyClicks(browser.filterEdit(), QStringLiteral("late checkin"));
        QCOMPARE(shown.rowCount(), 6);  // 0, 10, ..., 50
        browser.filterEdit()->clear();
        QCOMPARE(shown.rowCount(), 55);

        // Jump to an offset in one partition: lands on that message, selected.
        browser.partitionPicker()->setCurrentIndex(browser.partitionPicker()->findData(1));
        browser.jumpToOffset(5);  // partition 1's offset 5 is booking 21
        QTRY_VERIFY_WITH_TIMEOUT(
            browser.selectedRow() >= 0 && model.message(browser.selectedRow())->offset == 5, 20000);
        QCOMPARE(model.message(browser.selectedRow())->partition, 1);
        QCOMPARE(bookingOf(model.message(browser.selectedRow())), 21);
        for (int r = 0; r < model.rowCount(); ++r) {
            QCOMPARE(model.message(r)->partition, 1);
            QVERIFY(model.message(r)->offset >= 5);
        }
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 14 - 5, 20000);  // offsets 5..13

        // Jump to a time over every partition: the first message at or after it.
        browser.partitionPicker()->setCurrentIndex(0);
        browser.jumpToTime(QDateTime::fromMSecsSinceEpoch(base + 25'500));
        QTRY_VERIFY_WITH_TIMEOUT(
            browser.selectedRow() >= 0 && bookingOf(model.message(browser.selectedRow())) == 26,
            20000);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 55 - 26, 20000);
        QCOMPARE(bookingOf(model.message(model.rowCount() - 1)), 26);
        QVERIFY2(browser.statusLabel()->text().startsWith(QStringLiteral("from ")),
                 qPrintable(browser.statusLabel()->text()));
        RD_SCREENSHOT(&panel, "message-browser-jump-time");

        // Back to live: the newest again, and what is written next still arrives.
        browser.showLive();
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 55, 20000);
        QCOMPARE(bookingOf(model.message(0)), 54);
    }

    // The same reader on a real broker, whose ListOffsets answers times itself (no search).
    void tailsAndJumpsOnARealBroker() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        QTemporaryDir dir;
        kafka::ClientConfig config;
        config.bootstrapServers = bootstrap;
        Engine engine({.dataDirectory = dir.path().toStdString(),
                       .startSandbox = true,
                       .connection = {.kafka = KafkaConnection{"real", config}}});
        models::EngineBridge bridge(engine);
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(bridge.snapshot().kafka.state),
                                  testing::nameOf(ServiceState::Connected), 60000);
        const std::string topic = testing::uniqueName("bookings");
        const std::int64_t base = QDateTime::currentMSecsSinceEpoch() - 600'000;
        TimedProducer producer(bootstrap);
        for (int i = 0; i < 30; ++i)  // one partition (the broker's default), offsets 0..29
            QVERIFY(producer.send(topic, 0, "customer-" + std::to_string(i % 7), booking(i),
                                  base + i * 1000LL));
        QVERIFY(producer.flush());

        models::MessageBrowserModel model(bridge);
        model.open(QString::fromStdString(topic), std::nullopt);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 30, 30000);
        QCOMPARE(bookingOf(model.message(0)), 29);
        QVERIFY(producer.send(topic, 0, "customer-0", booking(30), base + 30'000));
        QVERIFY(producer.flush());
        QTRY_COMPARE_WITH_TIMEOUT(bookingOf(model.message(0)), 30, 30000);

        QSignalSpy target(&model, &models::MessageBrowserModel::targetReady);
        model.open(QString::fromStdString(topic), std::nullopt,
                   {topics::TailPosition::Kind::Time, base + 10'500});
        QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, 30000);
        QCOMPARE(bookingOf(model.message(target.first().first().toInt())), 11);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 31 - 11, 30000);

        target.clear();
        model.open(QString::fromStdString(topic), 0, {topics::TailPosition::Kind::Offset, 7});
        QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, 30000);
        QCOMPARE(bookingOf(model.message(target.first().first().toInt())), 7);
    }

    void keepsAtMostItsCapacityNewest() {
        QTemporaryDir dir;
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
        models::EngineBridge bridge(engine);
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(bridge.snapshot().kafka.state),
                                  testing::nameOf(ServiceState::Connected), 60000);
        const std::string topic = testing::uniqueName("clicks");
        TimedProducer producer(engine.sandboxEndpoints()->kafkaBootstrap);
        const std::int64_t base = QDateTime::currentMSecsSinceEpoch() - 600'000;
        QVERIFY(sendBookings(producer, topic, 0, 40, base));

        models::MessageBrowserModel model(bridge);
        model.setCapacity(25);
        model.open(QString::fromStdString(topic), std::nullopt);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 25, 20000);
        QCOMPARE(bookingOf(model.message(0)), 39);
        QCOMPARE(bookingOf(model.message(24)), 15);
        // Live messages push the oldest out; the count stays at the capacity.
        QVERIFY(sendBookings(producer, topic, 40, 50, base));
        QTRY_COMPARE_WITH_TIMEOUT(bookingOf(model.message(0)), 49, 20000);
        QCOMPARE(model.rowCount(), 25);
        QCOMPARE(bookingOf(model.message(24)), 25);

        // A jump stops reading once the window is full, so the start stays in view.
        model.open(QString::fromStdString(topic), std::nullopt,
                   {topics::TailPosition::Kind::Offset, 0});
        QTRY_VERIFY_WITH_TIMEOUT(model.tailStatus().state == topics::TailState::WindowFull, 20000);
        QCOMPARE(model.rowCount(), 25);
        QVERIFY(model.targetRow() >= 0);
        QCOMPARE(model.message(model.targetRow())->offset, std::int64_t(0));
    }
};

QTEST_MAIN(MessageBrowserTest)
#include "test_message_browser.moc"
