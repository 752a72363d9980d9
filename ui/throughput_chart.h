#pragma once

#include <QList>
#include <QPointF>
#include <QWidget>
#include <chrono>
#include <map>
#include <utility>
#include <vector>

#include "models/throughput_history.h"

class QCategoryAxis;
class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
class QLabel;
class QLineSeries;

namespace riverdelta::ui {

// Live throughput per topic, change data capture topic (dashed) and PostgreSQL table (dotted):
// messages/s, or messages/min while every shown rate is below one a second (or bytes/s), over
// the last 1, 5 or 15 minutes, each rate over a window that fits its stream (WindowedRate).
// Above the chart each series' cumulative total, large, with its rate now; the legend names
// the totals too. One line per series, redrawn from the history's prepared lists
// (QXYSeries::replace) each time it gains points; clicking a legend entry hides or shows that
// topic; hovering a line shows its value at that moment. The value axis is linear or logarithmic
// (decades, with zero drawn one tick below the lowest); Auto picks log while a burst dwarfs the
// steady rates (the run report's rule).
class ThroughputChart : public QWidget {
    Q_OBJECT
  public:
    enum class Scale { Auto, Linear, Log };

    explicit ThroughputChart(models::ThroughputHistory& history, QWidget* parent = nullptr);

    void setMetric(models::ThroughputHistory::Metric metric);
    void setWindow(std::chrono::seconds window);
    void setScale(Scale scale);
    // Not metric(): that would hide QWidget::metric(PaintDeviceMetric) (clang-tidy).
    [[nodiscard]] models::ThroughputHistory::Metric shownMetric() const { return metric_; }
    [[nodiscard]] std::chrono::seconds window() const { return window_; }
    [[nodiscard]] Scale scale() const { return scale_; }
    // Whether the value axis is logarithmic now (Auto resolved).
    [[nodiscard]] bool logScale() const { return axis_.log; }

    [[nodiscard]] QLineSeries* series(const QString& topic) const;
    [[nodiscard]] QChart* chart() const { return chart_; }
    [[nodiscard]] QString hoverText() const { return hoverText_; }
    // The totals line: per series its cumulative count (big) and its rate now.
    [[nodiscard]] QLabel* totalsLabel() const { return current_; }
    // The projector shows the totals in tiles of its own: it hides the line, which wraps in a
    // small window.
    void setTotalsLineVisible(bool visible);
    // A rate now as the totals show it: "–", "5.0/min", "12/s".
    static QString shortRateText(double perSecond);
    // Hover at a data point of a series, as the mouse would (tests, keyboard users).
    void showValueAt(QLineSeries* series, const QPointF& point);

  public slots:
    void refresh();

  protected:
    void changeEvent(QEvent* event) override;

  private:
    // The value axis: its range and labelled ticks in plot units, and how a rate maps to them.
    struct Axis {
        bool log = false;
        double divisor = 1;  // linear: rate / divisor
        double zero = 0;     // log: where 0 is drawn (log10 of anything else)
        double min = 0, max = 1;
        std::vector<std::pair<QString, double>> ticks;  // bottom up
        QString title;
        bool operator==(const Axis&) const = default;
        [[nodiscard]] double plotY(double rate) const;
    };

    static Axis linearAxis(models::ThroughputHistory::Metric metric, double peak, int room);
    static Axis logAxis(models::ThroughputHistory::Metric metric, double least, double peak,
                        int room);
    [[nodiscard]] int labelRoom() const;  // how many value labels fit
    [[nodiscard]] int timeTicks() const;  // how many time labels fit, whole seconds/minutes apart
    void applyPalette();
    void applyAxis(Axis axis);
    QLineSeries* ensureSeries(const QString& topic);

    models::ThroughputHistory& history_;
    models::ThroughputHistory::Metric metric_ = models::ThroughputHistory::Metric::Messages;
    std::chrono::seconds window_{60};
    Scale scale_ = Scale::Auto;
    QChart* chart_;
    QChartView* view_;
    QDateTimeAxis* xAxis_;
    QCategoryAxis* yAxis_;
    QComboBox* metricBox_;
    QComboBox* windowBox_;
    QComboBox* scaleBox_;
    QLabel* current_;
    std::map<QString, QLineSeries*> series_;
    std::map<QString, QList<QPointF>> rates_;  // what the lines show, unscaled (for hover)
    Axis axis_;
    int room_ = 0;
    QString hoverText_;
};

}  // namespace riverdelta::ui
