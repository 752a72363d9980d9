#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QtTest>

#include "engine/engine.h"
#include "engine/kafka/producer.h"
#include "models/engine_bridge.h"
#include "models/sync_memory.h"
#include "models/sync_status_model.h"
#include "models/table_details_model.h"
#include "support/enum_name.h"
#include "support/sandbox_console.h"
#include "support/screenshot.h"
#include "ui/enable_sync_dialog.h"
#include "ui/sync_panel.h"
#include "ui/table_page.h"

using namespace riverdelta;
using lake::sync::SyncState;
using models::TableDetailsModel;

namespace {

const lake::sync::SyncStatus* statusOf(const models::SyncStatusModel& model, const char* topic) {
    return model.status(model.rowOf(QString::fromLatin1(topic)));
}

std::string click(int i) {
    return "{\"click_id\":" + std::to_string(i) + ",\"url\":\"/hotels/" + std::to_string(i % 30) +
           "\",\"action\":\"" + (i % 3 ? "page-click" : "page-view") +
           "\",\"duration_ms\":" + std::to_string(100 + i % 900) + "}";
}

kafka::ClientConfig sandboxKafka(Engine& engine) {
    kafka::ClientConfig config;
    config.bootstrapServers = engine.sandboxEndpoints()->kafkaBootstrap;
    return config;
}

void produce(Engine& engine, int from, int to) {
    kafka::Producer producer(sandboxKafka(engine));
    for (int i = from; i < to; ++i)
        producer.produce("clickstream", "c" + std::to_string(i % 40), click(i));
    QVERIFY(producer.flush(std::chrono::seconds(30)));
}

QString cell(QStandardItemModel* model, int row, int column) {
    return model->index(row, column).data().toString();
}

int rowNamed(QStandardItemModel* model, const QString& name) {
    for (int r = 0; r < model->rowCount(); ++r)
        if (cell(model, r, 0) == name) return r;
    return -1;
}

// Opens Enable sync for clickstream on `panel` and accepts its defaults.
void enableClickstream(ui::SyncPanel& panel) {
    panel.showEnableDialog(QStringLiteral("clickstream"));
    ui::EnableSyncDialog* dialog = panel.enableDialog();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    dialog->buttons()->button(QDialogButtonBox::Ok)->click();
}

}  // namespace

