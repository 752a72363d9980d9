#include "ui/throughput_chart.h"

#include <QComboBox>
#include <QCursor>
#include <QDateTime>
#include <QEvent>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>

#include "engine/metrics/rate_scale.h"
#include "models/byte_text.h"

namespace riverdelta::ui {

namespace {

using Metric = models::ThroughputHistory::Metric;

QString valueText(double v) {
    if (v == 0) return QStringLiteral("0");
    return v < 10 ? QLocale().toString(v, 'f', 1) : QLocale().toString(qRound64(v));
}

// "830 B", "12 KiB", "4.5 MiB": as the pipeline rows, the table page and the report.
QString bytesText(double v) {
    return models::byteText(v);
}

// Messages per minute below one a second: a stream of one every 12 s reads "5.0/min".
QString rateText(Metric metric, double v) {
    if (metric == Metric::Bytes) return bytesText(v) + QStringLiteral("/s");
    if (v > 0 && v < 1) return QObject::tr("%1 messages/min").arg(valueText(v * 60));
    return QObject::tr("%1 messages/s").arg(valueText(v));
}

QString shortRate(Metric metric, double v) {
    if (v <= 0) return QStringLiteral("–");
    if (metric == Metric::Bytes) return bytesText(v) + QStringLiteral("/s");
    if (v < 1) return QObject::tr("%1/min").arg(valueText(v * 60));
    return QObject::tr("%1/s").arg(valueText(v));
}

using Kind = models::ThroughputHistory::Kind;

// What a series counts, for the legend and the totals.
QString kindText(Kind kind) {
    switch (kind) {
        case Kind::CdcTopic:
            return QObject::tr("change events");
        case Kind::Table:
            return QObject::tr("rows written");
        case Kind::Topic:
            break;
    }
    return QObject::tr("messages");
}

// The log axis's ticks: powers of ten; bytes in B, KiB, MiB so each reads at a glance
// (1 KiB = 1024 B sits a hair above 1000 B: log spacing hides it).
double tickValue(Metric metric, int e) {
    if (metric == Metric::Messages || e < 3) return std::pow(10.0, e);
    return std::pow(1024.0, e / 3) * std::pow(10.0, e % 3);
}

QString tickLabel(Metric metric, int e) {
    if (metric == Metric::Messages)
        return QLocale().toString(std::pow(10.0, e), 'f', std::max(0, -e));
    if (e < 3)
        return QLocale().toString(std::pow(10.0, e), 'f', std::max(0, -e)) + QStringLiteral(" B");
    static constexpr std::array units = {"KiB", "MiB", "GiB", "TiB"};
    const auto u = std::min<std::size_t>(static_cast<std::size_t>(e / 3 - 1), units.size() - 1);
    return QString::number(std::pow(10.0, e % 3)) + QLatin1Char(' ') + QLatin1String(units[u]);
}

}  // namespace

double ThroughputChart::Axis::plotY(double rate) const {
    if (!log) return rate / divisor;
    return rate > 0 ? std::log10(rate) : zero;
}

ThroughputChart::Axis ThroughputChart::linearAxis(Metric metric, double peak, int room) {
    Axis axis;
    axis.title = tr("messages/s");
    if (metric == Metric::Messages && peak > 0 && peak < 1) {
        // Sparse streams: per minute, so a stream of one every 12 s reads 5, not 0.08.
        axis.divisor = 1.0 / 60;
        axis.title = tr("messages/min");
    }
    if (metric == Metric::Bytes) {
        if (peak >= 1024.0 * 1024)
            std::tie(axis.divisor, axis.title) = std::pair(1024.0 * 1024, QStringLiteral("MiB/s"));
        else if (peak >= 1024)
            std::tie(axis.divisor, axis.title) = std::pair(1024.0, QStringLiteral("KiB/s"));
        else
            axis.title = QStringLiteral("B/s");
    }
    // The finest step of 0.2, 0.5, 1, 2 or 5 × 10^n whose ticks, from 0 to the first above the
    // peak plus a margin, fit (6 at most: more crowds a tall chart).
    const double top = peak > 0 ? peak / axis.divisor * 1.1 : 1;
    const double mag = std::pow(10.0, std::floor(std::log10(top)));
    double step = 10 * mag;
    for (double m : {0.2, 0.5, 1.0, 2.0, 5.0})
        if (std::ceil(top / (m * mag) - 1e-9) + 1 <= std::min(room, 6)) {
            step = m * mag;
            break;
        }
    const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
    axis.ticks.emplace_back(QStringLiteral("0"), 0);
    for (int i = 1; axis.ticks.back().second < top - step * 1e-3; ++i)
        axis.ticks.emplace_back(QLocale().toString(i * step, 'f', decimals), i * step);
    axis.max = axis.ticks.back().second;
    return axis;
}

ThroughputChart::Axis ThroughputChart::logAxis(Metric metric, double least, double peak, int room) {
    // Decades from the one at or below the smallest rate above 0 to the one at or above the
    // peak, every `stride`th labelled so they fit (the top one always); 0, which has no log,
    // one stride lower, labelled 0: closer, it would hide the lowest decade's label.
    int lo = 0, hi = 1;
    if (peak > 0) {
        lo = static_cast<int>(std::floor(std::log10(least)));
        while (tickValue(metric, lo) > least)
            --lo;
        while (tickValue(metric, lo + 1) <= least)
            ++lo;
        hi = lo + 1;
        while (tickValue(metric, hi) < peak)
            ++hi;
    }
    const int stride = std::max(1, (hi - lo + room - 3) / std::max(1, room - 2));
    const int bottom = hi - (hi - lo + stride - 1) / stride * stride;
    Axis axis;
    axis.log = true;
    axis.zero = std::log10(tickValue(metric, bottom)) - stride;
    axis.min = axis.zero;
    axis.max = std::log10(tickValue(metric, hi));
    axis.ticks.emplace_back(QStringLiteral("0"), axis.zero);
    for (int e = bottom; e <= hi; e += stride)
        axis.ticks.emplace_back(tickLabel(metric, e), std::log10(tickValue(metric, e)));
    axis.title = metric == Metric::Messages ? tr("messages/s") : tr("bytes/s");
    return axis;
}

int ThroughputChart::labelRoom() const {
    // Qt Charts gives each value-axis label the axis's height (about the chart's) over the
    // number of ticks, less padding, and draws any label taller than that as "..." (measured on
    // Qt 6.4, with a little margin): no more ticks than fit.
    const double slot = QFontMetricsF(yAxis_->labelsFont()).height() + 10.5;
    return std::max(3, static_cast<int>((chart_->size().height() - 20) / slot) - 1);
}

int ThroughputChart::timeTicks() const {
    // Qt Charts elides a time label wider than its share of the plot ("11:0…" in a small
    // projector window): as many ticks as fit with a label's width of air between them, at
    // spacings that keep labels whole seconds / minutes apart (1 min: 10 s and up; 5 min: 1 or
    // 5 min; 15 min: 3 or 5 min... ).
    const bool seconds = window_.count() <= 60;
    const double label =
        QFontMetricsF(xAxis_->labelsFont())
            .horizontalAdvance(seconds ? QStringLiteral("00:00:00") : QStringLiteral("00:00"));
    const double width = chart_->plotArea().width();
    const auto minutes = static_cast<int>(window_.count() / 60);
    const int most = seconds ? 6 : 5;  // intervals, as before on a wide chart
    for (int intervals = most; intervals > 1; --intervals) {
        const bool whole = seconds ? 60 % intervals == 0 : minutes % intervals == 0;
        if (whole && width / intervals >= label * 1.6) return intervals + 1;
    }
    return 2;
}

ThroughputChart::ThroughputChart(models::ThroughputHistory& history, QWidget* parent)
    : QWidget(parent),
      history_(history),
      chart_(new QChart),
      view_(new QChartView(chart_, this)),
      xAxis_(new QDateTimeAxis(chart_)),
      yAxis_(new QCategoryAxis(chart_)),
      metricBox_(new QComboBox(this)),
      windowBox_(new QComboBox(this)),
      scaleBox_(new QComboBox(this)),
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
    scaleBox_->setObjectName(QStringLiteral("scale"));
    scaleBox_->addItem(tr("Auto (linear)"));
    scaleBox_->addItem(tr("Linear scale"));
    scaleBox_->addItem(tr("Log scale"));
    scaleBox_->setToolTip(
        tr("Auto: logarithmic while a burst dwarfs the steady rates in the window, so both "
           "stay readable"));
    current_->setObjectName(QStringLiteral("currentRates"));
    current_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    current_->setWordWrap(true);
    controls->addWidget(metricBox_);
    controls->addWidget(windowBox_);
    controls->addWidget(scaleBox_);
    controls->addStretch(1);
    layout->addLayout(controls);
    // Big cumulative totals per topic and table, each with its rate now: read from the back
    // row. A row of its own, the full width: beside the choosers it wrapped into more lines
    // than a horizontal layout gives a word-wrapped label (presentation mode at 1024×700).
    layout->addWidget(current_);
    layout->addWidget(view_, 1);

