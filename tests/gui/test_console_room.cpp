// The console in a room: presentation mode scales every text (toggled while a run goes, or at
// start), the projector view, the "Connect your own tools" lines (run for real with psql and
// kcat), and the console at 1024×700 with nothing clipped.
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMap>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyleOptionComboBox>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtTest>

#include "engine/engine.h"
#include "models/pipeline_model.h"
#include "support/sandbox_console.h"
#include "support/screenshot.h"
#include "ui/connect_tools_panel.h"
#include "ui/elided_label.h"
#include "ui/main_window.h"
#include "ui/pipeline_view.h"
#include "ui/projector_view.h"
#include "ui/throughput_chart.h"

using namespace riverdelta;

namespace {

constexpr double kLarge = 1.45;  // MainWindow's presentation scale

// A name for a widget in failure messages: its object name or class, with its parent's.
QString describe(const QWidget* w) {
    auto one = [](const QObject* o) {
        return o->objectName().isEmpty() ? QString::fromLatin1(o->metaObject()->className())
                                         : o->objectName();
    };
    QString text;
    if (auto* label = qobject_cast<const QLabel*>(w)) text = label->text().left(40);
    if (auto* button = qobject_cast<const QAbstractButton*>(w)) text = button->text().left(40);
    return (w->parentWidget() ? one(w->parentWidget()) + QStringLiteral("/") : QString()) + one(w) +
           (text.isEmpty() ? QString() : QStringLiteral(" \"%1\"").arg(text));
}

// Every visible widget of `root` that shows text: labels and buttons with text, combo boxes, item
// views (their delegates paint with the view's font), text editors, tab bars.
QList<QWidget*> textWidgets(QWidget* root) {
    QList<QWidget*> out;
    for (QWidget* w : root->findChildren<QWidget*>()) {
        if (!w->isVisible()) continue;
        if (auto* label = qobject_cast<QLabel*>(w)) {
            if (!label->text().trimmed().isEmpty()) out << w;
        } else if (auto* button = qobject_cast<QAbstractButton*>(w)) {
            if (!button->text().isEmpty() && !button->text().startsWith(QStringLiteral("✕")))
                out << w;
        } else if (qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractItemView*>(w) ||
                   qobject_cast<QTabBar*>(w) || qobject_cast<QLineEdit*>(w) ||
                   qobject_cast<QPlainTextEdit*>(w) || qobject_cast<QHeaderView*>(w)) {
            out << w;
        }
    }
    return out;
}

// The widgets whose text is smaller than `least` points (fixed-pitch views have a size of their
// own: scaledBy checks those).
QStringList smallerThan(QWidget* root, double least) {
    QStringList small;
    for (QWidget* w : textWidgets(root)) {
        const QFontInfo info(w->font());
        if (info.fixedPitch()) continue;
        if (info.pointSizeF() < least * 0.95)  // fonts snap to whole pixels
            small << QStringLiteral("%1: %2 pt").arg(describe(w)).arg(info.pointSizeF(), 0, 'f', 1);
    }
    return small;
}

using FontSizes = QList<QPair<QPointer<QWidget>, double>>;

FontSizes fontSizes(QWidget* root) {
    FontSizes out;
    for (QWidget* w : textWidgets(root))
        out.append({QPointer<QWidget>(w), QFontInfo(w->font()).pointSizeF()});
    return out;
}

// The widgets of `before` (still there) whose text did not grow by `ratio`.
QStringList notScaledBy(const FontSizes& before, double ratio) {
    QStringList out;
    for (const auto& [w, size] : before) {
        if (!w) continue;
        const double now = QFontInfo(w->font()).pointSizeF();
        if (qAbs(now - size * ratio) > 0.6)
            out << QStringLiteral("%1: %2 pt, was %3 pt").arg(describe(w)).arg(now).arg(size);
    }
    return out;
}

// Widgets whose text does not fit: a label or button narrower (or, wrapped, shorter) than its
// text needs, unless it elides on purpose (ElidedLabel) and shows the whole text on hover; and
// scroll areas that cut their content sideways.
QStringList clipped(QWidget* root) {
    QStringList out;
    for (QWidget* w : textWidgets(root)) {
        if (auto* elided = qobject_cast<ui::ElidedLabel*>(w)) {
            const bool cut = elided->fontMetrics().horizontalAdvance(elided->text()) >
                             elided->contentsRect().width();
            if (cut && elided->toolTip().isEmpty())
                out << describe(w) + QStringLiteral(": elided without a tooltip");
            continue;
        }
        if (auto* label = qobject_cast<QLabel*>(w)) {
            if (label->wordWrap()) {
                const int need = label->heightForWidth(label->width());
                if (need > label->height() + 1)
                    out << QStringLiteral("%1: %2 px high, needs %3")
                               .arg(describe(w))
                               .arg(label->height())
                               .arg(need);
                continue;
            }
            if (label->textFormat() == Qt::PlainText ||
                (label->textFormat() == Qt::AutoText && !Qt::mightBeRichText(label->text()))) {
                // What it draws against where it draws it.
                const int need = label->fontMetrics().horizontalAdvance(label->text());
                const int room = label->contentsRect().width() - 2 * label->margin();
                if (need > room)
                    out << QStringLiteral("%1: %2 px wide, its text needs %3")
                               .arg(describe(w))
                               .arg(room)
                               .arg(need);
                continue;
            }
        }
        if (auto* combo = qobject_cast<QComboBox*>(w)) {
            // The current text against the field the style draws it in.
            QStyleOptionComboBox option;
            option.initFrom(combo);
            option.editable = combo->isEditable();
            option.currentText = combo->currentText();
            const QRect field = combo->style()->subControlRect(QStyle::CC_ComboBox, &option,
                                                               QStyle::SC_ComboBoxEditField, combo);
            const int need = combo->fontMetrics().horizontalAdvance(combo->currentText());
            if (need > field.width())
                out << QStringLiteral("%1 \"%2\": %3 px wide, its text needs %4")
                           .arg(describe(w), combo->currentText())
                           .arg(field.width())
                           .arg(need);
            continue;
        }
        if (qobject_cast<QLabel*>(w) || qobject_cast<QAbstractButton*>(w)) {
            const QSize need = w->minimumSizeHint();
            if (w->width() + 1 < need.width() || w->height() + 1 < need.height())
                out << QStringLiteral("%1: %2×%3, needs %4×%5")
                           .arg(describe(w))
                           .arg(w->width())
                           .arg(w->height())
                           .arg(need.width())
                           .arg(need.height());
        }
    }
    for (auto* area : root->findChildren<QScrollArea*>())
        if (area->isVisible() && area->horizontalScrollBar()->maximum() > 0)
            out << describe(area) + QStringLiteral(": content cut sideways (%1 px)")
                                        .arg(area->horizontalScrollBar()->maximum());
    return out;
}

QString sandboxPassword(const testing::SandboxConsole& console, Engine& engine) {
    Q_UNUSED(console);
    QFile f(QString::fromStdString(
        (engine.dataDirectory() / "sandbox" / "postgres" / "credentials").string()));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll()).trimmed();
}

