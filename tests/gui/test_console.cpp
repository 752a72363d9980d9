#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTreeWidget>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtTest>

#include "models/pipeline_model.h"
#include "models/throughput_history.h"
#include "support/river_hotels.h"
#include "support/sandbox_console.h"
#include "support/screenshot.h"
#include "ui/main_window.h"
#include "ui/pipeline_view.h"
#include "ui/problems_view.h"
#include "ui/throughput_chart.h"

using namespace riverdelta;

namespace {

QPalette darkPalette() {
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x20, 0x22, 0x25));
    p.setColor(QPalette::WindowText, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::Base, QColor(0x17, 0x19, 0x1c));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x29, 0x2d));
    p.setColor(QPalette::Text, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::Button, QColor(0x2d, 0x30, 0x34));
    p.setColor(QPalette::ButtonText, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
    p.setColor(QPalette::Mid, QColor(0x50, 0x54, 0x58));
    p.setColor(QPalette::ToolTipBase, QColor(0x2d, 0x30, 0x34));
    p.setColor(QPalette::ToolTipText, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x86, 0x8b));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6b, 0x70, 0x75));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6b, 0x70, 0x75));
    return p;
}

double maxY(const QLineSeries* s) {
    double y = 0;
    for (const QPointF& p : s->points())
        y = std::max(y, p.y());
    return y;
}

}  // namespace

class ConsoleTest : public QObject {
    Q_OBJECT
    testing::ThrowawaySettings settings_{QStringLiteral("console-test")};

