#include "models/report/report_charts.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "engine/metrics/rate_scale.h"

namespace riverdelta::report {

namespace {

// A "nice" axis maximum and step (1, 2 or 5 × 10^n) for values up to `max`.
std::pair<double, double> niceAxis(double max) {
    if (max <= 0) return {1, 0.25};
    const double raw = max / 5;
    const double mag = std::pow(10, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    return {std::ceil(max / step) * step, step};
}

}  // namespace

QString shortNumber(double v) {
    const double a = std::abs(v);
    if (a >= 1e9) return QString::number(v / 1e9, 'g', 3) + QLatin1Char('G');
    if (a >= 1e6) return QString::number(v / 1e6, 'g', 3) + QLatin1Char('M');
    if (a >= 1e3) return QString::number(v / 1e3, 'g', 3) + QLatin1Char('k');
    return QString::number(v, 'g', 3);
}

QImage renderChart(const QString& title, const QString& leftUnit, const QString& rightUnit,
                   const std::vector<ChartSeries>& series, QSize size, qreal scale) {
    QImage image(QSize(qRound(size.width() * scale), qRound(size.height() * scale)),
                 QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);

    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(11);
    QFont titleFont = font;
    titleFont.setPixelSize(13);
    titleFont.setBold(true);
    const QFontMetricsF fm(font);

    double tMax = 0, leftMax = 0, rightMax = 0;
    bool hasRight = false;
    for (const auto& s : series)
        for (const auto& pt : s.points) {
            tMax = std::max(tMax, pt.t);
            (s.rightAxis ? rightMax : leftMax) = std::max(s.rightAxis ? rightMax : leftMax, pt.v);
            hasRight = hasRight || s.rightAxis;
        }
    auto [lMax, lStep] = niceAxis(leftMax);
    auto [rMax, rStep] = niceAxis(rightMax);
    const auto [xMax, xStep] = niceAxis(std::max(tMax, 1.0));
    // A short burst (historical events) next to a steady trickle (streaming) would flatten the
    // trickle to the axis: then the value axes are logarithmic (decades), saying so.
    std::vector<double> leftValues;
    for (const auto& s : series)
        for (const auto& pt : s.points)
            if (!s.rightAxis) leftValues.push_back(pt.v);
    const bool logScale = metrics::needsLogScale(leftValues);
    if (logScale) {
        lMax = std::pow(10, std::ceil(std::log10(std::max(leftMax, 1.0))));
        rMax = std::pow(10, std::ceil(std::log10(std::max(rightMax, 1.0))));
    }
    // Value → fraction of the plot's height.
    auto frac = [&](double v, double axisMax) {
        if (!logScale) return std::clamp(v / axisMax, 0.0, 1.0);
        return std::clamp(std::log10(1 + std::max(v, 0.0)) / std::log10(1 + axisMax), 0.0, 1.0);
    };

    const QRectF plot(58, 34, size.width() - 58 - (hasRight ? 58 : 16), size.height() - 34 - 46);
    p.setFont(titleFont);
    p.setPen(QColor(0x20, 0x20, 0x20));
    p.drawText(QRectF(8, 4, size.width() - 16, 22), Qt::AlignLeft | Qt::AlignVCenter, title);

    // Grid and axes.
    p.setFont(font);
    const QPen grid(QColor(0xdd, 0xdd, 0xdd), 1);
    const QPen axisText(QColor(0x55, 0x55, 0x55));
    const int steps = logScale ? 0 : static_cast<int>(std::lround(lMax / lStep));
    if (logScale) {
        for (double v = 0; v <= lMax; v = v == 0 ? 1 : v * 10) {
            const double y = plot.bottom() - plot.height() * frac(v, lMax);
            p.setPen(grid);
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
            p.setPen(axisText);
            p.drawText(QRectF(0, y - 8, plot.left() - 6, 16), Qt::AlignRight | Qt::AlignVCenter,
                       shortNumber(v));
        }
        for (double v = 0; hasRight && v <= rMax; v = v == 0 ? 1 : v * 10) {
            const double y = plot.bottom() - plot.height() * frac(v, rMax);
            p.drawText(QRectF(plot.right() + 6, y - 8, 52, 16), Qt::AlignLeft | Qt::AlignVCenter,
                       shortNumber(v));
        }
    }
    for (int i = 0; !logScale && i <= steps; ++i) {
        const double y = plot.bottom() - plot.height() * i / steps;
        p.setPen(grid);
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(axisText);
        p.drawText(QRectF(0, y - 8, plot.left() - 6, 16), Qt::AlignRight | Qt::AlignVCenter,
                   shortNumber(lStep * i));
        if (hasRight)
            p.drawText(QRectF(plot.right() + 6, y - 8, 52, 16), Qt::AlignLeft | Qt::AlignVCenter,
                       shortNumber(rMax * i / steps));
    }
    const int xSteps = static_cast<int>(std::lround(xMax / xStep));
    for (int i = 0; i <= xSteps; ++i) {
        const double x = plot.left() + plot.width() * i / xSteps;
        p.setPen(grid);
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.setPen(axisText);
        p.drawText(QRectF(x - 30, plot.bottom() + 3, 60, 16), Qt::AlignHCenter | Qt::AlignTop,
                   shortNumber(xStep * i));
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + 18, plot.width(), 16), Qt::AlignHCenter,
               QStringLiteral("seconds since start"));
    p.save();
    p.translate(12, plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-plot.height() / 2, -8, plot.height(), 16), Qt::AlignCenter,
               logScale ? leftUnit + QStringLiteral(" (log scale)") : leftUnit);
    p.restore();
    if (hasRight) {
        p.save();
        p.translate(size.width() - 8, plot.center().y());
        p.rotate(90);
        p.drawText(QRectF(-plot.height() / 2, -8, plot.height(), 16), Qt::AlignCenter, rightUnit);
        p.restore();
    }
    p.setPen(QPen(QColor(0x88, 0x88, 0x88), 1));
    p.drawRect(plot);

    // Series, and a legend along the top right.
    double legendX = size.width() - 8;
    for (auto it = series.rbegin(); it != series.rend(); ++it) {
        const auto& s = *it;
        const double yMax = s.rightAxis ? rMax : lMax;
        QPainterPath path;
        for (std::size_t i = 0; i < s.points.size(); ++i) {
            const QPointF pt(plot.left() + plot.width() * s.points[i].t / xMax,
                             plot.bottom() - plot.height() * frac(s.points[i].v, yMax));
            if (i == 0)
                path.moveTo(pt);
            else
                path.lineTo(pt);
        }
        QPen pen(s.color, 1.8);
        if (s.rightAxis) pen.setStyle(Qt::DashLine);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        if (s.points.size() == 1)
            p.drawEllipse(path.currentPosition(), 2.5, 2.5);
        else
            p.drawPath(path);
        const double w = fm.horizontalAdvance(s.label);
        legendX -= w;
        p.setPen(QColor(0x33, 0x33, 0x33));
        p.drawText(QRectF(legendX, 8, w, 16), Qt::AlignLeft | Qt::AlignVCenter, s.label);
        legendX -= 26;
        p.setPen(pen);
        p.drawLine(QPointF(legendX, 16), QPointF(legendX + 20, 16));
        legendX -= 14;
    }
    if (series.empty() ||
        std::all_of(series.begin(), series.end(), [](const auto& s) { return s.points.empty(); })) {
        p.setPen(axisText);
        p.drawText(plot, Qt::AlignCenter,
                   QStringLiteral("no samples (the run was shorter than a second)"));
    }
    p.end();
    return image;
}

}  // namespace riverdelta::report
