#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QtTest>

#include "engine/engine.h"
#include "engine/kafka/producer.h"
#include "models/engine_bridge.h"
#include "models/sync_status_model.h"
#include "support/dark_palette.h"
#include "support/enum_name.h"
#include "support/sandbox_console.h"
#include "support/screenshot.h"
#include "ui/enable_sync_dialog.h"
#include "ui/sync_panel.h"

using namespace riverdelta;
using lake::sync::SyncState;

namespace {

const lake::sync::SyncStatus* statusOf(const models::SyncStatusModel& model, const char* topic) {
    return model.status(model.rowOf(QString::fromLatin1(topic)));
}

std::int64_t topicMessages(const EngineSnapshot& s, const std::string& topic) {
    for (const auto& t : s.topics.topics)
        if (t.name == topic) return t.messages;
    return -1;
}

}  // namespace

class SyncPanelTest : public QObject {
    Q_OBJECT
  private slots:
    void enableSyncOnClickstreamCatchesUp() {
        testing::ThrowawaySettings settings;  // Enable sync remembers the sync there
        QTemporaryDir dir;
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
        models::EngineBridge bridge(engine);
        ui::SyncPanel panel(bridge);
        panel.resize(1150, 420);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(bridge.snapshot().kafka.state),
                                  testing::nameOf(ServiceState::Connected), 60000);

        kafka::ClientConfig config;
        config.bootstrapServers = engine.sandboxEndpoints()->kafkaBootstrap;
        {
            kafka::Producer producer(config);
            for (int i = 0; i < 600; ++i)
                producer.produce("clickstream", "c" + std::to_string(i % 40),
                                 "{\"click_id\":" + std::to_string(i) + ",\"url\":\"/hotels/" +
                                     std::to_string(i % 30) +
                                     "\",\"duration_ms\":" + std::to_string(100 + i) + "}");
            QVERIFY(producer.flush(std::chrono::seconds(30)));
        }
        QTRY_COMPARE_WITH_TIMEOUT(topicMessages(bridge.snapshot(), "clickstream"),
                                  std::int64_t(600), 20000);

        // The Enable sync dialog: Delta, the default folder prefilled, error policy.
        panel.showEnableDialog(QStringLiteral("clickstream"));
        ui::EnableSyncDialog* dialog = panel.enableDialog();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QVERIFY(!dialog->isModal() || dialog->windowModality() != Qt::ApplicationModal);
        QCOMPARE(dialog->topicBox()->currentText(), QStringLiteral("clickstream"));
        const QString lakeRoot = QString::fromStdString(bridge.snapshot().lakeRoot);
        QVERIFY(lakeRoot.startsWith(dir.path() + QStringLiteral("/lake/sandbox-")));
        QCOMPARE(dialog->locationEdit()->text(), lakeRoot + QStringLiteral("/clickstream"));
        QCOMPARE(dialog->policyBox()->count(), 3);
        RD_SCREENSHOT(dialog, "sync-enable-dialog");
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();

