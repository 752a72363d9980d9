#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "engine/engine.h"
#include "engine/profiles/profile_connections.h"
#include "engine/profiles/profile_store.h"
#include "engine/profiles/secret_store.h"
#include "models/engine_bridge.h"
#include "models/pipeline_model.h"
#include "support/lab_scenario.h"
#include "support/sandbox_console.h"
#include "support/screenshot.h"
#include "ui/connection_chooser.h"
#include "ui/connection_editor.h"
#include "ui/main_window.h"
#include "ui/pipeline_view.h"
#include "ui/service_card.h"

using namespace riverdelta;
using namespace riverdelta::testing;
using profiles::ProfileKind;

namespace {

QString summary(const ui::MainWindow& w) {
    return w.findChild<QLabel*>(QStringLiteral("connectionSummary"))->text();
}

void chooseInBox(QComboBox* box, const QString& profile) {
    const int i = box->findData(profile);
    QVERIFY2(i >= 0, qPrintable(profile));
    box->setCurrentIndex(i);
}

void selectProfile(ui::ConnectionEditor* editor, const QString& name) {
    QListWidget* list = editor->profileList();
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->data(Qt::UserRole).toString() == name) {
            list->setCurrentRow(i);
            return;
        }
    QFAIL(qPrintable("no profile " + name + " in the editor"));
}

}  // namespace

// The console pointed at saved profiles: the chooser connects, the status bar and the cards say
// where it works, the run and its change data capture land there, a profile that cannot connect
// says why, and the sandbox comes back.
class ConsoleConnectionTest : public QObject {
    Q_OBJECT
  private slots:
    void connectsRunsAndCapturesOnSavedProfiles() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        const std::string database = lowerUnique("console_connection");
        const std::string db = createDatabase(conninfo, database);
        QTemporaryDir dir;
        const LabScenario lab = writeLabScenario(dir.path());

        profiles::MemorySecretStore secrets;
        profiles::ProfileStore store((dir.path() + "/profiles.json").toStdString(), secrets);
        profiles::Profile kafka{.name = "lab-kafka", .kind = ProfileKind::Kafka};
        kafka.bootstrap = bootstrap;
        store.save(kafka, {});
        profiles::Profile broken{.name = "lab-nowhere", .kind = ProfileKind::Kafka};
        broken.bootstrap = "127.0.0.1:1";
        store.save(broken, {});
        const auto parts = profiles::splitConninfoPassword(db);
        profiles::Profile pg{.name = "lab-pg", .kind = ProfileKind::PostgreSQL};
        pg.conninfo = parts.conninfo;
        profiles::Secrets pgSecrets;
        if (parts.password) pgSecrets[profiles::slot::kPostgresPassword] = *parts.password;
        store.save(pg, pgSecrets);

        SandboxConsole console;
        ui::MainWindow& window = console.window();
        window.addConnections(store);
        window.openScenario(lab.file);
        window.resize(1180, 800);
        QVERIFY(console.show());
        QVERIFY2(console.waitUntilConnected(), qPrintable(console.services()));
        QVERIFY(summary(window).startsWith(QStringLiteral("Local sandbox — Kafka 127")));