    chart_->setMargins(QMargins(4, 4, 4, 4));
    chart_->legend()->setAlignment(Qt::AlignRight);
    chart_->addAxis(xAxis_, Qt::AlignBottom);
    chart_->addAxis(yAxis_, Qt::AlignLeft);
    xAxis_->setFormat(QStringLiteral("HH:mm:ss"));
    xAxis_->setTickCount(7);
    yAxis_->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumHeight(180);
    applyPalette();

    connect(metricBox_, &QComboBox::currentIndexChanged, this,
            [this](int i) { setMetric(i == 0 ? Metric::Messages : Metric::Bytes); });
    connect(windowBox_, &QComboBox::currentIndexChanged, this,
            [this](int i) { setWindow(std::chrono::seconds(windowBox_->itemData(i).toInt())); });
    connect(scaleBox_, &QComboBox::currentIndexChanged, this,
            [this](int i) { setScale(static_cast<Scale>(i)); });
    connect(&history_, &models::ThroughputHistory::updated, this, &ThroughputChart::refresh);
    // Resizing or a new font changes how many value labels fit.
    connect(chart_, &QChart::plotAreaChanged, this, [this] {
        if (labelRoom() != room_ || timeTicks() != xAxis_->tickCount()) refresh();
    });
    refresh();
}

