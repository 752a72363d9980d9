#include <QComboBox>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>
#include <QtTest>

#include "engine/engine.h"
#include "models/engine_bridge.h"
#include "models/log_filter_model.h"
#include "models/log_model.h"
#include "support/dark_palette.h"
#include "support/screenshot.h"
#include "ui/log_panel.h"
#include "ui/notification_banner.h"

using namespace riverdelta;
using core::LogLevel;

class LogPanelTest : public QObject {
    Q_OBJECT
  private slots:
    void filtersByLevelAndTextAndShowsErrorsAsBanner() {
        QTemporaryDir dir;
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = false});
        models::EngineBridge bridge(engine);
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        auto* banner = new ui::NotificationBanner(bridge, &window);
        auto* panel = new ui::LogPanel(bridge, &window);
        layout->addWidget(banner);
        layout->addWidget(panel, 1);
        window.resize(1000, 420);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        core::Log& log = engine.log();
        log.write(LogLevel::Debug, "kafka", "metadata refreshed for 4 topics");
        log.write(LogLevel::Info, "sandbox", "embedded Kafka listening on 127.0.0.1:40123");
        log.write(LogLevel::Info, "lake", "sync enabled: clickstream → /tmp/lake/clickstream");
        log.write(LogLevel::Warning, "lake", "clickstream: schema change adds column 'referrer'");
        log.write(LogLevel::Info, "generate", "stage Historical finished: 3,600 events");
        QTRY_COMPARE_WITH_TIMEOUT(panel->model()->rowCount(), 5, 5000);
        QVERIFY(!banner->isVisible());  // nothing bad yet

        // Default: info and above.
        QCOMPARE(panel->filter()->rowCount(), 4);
        panel->levelBox()->setCurrentIndex(0);
        QCOMPARE(panel->filter()->rowCount(), 5);

        log.write(LogLevel::Error, "postgres",
                  "cannot connect to 127.0.0.1:5432: connection refused");
        QTRY_COMPARE_WITH_TIMEOUT(panel->model()->rowCount(), 6, 5000);
        // The error surfaces as a non-modal banner, not a message box.
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10000);
        QVERIFY(QApplication::activeModalWidget() == nullptr);
        QVERIFY2(banner->text().contains(QStringLiteral("connection refused")),
                 qPrintable(banner->text()));
        RD_SCREENSHOT(&window, "log-all-with-banner");

        panel->levelBox()->setCurrentIndex(panel->levelBox()->findData(int(LogLevel::Warning)));
        QCOMPARE(panel->filter()->rowCount(), 2);
        panel->levelBox()->setCurrentIndex(panel->levelBox()->findData(int(LogLevel::Error)));
        QCOMPARE(panel->filter()->rowCount(), 1);
        QCOMPARE(panel->filter()->index(0, models::LogModel::SourceColumn).data().toString(),
                 QStringLiteral("postgres"));

        // Text search over source and message, any case, combined with the level.
        panel->levelBox()->setCurrentIndex(0);
        QTest::keyClicks(panel->searchEdit(), QStringLiteral("CLICKSTREAM"));
        QCOMPARE(panel->filter()->rowCount(), 2);
        panel->searchEdit()->setText(QStringLiteral("lake"));
        QCOMPARE(panel->filter()->rowCount(), 2);
        panel->levelBox()->setCurrentIndex(panel->levelBox()->findData(int(LogLevel::Warning)));
        QCOMPARE(panel->filter()->rowCount(), 1);
        RD_SCREENSHOT(&window, "log-filtered");

        // A second error counts up in the banner; Dismiss hides it, the log keeps both.
        log.write(LogLevel::Error, "lake", "clickstream: type change on 'duration_ms', stopped");
        QTRY_VERIFY_WITH_TIMEOUT(banner->text().contains(QStringLiteral("+1 more")), 10000);
        panel->searchEdit()->clear();
        panel->levelBox()->setCurrentIndex(panel->levelBox()->findData(int(LogLevel::Error)));
        QTRY_COMPARE_WITH_TIMEOUT(panel->filter()->rowCount(), 2, 10000);
        const QPalette light = testing::useDarkPalette();
        RD_SCREENSHOT(&window, "log-errors-dark");
        QApplication::setPalette(light);
        banner->dismiss();
        QVERIFY(!banner->isVisible());
    }
};

QTEST_MAIN(LogPanelTest)
#include "test_log_panel.moc"