// Runs a command line through the shell; its standard output, or "" after a failure.
QString runShell(const QString& line, QString* error) {
    QProcess p;
    p.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), line});
    if (!p.waitForFinished(30000) || p.exitCode() != 0) {
        *error = QString::fromUtf8(p.readAllStandardError());
        return {};
    }
    return QString::fromUtf8(p.readAllStandardOutput());
}

}  // namespace

class ConsoleRoomTest : public QObject {
    Q_OBJECT
    testing::ThrowawaySettings settings_{QStringLiteral("console-room-test")};

  private slots:
    void totalsCountTopicsCaptureTopicsAndTables() {
        run::ScenarioStatus s;
        s.topics = {{"bookings", 420, 1000}, {"clickstream", 3125, 9000}};
        run::CaptureStatus c;
        c.tableEvents = {{"cdc.customer", "riverhotel.cdc.customer", 1530},
                         {"cdc.hotel", "riverhotel.cdc.hotel", 60}};
        s.captures = {c};
        run::GeneratorStatus customer{.name = "customer", .target = "cdc.customer", .table = true};
        customer.acknowledged = 1000;
        run::GeneratorStatus updates{
            .name = "customer_updates", .target = "cdc.customer", .table = true};
        updates.acknowledged = 500;
        run::GeneratorStatus clicks{.name = "clicks", .target = "clickstream"};
        clicks.acknowledged = 3125;
        s.generators = {customer, updates, clicks};
        const auto totals = ui::ProjectorView::totalsOf(s);
        QStringList got;
        for (const auto& t : totals)
            got << QStringLiteral("%1 %2 %3").arg(t.name).arg(t.count).arg(t.unit);
        QCOMPARE(got, (QStringList{"bookings 420 messages", "clickstream 3125 messages",
                                   "riverhotel.cdc.customer 1530 change events",
                                   "riverhotel.cdc.hotel 60 change events",
                                   "cdc.customer 1500 rows written"}));
    }

