#include <QLabel>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTabWidget>
#include <QtTest>

#include "models/log_model.h"
#include "support/sandbox_console.h"
#include "support/screenshot.h"
#include "ui/log_panel.h"
#include "ui/main_window.h"
#include "ui/service_card.h"

using namespace riverdelta;

class MainWindowTest : public QObject {
    Q_OBJECT
    testing::ThrowawaySettings settings_;

  private slots:
    void showsBothSandboxServicesConnected() {
        testing::SandboxConsole console;
        ui::MainWindow& window = console.window();
        QVERIFY(console.show());
        RD_SCREENSHOT(&window, "main-window-starting");

        QVERIFY2(console.waitUntilConnected(), qPrintable(console.services()));
        auto* endpoint = window.kafkaCard()->findChild<QLabel*>(QStringLiteral("endpoint"));
        QVERIFY(endpoint && endpoint->text().startsWith(QStringLiteral("127.0.0.1:")));
        const QString status = window.statusBar()->findChild<QLabel*>()->text();
        QVERIFY2(status.contains(QStringLiteral("Local sandbox")), qPrintable(status));
        QVERIFY2(status.contains(endpoint->text()), qPrintable(status));
        auto* log = window.findChild<ui::LogPanel*>();
        QVERIFY(log);
        auto logMentions = [log](const QString& text) {
            const auto* model = log->model();
            for (int row = 0; row < model->rowCount(); ++row)
                for (int column = 0; column < model->columnCount(); ++column)
                    if (model->index(row, column).data().toString().contains(text)) return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(logMentions(QStringLiteral("PostgreSQL")), 5000);
        window.showPanel(ui::MainWindow::Panel::Connections);
        RD_SCREENSHOT(&window, "main-window-connected");
    }

    void showsFailureReasonWhenPostgresCannotStart() {
        qputenv("RIVERDELTA_PG_BINDIR", "/nonexistent/bin");
        testing::SandboxConsole console;
        ui::MainWindow& window = console.window();
        QVERIFY(console.show());
        QTRY_COMPARE_WITH_TIMEOUT(window.postgresCard()->stateText(), QStringLiteral("failed"),
                                  60000);
        window.showPanel(ui::MainWindow::Panel::Connections);
        auto* error = window.postgresCard()->findChild<QLabel*>(QStringLiteral("error"));
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("apt-get install postgresql")),
                 qPrintable(error->text()));
        RD_SCREENSHOT(&window, "main-window-postgres-failed");
        qunsetenv("RIVERDELTA_PG_BINDIR");
    }
};

QTEST_MAIN(MainWindowTest)
#include "test_main_window.moc"
