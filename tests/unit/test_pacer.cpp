// run::Pacer: logical event times map to real times from the anchor, a speed change keeps the
// time reached and rescales the rest, waits end when the event is due, at once for a stream
// being paused, on stop (promptly) and at the run's deadline.
#include <QtTest>
#include <atomic>

#include "engine/core/background_worker.h"
#include "engine/run/pacer.h"

using namespace riverdelta;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

double msBetween(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace

class PacerTest : public QObject {
    Q_OBJECT
  private slots:
    void logicalTimeIsDueFromTheAnchor() {
        std::atomic<double> speed{1.0};
        core::WorkerThread thread;
        run::Pacer pacer(1.0, speed, thread, {});
        const auto t0 = Clock::now();
        pacer.anchor(100, t0);
        QCOMPARE(msBetween(t0, pacer.due(150)), 50.0);
        QCOMPARE(msBetween(t0, pacer.due(100)), 0.0);
        pacer.anchor(400, t0 + 1s);  // after a barrier: 400 is due then, not 300 ms later
        QCOMPARE(msBetween(t0, pacer.due(450)), 1050.0);
    }

    void aSpeedChangeKeepsTheTimeReachedAndRescalesTheRest() {
        std::atomic<double> speed{1.0};
        core::WorkerThread thread;
        run::Pacer pacer(1.0, speed, thread, {});
        const auto t0 = Clock::now() - 1s;  // one second of logical time has passed at ×1
        pacer.anchor(0, t0);
        pacer.follow(2.0);  // twice as fast from now on
        const auto now = Clock::now();
        // Logical 1000 ms is (about) now; the next 2000 logical ms take 1000 real ms.
        QVERIFY(std::abs(msBetween(now, pacer.due(1000))) < 100);
        QVERIFY(std::abs(msBetween(now, pacer.due(3000)) - 1000) < 100);
        pacer.follow(2.0);  // no change: the anchor stays
        QVERIFY(std::abs(msBetween(now, pacer.due(3000)) - 1000) < 100);
    }

    void aWaitEndsWhenTheEventIsDueAndCountsTheTime() {
        std::atomic<double> speed{1.0};
        core::WorkerThread thread;
        int meanwhile = 0;
        run::Pacer pacer(1.0, speed, thread, {.meanwhile = [&] { ++meanwhile; }});
        std::atomic<std::uint64_t> throttledUs{0};
        pacer.anchor(0);
        const auto called = Clock::now();
        const auto returned = pacer.wait(60, 0, std::nullopt, throttledUs);
        const auto after = Clock::now();
        QVERIFY(returned >= pacer.due(60));
        // What it waited is counted: something, and no more than the call took.
        QVERIFY(throttledUs.load() > 0);
        QVERIFY(throttledUs.load() <=
                static_cast<std::uint64_t>(msBetween(called, after) * 1000) + 1);
        QVERIFY(meanwhile >= 1);  // between the steps
        throttledUs = 0;
        pacer.wait(10, 0, std::nullopt, throttledUs);  // already due: no wait, nothing counted
        QCOMPARE(throttledUs.load(), std::uint64_t{0});
    }

    void aStreamBeingPausedIsReleasedAtOnce() {
        std::atomic<double> speed{1.0};
        core::WorkerThread thread;
        run::Pacer pacer(1.0, speed, thread,
                         {.releaseNow = [](std::size_t generator) { return generator == 3; }});
        std::atomic<std::uint64_t> throttledUs{0};
        pacer.anchor(0);
        const auto returned = pacer.wait(3'600'000, 3, std::nullopt, throttledUs);
        QVERIFY(returned < pacer.due(3'600'000));
    }

    void stopAndTheDeadlineEndAWait() {
        std::atomic<double> speed{1.0};
        core::WorkerThread thread;
        std::atomic<bool> waiting{false};
        thread.start([&] {
            run::Pacer pacer(1.0, speed, thread, {.meanwhile = [&] { waiting = true; }});
            std::atomic<std::uint64_t> throttledUs{0};
            pacer.anchor(0);
            pacer.wait(3'600'000, 0, std::nullopt, throttledUs);  // an hour away
        });
        QTRY_VERIFY_WITH_TIMEOUT(waiting.load(), 30000);
        const auto asked = Clock::now();
        thread.requestStop();
        QVERIFY(thread.waitEnded(30s));
        QVERIFY(Clock::now() - asked < 10s);
        QCOMPARE(thread.state(), core::WorkerState::Stopped);

        core::WorkerThread other;
        run::Pacer pacer(1.0, speed, other, {});
        std::atomic<std::uint64_t> throttledUs{0};
        pacer.anchor(0);
        bool stopped = false;
        try {
            pacer.wait(3'600'000, 0, Clock::now() + 30ms, throttledUs);
        } catch (const core::StopRequested&) {
            stopped = true;  // the run's duration is over
        }
        QVERIFY(stopped);
    }
};

QTEST_GUILESS_MAIN(PacerTest)
#include "test_pacer.moc"
