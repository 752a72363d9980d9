#include <QAction>
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
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        FirstRunGuide* guide = FirstRunGuide::showOnFirstRun(&window, settings);
        QVERIFY(guide);
        guide->findTargets(&window);
        QVERIFY(window.rect().contains(guide->geometry()));
        QTest::qWait(100);
        RD_SCREENSHOT(&window, "first-run-guide");

        // Help → Getting started brings a dismissed guide back at its first step.
        auto* next = guide->findChild<QPushButton*>(QStringLiteral("next"));
        QTest::mouseClick(next, Qt::LeftButton);
        guide->dismiss();
        QVERIFY(!guide->isVisible());
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