    void toolLinesNeverHoldAPassword() {
        EngineSnapshot s;
        s.kafka = {ServiceState::Connected, "broker.example:9092", "profile 'cloud'", {}};
        s.postgres = {ServiceState::Connected, "app@db.example:5432/shop", "profile 'db'", {}};
        const auto lines = ui::ConnectToolsPanel::linesFor(s, std::nullopt, "/data");
        QCOMPARE(lines.bootstrap, QStringLiteral("broker.example:9092"));
        QCOMPARE(lines.kcat, QStringLiteral("kcat -L -b broker.example:9092"));
        QVERIFY(lines.kcatNote.contains(QStringLiteral("security.protocol")));
        QCOMPARE(lines.psql, QStringLiteral("psql 'postgresql://app@db.example:5432/shop'"));
        QVERIFY(!lines.psql.contains(QStringLiteral("PGPASSWORD")));
        // The sandbox's: the password comes from its credentials file, never in the line.
        s.kafkaInMemory = true;
        s.postgres.endpoint = "riverdelta@127.0.0.1:5999/riverdelta";
        const SandboxEndpoints sandbox{
            "127.0.0.1:9092",
            "host=127.0.0.1 port=5999 user=riverdelta password=s3cret dbname=riverdelta"};
        const auto local = ui::ConnectToolsPanel::linesFor(s, sandbox, "/home/o'neil/data");
        QCOMPARE(local.kcatNote, QString());
        QCOMPARE(local.psql,
                 QStringLiteral("PGPASSWORD=\"$(cat '/home/o'\\''neil/data/sandbox/postgres/"
                                "credentials')\" psql 'postgresql://riverdelta@127.0.0.1:5999/"
                                "riverdelta'"));
        QVERIFY(!local.psql.contains(QStringLiteral("s3cret")));
        // Nothing connected: no lines.
        const auto none = ui::ConnectToolsPanel::linesFor(EngineSnapshot{}, std::nullopt, "/data");
        QVERIFY(none.kcat.isEmpty() && none.psql.isEmpty() && none.bootstrap.isEmpty());
    }