void ThroughputChart::setTotalsLineVisible(bool visible) {
    current_->setVisible(visible);
}

QString ThroughputChart::shortRateText(double perSecond) {
    return shortRate(Metric::Messages, perSecond);
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

void ThroughputChart::setScale(Scale scale) {
    scale_ = scale;
    const int i = static_cast<int>(scale);
    if (scaleBox_->currentIndex() != i) scaleBox_->setCurrentIndex(i);
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
    s->setProperty("topic", topic);
    chart_->addSeries(s);
    s->attachAxis(xAxis_);
    s->attachAxis(yAxis_);
    QPen pen = s->pen();
    pen.setWidthF(2.0);
    // Change data capture topics dashed, PostgreSQL tables dotted: one colour per series still.
    const auto kind = history_.kind(topic);
    if (kind == Kind::CdcTopic) pen.setStyle(Qt::DashLine);
    if (kind == Kind::Table) pen.setStyle(Qt::DotLine);
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
    rates_.clear();
    const QStringList topics = history_.topics();
    // A new run clears the history: its lines go with it.
    for (auto it = series_.begin(); it != series_.end();) {
        if (topics.contains(it->first)) {
            ++it;
            continue;
        }
        chart_->removeSeries(it->second);
        delete it->second;
        it = series_.erase(it);
    }
    std::vector<double> shown;  // the visible lines' rates: what the axis must fit
    for (const QString& topic : topics) {
        auto points = history_.series(topic, metric_, window_, now);
        if (ensureSeries(topic)->isVisible())
            for (const QPointF& p : points)
                shown.push_back(p.y());
        rates_[topic] = std::move(points);
    }
    double peak = 0, least = 0;  // least: the smallest rate above zero
    for (double v : shown) {
        peak = std::max(peak, v);
        if (v > 0 && (least == 0 || v < least)) least = v;
    }

    const bool burst = metrics::needsLogScale(shown);
    // The choice says what Auto picks (also while another is chosen): the axis title stays short.
    const QString autoText = burst ? tr("Auto (log)") : tr("Auto (linear)");
    if (scaleBox_->itemText(0) != autoText) scaleBox_->setItemText(0, autoText);
    const bool log = scale_ == Scale::Log || (scale_ == Scale::Auto && burst);
    room_ = labelRoom();
    Axis axis = log ? logAxis(metric_, least, peak, room_) : linearAxis(metric_, peak, room_);
    // Relabelling the axis relayouts the chart: only when the ticks change.
    if (axis != axis_) applyAxis(std::move(axis));

    QStringList latest;
    const QLocale locale;
    for (const QString& topic : topics) {
        QList<QPointF> plotted = rates_[topic];
        if (axis_.log || axis_.divisor != 1)
            for (QPointF& p : plotted)
                p.setY(axis_.plotY(p.y()));
        QLineSeries* line = series_[topic];
        line->replace(plotted);  // one redraw per series
        // The legend carries the total (renaming relayouts the legend: only when it moved).
        const QString total = locale.toString(qulonglong(history_.total(topic)));
        const QString name = QStringLiteral("%1  %2").arg(topic, total);
        if (line->name() != name) line->setName(name);
        const auto rate = history_.rate(topic);
        const double v = metric_ == Metric::Messages ? rate.eventsPerSecond : rate.bytesPerSecond;
        const QColor color = line->pen().color();
        latest << QStringLiteral(
                      "<span style=\"white-space:nowrap\"><span style=\"color:%1\">■</span> "
                      "%2 <span style=\"font-size:large; font-weight:600\">%3</span> "
                      "<span title=\"%4\">%5</span></span>")
                      .arg(color.name(), topic.toHtmlEscaped(), total,
                           tr("%1; rate over the last %2 s")
                               .arg(kindText(history_.kind(topic)))
                               .arg(rate.window.count()),
                           shortRate(metric_, v));
    }
    const QString text =
        latest.isEmpty() ? tr("No topic written yet") : latest.join(QStringLiteral(" &nbsp; "));
    if (current_->text() != text) current_->setText(text);
    xAxis_->setRange(
        QDateTime::fromMSecsSinceEpoch(now - static_cast<qint64>(window_.count()) * 1000),
        QDateTime::fromMSecsSinceEpoch(now));
    // Ticks a whole number of seconds / minutes apart so labels never repeat.
    xAxis_->setFormat(window_.count() <= 60 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
    if (const int ticks = timeTicks(); xAxis_->tickCount() != ticks) xAxis_->setTickCount(ticks);
    // The chooser names the unit the value axis reads: per minute for sparse streams.
    const QString messages = metric_ == Metric::Messages && !axis_.log && axis_.divisor < 1
                                 ? tr("Messages/min")
                                 : tr("Messages/s");
    if (metricBox_->itemText(0) != messages) metricBox_->setItemText(0, messages);
}

void ThroughputChart::applyAxis(Axis axis) {
    axis_ = std::move(axis);
    for (const QString& label : yAxis_->categoriesLabels())
        yAxis_->remove(label);
    // A category's label sits at its end: the first one ("0") ends at the bottom of the axis.
    yAxis_->setStartValue(axis_.min - 1);
    for (const auto& [label, value] : axis_.ticks)
        yAxis_->append(label, value);
    yAxis_->setRange(axis_.min, axis_.max);
    yAxis_->setTitleText(axis_.title);
}

void ThroughputChart::showValueAt(QLineSeries* series, const QPointF& point) {
    // The line is drawn in axis units (log10 on a log axis, or KiB): the nearest sample in time
    // tells the true rate.
    const QString topic = series->property("topic").toString();
    const auto it = rates_.find(topic);
    if (it == rates_.end() || it->second.isEmpty()) return;
    const QList<QPointF>& rates = it->second;
    auto nearest = std::lower_bound(rates.begin(), rates.end(), point.x(),
                                    [](const QPointF& p, double x) { return p.x() < x; });
    if (nearest == rates.end() ||
        (nearest != rates.begin() && point.x() - (nearest - 1)->x() < nearest->x() - point.x()))
        --nearest;
    hoverText_ = tr("%1 at %2: %3")
                     .arg(topic,
                          QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(nearest->x()))
                              .toString(QStringLiteral("HH:mm:ss")),
                          rateText(metric_, nearest->y()));
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
    // Grid lines 30% of the way from the background to the text: quiet and visible on light and
    // dark palettes alike, also those that leave Mid at the light default.
    const auto mix = [](int from, int to) { return from + (to - from) * 3 / 10; };
    const QColor grid(mix(base.red(), text.red()), mix(base.green(), text.green()),
                      mix(base.blue(), text.blue()));
    chart_->setBackgroundBrush(base);
    chart_->setBackgroundPen(QPen(grid));
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