class TablePageTest : public QObject {
    Q_OBJECT
  private slots:
    // After a sync the page shows the table itself: state, location, figures, schema with
    // Delta types, history, the newest 20 rows, a snippet; a stream keeps freshness < 10 s at
    // the default commit policy and the state is "Caught up" at lag 0.
    void tablePageAfterSync() {
        testing::ThrowawaySettings settings;
        QTemporaryDir dir;
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
        models::EngineBridge bridge(engine);
        ui::SyncPanel panel(bridge);
        panel.resize(1200, 820);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(bridge.snapshot().kafka.state),
                                  testing::nameOf(ServiceState::Connected), 60000);
        produce(engine, 0, 600);
        QTRY_VERIFY_WITH_TIMEOUT(!bridge.snapshot().topics.topics.empty(), 20000);
        enableClickstream(panel);
        QTRY_VERIFY_WITH_TIMEOUT(statusOf(*panel.model(), "clickstream"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(*panel.model(), "clickstream")->rows, std::int64_t(600),
                                  60000);

        // The stream: 4 records a second, as a workshop stream at a faster pace.
        kafka::Producer streamer(sandboxKafka(engine));
        int next = 600;
        QTimer stream;
        stream.setInterval(250);
        connect(&stream, &QTimer::timeout, [&] {
            streamer.produce("clickstream", "s", click(next++));
            streamer.flush(std::chrono::milliseconds(0));
        });
        stream.start();
        QTRY_VERIFY_WITH_TIMEOUT(statusOf(*panel.model(), "clickstream")->rows >= 660, 60000);

        ui::TablePage* page = panel.tablePage();
        TableDetailsModel* model = page->model();
        QCOMPARE(model->topic(), QStringLiteral("clickstream"));
        const auto* status = model->status();
        QVERIFY(status);
        QVERIFY2(status->freshnessP95Ms && *status->freshnessP95Ms < 10'000,
                 qPrintable(page->freshnessLabel()->text()));
        qInfo("freshness while streaming: %s", qPrintable(page->freshnessLabel()->text()));
        stream.stop();
        QVERIFY(streamer.flush(std::chrono::seconds(10)));
        const int produced = next;
        QTRY_COMPARE_WITH_TIMEOUT(model->status()->rows, std::int64_t(produced), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(page->stateLabel()->text(), QStringLiteral("<b>Caught up</b>"),
                                  10000);
        QCOMPARE(model->status()->lag(), std::int64_t(0));

        // What the table itself holds, read off the GUI thread at the status's version or later:
        // background maintenance may commit a compaction after the job's last commit (a clean
        // run read version 33 beside a status of 32), and the rows stay the same.
        QTRY_VERIFY2_WITH_TIMEOUT(model->detailsVersion() >= model->status()->version,
                                  qPrintable(QString("details at version %1, status at %2")
                                                 .arg(model->detailsVersion())
                                                 .arg(model->status()->version)),
                                  20000);
        QTRY_VERIFY_WITH_TIMEOUT(!model->reading(), 10000);
        QVERIFY2(model->readError().isEmpty(), qPrintable(model->readError()));
        QCOMPARE(model->details()->rows, std::int64_t(produced));
        auto* schema = model->schemaModel();
        QCOMPARE(schema->rowCount(), 8);  // click_id, url, action, duration_ms + 4 Kafka columns
        QCOMPARE(cell(schema, rowNamed(schema, QStringLiteral("click_id")), 1),
                 QStringLiteral("long"));
        QCOMPARE(cell(schema, rowNamed(schema, QStringLiteral("url")), 1),
                 QStringLiteral("string"));
        QCOMPARE(cell(schema, rowNamed(schema, QStringLiteral("_kafka_timestamp")), 1),
                 QStringLiteral("timestamp"));
        QCOMPARE(cell(schema, rowNamed(schema, QStringLiteral("_kafka_partition")), 1),
                 QStringLiteral("integer"));
        auto* history = model->historyModel();
        QVERIFY(history->rowCount() >= 3);  // create, the catch-up, the stream's commits
        QCOMPARE(cell(history, 0, 0), QString::number(model->detailsVersion()));
        // Consecutive versions, newest first, down to 0 or to the history's 20 (a commit a
        // second at the default freshness target makes more than 20 here).
        const std::int64_t newest = model->detailsVersion();
        for (int r = 0; r < history->rowCount(); ++r)
            QCOMPARE(cell(history, r, 0), QString::number(newest - r));
        QCOMPARE(history->rowCount(), int(std::min<std::int64_t>(newest + 1, 20)));
        std::int64_t rowsAdded = 0;
        for (int r = 0; r < history->rowCount(); ++r)
            rowsAdded += QLocale().toLongLong(cell(history, r, 3));
        if (history->rowCount() < 20) QCOMPARE(rowsAdded, std::int64_t(produced));  // all commits
        auto* preview = model->previewModel();
        QCOMPARE(preview->rowCount(), 20);
        const int clickColumn = [&] {
            for (int c = 0; c < preview->columnCount(); ++c)
                if (preview->headerData(c, Qt::Horizontal).toString() == QStringLiteral("click_id"))
                    return c;
            return -1;
        }();
        QVERIFY(clickColumn >= 0);
        for (int r = 0; r < 20; ++r)  // the newest first: produced - 1, produced - 2, ...
            QCOMPARE(cell(preview, r, clickColumn), QString::number(produced - 1 - r));

        // Location with a copy button; a snippet that reads the table.
        const QString location = QString::fromStdString(model->status()->location);
        QCOMPARE(page->locationLabel()->text(), location);
        page->copyLocationButton()->click();
        QCOMPARE(QApplication::clipboard()->text(), location);
        QVERIFY(page->snippetView()->toPlainText().contains(
            QStringLiteral("delta_scan('%1')").arg(location)));
        page->toolBox()->setCurrentIndex(2);
        QVERIFY(page->snippetView()->toPlainText().contains(
            QStringLiteral("DeltaTable(\"%1\")").arg(location)));
        page->toolBox()->setCurrentIndex(0);

        RD_SCREENSHOT(&panel, "table-page-preview");
        page->tabs()->setCurrentIndex(1);
        RD_SCREENSHOT(&panel, "table-page-schema");
        page->tabs()->setCurrentIndex(2);
        RD_SCREENSHOT(&panel, "table-page-history");
        page->tabs()->setCurrentIndex(3);
        RD_SCREENSHOT(&panel, "table-page-query");
    }

    // Enabled syncs are remembered per Kafka connection and resumed at the next start. The
    // sandbox's topics are new at every start: the earlier table is taken up again only while
    // its offsets fit the topic; otherwise a new table, and the log says why.
    void relaunchResumesEnabledSync() {
        testing::ThrowawaySettings settings;
        QTemporaryDir dir;
        QString firstLocation;
        {
            Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
            models::EngineBridge bridge(engine);
            ui::SyncPanel panel(bridge);
            panel.show();
            QVERIFY(QTest::qWaitForWindowExposed(&panel));
            QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(bridge.snapshot().kafka.state),
                                      testing::nameOf(ServiceState::Connected), 60000);
            produce(engine, 0, 300);
            QTRY_VERIFY_WITH_TIMEOUT(!bridge.snapshot().topics.topics.empty(), 20000);
            enableClickstream(panel);
            QTRY_VERIFY_WITH_TIMEOUT(statusOf(*panel.model(), "clickstream"), 60000);
            QTRY_COMPARE_WITH_TIMEOUT(statusOf(*panel.model(), "clickstream")->rows,
                                      std::int64_t(300), 60000);
            firstLocation =
                QString::fromStdString(statusOf(*panel.model(), "clickstream")->location);
            const auto remembered = panel.memory()->entries(QStringLiteral("sandbox"));
            QCOMPARE(remembered.size(), 1);
            QCOMPARE(remembered.first().topic, QStringLiteral("clickstream"));
            QCOMPARE(remembered.first().location, firstLocation);
        }

        // Relaunch: the new sandbox's topic already has more records than the table's offsets,
        // so the table is resumed where it was (offsets 300 on are new to it).
        {
            Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
            models::EngineBridge bridge(engine);
            QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(bridge.snapshot().kafka.state),
                                      testing::nameOf(ServiceState::Connected), 60000);
            produce(engine, 0, 450);
            ui::SyncPanel panel(bridge);
            QTRY_VERIFY_WITH_TIMEOUT(statusOf(*panel.model(), "clickstream"), 20000);
            QCOMPARE(QString::fromStdString(statusOf(*panel.model(), "clickstream")->location),
                     firstLocation);
            QTRY_COMPARE_WITH_TIMEOUT(statusOf(*panel.model(), "clickstream")->rows,
                                      std::int64_t(450), 60000);
            QCOMPARE(statusOf(*panel.model(), "clickstream")->rowsThisRun, std::int64_t(150));
        }

