#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;

namespace riverdelta::models {
class EngineBridge;
class PipelineModel;
class ThroughputHistory;
}  // namespace riverdelta::models

namespace riverdelta::ui {

// Workshop pace, beside the speed choice in the run toolbar:
// - Continuous: the Streaming stage's streams run until stopped (their maxEvents lifted), so
//   they do not end mid-session; remembered across launches;
// - a reminder while a speed other than ×1 restored from the last session is in force (a
//   workshop at ×100 by accident empties the streams in minutes);
// - New run: ends the run and resets the counts, the rates and the chart, without a restart.
class RunPaceControls : public QWidget {
    Q_OBJECT
  public:
    RunPaceControls(models::EngineBridge& bridge, models::PipelineModel& pipeline,
                    models::ThroughputHistory& history, QWidget* parent = nullptr);

    [[nodiscard]] QCheckBox* continuousBox() const { return continuous_; }
    [[nodiscard]] QPushButton* newRunButton() const { return newRun_; }
    [[nodiscard]] QLabel* speedReminder() const { return reminder_; }

    // The speed came from the last session: shows the reminder unless it is ×1.
    void setRestoredSpeed(double speed);
    // The user chose a speed now: the reminder goes.
    void speedChosen();

  public slots:
    void setContinuous(bool on);
    void newRun();

  private:
    models::EngineBridge& bridge_;
    models::PipelineModel& pipeline_;
    models::ThroughputHistory& history_;
    QCheckBox* continuous_;
    QLabel* reminder_;
    QPushButton* newRun_;
};

}  // namespace riverdelta::ui
