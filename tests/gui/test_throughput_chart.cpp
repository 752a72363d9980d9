// The console's throughput chart on a burst (the historical stage: thousands a second for a
// second) followed by a trickle (streams at a few a second), fed straight into the history:
// the value axis, what Auto picks, where the lines land, hover values, screenshots.
#include <QComboBox>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtTest>
#include <cmath>

#include "models/throughput_history.h"
#include "support/dark_palette.h"
#include "support/screenshot.h"
#include "ui/throughput_chart.h"

using namespace riverdelta;
using namespace std::chrono_literals;
using Metric = models::ThroughputHistory::Metric;
using Scale = ui::ThroughputChart::Scale;

namespace {

// Counters of three topics, fed every 0.5 s: clickstream bursts at 5,000/s for a second, then
// trickles at 6 and 10/s by turns; bookings trickles at 2/s all along; hotel_reviews stays 0.
class Feed {
  public:
    explicit Feed(models::ThroughputHistory& history) : history_(history) { sample(); }

    void burst() {
        for (int i = 0; i < 2; ++i)
            step(2500);
    }
    void trickle(std::chrono::seconds span) {
        for (int i = 0; i < span / 500ms; ++i)
            step(i % 2 ? 5 : 3);
    }

    static constexpr qint64 kStartMs = 1'700'000'000'000;

  private:
    void step(std::uint64_t clicks) {
        clicks_ += clicks;
        bookings_ += 1;
        ++ticks_;
        sample();
    }
    void sample() {
        history_.addSample(std::chrono::steady_clock::time_point{} + 1h + ticks_ * 500ms,
                           kStartMs + ticks_ * 500,
                           {{"bookings", bookings_, bookings_ * 300},
                            {"clickstream", clicks_, clicks_ * 200},
                            {"hotel_reviews", 0, 0}});
    }

    models::ThroughputHistory& history_;
    std::uint64_t clicks_ = 0, bookings_ = 0;
    int ticks_ = 0;
};

QCategoryAxis* valueAxis(ui::ThroughputChart& chart) {
    const auto axes = chart.chart()->axes(Qt::Vertical);
    return axes.isEmpty() ? nullptr : qobject_cast<QCategoryAxis*>(axes.front());
}

// How far up the plot the series' last point is drawn, 0 (the x axis) to 1 (the top).
double heightOfLast(ui::ThroughputChart& chart, QLineSeries* s) {
    const QRectF plot = chart.chart()->plotArea();
    const QPointF at = chart.chart()->mapToPosition(s->at(s->count() - 1), s);
    return (plot.bottom() - at.y()) / plot.height();
}

// Every point drawn inside the plot and finite (a log of 0 would be -inf).
bool allDrawable(ui::ThroughputChart& chart, QLineSeries* s) {
    const QRectF plot = chart.chart()->plotArea().adjusted(-1, -1, 1, 1);
    for (const QPointF& p : s->points()) {
        const QPointF at = chart.chart()->mapToPosition(p, s);
        if (!std::isfinite(p.y()) || !plot.contains(at)) return false;
    }
    return true;
}

// Hovers the point nearest to `msAfterStart` on the series and returns the text shown.
QString hoverAt(ui::ThroughputChart& chart, QLineSeries* s, qint64 msAfterStart) {
    const double x = static_cast<double>(Feed::kStartMs + msAfterStart);
    for (const QPointF& p : s->points())
        if (std::abs(p.x() - x) < 1) {
            chart.showValueAt(s, p);
            return chart.hoverText();
        }
    return {};
}

}  // namespace

class ThroughputChartTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void burstThenTrickleStaysReadable() {
        models::ThroughputHistory history;
        ui::ThroughputChart chart(history);
        chart.resize(960, 380);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        Feed feed(history);
        feed.burst();
        feed.trickle(30s);