        // The chooser: the sandbox now, what switching away would drop.
        window.showPanel(ui::MainWindow::Panel::Connections);
        ui::ConnectionChooser* chooser = window.connectionChooser();
        QVERIFY(chooser);
        QCOMPARE(chooser->kafkaBox()->currentData().toString(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(chooser->findChild<QLabel*>(QStringLiteral("connectionWarning"))
                                     ->text()
                                     .contains(QStringLiteral("in memory")),
                                 10000);
        chooseInBox(chooser->kafkaBox(), QStringLiteral("lab-kafka"));
        chooseInBox(chooser->postgresBox(), QStringLiteral("lab-pg"));
        QCOMPARE(chooser->registryBox()->currentData().toString(), QString());  // none with it
        QTest::mouseClick(chooser->connectButton(), Qt::LeftButton);

        const QString environment =
            QStringLiteral("Kafka profile 'lab-kafka' · PostgreSQL profile 'lab-pg'");
        QTRY_VERIFY_WITH_TIMEOUT(
            summary(window).startsWith(environment + QStringLiteral(" — Kafka ") +
                                       QString::fromStdString(bootstrap)),
            30000);
        QTRY_VERIFY_WITH_TIMEOUT(summary(window).contains(QString::fromStdString(database)), 30000);
        QVERIFY2(!summary(window).contains(QStringLiteral("password")),
                 qPrintable(summary(window)));
        QCOMPARE(window.kafkaCard()->stateText(), QStringLiteral("connected"));
        QTRY_COMPARE_WITH_TIMEOUT(window.postgresCard()->stateText(), QStringLiteral("connected"),
                                  30000);
        QTRY_VERIFY_WITH_TIMEOUT(
            chooser->messageLabel()->text().contains(QStringLiteral("Working against")), 10000);
        // Remembered for the next start.
        const auto saved = ui::ConnectionChooser::savedChoice();
        QCOMPARE(saved.kafka, std::string("lab-kafka"));
        QCOMPARE(saved.postgres, std::string("lab-pg"));
        RD_SCREENSHOT(&window, "connections-profiles");

        // The run and its change data capture go to the profiles' services.
        ui::PipelineView* pipeline = window.pipeline();
        QTRY_VERIFY_WITH_TIMEOUT(pipeline->captureStartButton() != nullptr, 10000);
        QVERIFY(pipeline->captureStateLabel()->text().contains(QStringLiteral("not started")));
        window.startAll();
        QTRY_COMPARE_WITH_TIMEOUT(console.state(QStringLiteral("visits")), QStringLiteral("done"),
                                  120000);
        QTRY_COMPARE_WITH_TIMEOUT(pipeline->captureCountLabel()->text(),
                                  QStringLiteral("%1 events").arg(lab.guests), 60000);
        // The count can reach every row while the capture still reports its snapshot phase.
        QTRY_VERIFY2_WITH_TIMEOUT(
            pipeline->captureStateLabel()->toolTip().startsWith(QStringLiteral("streaming")),
            qPrintable(pipeline->captureStateLabel()->toolTip()), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(pipeline->captureStopButton()->isVisible(), 10000);
        QCOMPARE(readTopic(bootstrap, lab.topic, lab.visits).size(), std::size_t(lab.visits));
        QCOMPARE(readTopic(bootstrap, "riverhotel." + lab.table, lab.guests).size(),
                 std::size_t(lab.guests));
        window.showPanel(ui::MainWindow::Panel::Throughput);
        RD_SCREENSHOT(&window, "console-profiles-cdc");

        // Stop and Start the capture from its row.
        QTest::mouseClick(pipeline->captureStopButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            pipeline->captureStateLabel()->toolTip().startsWith(QStringLiteral("paused")), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(pipeline->captureStartButton()->isVisible(), 10000);
        QTest::mouseClick(pipeline->captureStartButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            pipeline->captureStateLabel()->toolTip().startsWith(QStringLiteral("streaming")),
            30000);
        QTRY_COMPARE_WITH_TIMEOUT(pipeline->captureCountLabel()->text(),
                                  QStringLiteral("%1 events").arg(lab.guests), 10000);

        // The editor's Use on a profile whose Kafka does not answer: the card says why.
        window.showPanel(ui::MainWindow::Panel::Connections);
        ui::ConnectionEditor* editor = window.connectionEditor();
        selectProfile(editor, QStringLiteral("lab-nowhere"));
        QTest::mouseClick(editor->useButton(), Qt::LeftButton);
        QCOMPARE(chooser->kafkaBox()->currentData().toString(), QStringLiteral("lab-nowhere"));
        QCOMPARE(chooser->postgresBox()->currentData().toString(), QStringLiteral("lab-pg"));
        QTRY_COMPARE_WITH_TIMEOUT(window.kafkaCard()->stateText(), QStringLiteral("failed"), 40000);
        const QString error = QString::fromStdString(console.engine().snapshot().kafka.error);
        QVERIFY2(error.contains(QStringLiteral("127.0.0.1:1")), qPrintable(error));
        QVERIFY(summary(window).contains(QStringLiteral("Kafka failed")));
        // Start buttons wait for a connection.
        QTRY_VERIFY_WITH_TIMEOUT(!pipeline->captureStartButton()->isEnabled(), 10000);
        RD_SCREENSHOT(&window, "connections-profile-failed");

        // And back to the sandbox.
        selectProfile(editor, QStringLiteral("sandbox"));
        QTest::mouseClick(editor->useButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            summary(window).startsWith(QStringLiteral("Local sandbox — Kafka 127")), 120000);
        QTRY_COMPARE_WITH_TIMEOUT(window.postgresCard()->stateText(), QStringLiteral("connected"),
                                  120000);
        QCOMPARE(ui::ConnectionChooser::savedChoice().kafka, std::string());
        dropDatabase(conninfo, database);
    }

    // A choice naming a profile that is gone: said inline, nothing changes.
    void missingProfileIsSaidInline() {
        QTemporaryDir dir;
        profiles::MemorySecretStore secrets;
        profiles::ProfileStore store((dir.path() + "/profiles.json").toStdString(), secrets);
        profiles::Profile kafka{.name = "gone-soon", .kind = ProfileKind::Kafka};
        kafka.bootstrap = "127.0.0.1:1";
        store.save(kafka, {});
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = false});
        models::EngineBridge bridge(engine);
        ui::ConnectionChooser chooser(bridge, store);
        chooseInBox(chooser.kafkaBox(), QStringLiteral("gone-soon"));
        store.remove("gone-soon");
        QVERIFY(!chooser.connectChosen());
        QVERIFY2(
            chooser.messageLabel()->text().contains(QStringLiteral("no profile named 'gone-soon'")),
            qPrintable(chooser.messageLabel()->text()));
        QCOMPARE(engine.snapshot().environment, std::string("Local sandbox"));
    }

  private:
    ThrowawaySettings settings_;
};

QTEST_MAIN(ConsoleConnectionTest)
#include "test_console_connection.moc"
