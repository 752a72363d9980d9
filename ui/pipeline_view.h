#pragma once

#include <QWidget>
#include <vector>

#include "engine/run/run_status.h"

class QGridLayout;
class QLabel;
class QProgressBar;
class QPushButton;

namespace riverdelta::models {
class PipelineModel;
}

namespace riverdelta::ui {

// The scenario's stages as a sequence (Seed → Historical → Streaming) and, under each, its
// generators: target, progress (acknowledged / maxEvents, or the rate against its peak when
// unbounded), rate, state and Start / Stop. Buttons emit requests; the engine decides.
class PipelineView : public QWidget {
    Q_OBJECT
  public:
    explicit PipelineView(models::PipelineModel& model, QWidget* parent = nullptr);

    // Start buttons need a connection; without one they are disabled with a tooltip saying so.
    void setConnected(bool connected);

    // For tests and the lead: the widgets of one generator's row.
    [[nodiscard]] QPushButton* startButton(const QString& generator) const;
    [[nodiscard]] QPushButton* stopButton(const QString& generator) const;
    [[nodiscard]] QProgressBar* progressBar(const QString& generator) const;
    [[nodiscard]] QLabel* rateLabel(const QString& generator) const;
    [[nodiscard]] QLabel* stateLabel(const QString& generator) const;
    // The change data capture row (the scenario's tables into Kafka), null when it has none.
    [[nodiscard]] QPushButton* captureStartButton() const;
    [[nodiscard]] QPushButton* captureStopButton() const;
    [[nodiscard]] QLabel* captureStateLabel() const;
    [[nodiscard]] QLabel* captureCountLabel() const;

  signals:
    void startRequested(const QString& generator);
    void stopRequested(const QString& generator);
    void captureStartRequested();
    void captureStopRequested();

  protected:
    void changeEvent(QEvent* event) override;

  private:
    struct Row {
        QString name;
        QLabel* nameLabel = nullptr;
        QLabel* target = nullptr;
        QProgressBar* progress = nullptr;
        QLabel* count = nullptr;
        QLabel* rate = nullptr;
        QLabel* state = nullptr;
        QPushButton* start = nullptr;
        QPushButton* stop = nullptr;
        double peakRate = 0;
    };
    void rebuild();
    Row makeRow(const QString& name, const QString& target, int gridRow);
    void updateRows(int first, int last);
    void updateCaptures();
    void styleRow(Row& row, run::StreamState state, const QString& stateText, const QString& reason,
                  bool started, bool done);
    void updateStages();
    [[nodiscard]] const Row* row(const QString& generator) const;

    models::PipelineModel& model_;
    QWidget* stageStrip_;
    std::vector<QLabel*> stageChips_;
    QWidget* body_ = nullptr;
    QGridLayout* grid_ = nullptr;
    std::vector<Row> rows_;
    std::vector<Row> captureRows_;
    bool connected_ = false;
};

}  // namespace riverdelta::ui