        // Auto: the burst is in the minute shown, next to a trickle 500 times smaller: log.
        QCOMPARE(chart.scale(), Scale::Auto);
        QVERIFY(chart.logScale());
        QCategoryAxis* axis = valueAxis(chart);
        QVERIFY(axis);
        QCOMPARE(axis->categoriesLabels(), (QStringList{"0", "1", "10", "100", "1,000", "10,000"}));
        QCOMPARE(axis->titleText(), QStringLiteral("messages/s"));
        QCOMPARE(chart.findChild<QComboBox*>(QStringLiteral("metric"))->currentText(),
                 QStringLiteral("Messages/s"));
        auto* scaleBox = chart.findChild<QComboBox*>(QStringLiteral("scale"));
        QCOMPARE(scaleBox->currentText(), QStringLiteral("Auto (log)"));
        QLineSeries* clicks = chart.series("clickstream");
        QLineSeries* bookings = chart.series("bookings");
        QLineSeries* reviews = chart.series("hotel_reviews");
        QVERIFY(clicks && bookings && reviews);
        // The trickles sit well above the x axis (a linear axis to 6,000 would put 10/s at 0.2%).
        QVERIFY(heightOfLast(chart, clicks) > 0.25);
        QVERIFY(heightOfLast(chart, bookings) > 0.15);
        QVERIFY(heightOfLast(chart, clicks) > heightOfLast(chart, bookings));
        // Zero is drawn on the x axis, below the lowest decade, not at log(0).
        QVERIFY(allDrawable(chart, reviews) && allDrawable(chart, clicks));
        QVERIFY(std::abs(heightOfLast(chart, reviews)) < 0.01);
        // Hover shows the true rates, not their logarithms.
        QCOMPARE(
            hoverAt(chart, clicks, 500),
            QStringLiteral("clickstream at %1: 5,000 messages/s")
                .arg(QDateTime::fromMSecsSinceEpoch(Feed::kStartMs + 500).toString("HH:mm:ss")));
        // Over the last second (3 + 5 clicks), not one half second's 6 or 10 a second.
        QVERIFY2(hoverAt(chart, clicks, 2000).endsWith(": 8.0 messages/s"),
                 qPrintable(chart.hoverText()));
        QVERIFY(hoverAt(chart, reviews, 2000).endsWith(": 0 messages/s"));
        RD_SCREENSHOT(&chart, "throughput-auto-log");

        // More ticks of the same trickle relabel nothing: the axis only changes with its ticks.
        QSignalSpy relabelled(axis, &QCategoryAxis::categoriesChanged);
        feed.trickle(5s);
        QCOMPARE(relabelled.count(), 0);

        // Linear, chosen: honoured, and the trickle is as flat as it is on a linear axis.
        scaleBox->setCurrentIndex(1);
        QCOMPARE(chart.scale(), Scale::Linear);
        QVERIFY(!chart.logScale());
        QCOMPARE(axis->categoriesLabels(), (QStringList{"0", "2,000", "4,000", "6,000"}));
        QCOMPARE(axis->titleText(), QStringLiteral("messages/s"));
        QCOMPARE(scaleBox->itemText(0), QStringLiteral("Auto (log)"));  // what Auto would do
        QVERIFY(heightOfLast(chart, clicks) < 0.01);
        RD_SCREENSHOT(&chart, "throughput-linear");

        // Log, chosen: kept across the window and the metric; bytes/s ticks in B, KiB, MiB.
        chart.setScale(Scale::Log);
        chart.findChild<QComboBox*>(QStringLiteral("window"))->setCurrentIndex(2);
        chart.findChild<QComboBox*>(QStringLiteral("metric"))->setCurrentIndex(1);
        QCOMPARE(chart.window(), 900s);
        QCOMPARE(chart.shownMetric(), Metric::Bytes);
        QCOMPARE(chart.scale(), Scale::Log);
        QVERIFY(chart.logScale());
        QCOMPARE(axis->categoriesLabels(),
                 (QStringList{"0", "100 B", "1 KiB", "10 KiB", "100 KiB", "1 MiB"}));
        QCOMPARE(axis->titleText(), QStringLiteral("bytes/s"));
        QVERIFY(heightOfLast(chart, clicks) > 0.3);
        QVERIFY(allDrawable(chart, reviews));
        // Bytes as everywhere in the console and the report: binary units, a no-break space.
        QVERIFY2(hoverAt(chart, clicks, 500).endsWith(QStringLiteral(": 977\u00a0KiB/s")),
                 qPrintable(chart.hoverText()));
        QVERIFY2(hoverAt(chart, bookings, 2000).endsWith(QStringLiteral(": 600\u00a0B/s")),
                 qPrintable(chart.hoverText()));
        RD_SCREENSHOT(&chart, "throughput-log-bytes");

