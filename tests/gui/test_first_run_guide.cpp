#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtTest>

#include "engine/engine.h"
#include "models/engine_bridge.h"
#include "support/screenshot.h"
#include "ui/first_run_guide.h"
#include "ui/main_window.h"

using namespace riverdelta;
using ui::FirstRunGuide;

namespace {

// A window with the controls the guide points at, named the way the main window names them.
struct FakeControls {
    QWidget window;
    QPushButton* startAll;
    QTabWidget* tabs;
    QWidget* charts;
    QWidget* topics;
    QPushButton* enableSync;
    int startAllClicks = 0;

    FakeControls() {
        auto* layout = new QVBoxLayout(&window);
        startAll = new QPushButton(QStringLiteral("Start &all"), &window);
        layout->addWidget(startAll);
        tabs = new QTabWidget(&window);
        charts = new QLabel(QStringLiteral("charts"));
        charts->setObjectName(QStringLiteral("charts"));
        topics = new QWidget;
        topics->setObjectName(QStringLiteral("topics"));
        auto* topicsLayout = new QVBoxLayout(topics);
        enableSync = new QPushButton(QStringLiteral("Enable sync"), topics);
        topicsLayout->addWidget(enableSync);
        tabs->addTab(charts, QStringLiteral("Charts"));
        tabs->addTab(topics, QStringLiteral("Topics"));
        layout->addWidget(tabs, 1);
        QObject::connect(startAll, &QPushButton::clicked, [this] { ++startAllClicks; });
        window.resize(900, 600);
    }
};

}  // namespace

