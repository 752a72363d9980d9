#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

#include "engine/engine.h"
#include "models/engine_bridge.h"
#include "models/pipeline_model.h"
#include "models/run_report_exporter.h"
#include "models/service_status_model.h"
#include "models/throughput_history.h"
#include "riverdelta/version.h"
#include "ui/confluent_cloud_dialog.h"
#include "ui/connect_tools_panel.h"
#include "ui/connection_chooser.h"
#include "ui/connection_editor.h"
#include "ui/elided_label.h"
#include "ui/first_run_guide.h"
#include "ui/font_scale.h"
#include "ui/glyph_icon.h"
#include "ui/grip_splitter.h"
#include "ui/log_panel.h"
#include "ui/notification_banner.h"
#include "ui/pipeline_view.h"
#include "ui/problems_view.h"
#include "ui/projector_view.h"
#include "ui/run_pace_controls.h"
#include "ui/service_card.h"
#include "ui/sync_panel.h"
#include "ui/throughput_chart.h"
#include "ui/topics_panel.h"

namespace riverdelta::ui {

namespace {

constexpr double kPresentationScale = 1.45;
const char* const kBuiltin = "builtin:river-hotels";

QString panelName(MainWindow::Panel panel) {
    switch (panel) {
        case MainWindow::Panel::Throughput:
            return QStringLiteral("panel:throughput");
        case MainWindow::Panel::Topics:
            return QStringLiteral("panel:topics");
        case MainWindow::Panel::LakeSync:
            return QStringLiteral("panel:lake");
        case MainWindow::Panel::Connections:
            return QStringLiteral("panel:connections");
        case MainWindow::Panel::Log:
            return QStringLiteral("panel:log");
    }
    return {};
}

const double kSpeeds[] = {0.5, 1, 2, 5, 10, 20, 50, 100, 1000};

}  // namespace

MainWindow::MainWindow(models::EngineBridge& bridge, QWidget* parent)
    : QMainWindow(parent),
      bridge_(bridge),
      services_(new models::ServiceStatusModel(bridge, this)),
      pipelineModel_(new models::PipelineModel(bridge, this)),
      history_(new models::ThroughputHistory(std::chrono::milliseconds(500),
                                             std::chrono::minutes(15), this)),
      kafkaCard_(new ServiceCard(services_->index(models::ServiceStatusModel::KafkaRow), this)),
      postgresCard_(
          new ServiceCard(services_->index(models::ServiceStatusModel::PostgresRow), this)),
      pipeline_(new PipelineView(*pipelineModel_, this)),
      chart_(new ThroughputChart(*history_, this)),
      problems_(new ProblemsView(this)),
      scenarioTitle_(new QLabel(this)),
      scenarioDetail_(new QLabel(this)),
      splitter_(new GripSplitter(Qt::Vertical, this)),  // a handle people can see
      tabs_(new QTabWidget(this)),
      connectionsPanel_(new QWidget(this)),
      statusSummary_(new ElidedLabel(this)),
      statusRun_(new QLabel(this)),
      speed_(new QComboBox(this)),
      baseFont_(QApplication::font()),
      reportExporter_(new models::RunReportExporter(bridge, this)) {
    setWindowTitle(tr("Riverdelta — River Hotels workshop"));
    setWindowIcon(QIcon::fromTheme(QStringLiteral("network-server")));
    history_->attach(bridge_);

    // Top: problems of the last load, the scenario's name, the pipeline.
    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->addWidget(problems_);
    auto* header = new QHBoxLayout;
    scenarioTitle_->setObjectName(QStringLiteral("scenarioTitle"));
    QFont titleFont = scenarioTitle_->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    scenarioTitle_->setFont(titleFont);
    scenarioDetail_->setObjectName(QStringLiteral("scenarioDetail"));
    scenarioDetail_->setForegroundRole(QPalette::PlaceholderText);
    scenarioDetail_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    header->addWidget(scenarioTitle_);
    header->addWidget(scenarioDetail_, 1);
    topLayout->addLayout(header);
    topLayout->addWidget(pipeline_, 1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(top);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    // Bottom: the panels: throughput, topics and their messages, lake sync, connections, log.
    tabs_->setObjectName(QStringLiteral("panels"));
    tabs_->setDocumentMode(true);
    chart_->setObjectName(panelName(Panel::Throughput));
    tabs_->addTab(chart_, tr("Throughput"));
    auto* topicsPanel = new TopicsPanel(bridge_, this);
    topicsPanel->setObjectName(panelName(Panel::Topics));
    tabs_->addTab(topicsPanel, tr("Topics"));
    syncPanel_ = new SyncPanel(bridge_, this);
    syncPanel_->setObjectName(panelName(Panel::LakeSync));
    tabs_->addTab(syncPanel_, tr("Lake sync"));
    auto* connections = new QVBoxLayout(connectionsPanel_);
    auto* cards = new QHBoxLayout;
    cards->addWidget(kafkaCard_, 1);
    cards->addWidget(postgresCard_, 1);
    connections->addLayout(cards);
    connections->addWidget(new ConnectToolsPanel(bridge_, connectionsPanel_));
    connections->addStretch(1);
    // Scrolls rather than squeezing the pipeline above when the window is short.
    auto* connectionsScroll = new QScrollArea(this);
    connectionsScroll->setObjectName(panelName(Panel::Connections));
    connectionsScroll->setWidget(connectionsPanel_);
    connectionsScroll->setWidgetResizable(true);
    connectionsScroll->setFrameShape(QFrame::NoFrame);
    tabs_->addTab(connectionsScroll, tr("Connections"));
    auto* logPanel = new LogPanel(bridge_, this);
    logPanel->setObjectName(panelName(Panel::Log));
    tabs_->addTab(logPanel, tr("Log"));

    splitter_->setObjectName(QStringLiteral("mainSplitter"));
    splitter_->addWidget(scroll);
    splitter_->addWidget(tabs_);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 2);
    splitter_->setChildrenCollapsible(false);
    setCentralWidget(splitter_);

    statusSummary_->setObjectName(QStringLiteral("connectionSummary"));
    statusBar()->addWidget(statusSummary_, 1);
    // A message takes the connection text's place rather than being drawn over it.
    connect(statusBar(), &QStatusBar::messageChanged, statusSummary_,
            [this](const QString& message) { statusSummary_->setVisible(message.isEmpty()); });
    statusRun_->setObjectName(QStringLiteral("runSummary"));
    statusBar()->addPermanentWidget(statusRun_);
    statusBar()->addPermanentWidget(
        new QLabel(QStringLiteral("Riverdelta %1").arg(kVersion), this));

    createActions();
    createMenus();
    updateIcons();

    // Errors also as a banner above the pipeline.
    auto* banner = new NotificationBanner(bridge_, top);
    topLayout->insertWidget(0, banner);
    connect(topicsPanel, &TopicsPanel::enableSyncRequested, this, [this](const QString& topic) {
        showPanel(Panel::LakeSync);
        syncPanel_->showEnableDialog(topic);
    });
    connect(banner, &NotificationBanner::showLogRequested, this, [this] { showPanel(Panel::Log); });

    connect(services_, &QAbstractItemModel::dataChanged, this, &MainWindow::updateStatusBar);
    connect(reportExporter_, &models::RunReportExporter::writing, this,
            [this](const QString& path) {
                statusBar()->showMessage(tr("Exporting the run report: writing %1…").arg(path));
            });
    connect(reportExporter_, &models::RunReportExporter::finished, this,
            [this](const QString& path) { finishReportExport(path, QString()); });
    connect(reportExporter_, &models::RunReportExporter::failed, this,
            &MainWindow::finishReportExport);
    connect(pipelineModel_, &models::PipelineModel::scenarioInfoChanged, this,
            &MainWindow::updateScenarioInfo);
    connect(pipelineModel_, &models::PipelineModel::scenarioReloaded, this,
            &MainWindow::updateScenarioInfo);
    connect(pipeline_, &PipelineView::startRequested, this, [this](const QString& g) {
        bridge_.engine().post(command::StartStream{g.toStdString()});
    });
    connect(pipeline_, &PipelineView::stopRequested, this, [this](const QString& g) {
        bridge_.engine().post(command::StopStream{g.toStdString()});
    });
    connect(pipeline_, &PipelineView::captureStartRequested, this,
            [this] { bridge_.engine().post(command::StartCapture{}); });
    connect(pipeline_, &PipelineView::captureStopRequested, this,
            [this] { bridge_.engine().post(command::StopCapture{}); });
    connect(problems_, &ProblemsView::locationActivated, this, [this](const QString& location) {
        statusBar()->showMessage(tr("%1 (copied)").arg(location), 10000);
    });
    updateStatusBar();
    updateScenarioInfo();
    resize(1180, 780);
    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    openAction_ = new QAction(style()->standardIcon(QStyle::SP_DialogOpenButton),
                              tr("&Open scenario…"), this);
    openAction_->setShortcut(QKeySequence::Open);
    openAction_->setToolTip(tr("Open a ShadowTraffic-format scenario (Ctrl+O)"));
    connect(openAction_, &QAction::triggered, this, &MainWindow::chooseScenario);

    startAllAction_ =
        new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Start &all"), this);
    startAllAction_->setObjectName(QStringLiteral("startAll"));
    startAllAction_->setShortcuts(
        {QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_Return)});
    startAllAction_->setToolTip(tr("Start every stream (F5)"));
    connect(startAllAction_, &QAction::triggered, this, &MainWindow::startAll);

