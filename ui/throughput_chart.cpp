#include "ui/throughput_chart.h"

#include <QComboBox>
#include <QCursor>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <cmath>

#include "ui/state_colors.h"

namespace riverdelta::ui {

namespace {

using Metric = models::ThroughputHistory::Metric;

// 1, 2 or 5 times a power of ten, at least `v`.
double niceCeil(double v) {
    if (v <= 0) return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= v) return m * p;
    return 10 * p;
}

struct Unit {
    double divisor;
    QString name;
};

Unit unitFor(Metric metric, double maxValue) {
    if (metric == Metric::Messages) return {1, QObject::tr("messages/s")};
    if (maxValue >= 1e6) return {1e6, QObject::tr("MB/s")};
    return {1e3, QObject::tr("kB/s")};
}

QString valueText(double v) {
    return v < 10 ? QLocale().toString(v, 'f', 1) : QLocale().toString(qRound64(v));
}

}  // namespace

ThroughputChart::ThroughputChart(models::ThroughputHistory& history, QWidget* parent)
    : QWidget(parent),
      history_(history),
      chart_(new QChart),
      view_(new QChartView(chart_, this)),
      xAxis_(new QDateTimeAxis(chart_)),
      yAxis_(new QValueAxis(chart_)),
      metricBox_(new QComboBox(this)),
      windowBox_(new QComboBox(this)),
      current_(new QLabel(this)) {
    setObjectName(QStringLiteral("throughput"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* controls = new QHBoxLayout;
    metricBox_->setObjectName(QStringLiteral("metric"));
    metricBox_->addItem(tr("Messages/s"));
    metricBox_->addItem(tr("Bytes/s"));
    windowBox_->setObjectName(QStringLiteral("window"));
    windowBox_->addItem(tr("Last minute"), 60);
    windowBox_->addItem(tr("Last 5 minutes"), 300);
    windowBox_->addItem(tr("Last 15 minutes"), 900);
    current_->setObjectName(QStringLiteral("currentRates"));
    current_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    controls->addWidget(metricBox_);
    controls->addWidget(windowBox_);
    controls->addSpacing(12);
    controls->addWidget(current_, 1);
    layout->addLayout(controls);
    layout->addWidget(view_, 1);

    chart_->setMargins(QMargins(4, 4, 4, 4));
    chart_->legend()->setAlignment(Qt::AlignRight);
    chart_->addAxis(xAxis_, Qt::AlignBottom);
    chart_->addAxis(yAxis_, Qt::AlignLeft);
    xAxis_->setFormat(QStringLiteral("HH:mm:ss"));
    xAxis_->setTickCount(7);
    yAxis_->setLabelFormat(QStringLiteral("%.0f"));
    yAxis_->setRange(0, 10);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumHeight(180);
    applyPalette();

    connect(metricBox_, &QComboBox::currentIndexChanged, this,
            [this](int i) { setMetric(i == 0 ? Metric::Messages : Metric::Bytes); });
    connect(windowBox_, &QComboBox::currentIndexChanged, this,
            [this](int i) { setWindow(std::chrono::seconds(windowBox_->itemData(i).toInt())); });
    connect(&history_, &models::ThroughputHistory::updated, this, &ThroughputChart::refresh);
    refresh();
}

void ThroughputChart::setMetric(Metric metric) {
    metric_ = metric;
    const int i = metric == Metric::Messages ? 0 : 1;
    if (metricBox_->currentIndex() != i) metricBox_->setCurrentIndex(i);
    refresh();
}

void ThroughputChart::setWindow(std::chrono::seconds window) {
    window_ = window;
    const int i = windowBox_->findData(static_cast<int>(window.count()));
    if (i >= 0 && windowBox_->currentIndex() != i) windowBox_->setCurrentIndex(i);
    refresh();
}

QLineSeries* ThroughputChart::series(const QString& topic) const {
    const auto it = series_.find(topic);
    return it == series_.end() ? nullptr : it->second;
}

QLineSeries* ThroughputChart::ensureSeries(const QString& topic) {
    if (auto* s = series(topic)) return s;
    auto* s = new QLineSeries(chart_);
    s->setName(topic);
    chart_->addSeries(s);
    s->attachAxis(xAxis_);
    s->attachAxis(yAxis_);
    QPen pen = s->pen();
    pen.setWidthF(2.0);
    s->setPen(pen);
    series_[topic] = s;
    connect(s, &QLineSeries::hovered, this, [this, s](const QPointF& p, bool state) {
        if (state)
            showValueAt(s, p);
        else
            QToolTip::hideText();
    });
    // Clicking the legend entry hides or shows the line; the entry dims while hidden.
    for (QLegendMarker* marker : chart_->legend()->markers(s)) {
        connect(marker, &QLegendMarker::clicked, this, [this, s, marker] {
            s->setVisible(!s->isVisible());
            marker->setVisible(true);
            QColor label = palette().color(QPalette::Text);
            if (!s->isVisible()) label.setAlphaF(0.4);
            marker->setLabelBrush(label);
            QBrush brush = marker->brush();
            QColor c = brush.color();
            c.setAlphaF(s->isVisible() ? 1.0 : 0.3);
            brush.setColor(c);
            marker->setBrush(brush);
            refresh();
        });
    }
    applyPalette();
    return s;
}

void ThroughputChart::refresh() {
    const qint64 now =
        history_.lastTimeMs() ? history_.lastTimeMs() : QDateTime::currentMSecsSinceEpoch();
    const QStringList topics = history_.topics();
    std::map<QString, QList<QPointF>> lists;
    double maxValue = 0;
    for (const QString& topic : topics) {
        auto points = history_.series(topic, metric_, window_, now);
        QLineSeries* s = ensureSeries(topic);
        if (s->isVisible())
            for (const QPointF& p : points)
                maxValue = std::max(maxValue, p.y());
        lists[topic] = std::move(points);
    }
    const Unit unit = unitFor(metric_, maxValue);
    QStringList now_;
    for (auto& [topic, points] : lists) {
        if (unit.divisor != 1)
            for (QPointF& p : points)
                p.setY(p.y() / unit.divisor);
        series_[topic]->replace(points);  // one redraw per series
        if (const auto* last = history_.latest(topic)) {
            const double v =
                (metric_ == Metric::Messages ? last->messagesPerSecond : last->bytesPerSecond) /
                unit.divisor;
            now_ << QStringLiteral("%1 <b>%2</b>").arg(topic.toHtmlEscaped(), valueText(v));
        }
    }
    current_->setText(now_.isEmpty()
                          ? tr("No topic written yet")
                          : tr("Now (%1): ").arg(unit.name) + now_.join(QStringLiteral(" · ")));
    xAxis_->setRange(
        QDateTime::fromMSecsSinceEpoch(now - static_cast<qint64>(window_.count()) * 1000),
        QDateTime::fromMSecsSinceEpoch(now));
    // Ticks a whole number of seconds / minutes apart so labels never repeat.
    xAxis_->setFormat(window_.count() <= 60 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
    xAxis_->setTickCount(window_.count() <= 60 ? 7 : 6);
    const double top = niceCeil(maxValue / unit.divisor * 1.1);
    yAxis_->setRange(0, top);
    yAxis_->setTickCount(6);
    yAxis_->setLabelFormat(top < 5 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
    yAxis_->setTitleText(unit.name);
}

void ThroughputChart::showValueAt(QLineSeries* series, const QPointF& point) {
    const QString unit = yAxis_->titleText();
    hoverText_ = tr("%1 at %2: %3 %4")
                     .arg(series->name(),
                          QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(point.x()))
                              .toString(QStringLiteral("HH:mm:ss")),
                          valueText(point.y()), unit);
    QToolTip::showText(QCursor::pos(), hoverText_, view_);
}

void ThroughputChart::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        applyPalette();
}

void ThroughputChart::applyPalette() {
    const QPalette& p = palette();
    const QColor base = p.color(QPalette::Base);
    const QColor text = p.color(QPalette::Text);
    QColor grid = p.color(QPalette::Mid);
    if (isDark(p)) grid = grid.lighter(130);
    chart_->setBackgroundBrush(base);
    chart_->setBackgroundPen(QPen(p.color(QPalette::Mid)));
    chart_->setPlotAreaBackgroundVisible(false);
    chart_->legend()->setLabelColor(text);
    QFont small = font();
    chart_->legend()->setFont(small);
    for (QAbstractAxis* axis :
         {static_cast<QAbstractAxis*>(xAxis_), static_cast<QAbstractAxis*>(yAxis_)}) {
        axis->setLabelsBrush(text);
        axis->setLabelsFont(small);
        axis->setTitleBrush(text);
        axis->setTitleFont(small);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
    view_->setBackgroundBrush(p.color(QPalette::Window));
}

}  // namespace riverdelta::ui