        // Dark mode: the axis, its labels and the lines stay readable (looked at by hand).
        const QPalette light = QApplication::palette();
        testing::useDarkPalette();
        chart.setScale(Scale::Auto);
        chart.setMetric(Metric::Messages);
        QVERIFY(chart.logScale());
        RD_SCREENSHOT(&chart, "throughput-auto-log-dark");
        QApplication::setPalette(light);

        // Hiding the bursting topic leaves steady rates: Auto turns linear; showing it, log.
        const auto markers = chart.chart()->legend()->markers(clicks);
        QCOMPARE(markers.size(), 1);
        emit markers.front()->clicked();
        QVERIFY(!clicks->isVisible());
        QVERIFY(!chart.logScale());
        QVERIFY(heightOfLast(chart, bookings) > 0.5);
        emit markers.front()->clicked();
        QVERIFY(clicks->isVisible());
        QVERIFY(chart.logScale());

        // Once the burst has left the minute shown, Auto is linear again, the trickle tall.
        chart.setWindow(60s);
        feed.trickle(30s);
        QVERIFY(!chart.logScale());
        QCOMPARE(scaleBox->currentText(), QStringLiteral("Auto (linear)"));
        QCOMPARE(axis->categoriesLabels(), (QStringList{"0", "2", "4", "6", "8", "10"}));
        QVERIFY(heightOfLast(chart, clicks) > 0.3);
        QVERIFY(allDrawable(chart, reviews));
        RD_SCREENSHOT(&chart, "throughput-auto-linear");
        // ... and log again for a window that still holds it.
        chart.setWindow(300s);
        QVERIFY(chart.logScale());
    }

    void valueLabelsFitAShortChartInALargeFont() {
        // Presentation mode on a projector: large text, the chart squeezed under the pipeline.
        // Qt Charts draws a value label that gets too little height as "...": fewer ticks.
        models::ThroughputHistory history;
        ui::ThroughputChart chart(history);
        QFont large = chart.font();
        large.setPointSizeF(large.pointSizeF() * 1.5);
        chart.setFont(large);
        chart.resize(960, 240);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        Feed feed(history);
        feed.burst();
        feed.trickle(30s);
        chart.setMetric(Metric::Bytes);
        QVERIFY(chart.logScale());
        const auto drawnAsDots = [&] {
            QStringList dots;
            for (QGraphicsItem* item : chart.chart()->scene()->items())
                if (auto* text = qgraphicsitem_cast<QGraphicsTextItem*>(item);
                    text && text->isVisible() && text->toPlainText().contains("..."))
                    dots << text->toPlainText();
            return dots;
        };
        QCategoryAxis* axis = valueAxis(chart);
        // Every other decade (100 B to 1 MiB would need 6 labels with 0's). The ticks follow the
        // plot area, which the chart's layout sets from queued events: the labels are waited for,
        // the dots are read once the layout's events are all delivered.
        QTRY_COMPARE(axis->categoriesLabels(), (QStringList{"0", "100 B", "10 KiB", "1 MiB"}));
        testing::deliverQueuedEvents();
        QCOMPARE(drawnAsDots(), QStringList());
        QVERIFY(heightOfLast(chart, chart.series("clickstream")) > 0.3);
        RD_SCREENSHOT(&chart, "throughput-log-large-font");
        chart.setScale(Scale::Linear);
        testing::deliverQueuedEvents();
        QCOMPARE(drawnAsDots(), QStringList());
        QVERIFY(axis->categoriesLabels().size() <= 4);
        // Taller, all decades again.
        chart.setScale(Scale::Auto);
        chart.resize(960, 420);
        QTRY_COMPARE(axis->categoriesLabels(),
                     (QStringList{"0", "100 B", "1 KiB", "10 KiB", "100 KiB", "1 MiB"}));
        testing::deliverQueuedEvents();
        QCOMPARE(drawnAsDots(), QStringList());
    }

    // Streams of one event every 12 s (the workshop at ×1): per minute, never a flat zero with
    // spikes; the totals line and the legend carry the cumulative counts.
    void sparseStreamsReadPerMinute() {
        models::ThroughputHistory history;
        ui::ThroughputChart chart(history);
        chart.resize(960, 380);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        std::uint64_t clicks = 3000;
        for (int i = 0; i <= 1800; ++i) {  // three minutes, polled every 100 ms
            if (i > 0 && i % 120 == 0) ++clicks;
            history.addSample(std::chrono::steady_clock::time_point{} + 1h + i * 100ms,
                              Feed::kStartMs + i * 100,
                              {{"clickstream", clicks, clicks * 200}, {"hotel_reviews", 0, 0}});
        }
        QVERIFY(!chart.logScale());
        QCOMPARE(valueAxis(chart)->titleText(), QStringLiteral("messages/min"));
        // The chooser names the unit the axis reads.
        auto* metric = chart.findChild<QComboBox*>(QStringLiteral("metric"));
        QCOMPARE(metric->currentText(), QStringLiteral("Messages/min"));
        QLineSeries* line = chart.series("clickstream");
        // Every point of the last minute reads about 5/min (5 events over the 60-72 s they
        // took): no zeros between two events.
        const auto points = line->points();
        for (qsizetype i = points.size() - 120; i < points.size(); ++i)
            QVERIFY2(points[i].y() > 4.1 && points[i].y() < 5.01,
                     qPrintable(QString::number(points[i].y())));
        QCOMPARE(line->name(), QStringLiteral("clickstream  3,015"));
        QVERIFY2(chart.totalsLabel()->text().contains(QStringLiteral("/min")),
                 qPrintable(chart.totalsLabel()->text()));
        // Just after the click at 168 s: five in the 60 s since the one at 108 s.
        QVERIFY2(hoverAt(chart, line, 168'500).endsWith(": 5.0 messages/min"),
                 qPrintable(chart.hoverText()));
        RD_SCREENSHOT(&chart, "throughput-sparse-per-minute");
    }

    // A small chart (the projector in a small window) gives its time labels room: fewer
    // ticks, each label whole ("11:02:10", never "11:0…"), still whole seconds apart.
    void smallChartKeepsTimeLabelsWhole() {
        models::ThroughputHistory history;
        ui::ThroughputChart chart(history);
        Feed feed(history);
        feed.trickle(70s);
        chart.resize(960, 380);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        auto* time = qobject_cast<QDateTimeAxis*>(chart.chart()->axes(Qt::Horizontal).first());
        QVERIFY(time);
        QTRY_COMPARE(time->tickCount(), 7);  // wide: every 10 s
        chart.resize(330, 260);
        const QFontMetricsF fm(time->labelsFont());
        const double label = fm.horizontalAdvance(QStringLiteral("00:00:00"));
        QTRY_VERIFY(time->tickCount() < 7);
        const double slot = chart.chart()->plotArea().width() / (time->tickCount() - 1);
        QVERIFY2(
            slot >= label * 1.5,
            qPrintable(QStringLiteral("%1 px a label, %2 between ticks").arg(label).arg(slot)));
        QCOMPARE(60 % (time->tickCount() - 1), 0);
        RD_SCREENSHOT(&chart, "throughput-small-time-axis");
    }

    void zeroRatesDoNotBreakTheAxis() {
        models::ThroughputHistory history;
        ui::ThroughputChart chart(history);
        chart.resize(960, 380);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        for (int i = 0; i <= 20; ++i)
            history.addSample(std::chrono::steady_clock::time_point{} + 1h + i * 500ms,
                              Feed::kStartMs + i * 500, {{"idle", 0, 0}});
        QLineSeries* idle = chart.series("idle");
        QVERIFY(idle);
        QCOMPARE(idle->count(), 20);
        for (const Scale scale : {Scale::Auto, Scale::Linear, Scale::Log}) {
            chart.setScale(scale);
            QCOMPARE(chart.logScale(), scale == Scale::Log);
            QCategoryAxis* axis = valueAxis(chart);
            QVERIFY(axis->max() > axis->min());
            QCOMPARE(axis->categoriesLabels().front(), QStringLiteral("0"));
            QVERIFY(allDrawable(chart, idle));
            QVERIFY(std::abs(heightOfLast(chart, idle)) < 0.01);
        }
        RD_SCREENSHOT(&chart, "throughput-log-zeros");
    }
};

QTEST_MAIN(ThroughputChartTest)
#include "test_throughput_chart.moc"
