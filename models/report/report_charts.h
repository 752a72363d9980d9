#pragma once

#include <QColor>
#include <QImage>
#include <QString>
#include <vector>

#include "engine/report/time_series.h"

namespace riverdelta::report {

struct ChartSeries {
    QString label;
    QColor color;
    std::vector<SeriesPoint> points;
    bool rightAxis = false;  // scaled on the right-hand axis (e.g. bytes/s next to messages/s)
};

// A line chart of rates over the run (x: seconds since start), with a left and an optional
// right axis, drawn with QPainter into an image of `size` logical pixels at `scale` device
// pixels per logical pixel (3 or more for print). White background, self-contained.
QImage renderChart(const QString& title, const QString& leftUnit, const QString& rightUnit,
                   const std::vector<ChartSeries>& series, QSize size, qreal scale);

// "1.2k", "3.4M": short axis labels.
QString shortNumber(double v);

}  // namespace riverdelta::report
