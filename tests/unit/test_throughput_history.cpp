#include <QtTest>
#include <cmath>

#include "models/throughput_history.h"
#include "models/windowed_rate.h"

using namespace riverdelta;
using namespace std::chrono_literals;
using Metric = models::ThroughputHistory::Metric;

namespace {

std::vector<run::TopicCounters> counters(std::uint64_t a, std::uint64_t aBytes, std::uint64_t b) {
    return {{"a", a, aBytes}, {"b", b, b * 10}};
}

}  // namespace

class ThroughputHistoryTest : public QObject {
    Q_OBJECT
  private slots:
    void busyRatesOverOneSecond() {
        models::ThroughputHistory h(500ms, 60s);
        const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
        const qint64 w0 = 1'700'000'000'000;
        // Baseline: 1000 messages sent before anyone watched are no rate.
        h.addSample(t0, w0, counters(1000, 100000, 0));
        QCOMPARE(h.pointCount("a"), std::size_t(0));
        // Polls every 100 ms; a point only every 500 ms. Topic a: 200 msgs/s, 100 bytes each;
        // busy, so over the last second (the first point over the half second watched).
        for (int i = 1; i <= 10; ++i)
            h.addSample(t0 + i * 100ms, w0 + i * 100,
                        counters(1000 + 20 * i, 100000 + 2000 * i, 5 * i));
        QCOMPARE(h.pointCount("a"), std::size_t(2));
        QCOMPARE(h.pointCount("b"), std::size_t(2));
        const auto a = h.series("a", Metric::Messages, 60s, w0 + 1000);
        QCOMPARE(a.size(), 2);
        QCOMPARE(a[0].x(), qreal(w0 + 500));
        QCOMPARE(a[0].y(), 200.0);
        QCOMPARE(a[1].y(), 200.0);
        QCOMPARE(h.rate("a").window, 1s);
        QCOMPARE(h.series("a", Metric::Bytes, 60s, w0 + 1000)[1].y(), 20000.0);
        QCOMPARE(h.series("b", Metric::Messages, 60s, w0 + 1000)[1].y(), 50.0);
        QCOMPARE(h.series("b", Metric::Bytes, 60s, w0 + 1000)[1].y(), 500.0);
        QCOMPARE(h.topics(), (QStringList{"a", "b"}));
        QCOMPARE(h.latest("a")->messagesPerSecond, 200.0);
        QCOMPARE(h.total("a"), std::uint64_t(1200));
    }

    // One event every 12 s, polled ten times a second for five minutes: from the first event
    // on the rate is never 0, and once two minutes have passed it reads 5/min (±1).
    void sparseStreamNeverReadsZero() {
        models::WindowedRate r;
        const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
        std::uint64_t events = 0;
        double least = 1e9, most = 0, leastSettled = 1e9;
        for (int tick = 0; tick <= 3000; ++tick) {
            const auto now = t0 + tick * 100ms;
            if (tick > 0 && tick % 120 == 0) ++events;
            r.add(now, events, events * 300);
            if (events == 0) continue;
            const double perMinute = r.rate(now).eventsPerSecond * 60;
            least = std::min(least, perMinute);
            if (tick >= 1300) {
                leastSettled = std::min(leastSettled, perMinute);
                most = std::max(most, perMinute);
            }
        }
        QVERIFY2(least > 0, qPrintable(QString::number(least)));
        QVERIFY2(leastSettled >= 4 && most <= 6,
                 qPrintable(QStringLiteral("%1..%2/min").arg(leastSettled).arg(most)));
        QVERIFY(r.rate(t0 + 300s).window >= 60s);
        QCOMPARE(r.rate(t0 + 300s).bytesPerSecond, r.rate(t0 + 300s).eventsPerSecond * 300);
    }