    stopAllAction_ =
        new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("St&op all"), this);
    stopAllAction_->setObjectName(QStringLiteral("stopAll"));
    stopAllAction_->setShortcuts(
        {QKeySequence(Qt::SHIFT | Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_Period)});
    stopAllAction_->setToolTip(
        tr("Stop every stream; Start continues where they stopped (Shift+F5)"));
    connect(stopAllAction_, &QAction::triggered, this, &MainWindow::stopAll);

    exportReportAction_ = new QAction(style()->standardIcon(QStyle::SP_DialogSaveButton),
                                      tr("&Export run report…"), this);
    exportReportAction_->setObjectName(QStringLiteral("exportReport"));
    exportReportAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportReportAction_->setToolTip(
        tr("Save a report of the run so far, with the pipeline's validation, as PDF, HTML or "
           "JSON (Ctrl+E)"));
    connect(exportReportAction_, &QAction::triggered, this, &MainWindow::chooseRunReportFile);

    presentationAction_ = new QAction(tr("&Presentation mode"), this);
    presentationAction_->setObjectName(QStringLiteral("presentation"));
    presentationAction_->setCheckable(true);
    presentationAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    presentationAction_->setToolTip(tr("Larger text for projectors (Ctrl+Shift+P)"));
    connect(presentationAction_, &QAction::toggled, this, &MainWindow::setPresentationMode);

    projectorAction_ = new QAction(tr("P&rojector"), this);
    projectorAction_->setObjectName(QStringLiteral("projector"));
    projectorAction_->setCheckable(true);
    projectorAction_->setShortcut(QKeySequence(Qt::Key_F11));
    projectorAction_->setToolTip(
        tr("The chart, the stages and the totals full screen (F11; Esc "
           "leaves)"));
    connect(projectorAction_, &QAction::toggled, this, &MainWindow::setProjectorMode);
    addAction(projectorAction_);  // F11 also while the projector covers the menus

    speed_->setObjectName(QStringLiteral("speed"));
    speed_->setToolTip(tr("Speed of the streaming throttles"));
    for (double s : kSpeeds)
        speed_->addItem(QStringLiteral("×%1").arg(s), s);
    speed_->setCurrentIndex(1);
    connect(speed_, &QComboBox::activated, this, [this](int i) {
        setSpeed(speed_->itemData(i).toDouble());
        pace_->speedChosen();
    });

    auto* toolbar = addToolBar(tr("Run"));
    toolbar->setObjectName(QStringLiteral("runToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    toolbar->addAction(openAction_);
    toolbar->addSeparator();
    toolbar->addAction(startAllAction_);
    toolbar->addAction(stopAllAction_);
    toolbar->addSeparator();
    auto* speedLabel = new QLabel(tr(" Speed "), toolbar);
    toolbar->addWidget(speedLabel);
    toolbar->addWidget(speed_);
    pace_ = new RunPaceControls(bridge_, *pipelineModel_, *history_, toolbar);
    toolbar->addWidget(pace_);
    toolbar->addSeparator();
    toolbar->addAction(exportReportAction_);
    toolbar->addSeparator();
    toolbar->addAction(presentationAction_);
}

void MainWindow::updateIcons() {
    const QColor glyph = palette().color(QPalette::ButtonText);
    startAllAction_->setIcon(glyphIcon(Glyph::Play, glyph));
    stopAllAction_->setIcon(glyphIcon(Glyph::Stop, glyph));
}

void MainWindow::changeEvent(QEvent* event) {
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && startAllAction_) updateIcons();
    // A toolbar short of room shrinks a combo to its minimum size hint, which QComboBox keeps
    // from the font it first had: in presentation mode "×100" would lose its last digit.
    // Children have their new font by the time the window hears of it.
    if (event->type() == QEvent::FontChange && speed_)
        speed_->setMinimumWidth(speed_->sizeHint().width());
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(openAction_);
    file->addAction(tr("Open &built-in River Hotels"), this,
                    [this] { openScenario(QString::fromUtf8(kBuiltin)); });
    file->addSeparator();
    file->addAction(exportReportAction_);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(startAllAction_);
    run->addAction(stopAllAction_);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(presentationAction_);
    view->addAction(projectorAction_);
    view->addSeparator();
    for (auto panel :
         {Panel::Throughput, Panel::Topics, Panel::LakeSync, Panel::Connections, Panel::Log}) {
        const int i = tabIndex(panel);
        QAction* a = view->addAction(tabs_->tabText(i), this, [this, panel] { showPanel(panel); });
        a->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    helpMenu_ = help;
    help->addAction(tr("&Getting started"), this, [this] {
        auto* guide = findChild<FirstRunGuide*>();
        if (!guide) guide = new FirstRunGuide(this);
        guide->findTargets(this);
        guide->restart();
    });
    help->addAction(tr("&About Riverdelta"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

int MainWindow::tabIndex(Panel panel) const {
    const QString name = panelName(panel);
    for (int i = 0; i < tabs_->count(); ++i)
        if (tabs_->widget(i)->objectName() == name) return i;
    return -1;
}

void MainWindow::addConnections(profiles::ProfileStore& store) {
    syncPanel_->setProfileStore(&store);
    editor_ = new ConnectionEditor(store, this);
    // Below the connection cards, in place of the stretch.
    auto* layout = static_cast<QVBoxLayout*>(connectionsPanel_->layout());
    delete layout->takeAt(layout->count() - 1);
    layout->addWidget(editor_, 1);
    chooser_ = new ConnectionChooser(bridge_, store, connectionsPanel_);
    static_cast<QVBoxLayout*>(connectionsPanel_->layout())->insertWidget(0, chooser_);
    connect(editor_, &ConnectionEditor::profilesChanged, chooser_, &ConnectionChooser::reload);
    connect(editor_, &ConnectionEditor::useRequested, chooser_, &ConnectionChooser::useProfile);

    auto* cloud = new QAction(tr("Connect to &Confluent Cloud…"), helpMenu_);
    connect(cloud, &QAction::triggered, this, [this, &store] {
        auto* dialog = new ConfluentCloudDialog(store, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    helpMenu_->insertAction(helpMenu_->actions().value(0), cloud);
}

void MainWindow::showPanel(Panel panel) {
    const int i = tabIndex(panel);
    if (i >= 0) tabs_->setCurrentIndex(i);
}

QString MainWindow::lastScenario() {
    return QSettings(kSettingsOrganization, kSettingsApplication)
        .value(QStringLiteral("scenario/last"), QString::fromUtf8(kBuiltin))
        .toString();
}

void MainWindow::openScenario(const QString& config) {
    const QFileInfo file(config);
    const QString path = file.exists() ? file.absoluteFilePath() : config;  // remembered as is
    bridge_.engine().post(command::LoadScenario{{.config = path.toStdString()}});
    if (!pipelineModel_->scenario().loaded) {
        // The engine loads it after the commands before it (the sandbox's start, at launch).
        scenarioTitle_->setText(tr("Loading…"));
        scenarioDetail_->setText(path);
    }
}

void MainWindow::chooseScenario() {
    QString dir = QSettings(kSettingsOrganization, kSettingsApplication)
                      .value(QStringLiteral("scenario/lastDirectory"))
                      .toString();
    const QString file = QFileDialog::getOpenFileName(this, tr("Open a ShadowTraffic scenario"),
                                                      dir, tr("Scenario (*.json);;All files (*)"));
    if (file.isEmpty()) return;
    QSettings(kSettingsOrganization, kSettingsApplication)
        .setValue(QStringLiteral("scenario/lastDirectory"), QFileInfo(file).absolutePath());
    openScenario(file);
}

void MainWindow::chooseRunReportFile() {
    QSettings settings(kSettingsOrganization, kSettingsApplication);
    const QString dir = settings.value(QStringLiteral("report/lastDirectory")).toString();
    const QString pdf = tr("PDF document (*.pdf)"), html = tr("Web page (*.html)"),
                  json = tr("JSON data (*.json)");
    QString filter = settings.value(QStringLiteral("report/lastFilter"), pdf).toString();
    const QString name =
        QStringLiteral("run-report-%1")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")));
    QString file = QFileDialog::getSaveFileName(
        this, tr("Export run report"), QDir(dir.isEmpty() ? QDir::homePath() : dir).filePath(name),
        pdf + QStringLiteral(";;") + html + QStringLiteral(";;") + json, &filter);
    if (file.isEmpty()) return;
    // The format is the chosen filter's unless the name already ends in a known extension.
    if (!models::RunReportExporter::knowsFormat(file)) {
        if (filter == html)
            file += QStringLiteral(".html");
        else if (filter == json)
            file += QStringLiteral(".json");
        else
            file += QStringLiteral(".pdf");
    }
    settings.setValue(QStringLiteral("report/lastDirectory"), QFileInfo(file).absolutePath());
    settings.setValue(QStringLiteral("report/lastFilter"), filter);
    exportRunReport(file);
}

bool MainWindow::exportingReport() const {
    return reportExporter_->running();
}

void MainWindow::exportRunReport(const QString& path) {
    if (!reportExporter_->start(path)) {
        statusBar()->showMessage(tr("A run report is being exported already"), 8000);
        return;
    }
    if (!reportExporter_->running()) return;  // refused the name; finishReportExport said so
    exportReportAction_->setEnabled(false);
    statusBar()->showMessage(tr("Exporting the run report: validating the pipeline…"));
}

void MainWindow::finishReportExport(const QString& path, const QString& error) {
    exportReportAction_->setEnabled(true);
    if (error.isEmpty()) {
        statusBar()->showMessage(tr("Run report saved: %1").arg(path), 15000);
        if (auto* banner = findChild<NotificationBanner*>())
            banner->inform(tr("Run report saved: %1").arg(path), tr("Open"),
                           [path] { QDesktopServices::openUrl(QUrl::fromLocalFile(path)); });
        bridge_.engine().log().write(core::LogLevel::Info, "report",
                                     "run report saved: " + path.toStdString());
    } else {
        statusBar()->showMessage(tr("Run report not saved: %1").arg(error), 15000);
        bridge_.engine().log().write(
            core::LogLevel::Error, "report",
            "run report " + path.toStdString() + " not saved: " + error.toStdString());
    }
    emit runReportExported(path, error);
}

void MainWindow::startAll() {
    bridge_.engine().post(command::StartAll{});
}

void MainWindow::stopAll() {
    bridge_.engine().post(command::StopAll{});
}

void MainWindow::setSpeed(double speed) {
    if (!(speed > 0)) return;
    int i = speed_->findData(speed);
    if (i < 0) {
        speed_->addItem(QStringLiteral("×%1").arg(speed), speed);
        i = speed_->count() - 1;
    }
    speed_->setCurrentIndex(i);
    bridge_.engine().post(command::SetSpeed{speed});
    QSettings(kSettingsOrganization, kSettingsApplication)
        .setValue(QStringLiteral("run/speed"), speed);
}

void MainWindow::setPresentationMode(bool on) {
    const bool was = presentation_;
    presentation_ = on;
    if (presentationAction_->isChecked() != on) presentationAction_->setChecked(on);  // re-enters
    if (was != on)
        scaleApplicationFont(baseFont_, was ? kPresentationScale : 1.0,
                             on ? kPresentationScale : 1.0);
    QSettings(kSettingsOrganization, kSettingsApplication)
        .setValue(QStringLiteral("view/presentation"), on);
}

void MainWindow::setProjectorMode(bool on) {
    if (projectorAction_->isChecked() != on) projectorAction_->setChecked(on);
    if (on == (projector_ != nullptr)) return;
    if (!on) {
        // Later: Esc arrives through a shortcut the view owns.
        projector_->leave();
        projector_->deleteLater();
        projector_ = nullptr;
        return;
    }
    projector_ = new ProjectorView(bridge_, *history_, *pipelineModel_, this, chart_);
    connect(projector_, &ProjectorView::closeRequested, this, [this] { setProjectorMode(false); });
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

void MainWindow::updateStatusBar() {
    statusSummary_->setText(services_->summary());
    const EngineSnapshot& s = bridge_.snapshot();
    pipeline_->setConnected(s.kafka.state == ServiceState::Connected &&
                            s.postgres.state == ServiceState::Connected);
    // A service that cannot start: show its card, which says what to install or change.
    const bool failed =
        s.kafka.state == ServiceState::Failed || s.postgres.state == ServiceState::Failed;
    if (failed && !shownServiceFailure_) showPanel(Panel::Connections);
    shownServiceFailure_ = failed;
}

void MainWindow::updateScenarioInfo() {
    const auto& s = pipelineModel_->scenario();
    problems_->setProblems(s.problems);
    if (s.loaded) {
        scenarioTitle_->setText(QString::fromStdString(s.name));
        QString detail = tr("%1 · seed %2").arg(QString::fromStdString(s.file)).arg(s.seed);
        scenarioDetail_->setText(detail);
        // The scenario the engine has loaded (a file that failed to load never gets here).
        QSettings(kSettingsOrganization, kSettingsApplication)
            .setValue(QStringLiteral("scenario/last"), QString::fromStdString(s.file));
    } else {
        if (scenarioTitle_->text() != tr("Loading…") || !s.problems.empty()) {
            scenarioTitle_->setText(tr("No scenario"));
            scenarioDetail_->setText(tr("File → Open scenario…"));
        }
    }
    QString runText;
    if (!s.loaded)
        runText = QString();
    else if (!s.runExists)
        runText = tr("not started");
    else
        runText = QString::fromUtf8(run::toString(s.runState)) +
                  (s.runError.empty() ? QString()
                                      : QStringLiteral(": ") + QString::fromStdString(s.runError));
    statusRun_->setText(
        s.loaded ? tr("%1 · ×%2 · %3").arg(QString::fromStdString(s.name)).arg(s.speed).arg(runText)
                 : QString());
    statusRun_->setToolTip(runText);
}

void MainWindow::restoreSettings() {
    QSettings settings(kSettingsOrganization, kSettingsApplication);
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (!splitter_->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray()))
        splitter_->setSizes({480, 300});
    tabs_->setCurrentIndex(settings.value(QStringLiteral("window/panel"), 0).toInt());
    const double speed = settings.value(QStringLiteral("run/speed"), 1.0).toDouble();
    if (speed != 1.0) setSpeed(speed);
    pace_->setRestoredSpeed(speed);
    if (settings.value(QStringLiteral("view/presentation"), false).toBool())
        setPresentationMode(true);
}

void MainWindow::saveSettings() const {
    QSettings settings(kSettingsOrganization, kSettingsApplication);
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), splitter_->saveState());
    settings.setValue(QStringLiteral("window/panel"), tabs_->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    setProjectorMode(false);  // the geometry to remember is the console's, not full screen
    saveSettings();
    QMainWindow::closeEvent(event);
}

}  // namespace riverdelta::ui
