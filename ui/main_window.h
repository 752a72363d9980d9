#pragma once

#include <QMainWindow>

class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QScrollArea;
class QSplitter;
class QTabWidget;

namespace riverdelta::profiles {
class ProfileStore;
}
namespace riverdelta::models {
class EngineBridge;
class PipelineModel;
class RunReportExporter;
class ServiceStatusModel;
class ThroughputHistory;
}  // namespace riverdelta::models

namespace riverdelta::ui {

class ConnectionChooser;
class ConnectionEditor;
class PipelineView;
class ProblemsView;
class ProjectorView;
class RunPaceControls;
class ServiceCard;
class SyncPanel;
class ThroughputChart;

// The workshop console: the scenario's pipeline (stages, per-stream Start/Stop, speed) on top,
// below it tabs for the throughput chart and the other panels (Topics, Lake sync, Connections,
// Log), the connection summary in the status bar. Window state, splitter sizes, the last
// scenario, the speed and the presentation mode persist in QSettings.
class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    // The tabs below the pipeline.
    enum class Panel { Throughput, Topics, LakeSync, Connections, Log };

    explicit MainWindow(models::EngineBridge& bridge, QWidget* parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] ServiceCard* kafkaCard() const { return kafkaCard_; }
    [[nodiscard]] ServiceCard* postgresCard() const { return postgresCard_; }
    [[nodiscard]] PipelineView* pipeline() const { return pipeline_; }
    [[nodiscard]] ThroughputChart* throughput() const { return chart_; }
    [[nodiscard]] ProblemsView* problems() const { return problems_; }
    [[nodiscard]] models::PipelineModel* pipelineModel() const { return pipelineModel_; }
    [[nodiscard]] models::ThroughputHistory* throughputHistory() const { return history_; }
    [[nodiscard]] QComboBox* speedBox() const { return speed_; }
    // Continuous streaming, the restored-speed reminder and New run.
    [[nodiscard]] RunPaceControls* runPace() const { return pace_; }
    [[nodiscard]] QTabWidget* panels() const { return tabs_; }
    [[nodiscard]] bool presentationMode() const { return presentation_; }
    // The projector view while it is up (View → Projector, F11), else nullptr.
    [[nodiscard]] ProjectorView* projector() const { return projector_; }
    [[nodiscard]] QAction* exportReportAction() const { return exportReportAction_; }
    // An export is on its way (the engine validating the pipeline, or the file being written).
    [[nodiscard]] bool exportingReport() const;

    void showPanel(Panel panel);
    // The connection chooser, the profile editor and Help → Connect to Confluent Cloud… (the
    // store outlives the window).
    void addConnections(profiles::ProfileStore& store);
    // Null until addConnections().
    [[nodiscard]] ConnectionChooser* connectionChooser() const { return chooser_; }
    [[nodiscard]] ConnectionEditor* connectionEditor() const { return editor_; }

    // Where the console keeps its settings: ~/.config/riverdelta/riverdelta.conf (named here,
    // not through the application's organization, which would move AppDataLocation).
    static constexpr const char* kSettingsOrganization = "riverdelta";
    static constexpr const char* kSettingsApplication = "riverdelta";

    // The scenario to open at start: the last one opened, else the built-in River Hotels.
    [[nodiscard]] static QString lastScenario();

  public slots:
    void openScenario(const QString& config);  // a file or "builtin:NAME"
    void chooseScenario();                     // File → Open scenario…
    void startAll();
    void stopAll();
    void setSpeed(double speed);
    void setPresentationMode(bool on);
    void setProjectorMode(bool on);
    void showAbout();
    // File → Export run report…: a file dialog (PDF, HTML, JSON), then exportRunReport().
    void chooseRunReportFile();
    // The console's run so far into `path` (format from its extension). Asks the engine for the
    // validated report, then writes the file off the GUI thread (models::RunReportExporter); the
    // window stays usable and shows progress and the result in the status bar (errors also in
    // the log and banner).
    void exportRunReport(const QString& path);

  signals:
    // When an export ended: `error` is empty when `path` was written.
    void runReportExported(const QString& path, const QString& error);

  protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

  private:
    void createActions();
    void createMenus();
    void updateIcons();  // glyphs in the palette's text colour
    void updateStatusBar();
    void updateScenarioInfo();
    void restoreSettings();
    void saveSettings() const;
    [[nodiscard]] int tabIndex(Panel panel) const;
    void finishReportExport(const QString& path, const QString& error);

    models::EngineBridge& bridge_;
    models::ServiceStatusModel* services_;
    models::PipelineModel* pipelineModel_;
    models::ThroughputHistory* history_;
    ServiceCard* kafkaCard_;
    ServiceCard* postgresCard_;
    PipelineView* pipeline_;
    ThroughputChart* chart_;
    ProblemsView* problems_;
    QLabel* scenarioTitle_;
    QLabel* scenarioDetail_;
    QSplitter* splitter_;
    QTabWidget* tabs_;
    QWidget* connectionsPanel_;
    QLabel* statusSummary_;
    QLabel* statusRun_;
    QComboBox* speed_;
    RunPaceControls* pace_ = nullptr;
    QAction* openAction_ = nullptr;
    QAction* startAllAction_ = nullptr;
    QAction* stopAllAction_ = nullptr;
    QAction* presentationAction_ = nullptr;
    QAction* projectorAction_ = nullptr;
    ProjectorView* projector_ = nullptr;
    QMenu* helpMenu_ = nullptr;
    QFont baseFont_;
    models::RunReportExporter* reportExporter_;
    bool presentation_ = false;
    bool shownServiceFailure_ = false;  // the Connections panel was brought up for it
    QAction* exportReportAction_ = nullptr;
    ConnectionChooser* chooser_ = nullptr;
    ConnectionEditor* editor_ = nullptr;
    SyncPanel* syncPanel_ = nullptr;
};

}  // namespace riverdelta::ui