    // The historical stage's burst, then the stream of one every 12 s on the same topic: the
    // stream is read as itself (about 5/min, never 0; at most 5 events in 24 s while the burst
    // is still among its last five), not as the burst.
    void sparseStreamAfterABurst() {
        models::WindowedRate r;
        const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
        r.add(t0, 0);
        r.add(t0 + 100ms, 1500);
        r.add(t0 + 200ms, 3000);
        std::uint64_t events = 3000;
        double least = 1e9, most = 0;
        for (int tick = 3; tick <= 1200; ++tick) {
            const auto now = t0 + tick * 100ms;
            if (tick % 120 == 0) ++events;
            r.add(now, events);
            if (events < 3002) continue;  // from the second event of the stream on
            const double perMinute = r.rate(now).eventsPerSecond * 60;
            least = std::min(least, perMinute);
            most = std::max(most, perMinute);
        }
        QVERIFY2(least >= 2.5 && most <= 15,
                 qPrintable(QStringLiteral("%1..%2/min").arg(least).arg(most)));
    }

    // A stream of one event a minute, 30 s after its first: 1 over the 70 s watched.
    void firstEventOfASlowStream() {
        models::WindowedRate r;
        const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
        r.add(t0, 0, 0);
        for (int tick = 1; tick <= 700; ++tick)
            r.add(t0 + tick * 100ms, tick >= 400 ? 1 : 0, tick >= 400 ? 300 : 0);
        QVERIFY2(std::abs(r.rate(t0 + 70s).eventsPerSecond * 70 - 1) < 0.01,
                 qPrintable(QString::number(r.rate(t0 + 70s).eventsPerSecond)));
    }