  private slots:
    void runsStagesAndStartsAndStopsStreams() {
        testing::SandboxConsole console;
        ui::MainWindow& window = console.window();
        window.openScenario(QStringLiteral("builtin:river-hotels"));
        window.setSpeed(100);  // streaming throttles of 10-15 s become 100-150 ms
        QVERIFY(console.show());
        ui::PipelineView* pipeline = window.pipeline();
        QTRY_VERIFY_WITH_TIMEOUT(pipeline->startButton(QStringLiteral("customer")) != nullptr,
                                 10000);
        QCOMPARE(window.pipelineModel()->stages(),
                 (QStringList{"Seed", "Updates", "Historical", "Streaming"}));
        QVERIFY2(console.waitUntilConnected(), qPrintable(console.services()));
        RD_SCREENSHOT(&window, "console-loaded");

        QStringList bounded;
        for (const char* name : testing::kRiverHotelsBounded)
            bounded << QString::fromLatin1(name);
        QVERIFY2(console.runToEnd(bounded), qPrintable(console.progress(bounded)));
        QCOMPARE(console.acknowledged("clickstream_historical"), quint64(3000));
        QCOMPARE(console.acknowledged("customer"), quint64(1000));
        // The historical burst reached the chart.
        ui::ThroughputChart* chart = window.throughput();
        QTRY_VERIFY_WITH_TIMEOUT(
            chart->series("clickstream") && maxY(chart->series("clickstream")) > 0, 10000);
        QVERIFY(chart->series("bookings") && maxY(chart->series("bookings")) > 0);
        RD_SCREENSHOT(&window, "console-historical-done");

        // A streaming generator: rate shows, Stop halts its counter, Start continues.
        const QString click = QStringLiteral("clickstream_streaming");
        QCOMPARE(console.state(click), QStringLiteral("waiting"));
        QTest::mouseClick(pipeline->startButton(click), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(pipeline->rateLabel(click)->text().endsWith(QStringLiteral("/s")),
                                 15000);
        QTRY_VERIFY_WITH_TIMEOUT(console.acknowledged(click) >= 10, 20000);
        QCOMPARE(console.state(click), QStringLiteral("running"));
        QVERIFY(!pipeline->startButton(click)->isEnabled());
        RD_SCREENSHOT(&window, "console-streaming");

        QTest::mouseClick(pipeline->stopButton(click), Qt::LeftButton);
        // "stopped" once the run's thread has halted the stream and its last events are
        // acknowledged; then the claim is about time: 1.5 s later (a dozen events at this
        // speed) the counter has not moved.
        QTRY_COMPARE_WITH_TIMEOUT(console.reason(click), QStringLiteral("stopped"), 20000);
        const quint64 atStop = console.acknowledged(click);
        QTest::qWait(1500);
        QCOMPARE(console.acknowledged(click), atStop);
        QCOMPARE(console.state(click), QStringLiteral("paused"));
        QVERIFY(pipeline->stateLabel(click)->text().startsWith(QStringLiteral("paused")));
        QVERIFY(pipeline->startButton(click)->isEnabled());
        RD_SCREENSHOT(&window, "console-stream-stopped");

        QTest::mouseClick(pipeline->startButton(click), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(console.acknowledged(click) >= atStop + 5, 20000);
        QCOMPARE(console.state(click), QStringLiteral("running"));

        // Chart: hover shows a value, the legend hides a topic, bytes/s and a 5 minute window.
        QLineSeries* clicks = chart->series("clickstream");
        QTRY_VERIFY_WITH_TIMEOUT(clicks->count() >= 10, 10000);
        chart->showValueAt(clicks, clicks->at(clicks->count() - 1));
        QVERIFY2(chart->hoverText().startsWith(QStringLiteral("clickstream at ")),
                 qPrintable(chart->hoverText()));
        QVERIFY(chart->hoverText().contains(QStringLiteral("messages/s")));
        QLineSeries* bookings = chart->series("bookings");
        const auto markers = chart->chart()->legend()->markers(bookings);
        QCOMPARE(markers.size(), 1);
        emit markers.front()->clicked();
        QVERIFY(!bookings->isVisible());
        emit markers.front()->clicked();
        QVERIFY(bookings->isVisible());
        window.findChild<QComboBox*>(QStringLiteral("metric"))->setCurrentIndex(1);
        window.findChild<QComboBox*>(QStringLiteral("window"))->setCurrentIndex(1);
        QCOMPARE(chart->window(), std::chrono::seconds(300));
        QCOMPARE(chart->shownMetric(), models::ThroughputHistory::Metric::Bytes);
        QVERIFY(maxY(clicks) > 0);
        RD_SCREENSHOT(&window, "console-chart-bytes");

        // Dark palette and presentation mode stay readable (screenshots, looked at by hand).
        const QPalette light = QApplication::palette();
        QApplication::setPalette(darkPalette());
        RD_SCREENSHOT(&window, "console-dark");
        window.setPresentationMode(true);
        RD_SCREENSHOT(&window, "console-dark-presentation");
        window.setPresentationMode(false);
        QApplication::setPalette(light);

        // Stop all (its shortcut's action): every stream stops.
        window.findChild<QAction*>(QStringLiteral("stopAll"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(console.reason(click), QStringLiteral("stopped"), 20000);
        const quint64 all = console.acknowledged(click);
        QTest::qWait(1200);  // elapsed time is the claim: a stopped stream makes nothing
        QCOMPARE(console.acknowledged(click), all);
        window.close();
        QCOMPARE(
            QSettings(ui::MainWindow::kSettingsOrganization, ui::MainWindow::kSettingsApplication)
                .value(QStringLiteral("scenario/last"))
                .toString(),
            QStringLiteral("builtin:/river-hotels/river-hotels.json"));
        QCOMPARE(
            QSettings(ui::MainWindow::kSettingsOrganization, ui::MainWindow::kSettingsApplication)
                .value(QStringLiteral("run/speed"))
                .toDouble(),
            100.0);
        QVERIFY(
            !QSettings(ui::MainWindow::kSettingsOrganization, ui::MainWindow::kSettingsApplication)
                 .value(QStringLiteral("window/splitter"))
                 .toByteArray()
                 .isEmpty());
    }

    void invalidConfigListsProblemsAndStartsNothing() {
        testing::SandboxConsole console({.startSandbox = false});
        ui::MainWindow& window = console.window();
        const QString bad = console.filePath(QStringLiteral("broken.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            "{\"generators\": [{\"topic\": \"t\", \"value\": {\"_gen\": \"noSuchFunction\"}},"
            " {\"table\": \"x\"}]}");
        f.close();
        window.openScenario(bad);
        QVERIFY(console.show());
        QTRY_VERIFY_WITH_TIMEOUT(window.problems()->isVisible(), 10000);
        QTreeWidget* list = window.problems()->list();
        QVERIFY(list->topLevelItemCount() >= 1);
        QCOMPARE(list->topLevelItem(0)->text(0), bad);
        QVERIFY2(list->topLevelItem(0)->text(1).startsWith(QStringLiteral("/generators/0")),
                 qPrintable(list->topLevelItem(0)->text(1)));
        QVERIFY(list->topLevelItem(0)->text(2).contains(QStringLiteral("noSuchFunction")));
        // The engine takes Start all and refuses it (its log says why); then nothing ran.
        const std::uint64_t seen = console.engine().log().lastSequence();
        window.startAll();
        const auto refused = [&] {
            for (const auto& e : console.engine().log().since(seen))
                if (e.message == "no scenario is loaded") return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(refused(), 10000);
        const auto s = console.engine().snapshot().scenario;
        QVERIFY(!s.loaded);
        QVERIFY(!s.runExists);
        QCOMPARE(window.pipelineModel()->rowCount(), 0);
        RD_SCREENSHOT(&window, "console-invalid-config");
        QApplication::setPalette(darkPalette());
        RD_SCREENSHOT(&window, "console-invalid-config-dark");
        QApplication::setPalette(QPalette());
    }
};

QTEST_MAIN(ConsoleTest)
#include "test_console.moc"
