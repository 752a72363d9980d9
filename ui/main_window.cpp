#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include "models/engine_bridge.h"
#include "models/service_status_model.h"
#include "riverdelta/version.h"
#include "ui/confluent_cloud_dialog.h"
#include "ui/connection_editor.h"
#include "ui/first_run_guide.h"
#include "ui/log_panel.h"
#include "ui/notification_banner.h"
#include "ui/service_card.h"
#include "ui/sync_panel.h"
#include "ui/topics_panel.h"

namespace riverdelta::ui {

MainWindow::MainWindow(models::EngineBridge& bridge, QWidget* parent)
    : QMainWindow(parent),
      bridge_(bridge),
      services_(new models::ServiceStatusModel(bridge, this)),
      kafkaCard_(new ServiceCard(services_->index(models::ServiceStatusModel::KafkaRow), this)),
      postgresCard_(
          new ServiceCard(services_->index(models::ServiceStatusModel::PostgresRow), this)),
      log_(new QPlainTextEdit(this)),
      statusSummary_(new QLabel(this)) {
    setWindowTitle(tr("Riverdelta — River Hotels workshop"));
    setWindowIcon(QIcon::fromTheme(QStringLiteral("network-server")));

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);

    auto* servicesBox = new QGroupBox(tr("Connections"), central);
    auto* cards = new QHBoxLayout(servicesBox);
    cards->addWidget(kafkaCard_, 1);
    cards->addWidget(postgresCard_, 1);
    layout->addWidget(servicesBox);

    auto* logBox = new QGroupBox(tr("Engine log"), central);
    auto* logLayout = new QVBoxLayout(logBox);
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);
    log_->setObjectName(QStringLiteral("engineLog"));
    log_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    logLayout->addWidget(log_);
    layout->addWidget(logBox, 1);
    // Standalone panels (issue 6); the console restructuring re-plugs them.
    auto* banner = new NotificationBanner(bridge_, central);
    layout->insertWidget(0, banner);
    panels_ = new QTabWidget(central);
    auto* topicsPanel = new TopicsPanel(bridge_, panels_);
    auto* syncPanel = new SyncPanel(bridge_, panels_);
    auto* logPanel = new LogPanel(bridge_, panels_);
    panels_->addTab(topicsPanel, tr("Topics"));
    panels_->addTab(syncPanel, tr("Lake sync"));
    panels_->addTab(logPanel, tr("Log"));
    layout->addWidget(panels_, 3);
    connect(topicsPanel, &TopicsPanel::enableSyncRequested, this,
            [this, syncPanel](const QString& t) {
                panels_->setCurrentWidget(syncPanel);
                syncPanel->showEnableDialog(t);
            });
    connect(banner, &NotificationBanner::showLogRequested, this,
            [this, logPanel] { panels_->setCurrentWidget(logPanel); });
    setCentralWidget(central);

    statusBar()->addWidget(statusSummary_, 1);
    statusBar()->addPermanentWidget(
        new QLabel(QStringLiteral("Riverdelta %1").arg(kVersion), this));
    createMenus();

    connect(services_, &QAbstractItemModel::dataChanged, this, &MainWindow::updateStatusBar);
    connect(&bridge_, &models::EngineBridge::logged, this, &MainWindow::appendLog);
    updateStatusBar();
    resize(1100, 820);
}

void MainWindow::addConnections(profiles::ProfileStore& store) {
    panels_->addTab(new ConnectionEditor(store, panels_), tr("Connections"));
    QMenu* help = menuBar()->actions().last()->menu();
    help->insertAction(help->actions().first(),
                       new QAction(tr("Connect to &Confluent Cloud…"), help));
    connect(help->actions().first(), &QAction::triggered, this, [this, &store] {
        auto* dialog = new ConfluentCloudDialog(store, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Getting started"), this, [this] {
        auto* guide = findChild<FirstRunGuide*>();
        if (!guide) guide = new FirstRunGuide(this);
        guide->findTargets(this);
        guide->restart();
    });
    help->addAction(tr("&About Riverdelta"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Riverdelta"),
        tr("<h3>Riverdelta %1</h3>"
           "<p>Runs the data side of the River Hotels streaming workshop: generates data into "
           "PostgreSQL and Kafka, captures changes and syncs topics into Delta Lake tables, and "
           "shows it live.</p>"
           "<p>Built with Qt %2, librdkafka and libpq.</p>")
            .arg(QString::fromUtf8(kVersion), QString::fromUtf8(qVersion())));
}

void MainWindow::appendLog(const std::vector<core::LogEntry>& entries) {
    for (const auto& e : entries) {
        const auto time = QDateTime::fromMSecsSinceEpoch(
            std::chrono::duration_cast<std::chrono::milliseconds>(e.time.time_since_epoch())
                .count());
        log_->appendPlainText(QStringLiteral("%1  %2  %3: %4")
                                  .arg(time.toString(QStringLiteral("HH:mm:ss")),
                                       QString::fromUtf8(core::toString(e.level)).leftJustified(7),
                                       QString::fromStdString(e.source),
                                       QString::fromStdString(e.message)));
    }
}

void MainWindow::updateStatusBar() {
    statusSummary_->setText(services_->summary());
}

}  // namespace riverdelta::ui