    // A stream's topic is listed from its first event on: that event is a rate at once (one in
    // the 12 s since the history started reads 5/min), not "–" until the second one.
    void firstEventOfANewTopicHasARate() {
        models::ThroughputHistory h(500ms, 15min);
        const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
        const qint64 w0 = 1'700'000'000'000;
        for (int tick = 0; tick < 120; ++tick)
            h.addSample(t0 + tick * 100ms, w0 + tick * 100, std::vector<run::TopicCounters>{});
        h.addSample(t0 + 12s, w0 + 12'000, {{"bookings", 1, 250}});
        const double perMinute = h.rate("bookings").eventsPerSecond * 60;
        QVERIFY2(std::abs(perMinute - 5) < 0.01, qPrintable(QString::number(perMinute)));
        QCOMPARE(h.rate("bookings").bytesPerSecond, 250.0 / 12);
        // A topic there at the very first reading is the baseline: no rate from it alone.
        models::ThroughputHistory fresh(500ms, 15min);
        fresh.addSample(t0, w0, {{"bookings", 1000, 0}});
        fresh.addSample(t0 + 100ms, w0 + 100, {{"bookings", 1000, 0}});
        QCOMPARE(fresh.rate("bookings").eventsPerSecond, 0.0);
    }

    // 1,000 a second for ten seconds, then nothing: a one-second window while busy (within
    // 10%), and 0 within a little over two seconds of the stop.
    void busyStreamFollowsAndStops() {
        models::WindowedRate r;
        const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
        r.add(t0, 0);
        for (int tick = 1; tick <= 100; ++tick) {
            const auto now = t0 + tick * 100ms;
            r.add(now, std::uint64_t(tick) * 100);
            if (tick < 10) continue;
            const auto rate = r.rate(now);
            QCOMPARE(rate.window, 1s);
            QVERIFY2(std::abs(rate.eventsPerSecond - 1000) <= 100,
                     qPrintable(QString::number(rate.eventsPerSecond)));
        }
        for (int tick = 101; tick <= 140; ++tick) {
            const auto now = t0 + tick * 100ms;
            r.add(now, 10000);
            if (tick >= 121) QCOMPARE(r.rate(now).eventsPerSecond, 0.0);
        }
        // A counter that goes back (a new run) starts over: no rate from one reading.
        r.add(t0 + 15s, 5);
        QCOMPARE(r.rate(t0 + 15s).eventsPerSecond, 0.0);
        QCOMPARE(r.events(), std::uint64_t(5));
    }

    void tablesAndCaptureTopicsAreSeries() {
        run::ScenarioStatus s;
        s.topics = {{"clickstream", 10, 1000}};
        run::GeneratorStatus seed, updates, clicks;
        seed.target = "cdc.customer";
        seed.table = true;
        seed.acknowledged = 1000;
        updates.target = "cdc.customer";
        updates.table = true;
        updates.acknowledged = 500;
        clicks.target = "clickstream";
        clicks.acknowledged = 10;
        s.generators = {seed, updates, clicks};
        run::CaptureStatus c;
        c.tableEvents = {{"cdc.customer", "riverhotel.cdc.customer", 1500}};
        s.captures = {c};
        models::ThroughputHistory h(500ms, 60s);
        const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
        h.addSample(t0, 0, models::ThroughputHistory::readingsOf(s));
        QCOMPARE(h.topics(),
                 (QStringList{"clickstream", "riverhotel.cdc.customer", "cdc.customer"}));
        QCOMPARE(h.kind("cdc.customer"), models::ThroughputHistory::Kind::Table);
        QCOMPARE(h.kind("riverhotel.cdc.customer"), models::ThroughputHistory::Kind::CdcTopic);
        QCOMPARE(h.total("cdc.customer"), std::uint64_t(1500));
        h.clear();
        QVERIFY(h.topics().isEmpty());
    }

    void windowAndCapacityBoundTheHistory() {
        models::ThroughputHistory h(1s, 60s);
        QCOMPARE(h.capacity(), std::size_t(61));
        const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
        const qint64 w0 = 1'700'000'000'000;
        QSignalSpy updated(&h, &models::ThroughputHistory::updated);
        for (int i = 0; i <= 600; ++i)  // ten minutes, one sample a second
            h.addSample(t0 + i * 1s, w0 + i * 1000, counters(std::uint64_t(i) * 7, 0, 0));
        QCOMPARE(updated.count(), 600);
        QCOMPARE(h.pointCount("a"), std::size_t(61));  // bounded: 60 s of points
        const qint64 now = w0 + 600'000;
        const auto last30 = h.series("a", Metric::Messages, 30s, now);
        QCOMPARE(last30.size(), 31);
        QCOMPARE(last30.front().x(), qreal(now - 30'000));
        for (const auto& p : last30)
            QCOMPARE(p.y(), 7.0);
        QCOMPARE(h.series("a", Metric::Messages, 900s, now).size(), 61);
        QVERIFY(h.series("nope", Metric::Messages, 60s, now).isEmpty());
    }

    void countersThatGoBackStartOver() {
        models::ThroughputHistory h(1s, 60s);
        const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
        h.addSample(t0, 0, counters(100, 1000, 0));
        h.addSample(t0 + 1s, 1000, counters(150, 1500, 0));
        h.addSample(t0 + 2s, 2000, counters(10, 100, 0));  // a new run
        h.addSample(t0 + 3s, 3000, counters(40, 400, 0));
        const auto a = h.series("a", Metric::Messages, 60s, 3000);
        QCOMPARE(a.size(), 3);
        QCOMPARE(a[0].y(), 50.0);
        QCOMPARE(a[1].y(), 0.0);
        QCOMPARE(a[2].y(), 30.0);
        // A topic that appears later had nothing written while the history watched it: its
        // first reading is a rate over the time since the first reading (500 in 4 s).
        h.addSample(t0 + 4s, 4000, {{"a", 40, 400}, {"c", 500, 5000}});
        QCOMPARE(h.series("c", Metric::Messages, 60s, 4000).front().y(), 125.0);
    }
};

QTEST_GUILESS_MAIN(ThroughputHistoryTest)
#include "test_throughput_history.moc"