        QTRY_VERIFY_WITH_TIMEOUT(statusOf(*panel.model(), "clickstream"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(statusOf(*panel.model(), "clickstream")->state),
                                  testing::nameOf(SyncState::CaughtUp), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(*panel.model(), "clickstream")->rows,
                                  topicMessages(bridge.snapshot(), "clickstream"), 60000);
        QCOMPARE(statusOf(*panel.model(), "clickstream")->rows, std::int64_t(600));
        const int row = panel.model()->rowOf(QStringLiteral("clickstream"));
        auto cell = [&](int column) { return panel.model()->index(row, column).data().toString(); };
        QCOMPARE(cell(models::SyncStatusModel::StateColumn), QStringLiteral("Caught up"));
        QCOMPARE(cell(models::SyncStatusModel::RowsColumn), QLocale().toString(600));
        QCOMPARE(cell(models::SyncStatusModel::LagColumn), QStringLiteral("0"));
        QVERIFY(cell(models::SyncStatusModel::LastCommitColumn) != QStringLiteral("—"));
        QVERIFY(QDir(lakeRoot + QStringLiteral("/clickstream/_delta_log")).exists());
        RD_SCREENSHOT(&panel, "sync-caught-up");

        // Pause and resume from the panel's buttons.
        panel.statusView()->selectRow(row);
        QTRY_VERIFY_WITH_TIMEOUT(panel.pauseButton()->isEnabled(), 10000);
        panel.pauseButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(statusOf(*panel.model(), "clickstream")->state),
                                  testing::nameOf(SyncState::Paused), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(panel.resumeButton()->isEnabled(), 10000);
        const QPalette light = testing::useDarkPalette();
        RD_SCREENSHOT(&panel, "sync-paused-dark");
        QApplication::setPalette(light);
        panel.resumeButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(statusOf(*panel.model(), "clickstream")->state),
                                  testing::nameOf(SyncState::CaughtUp), 20000);

        panel.disableButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 0, 20000);
    }

    // "Store in your own bucket": a saved S3 storage profile puts the table under its
    // s3://BUCKET/PREFIX, never in a folder; a folder there (or an s3:// URL for a local folder)
    // is refused before OK.
    void enableSyncOffersStorageProfiles() {
        ui::EnableSyncDialog dialog({QStringLiteral("clickstream"), QStringLiteral("bookings")},
                                    QStringLiteral("/data/lake/sandbox"),
                                    QStringLiteral("clickstream"), nullptr,
                                    {{QStringLiteral("r2"), QStringLiteral("s3://workshop/rd"),
                                      QStringLiteral("https://acct.r2.cloudflarestorage.com")},
                                     {QStringLiteral("aws"), QString(), QString()}});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* ok = dialog.buttons()->button(QDialogButtonBox::Ok);
        QCOMPARE(dialog.storageBox()->count(), 3);
        QCOMPARE(dialog.locationEdit()->text(), QStringLiteral("/data/lake/sandbox/clickstream"));
        QVERIFY(ok->isEnabled());
        QVERIFY(dialog.storageProfile().isEmpty());

        dialog.storageBox()->setCurrentIndex(1);
        QCOMPARE(dialog.locationEdit()->text(), QStringLiteral("s3://workshop/rd/clickstream"));
        QVERIFY(ok->isEnabled());
        QCOMPARE(dialog.storageProfile(), QStringLiteral("r2"));
        dialog.topicBox()->setCurrentText(QStringLiteral("bookings"));
        QCOMPARE(dialog.locationEdit()->text(), QStringLiteral("s3://workshop/rd/bookings"));
        const auto c = dialog.command();
        QCOMPARE(c.location.string(), std::string("s3://workshop/rd/bookings"));
        RD_SCREENSHOT(&dialog, "enable-sync-s3-profile");

        dialog.locationEdit()->setText(QStringLiteral("/tmp/not-a-bucket"));
        QVERIFY(!ok->isEnabled());  // an S3 profile stores in a bucket
        dialog.locationEdit()->setText(QStringLiteral("s3://Bad_Bucket/x"));
        QVERIFY(!ok->isEnabled());                // not a valid bucket name
        dialog.storageBox()->setCurrentIndex(2);  // a profile without a lake: typed in
        QCOMPARE(dialog.locationEdit()->text(), QStringLiteral("s3://BUCKET/PREFIX/bookings"));
        QVERIFY(!ok->isEnabled());
        dialog.storageBox()->setCurrentIndex(0);
        QCOMPARE(dialog.locationEdit()->text(), QStringLiteral("/data/lake/sandbox/bookings"));
        dialog.locationEdit()->setText(QStringLiteral("s3://workshop/rd/bookings"));
        QVERIFY(!ok->isEnabled());  // a bucket needs a storage profile
    }
};

QTEST_MAIN(SyncPanelTest)
#include "test_sync_panel.moc"
