#include "ui/run_pace_controls.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>

#include "engine/engine.h"
#include "models/engine_bridge.h"
#include "models/pipeline_model.h"
#include "models/throughput_history.h"
#include "ui/main_window.h"

namespace riverdelta::ui {

namespace {

QSettings settings() {
    return QSettings(MainWindow::kSettingsOrganization, MainWindow::kSettingsApplication);
}

}  // namespace

RunPaceControls::RunPaceControls(models::EngineBridge& bridge, models::PipelineModel& pipeline,
                                 models::ThroughputHistory& history, QWidget* parent)
    : QWidget(parent),
      bridge_(bridge),
      pipeline_(pipeline),
      history_(history),
      continuous_(new QCheckBox(tr("Continuous"), this)),
      reminder_(new QLabel(this)),
      newRun_(new QPushButton(tr("New run"), this)) {
    setObjectName(QStringLiteral("runPace"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    continuous_->setObjectName(QStringLiteral("continuous"));
    continuous_->setToolTip(
        tr("Streaming stage: every stream runs until stopped (its maxEvents is lifted), so "
           "streams do not end in the middle of a session"));
    reminder_->setObjectName(QStringLiteral("speedReminder"));
    reminder_->setVisible(false);
    newRun_->setObjectName(QStringLiteral("newRun"));
    newRun_->setToolTip(
        tr("End this run and start counting from zero: counts, rates and the chart reset; the "
           "scenario stays loaded and Start begins a new run"));
    layout->addWidget(continuous_);
    layout->addWidget(reminder_);
    layout->addWidget(newRun_);
    connect(continuous_, &QCheckBox::toggled, this, &RunPaceControls::setContinuous);
    connect(newRun_, &QPushButton::clicked, this, &RunPaceControls::newRun);
    if (settings().value(QStringLiteral("run/continuous"), false).toBool())
        continuous_->setChecked(true);
}

void RunPaceControls::setContinuous(bool on) {
    if (continuous_->isChecked() != on) {
        continuous_->setChecked(on);  // comes back here through toggled
        return;
    }
    bridge_.engine().post(command::SetContinuous{on});
    settings().setValue(QStringLiteral("run/continuous"), on);
}

void RunPaceControls::setRestoredSpeed(double speed) {
    if (speed == 1.0) return speedChosen();
    reminder_->setText(tr("⚠ ×%1 from last session").arg(speed));
    reminder_->setToolTip(
        tr("The speed ×%1 was restored from the last session: streams run %1 times faster "
           "than the scenario says. Choose ×1 for the workshop's pace.")
            .arg(speed));
    reminder_->setStyleSheet(QStringLiteral("QLabel { font-weight: bold; color: #b25c00; }"));
    reminder_->setVisible(true);
}

void RunPaceControls::speedChosen() {
    reminder_->setVisible(false);
}

void RunPaceControls::newRun() {
    bridge_.engine().post(command::NewRun{});
    history_.clear();
    pipeline_.resetRates();
}

}  // namespace riverdelta::ui
