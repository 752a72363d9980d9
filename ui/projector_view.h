#pragma once

#include <QWidget>
#include <cstdint>
#include <vector>

#include "engine/run/scenario_status.h"

class QGridLayout;
class QHBoxLayout;
class QLabel;

namespace riverdelta::models {
class EngineBridge;
class PipelineModel;
class ThroughputHistory;
}  // namespace riverdelta::models

namespace riverdelta::ui {

class ThroughputChart;

// The console for the back row of a room: the stage ribbon on top, the throughput chart filling
// the window, and below it one tile per topic and table with its total in large digits. It
// covers the whole main window (menus, toolbar and status bar included) and takes the screen
// while it is up; Esc (or closeRequested's receiver) leaves. The chart is a ThroughputChart over
// the console's own history, the ribbon reads the console's PipelineModel; the totals come from
// the engine's snapshot (acknowledged messages per topic, rows written per table, change events
// per capture topic).
class ProjectorView : public QWidget {
    Q_OBJECT
  public:
    // One tile: what a topic or table holds so far.
    struct Total {
        QString name;
        QString unit;  // "messages", "rows written", "change events"
        std::uint64_t count = 0;
    };

    // Covers `window` from now on (following its size) and makes it full screen; the window's
    // earlier state comes back when the view goes. `like` lends its metric, window and scale.
    ProjectorView(models::EngineBridge& bridge, models::ThroughputHistory& history,
                  models::PipelineModel& pipeline, QWidget* window,
                  const ThroughputChart* like = nullptr);
    ~ProjectorView() override;

    // Hides the view and gives the window its earlier state back (also when destroyed).
    void leave();

    [[nodiscard]] ThroughputChart* chart() const { return chart_; }
    [[nodiscard]] const std::vector<Total>& totals() const { return totals_; }
    // The label showing the total of `name` (a topic or a table), or nullptr.
    [[nodiscard]] QLabel* totalLabel(const QString& name) const;
    // The stage ribbon's chips, left to right ("✓ Seed", "3  Historical", ...).
    [[nodiscard]] QStringList stageTexts() const;

    // A scenario's totals: the topics it writes by acknowledged messages, its capture topics
    // by acknowledged change events, its tables by rows written (acknowledged inserts, updates
    // and deletes); topics first, each group by name.
    [[nodiscard]] static std::vector<Total> totalsOf(const run::ScenarioStatus& scenario);

  signals:
    void closeRequested();

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

  private:
    void rebuildStages();
    void updateStages();
    void updateTotals();
    void rebuildTiles();
    void applyFonts();
    void cover();

    models::EngineBridge& bridge_;
    models::ThroughputHistory& history_;
    models::PipelineModel& pipeline_;
    QWidget* window_;
    Qt::WindowStates windowStateBefore_;
    bool left_ = false;
    QLabel* title_;
    QLabel* hint_;
    QWidget* ribbon_;
    QHBoxLayout* ribbonLayout_;
    std::vector<QLabel*> chips_;
    ThroughputChart* chart_;
    QWidget* tiles_;
    QGridLayout* tilesLayout_;
    struct Tile {
        QLabel* name = nullptr;
        QLabel* count = nullptr;
        QLabel* unit = nullptr;
    };
    std::vector<Tile> tileWidgets_;
    std::vector<Total> totals_;
};

}  // namespace riverdelta::ui