        // Relaunch again: the topic is empty now, the table holds offsets up to 449; the sync
        // is resumed into a new table of this session, and the log says why.
        {
            Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
            models::EngineBridge bridge(engine);
            QStringList log;
            connect(&bridge, &models::EngineBridge::logged,
                    [&](const std::vector<core::LogEntry>& entries) {
                        for (const auto& e : entries)
                            log << QString::fromStdString(e.message);
                    });
            ui::SyncPanel panel(bridge);
            QTRY_VERIFY_WITH_TIMEOUT(statusOf(*panel.model(), "clickstream"), 60000);
            const QString location =
                QString::fromStdString(statusOf(*panel.model(), "clickstream")->location);
            QVERIFY(location != firstLocation);
            QCOMPARE(location, QString::fromStdString(bridge.snapshot().lakeRoot) +
                                   QStringLiteral("/clickstream"));
            QTRY_VERIFY_WITH_TIMEOUT(
                log.filter(QStringLiteral("not resumed into its earlier table")).size() == 1,
                10000);
            const QString why = log.filter(QStringLiteral("not resumed")).first();
            qInfo("%s", qPrintable(why));
            QVERIFY(why.contains(firstLocation));
            // Still remembered for the next start, now with this session's table.
            QCOMPARE(panel.memory()->entries(QStringLiteral("sandbox")).size(), 1);
        }
    }
};

QTEST_MAIN(TablePageTest)
#include "test_table_page.moc"
