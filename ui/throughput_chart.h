#pragma once

#include <QWidget>
#include <chrono>
#include <map>

#include "models/throughput_history.h"

class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace riverdelta::ui {

// Live throughput per topic: messages/s (or bytes/s) over the last 1, 5 or 15 minutes. One
// line per topic, redrawn from the history's prepared lists (QXYSeries::replace) each time it
// gains points; clicking a legend entry hides or shows that topic; hovering a line shows its
// value at that moment.
class ThroughputChart : public QWidget {
    Q_OBJECT
  public:
    explicit ThroughputChart(models::ThroughputHistory& history, QWidget* parent = nullptr);

    void setMetric(models::ThroughputHistory::Metric metric);
    void setWindow(std::chrono::seconds window);
    [[nodiscard]] models::ThroughputHistory::Metric metric() const { return metric_; }
    [[nodiscard]] std::chrono::seconds window() const { return window_; }

    [[nodiscard]] QLineSeries* series(const QString& topic) const;
    [[nodiscard]] QChart* chart() const { return chart_; }
    [[nodiscard]] QString hoverText() const { return hoverText_; }
    // Hover at a data point of a series, as the mouse would (tests, keyboard users).
    void showValueAt(QLineSeries* series, const QPointF& point);

  public slots:
    void refresh();

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void applyPalette();
    QLineSeries* ensureSeries(const QString& topic);

    models::ThroughputHistory& history_;
    models::ThroughputHistory::Metric metric_ = models::ThroughputHistory::Metric::Messages;
    std::chrono::seconds window_{60};
    QChart* chart_;
    QChartView* view_;
    QDateTimeAxis* xAxis_;
    QValueAxis* yAxis_;
    QComboBox* metricBox_;
    QComboBox* windowBox_;
    QLabel* current_;
    std::map<QString, QLineSeries*> series_;
    QString hoverText_;
};

}  // namespace riverdelta::ui