    void theConsoleInARoom() {
        testing::SandboxConsole console;
        ui::MainWindow& window = console.window();
        window.openScenario(QStringLiteral("builtin:river-hotels"));
        window.setSpeed(100);
        window.resize(1180, 780);
        QVERIFY(console.show());
        QVERIFY2(console.waitUntilConnected(), qPrintable(console.services()));
        ui::PipelineView* pipeline = window.pipeline();
        QTRY_VERIFY_WITH_TIMEOUT(pipeline->startButton(QStringLiteral("customer")), 10000);
        const double normal = QApplication::font().pointSizeF();

        // --- Connect your own tools: the lines, Copy, and the lines work as they are.
        window.showPanel(ui::MainWindow::Panel::Connections);
        auto* tools = window.findChild<ui::ConnectToolsPanel*>();
        QVERIFY(tools);
        const QString bootstrap =
            QString::fromStdString(console.engine().snapshot().kafka.endpoint);
        QTRY_COMPARE_WITH_TIMEOUT(tools->lines().bootstrap, bootstrap, 5000);
        QCOMPARE(tools->lines().kcat, QStringLiteral("kcat -L -b ") + bootstrap);
        QVERIFY2(tools->lines().psql.contains(QStringLiteral("psql 'postgresql://riverdelta@")),
                 qPrintable(tools->lines().psql));
        const QString password = sandboxPassword(console, console.engine());
        QVERIFY(!password.isEmpty());
        QVERIFY(!tools->lines().psql.contains(password));
        for (auto* label : tools->findChildren<QLabel*>())
            QVERIFY(!label->text().contains(password) && !label->toolTip().contains(password));
        QTest::mouseClick(tools->copyButton(QStringLiteral("kcat")), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), tools->lines().kcat);
        QTest::mouseClick(tools->copyButton(QStringLiteral("psql")), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), tools->lines().psql);
        QString error;
        if (!QStandardPaths::findExecutable(QStringLiteral("psql")).isEmpty()) {
            const QString out =
                runShell(tools->lines().psql + QStringLiteral(" -XAtc 'select 40 + 2'"), &error);
            QVERIFY2(out.trimmed() == QStringLiteral("42"), qPrintable(out + error));
        } else {
            qWarning("psql not installed: the psql line was not run");
        }
        if (!QStandardPaths::findExecutable(QStringLiteral("kcat")).isEmpty()) {
            const QString out = runShell(tools->lines().kcat + QStringLiteral(" -m 10"), &error);
            QVERIFY2(out.contains(QStringLiteral("broker")), qPrintable(out + error));
        } else {
            qWarning("kcat not installed: the kcat line was not run");
        }
        RD_SCREENSHOT(&window, "room-connect-tools");

        // --- Start all; presentation mode switched on while the run goes.
        window.showPanel(ui::MainWindow::Panel::Throughput);
        window.startAll();
        QTRY_VERIFY_WITH_TIMEOUT(console.state(QStringLiteral("customer")) == QLatin1String("done"),
                                 60000);
        const FontSizes before = fontSizes(&window);
        QVERIFY(before.size() > 30);
        QMap<QString, double> sizesBefore;
        for (QWidget* w : textWidgets(&window))
            if (!w->objectName().isEmpty())
                sizesBefore[w->objectName()] = QFontInfo(w->font()).pointSizeF();
        window.findChild<QAction*>(QStringLiteral("presentation"))->trigger();
        QVERIFY(window.presentationMode());
        // Fonts and layouts follow the switch through queued events: each check waits for its
        // condition (with a deadline) and says what is still wrong when it runs out.
        const auto smallIn = [&](QWidget* root) {
            return smallerThan(root, normal * kLarge).join(QStringLiteral("\n"));
        };
        QTRY_VERIFY2_WITH_TIMEOUT(smallIn(&window).isEmpty(), qPrintable(smallIn(&window)), 10000);
        QTRY_VERIFY2_WITH_TIMEOUT(
            notScaledBy(before, kLarge).isEmpty(),
            qPrintable(notScaledBy(before, kLarge).join(QStringLiteral("\n"))), 10000);
        for (auto panel : {ui::MainWindow::Panel::Topics, ui::MainWindow::Panel::LakeSync,
                           ui::MainWindow::Panel::Connections, ui::MainWindow::Panel::Log,
                           ui::MainWindow::Panel::Throughput}) {
            window.showPanel(panel);
            testing::deliverQueuedEvents();
            QTRY_VERIFY2_WITH_TIMEOUT(smallIn(&window).isEmpty(), qPrintable(smallIn(&window)),
                                      10000);
        }
        const QFont legend = window.throughput()->chart()->legend()->font();
        QVERIFY2(QFontInfo(legend).pointSizeF() >= normal * kLarge * 0.95,
                 qPrintable(QString::number(QFontInfo(legend).pointSizeF())));
        // Rows change state after the switch (done, running): still large.
        QTRY_VERIFY_WITH_TIMEOUT(
            console.state(QStringLiteral("clickstream_historical")) == QLatin1String("done"),
            120000);
        testing::deliverQueuedEvents();
        QTRY_VERIFY2_WITH_TIMEOUT(smallIn(&window).isEmpty(), qPrintable(smallIn(&window)), 10000);
        RD_SCREENSHOT(&window, "room-presentation-at-run-time");
        QMap<QString, double> sizesLarge;
        for (QWidget* w : textWidgets(&window))
            if (!w->objectName().isEmpty())
                sizesLarge[w->objectName()] = QFontInfo(w->font()).pointSizeF();

        // --- Status-bar messages take the connection text's place, never draw over it.
        auto* summary = window.findChild<QLabel*>(QStringLiteral("connectionSummary"));
        QVERIFY(summary && summary->isVisible());
        window.statusBar()->showMessage(
            QStringLiteral("Run report saved: /tmp/a/rather/long/path/run-report.pdf"), 60000);
        QVERIFY(!summary->isVisible());
        RD_SCREENSHOT(&window, "room-status-message");
        window.statusBar()->clearMessage();
        QVERIFY(summary->isVisible());

        // --- The projector view: F11, the chart full window, totals and stages; Esc leaves.
        QTest::keyClick(&window, Qt::Key_F11);
        ui::ProjectorView* projector = window.projector();
        QVERIFY(projector);
        QVERIFY(projector->isVisible());
        QVERIFY(window.isFullScreen());
        QTRY_COMPARE(projector->geometry(), window.rect());
        QVERIFY(projector->chart()->isVisible());
        QVERIFY(projector->chart()->series(QStringLiteral("clickstream")));
        const QLocale locale;
        auto topicTotal = [&](const std::string& topic) -> quint64 {
            for (const auto& t : console.engine().snapshot().scenario.topics)
                if (t.topic == topic) return t.messages;
            return 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(projector->totalLabel(QStringLiteral("clickstream")), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(projector->totalLabel(QStringLiteral("clickstream"))->text(),
                                  locale.toString(topicTotal("clickstream")), 5000);
        QVERIFY(topicTotal("clickstream") >= 3000);
        QVERIFY(projector->totalLabel(QStringLiteral("cdc.customer")));
        QTRY_VERIFY_WITH_TIMEOUT(projector->totalLabel(QStringLiteral("riverhotel.cdc.customer")),
                                 60000);
        const QStringList stages = projector->stageTexts();
        QCOMPARE(stages.size(), 4);
        QVERIFY2(stages[0].startsWith(QStringLiteral("✓")), qPrintable(stages.join(", ")));
        // The totals read from the back row: at least twice the (large) text.
        const double big =
            QFontInfo(projector->totalLabel(QStringLiteral("clickstream"))->font()).pointSizeF();
        QVERIFY2(big >= 2 * normal * kLarge, qPrintable(QString::number(big)));
        QTRY_VERIFY2_WITH_TIMEOUT(smallIn(projector).isEmpty(), qPrintable(smallIn(projector)),
                                  10000);
        // Nothing cut on the offscreen 800×600 screen: the chart's totals line, which wrapped
        // there, gives way to the tiles (each with its rate, once a second sample gave one),
        // and the time axis shows fewer labels rather than elided ones.
        const auto rated = [&] {
            const QLabel* count = projector->totalLabel(QStringLiteral("clickstream"));
            if (!count) return false;
            for (const QLabel* l : count->parentWidget()->findChildren<QLabel*>())
                if (l->text().startsWith(QStringLiteral("messages · "))) return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(rated(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!projector->chart()->totalsLabel()->isVisible(), 10000);
        const auto projectorCut = [&] { return clipped(projector).join(QStringLiteral("\n")); };
        QTRY_VERIFY2_WITH_TIMEOUT(projectorCut().isEmpty(), qPrintable(projectorCut()), 10000);
        RD_SCREENSHOT(projector, "room-projector");
        QPointer<ui::ProjectorView> gone = projector;
        QTest::keyClick(projector, Qt::Key_Escape);
        QVERIFY(!window.projector());
        QTRY_VERIFY(gone.isNull());
        QVERIFY(!window.isFullScreen());
        QVERIFY(!window.findChild<QAction*>(QStringLiteral("projector"))->isChecked());
        // View → Projector does the same as F11.
        window.findChild<QAction*>(QStringLiteral("projector"))->trigger();
        QVERIFY(window.projector() && window.isFullScreen());
        window.findChild<QAction*>(QStringLiteral("projector"))->trigger();
        QVERIFY(!window.projector());
        QVERIFY(!window.isFullScreen());

        // --- Back to normal: every text at its size from before.
        window.setPresentationMode(false);
        const auto notBackToNormal = [&] {
            QStringList out;
            for (QWidget* w : textWidgets(&window)) {
                if (!sizesBefore.contains(w->objectName())) continue;
                if (qAbs(QFontInfo(w->font()).pointSizeF() - sizesBefore[w->objectName()]) >= 0.6)
                    out << describe(w);
            }
            return out.join(QStringLiteral("\n"));
        };
        QTRY_VERIFY2_WITH_TIMEOUT(notBackToNormal().isEmpty(), qPrintable(notBackToNormal()),
                                  10000);

        // --- 1024×700: nothing clipped on any panel.
        window.showNormal();
        window.resize(1024, 700);
        QTRY_COMPARE(window.size(), QSize(1024, 700));
        for (auto panel : {ui::MainWindow::Panel::Throughput, ui::MainWindow::Panel::Topics,
                           ui::MainWindow::Panel::LakeSync, ui::MainWindow::Panel::Connections,
                           ui::MainWindow::Panel::Log}) {
            window.showPanel(panel);
            testing::deliverQueuedEvents();
            const auto cut = [&] { return clipped(&window).join(QStringLiteral("\n")); };
            QTRY_VERIFY2_WITH_TIMEOUT(
                cut().isEmpty(), qPrintable(QStringLiteral("panel %1:\n").arg(int(panel)) + cut()),
                10000);
        }
        auto* toolbar = window.findChild<QToolBar*>(QStringLiteral("runToolbar"));
        for (QAction* a : toolbar->actions())
            if (!a->isSeparator())
                QVERIFY2(toolbar->widgetForAction(a) && toolbar->widgetForAction(a)->isVisible(),
                         qPrintable(a->text()));
        window.showPanel(ui::MainWindow::Panel::Throughput);
        RD_SCREENSHOT(&window, "room-1024x700");
        window.showPanel(ui::MainWindow::Panel::Connections);
        RD_SCREENSHOT(&window, "room-1024x700-connections");
        // Presentation mode at 1024×700: the pipeline fits without scrolling sideways (a state
        // column of a fixed 24 characters made it 19 px too wide), nothing cut.
        window.setPresentationMode(true);
        window.showPanel(ui::MainWindow::Panel::Throughput);
        testing::deliverQueuedEvents();
        const auto cutLarge = [&] { return clipped(&window).join(QStringLiteral("\n")); };
        QTRY_VERIFY2_WITH_TIMEOUT(cutLarge().isEmpty(), qPrintable(cutLarge()), 10000);
        RD_SCREENSHOT(&window, "room-1024x700-presentation");
        window.setPresentationMode(false);

        // Remembered for the next test: the same widgets' sizes with the mode on at start.
        largeAtRunTime_ = sizesLarge;
        window.stopAll();
    }

    void presentationModeAtStartMatchesRunTime() {
        QVERIFY2(!largeAtRunTime_.isEmpty(), "runs after theConsoleInARoom");
        QSettings(ui::MainWindow::kSettingsOrganization, ui::MainWindow::kSettingsApplication)
            .setValue(QStringLiteral("view/presentation"), true);
        testing::SandboxConsole console({.startSandbox = false});
        ui::MainWindow& window = console.window();
        QVERIFY(window.presentationMode());
        window.openScenario(QStringLiteral("builtin:river-hotels"));
        window.resize(1180, 780);
        QVERIFY(console.show());
        QTRY_VERIFY_WITH_TIMEOUT(window.pipeline()->startButton(QStringLiteral("customer")), 10000);
        testing::deliverQueuedEvents();
        // The widgets compared and those whose size differs, as a message ("" when all agree).
        const auto differ = [&] {
            QStringList out;
            int compared = 0;
            for (QWidget* w : textWidgets(&window)) {
                const auto it = largeAtRunTime_.constFind(w->objectName());
                if (it == largeAtRunTime_.constEnd()) continue;
                ++compared;
                const double size = QFontInfo(w->font()).pointSizeF();
                if (qAbs(size - *it) >= 0.6)
                    out << QStringLiteral("%1: %2 pt at start, %3 pt at run time")
                               .arg(describe(w))
                               .arg(size)
                               .arg(*it);
            }
            if (compared < 10) out << QStringLiteral("only %1 widgets compared").arg(compared);
            return out.join(QStringLiteral("\n"));
        };
        QTRY_VERIFY2_WITH_TIMEOUT(differ().isEmpty(), qPrintable(differ()), 10000);
        RD_SCREENSHOT(&window, "room-presentation-at-start");
        window.setPresentationMode(false);
    }

  private:
    QMap<QString, double> largeAtRunTime_;
};

QTEST_MAIN(ConsoleRoomTest)
#include "test_console_room.moc"