class FirstRunGuideTest : public QObject {
    Q_OBJECT
  private slots:
    void showsOnlyOnTheFirstStart() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("riverdelta.conf")), QSettings::IniFormat);
        FakeControls c;
        c.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&c.window));

        FirstRunGuide* guide = FirstRunGuide::showOnFirstRun(&c.window, settings);
        QVERIFY(guide);
        QVERIFY(guide->isVisible());
        QVERIFY(settings.value(QLatin1String(FirstRunGuide::kShownKey)).toBool());
        // A second start with the same settings: no guide.
        QSettings again(dir.filePath(QStringLiteral("riverdelta.conf")), QSettings::IniFormat);
        QCOMPARE(FirstRunGuide::showOnFirstRun(&c.window, again), nullptr);
    }

    void isNonModalAndInsideTheWindow() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("riverdelta.conf")), QSettings::IniFormat);
        FakeControls c;
        c.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&c.window));
        FirstRunGuide* guide = FirstRunGuide::showOnFirstRun(&c.window, settings);
        QVERIFY(guide);
        QCOMPARE(QApplication::activeModalWidget(), nullptr);
        // The window's own controls still work while the guide is up.
        QTest::mouseClick(c.startAll, Qt::LeftButton);
        QCOMPARE(c.startAllClicks, 1);
        QVERIFY(!guide->geometry().intersects(c.startAll->geometry()));
        QVERIFY(c.window.rect().contains(guide->geometry()));
        c.window.resize(700, 500);
        QTRY_VERIFY(c.window.rect().contains(guide->geometry()));
    }

    void walksThroughTheFourControls() {
        FakeControls c;
        c.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&c.window));
        FirstRunGuide guide(&c.window);
        guide.show();
        const QStringList expected{QStringLiteral("Start all"), QStringLiteral("charts"),
                                   QStringLiteral("Topics"), QStringLiteral("Enable sync")};
        auto* next = guide.findChild<QPushButton*>(QStringLiteral("next"));
        auto* back = guide.findChild<QPushButton*>(QStringLiteral("back"));
        QVERIFY(next && back);
        QVERIFY(!back->isEnabled());
        for (int i = 0; i < FirstRunGuide::kStepCount; ++i) {
            QCOMPARE(guide.currentStep(), i);
            QVERIFY2(guide.stepText().contains(expected[i]), qPrintable(guide.stepText()));
            QCOMPARE(next->text(), i + 1 == FirstRunGuide::kStepCount ? QStringLiteral("Done")
                                                                      : QStringLiteral("Next"));
            if (i + 1 < FirstRunGuide::kStepCount) QTest::mouseClick(next, Qt::LeftButton);
        }
        QTest::mouseClick(back, Qt::LeftButton);
        QCOMPARE(guide.currentStep(), 2);
        QTest::mouseClick(next, Qt::LeftButton);
        QSignalSpy dismissed(&guide, &FirstRunGuide::dismissed);
        QTest::mouseClick(next, Qt::LeftButton);  // Done
        QCOMPARE(dismissed.count(), 1);
        QVERIFY(!guide.isVisible());
    }

    void findsAndHighlightsTheTargets() {
        FakeControls c;
        c.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&c.window));
        FirstRunGuide guide(&c.window);
        guide.show();
        auto* showMe = guide.findChild<QPushButton*>(QStringLiteral("showMe"));
        QVERIFY(showMe);
        QVERIFY(!showMe->isVisible());  // nothing to point at yet: the text names the control

        guide.findTargets(&c.window);
        QCOMPARE(guide.target(FirstRunGuide::Step::StartAll), c.startAll);
        QCOMPARE(guide.target(FirstRunGuide::Step::Charts), c.charts);
        QCOMPARE(guide.target(FirstRunGuide::Step::Topics), c.topics);
        QCOMPARE(guide.target(FirstRunGuide::Step::EnableSync), c.enableSync);
        QVERIFY(showMe->isVisible());

        QTest::mouseClick(showMe, Qt::LeftButton);
        QVERIFY(guide.highlight() && guide.highlight()->isVisible());
        const QRect startAll(c.startAll->mapTo(&c.window, QPoint(0, 0)), c.startAll->size());
        QVERIFY(guide.highlight()->geometry().contains(startAll));
        RD_SCREENSHOT(&c.window, "first-run-guide-show-me");

        // Enable sync sits on the Topics tab, which is not the current one: Show me opens it.
        QCOMPARE(c.tabs->currentWidget(), c.charts);
        auto* next = guide.findChild<QPushButton*>(QStringLiteral("next"));
        for (int i = 0; i < 3; ++i)
            QTest::mouseClick(next, Qt::LeftButton);
        QVERIFY(!guide.highlight()->isVisible());  // a new step clears the old outline
        QTest::mouseClick(showMe, Qt::LeftButton);
        QCOMPARE(c.tabs->currentWidget(), c.topics);
        QVERIFY(c.enableSync->isVisible());
        const QRect sync(c.enableSync->mapTo(&c.window, QPoint(0, 0)), c.enableSync->size());
        QVERIFY(guide.highlight()->geometry().contains(sync));
        // The outline lets clicks through and goes away by itself.
        QVERIFY(guide.highlight()->testAttribute(Qt::WA_TransparentForMouseEvents));
        QTRY_VERIFY_WITH_TIMEOUT(!guide.highlight()->isVisible(), 5000);
    }

    void advancesWhenTheUserDoesTheStep() {
        FakeControls c;
        c.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&c.window));
        FirstRunGuide guide(&c.window);
        guide.findTargets(&c.window);
        guide.show();
        QSignalSpy dismissed(&guide, &FirstRunGuide::dismissed);
        QCOMPARE(guide.currentStep(), 0);
        // Using a later step's control first does not skip ahead.
        c.enableSync->click();
        QCOMPARE(guide.currentStep(), 0);
        QTest::mouseClick(c.startAll, Qt::LeftButton);
        QCOMPARE(guide.currentStep(), 1);
        QTest::mouseClick(c.charts, Qt::LeftButton);  // the user looks into the chart
        QCOMPARE(guide.currentStep(), 2);
        // Show me opens the Topics tab for the user: that is not the user opening it.
        c.tabs->setCurrentWidget(c.charts);
        QTest::mouseClick(guide.findChild<QPushButton*>(QStringLiteral("showMe")), Qt::LeftButton);
        QCOMPARE(c.tabs->currentWidget(), c.topics);
        QCOMPARE(guide.currentStep(), 2);
        c.tabs->setCurrentWidget(c.charts);
        c.tabs->tabBar()->setCurrentIndex(1);  // the user picks the Topics tab
        QCOMPARE(guide.currentStep(), 3);
        QTest::mouseClick(c.enableSync, Qt::LeftButton);  // the last step ends the guide
        QCOMPARE(dismissed.count(), 1);
        QVERIFY(!guide.isVisible());
        // A dismissed guide stays put whatever the user does.
        guide.restart();
        guide.dismiss();
        QTest::mouseClick(c.startAll, Qt::LeftButton);
        QCOMPARE(guide.currentStep(), 0);
    }

    void promisesOnlyWhatTheConsoleShows() {
        FakeControls c;
        FirstRunGuide guide(&c.window);
        // No table totals on the chart, no scenario or connection taken for granted.
        for (int i = 0; i < FirstRunGuide::kStepCount; ++i) {
            const QString text = guide.stepText();
            QVERIFY2(!text.contains(QStringLiteral("totals")), qPrintable(text));
            QVERIFY2(!text.contains(QStringLiteral("sandbox")), qPrintable(text));
            QVERIFY2(!text.contains(QStringLiteral("1,000")), qPrintable(text));
            guide.next();
        }
    }

    void closeButtonDismisses() {
        FakeControls c;
        c.window.show();
        FirstRunGuide guide(&c.window);
        guide.show();
        auto* dismiss = guide.findChild<QToolButton*>(QStringLiteral("dismiss"));
        QVERIFY(dismiss);
        QTest::mouseClick(dismiss, Qt::LeftButton);
        QVERIFY(!guide.isVisible());
    }

    void overTheMainWindow() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("riverdelta.conf")), QSettings::IniFormat);
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = false});
        models::EngineBridge bridge(engine);
        ui::MainWindow window(bridge);
        window.resize(1180, 780);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        FirstRunGuide* guide = FirstRunGuide::showOnFirstRun(&window, settings);
        QVERIFY(guide);
        guide->findTargets(&window);
        QVERIFY(guide->dock());
        // The dock's layout places the guide from queued events: delivered before measuring.
        testing::deliverQueuedEvents();
        QTRY_COMPARE(guide->width(), guide->dock()->width());
        const QRect area(guide->mapTo(&window, QPoint(0, 0)), guide->size());
        QVERIFY(window.rect().contains(area));
        // Beside, not over: the chart (its newest part and legend are on the right and bottom)
        // and every control of the window.
        auto* chart = window.findChild<QWidget*>(QStringLiteral("panel:throughput"));
        QVERIFY(chart && chart->isVisible());
        QVERIFY(!area.intersects(QRect(chart->mapTo(&window, QPoint(0, 0)), chart->size())));
        for (auto* control : window.findChildren<QWidget*>()) {
            if (!control->isVisible() || guide->isAncestorOf(control)) continue;
            if (!qobject_cast<QAbstractButton*>(control) && !qobject_cast<QComboBox*>(control))
                continue;
            const QRect r(control->mapTo(&window, QPoint(0, 0)), control->size());
            QVERIFY2(!area.intersects(r), qPrintable(control->objectName()));
        }
        RD_SCREENSHOT(&window, "first-run-guide");

        // Start all (its F5 shortcut, like the toolbar button) moves the guide on.
        QCOMPARE(guide->currentStep(), 0);
        window.findChild<QAction*>(QStringLiteral("startAll"))->trigger();
        QCOMPARE(guide->currentStep(), 1);
        testing::deliverQueuedEvents();
        QTRY_COMPARE(guide->width(), guide->dock()->width());  // still the whole strip
        RD_SCREENSHOT(&window, "first-run-guide-step-2");

        // Help → Getting started brings a dismissed guide back at its first step.
        guide->dismiss();
        QVERIFY(!guide->isVisible());
        QVERIFY(!guide->dock()->isVisible());
        QAction* gettingStarted = nullptr;
        for (QAction* a : window.findChildren<QAction*>())
            if (a->text().remove(QLatin1Char('&')) == QStringLiteral("Getting started"))
                gettingStarted = a;
        QVERIFY(gettingStarted);
        gettingStarted->trigger();
        QVERIFY(guide->isVisible());
        QCOMPARE(guide->currentStep(), 0);
        QCOMPARE(window.findChildren<FirstRunGuide*>().size(), 1);
    }
};

QTEST_MAIN(FirstRunGuideTest)
#include "test_first_run_guide.moc"
