// File → Export run report… in the console, on the real sandbox: the built-in scenario's seed
// and historical stages at high speed, then the run so far as JSON (the committed schema), HTML
// (inline charts) and PDF (its text holds the counts), with the window responsive throughout;
// the saved file is offered with an Open action. Then a report exported while the streams run:
// checks that events in flight keep from deciding are pending, none FAILED.
#include <QAction>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

#include "support/river_hotels.h"
#include "support/run_process.h"
#include "support/sandbox_console.h"
#include "support/screenshot.h"
#include "ui/main_window.h"
#include "ui/notification_banner.h"
#include "ui/pipeline_view.h"

using namespace riverdelta;

namespace {

// Exports through the window while a 20 ms timer runs: the error (empty when written) and the
// longest the UI thread went without the timer firing.
struct Export {
    QString error;
    qint64 longestGapMs = 0;
    int ticks = 0;
};

Export exportVia(ui::MainWindow& window, const QString& path) {
    Export e;
    QSignalSpy spy(&window, &ui::MainWindow::runReportExported);
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    QTimer timer;
    timer.setInterval(20);
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        e.longestGapMs = std::max(e.longestGapMs, now - last);
        last = now;
        ++e.ticks;
    });
    timer.start();
    window.exportRunReport(path);
    const bool busy = window.exportingReport();
    if (!QTest::qWaitFor([&] { return spy.count() > 0; }, 180000)) {
        e.error = QStringLiteral("no answer within 180 s");
        return e;
    }
    e.longestGapMs = std::max(e.longestGapMs, clock.elapsed() - last);
    e.error = spy.at(0).at(1).toString();
    if (e.error.isEmpty() && !busy) e.error = QStringLiteral("the export was not in progress");
    return e;
}

}  // namespace

class ConsoleReportTest : public QObject {
    Q_OBJECT
    testing::ThrowawaySettings settings_{QStringLiteral("console-report-test")};
    QString python_;

