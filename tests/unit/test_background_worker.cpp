// core::WorkerThread / BackgroundWorker: stop wakes a waiting body at once, the body's end is
// captured (finished, stopped, failed with its message), the shared state is published under
// the lock and waited on, and destruction joins the thread.
#include <QtTest>
#include <atomic>
#include <stdexcept>
#include <string>

#include "engine/core/background_worker.h"

using namespace riverdelta;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Shared {
    bool waiting = false;  // the body is about to wait
    int requests = 0;      // the owner's requests, taken by the body
    int taken = 0;         // requests the body has taken
    std::string progress;  // what the body publishes
};

using Worker = core::BackgroundWorker<Shared>;

// Long enough that a test which only passes by reaching it fails CTest's timeout instead.
constexpr auto kFar = 300s;

}  // namespace

class BackgroundWorkerTest : public QObject {
    Q_OBJECT
  private slots:
    void stopWakesAWaitingBodyPromptly() {
        Worker worker;
        worker.start([&] {
            worker.publish([](Shared& s) { s.waiting = true; });
            worker.waitUntil(Clock::now() + kFar, [](Shared& s) { return s.requests > 0; });
        });
        QVERIFY(worker.waitFor(30s, [](const Shared& s) { return s.waiting; }));
        const auto asked = Clock::now();
        worker.requestStop();
        QVERIFY(worker.waitEnded(30s));
        QVERIFY(Clock::now() - asked < 10s);  // far below the wait's own deadline
        QCOMPARE(worker.state(), core::WorkerState::Stopped);
        QVERIFY(worker.failure().empty());
    }

    void stopWakesASleepAndAWaitWithoutDeadline() {
        for (int variant = 0; variant < 3; ++variant) {
            Worker worker;
            std::atomic<bool> loopEnded{false};
            worker.start([&] {
                worker.publish([](Shared& s) { s.waiting = true; });
                if (variant == 0) worker.sleepFor(kFar);
                if (variant == 1) worker.wait([](Shared& s) { return s.requests > 0; });
                if (variant == 2) {
                    while (!worker.stoppedBefore(Clock::now() + kFar)) {
                    }
                    loopEnded = true;  // ends without unwinding
                }
            });
            QVERIFY(worker.waitFor(30s, [](const Shared& s) { return s.waiting; }));
            worker.requestStop();
            QVERIFY2(worker.waitEnded(30s), qPrintable(QString::number(variant)));
            QCOMPARE(worker.state(),
                     variant == 2 ? core::WorkerState::Finished : core::WorkerState::Stopped);
            QCOMPARE(loopEnded.load(), variant == 2);
        }
    }

    void aStopRequestedBeforeTheWaitEndsItAtOnce() {
        Worker worker;
        worker.start([&] {
            worker.wait([](Shared& s) { return s.requests > 0; });  // stop already requested?
            worker.waitUntil(Clock::now() + kFar, [](Shared&) { return false; });
        });
        worker.stop();  // may come before, during or after the first wait: all end it
        QCOMPARE(worker.state(), core::WorkerState::Stopped);
        QVERIFY(!worker.running());
    }

    void exceptionsInTheBodyBecomeAFailure() {
        Worker worker;
        worker.start([] { throw std::runtime_error("disk full at /tmp/x"); });
        QVERIFY(worker.waitEnded(30s));
        QCOMPARE(worker.state(), core::WorkerState::Failed);
        QCOMPARE(worker.failure(), std::string("disk full at /tmp/x"));

        core::WorkerThread bare;
        bare.start([] { throw 42; });
        QVERIFY(bare.waitEnded(30s));
        QCOMPARE(bare.state(), core::WorkerState::Failed);
        QCOMPARE(bare.failure(), std::string("unknown error"));
    }

    void aBodyThatReturnsFinishes() {
        Worker worker;
        QCOMPARE(worker.state(), core::WorkerState::Idle);
        worker.start([&] { worker.publish([](Shared& s) { s.progress = "done"; }); });
        QVERIFY(worker.waitEnded(30s));
        QCOMPARE(worker.state(), core::WorkerState::Finished);
        QCOMPARE(worker.snapshot().progress, std::string("done"));
        QCOMPARE(std::string(core::toString(worker.state())), std::string("finished"));
    }

    void publishedRequestsWakeTheBodyAndAreTakenOnce() {
        Worker worker;
        worker.start([&] {
            for (int i = 0; i < 3; ++i) {
                worker.wait([](Shared& s) {
                    if (s.requests == 0) return false;
                    --s.requests;  // taken under the lock: nothing slips in between
                    ++s.taken;
                    return true;
                });
            }
        });
        for (int i = 0; i < 3; ++i) {
            worker.publish([](Shared& s) { ++s.requests; });
            QVERIFY(worker.waitFor(30s, [&](const Shared& s) { return s.taken == i + 1; }));
        }
        QVERIFY(worker.waitEnded(30s));
        QCOMPARE(worker.state(), core::WorkerState::Finished);
        QCOMPARE(worker.read([](const Shared& s) { return s.requests; }), 0);
    }

    void aWaitEndsAtItsDeadline() {
        Worker worker;
        bool ready = true;
        Clock::time_point deadline;
        worker.start([&] {
            deadline = Clock::now() + 50ms;
            ready = worker.waitUntil(deadline, [](Shared& s) { return s.requests > 0; });
        });
        QVERIFY(worker.waitEnded(30s));
        QCOMPARE(worker.state(), core::WorkerState::Finished);
        QVERIFY(!ready);
        QVERIFY(Clock::now() >= deadline);
    }

    void destructionJoinsAWaitingBody() {
        std::atomic<bool> unwound{false};
        {
            Worker worker;
            worker.start([&] {
                struct Mark {
                    std::atomic<bool>& flag;
                    ~Mark() { flag = true; }
                } mark{unwound};
                worker.publish([](Shared& s) { s.waiting = true; });
                worker.sleepFor(kFar);
            });
            QVERIFY(worker.waitFor(30s, [](const Shared& s) { return s.waiting; }));
        }
        QVERIFY(unwound.load());  // the destructor returned only after the body ended
    }

    void aStoppedWorkerStartsAfresh() {
        Worker worker;
        worker.start([&] { worker.sleepFor(kFar); });
        worker.stop();
        QCOMPARE(worker.state(), core::WorkerState::Stopped);
        worker.start([&] {
            worker.checkStop();  // the earlier stop request is gone
            worker.publish([](Shared& s) { s.progress = "second"; });
        });
        QVERIFY(worker.waitEnded(30s));
        QCOMPARE(worker.state(), core::WorkerState::Finished);
        QCOMPARE(worker.snapshot().progress, std::string("second"));
    }
};

QTEST_GUILESS_MAIN(BackgroundWorkerTest)
#include "test_background_worker.moc"
