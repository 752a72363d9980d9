#include <QtTest>

#include "models/throughput_history.h"

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
    void ratesFromDeltasAtASteadyInterval() {
        models::ThroughputHistory h(500ms, 60s);
        const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
        const qint64 w0 = 1'700'000'000'000;
        // Baseline: 1000 messages sent before anyone watched are no rate.
        h.addSample(t0, w0, counters(1000, 100000, 0));
        QCOMPARE(h.pointCount("a"), std::size_t(0));
        // Polls every 100 ms; a point only every 500 ms. Topic a: 200 msgs/s, 100 bytes each.
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
        QCOMPARE(h.series("a", Metric::Bytes, 60s, w0 + 1000)[1].y(), 20000.0);
        QCOMPARE(h.series("b", Metric::Messages, 60s, w0 + 1000)[1].y(), 50.0);
        QCOMPARE(h.series("b", Metric::Bytes, 60s, w0 + 1000)[1].y(), 500.0);
        QCOMPARE(h.topics(), (QStringList{"a", "b"}));
        QCOMPARE(h.latest("a")->messagesPerSecond, 200.0);
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
        // A topic that appears later starts with its first reading as the baseline.
        h.addSample(t0 + 4s, 4000, {{"a", 40, 400}, {"c", 500, 5000}});
        QCOMPARE(h.series("c", Metric::Messages, 60s, 4000).front().y(), 0.0);
    }
};

QTEST_GUILESS_MAIN(ThroughputHistoryTest)
#include "test_throughput_history.moc"