  private slots:
    void initTestCase() {
        python_ = qEnvironmentVariable("RIVERDELTA_TEST_PYTHON");
        QVERIFY2(!python_.isEmpty(),
                 "RIVERDELTA_TEST_PYTHON must be set (scripts/test-services.sh)");
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty(),
                 "pdftotext missing: scripts/install-deps.sh --test installs poppler-utils");
    }

    void exportsTheRunSoFarInThreeFormats() {
        testing::SandboxConsole console;
        ui::MainWindow& window = console.window();
        window.openScenario(QStringLiteral("builtin:river-hotels"));
        window.setSpeed(100);
        QVERIFY(console.show());

        // The action is in the File menu and on the toolbar.
        QAction* action = window.exportReportAction();
        QVERIFY(action);
        QVERIFY(window.menuBar()->actions().first()->menu()->actions().contains(action));
        auto* toolbar = window.findChild<QToolBar*>(QStringLiteral("runToolbar"));
        QVERIFY(toolbar && toolbar->actions().contains(action));

        ui::PipelineView* pipeline = window.pipeline();
        QTRY_VERIFY_WITH_TIMEOUT(pipeline->startButton(QStringLiteral("customer")) != nullptr,
                                 10000);
        QVERIFY2(console.waitUntilConnected(), qPrintable(console.services()));

        // Nothing ran yet: an error in the status bar, no file.
        const QString early = console.filePath(QStringLiteral("early.json"));
        const Export none = exportVia(window, early);
        QVERIFY2(none.error.contains(QStringLiteral("nothing has run")), qPrintable(none.error));
        QVERIFY(!QFile::exists(early));
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("not saved")));
        QVERIFY(action->isEnabled());
        // A name without a known extension is refused before asking the engine.
        QVERIFY(!exportVia(window, console.filePath(QStringLiteral("report.txt"))).error.isEmpty());

        QStringList bounded;
        for (const char* name : testing::kRiverHotelsBounded)
            bounded << QString::fromLatin1(name);
        QVERIFY2(console.runToEnd(bounded), qPrintable(console.progress(bounded)));
        // Deliberate: the recorder keeps at most a point a second, and the report's charts should
        // end with one taken after the run finished. No check depends on it: the export samples
        // the newest counts itself.
        QTest::qWait(1500);

        const QString json = console.filePath(QStringLiteral("run.json")),
                      html = console.filePath(QStringLiteral("run.html")),
                      pdf = console.filePath(QStringLiteral("run.pdf"));
        for (const QString& path : {json, html, pdf}) {
            const Export e = exportVia(window, path);
            qInfo("%s: %d timer ticks, longest gap %lld ms", qPrintable(QFileInfo(path).fileName()),
                  e.ticks, e.longestGapMs);
            QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
            QVERIFY(QFileInfo(path).size() > 0);
            // The UI thread kept running: the read-back and the rendering are elsewhere (the
            // export was still in progress when the call returned, exportVia checks). How many
            // 20 ms ticks it spans depends on the machine's speed: a fast export has few, and
            // a gap is measured from the call to the answer even then.
            QVERIFY2(e.longestGapMs < 750, qPrintable(QString::number(e.longestGapMs)));
            QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("saved: ")));
        }

        // JSON: the counts of the run.
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto report = QJsonDocument::fromJson(file.readAll()).object();
        QMap<QString, qint64> acknowledged;
        for (const auto& g : report[QStringLiteral("generators")].toArray())
            acknowledged[g.toObject()[QStringLiteral("name")].toString()] =
                g.toObject()[QStringLiteral("acknowledged")].toInteger();
        QCOMPARE(acknowledged.value(QStringLiteral("customer")), qint64(1000));
        QCOMPARE(acknowledged.value(QStringLiteral("hotel")), qint64(30));
        QCOMPARE(acknowledged.value(QStringLiteral("clickstream_historical")), qint64(3000));
        QCOMPARE(acknowledged.value(QStringLiteral("bookings_historical")), qint64(400));
        QCOMPARE(acknowledged.value(QStringLiteral("reviews_historical")), qint64(200));
        QVERIFY(
            !report[QStringLiteral("validation")][QStringLiteral("checks")].toArray().isEmpty());
        for (const auto& c :
             report[QStringLiteral("validation")][QStringLiteral("checks")].toArray())
            QVERIFY2(c.toObject()[QStringLiteral("outcome")].toString() != QStringLiteral("failed"),
                     qPrintable(QJsonDocument(c.toObject()).toJson()));

        // The committed schema; the HTML embeds its images.
        const auto checked = testing::runProcess(
            python_,
            {QStringLiteral(RIVERDELTA_SOURCE_DIR "/tests/integration/python/check_report.py"),
             QStringLiteral(RIVERDELTA_SOURCE_DIR "/docs/run-report.schema.json"), json, html},
            {.timeoutMs = 60000});
        QVERIFY2(checked.exitCode == 0, qPrintable(checked.err));
        const auto found = QJsonDocument::fromJson(checked.out.toUtf8()).object();
        QVERIFY2(found[QStringLiteral("schemaErrors")].toArray().isEmpty(),
                 qPrintable(checked.out));
        QVERIFY2(found[QStringLiteral("pngImages")].toInt() >= 3, qPrintable(checked.out));
        QVERIFY2(found[QStringLiteral("external")].toArray().isEmpty(), qPrintable(checked.out));

        // PDF: its text holds the counts.
        const auto text = testing::runProcess(QStringLiteral("pdftotext"),
                                              {QStringLiteral("-layout"), pdf, QStringLiteral("-")},
                                              {.timeoutMs = 60000});
        QCOMPARE(text.exitCode, 0);
        for (const char* needle : {"1,000", "3,000", "400", "200", "30", "customer", "PASS"})
            QVERIFY2(text.out.contains(QLatin1String(needle)),
                     qPrintable(QStringLiteral("PDF text lacks ") + QLatin1String(needle) +
                                QStringLiteral("\n") + text.out.left(3000)));
        QDir().mkpath(QStringLiteral(RIVERDELTA_TEST_ARTIFACTS "/console-report"));
        for (const auto& f : {pdf, html, json}) {
            const QString keep = QStringLiteral(RIVERDELTA_TEST_ARTIFACTS "/console-report/") +
                                 QFileInfo(f).fileName();
            QFile::remove(keep);
            QFile::copy(f, keep);
        }
        // The saved file is offered: a blue banner with Open.
        auto* banner = window.findChild<ui::NotificationBanner*>();
        QVERIFY(banner && banner->isVisible() && banner->informing());
        QVERIFY2(banner->text().contains(QFileInfo(pdf).fileName()), qPrintable(banner->text()));
        QVERIFY(banner->actionButton()->isVisible());
        QCOMPARE(banner->actionButton()->text(), QStringLiteral("Open"));
        RD_SCREENSHOT(&window, "console-report-exported");

        // Mid-run: the streams going at ×100, exported while they produce.
        const QStringList streams = {"clickstream_streaming", "bookings_streaming"};
        for (const QString& g : streams) {
            QPushButton* start = pipeline->startButton(g);
            QVERIFY2(start && start->isEnabled(), qPrintable(g));
            QTest::mouseClick(start, Qt::LeftButton);
        }
        QTRY_VERIFY_WITH_TIMEOUT(console.acknowledged(QStringLiteral("clickstream_streaming")) > 2,
                                 60000);
        const QString midJson = console.filePath(QStringLiteral("mid-run.json")),
                      midPdf = console.filePath(QStringLiteral("mid-run.pdf"));
        for (const QString& path : {midJson, midPdf}) {
            const Export e = exportVia(window, path);
            QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
        }
        QFile midFile(midJson);
        QVERIFY(midFile.open(QIODevice::ReadOnly));
        const auto mid = QJsonDocument::fromJson(midFile.readAll()).object();
        QVERIFY(!mid[QStringLiteral("complete")].toBool());
        const auto validation = mid[QStringLiteral("validation")].toObject();
        qInfo("mid-run report: %d passed, %d pending, %d failed",
              validation[QStringLiteral("passed")].toInt(),
              validation[QStringLiteral("pending")].toInt(),
              validation[QStringLiteral("failed")].toInt());
        for (const auto& c : validation[QStringLiteral("checks")].toArray())
            QVERIFY2(c.toObject()[QStringLiteral("outcome")].toString() != QStringLiteral("failed"),
                     qPrintable(QJsonDocument(c.toObject()).toJson()));
        const auto midText = testing::runProcess(
            QStringLiteral("pdftotext"), {QStringLiteral("-layout"), midPdf, QStringLiteral("-")},
            {.timeoutMs = 60000});
        QCOMPARE(midText.exitCode, 0);
        QVERIFY2(!midText.out.contains(QStringLiteral("FAIL")), qPrintable(midText.out.left(4000)));
        QVERIFY(midText.out.contains(QStringLiteral("still running when exported")));
        for (const auto& f : {midPdf, midJson}) {
            const QString keep = QStringLiteral(RIVERDELTA_TEST_ARTIFACTS "/console-report/") +
                                 QFileInfo(f).fileName();
            QFile::remove(keep);
            QFile::copy(f, keep);
        }

        // Loading a scenario ends that run's report (the engine handles commands in order).
        window.openScenario(QStringLiteral("builtin:river-hotels"));
        const Export after = exportVia(window, console.filePath(QStringLiteral("after.json")));
        QVERIFY2(after.error.contains(QStringLiteral("nothing has run")), qPrintable(after.error));
    }
};

QTEST_MAIN(ConsoleReportTest)
#include "test_console_report.moc"
