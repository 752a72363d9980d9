// models::BackgroundJob: the end of the work arrives as finished() or failed() on the owner's
// thread, one piece of work at a time, and destruction waits for the work or leaves it running
// as the owner chose.
#include <QPointer>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "models/background_job.h"

using riverdelta::models::BackgroundJob;

namespace {

// Holds the work until the test lets it go; shared, so a detached job may outlive the test's
// locals.
struct Gate {
    std::mutex mutex;
    std::condition_variable changed;
    bool entered = false, open = false, left = false;
    Qt::HANDLE thread = nullptr;
    QThread* qthread = nullptr;

    void pass() {
        std::unique_lock lock(mutex);
        entered = true;
        thread = QThread::currentThreadId();
        qthread = QThread::currentThread();
        changed.notify_all();
        changed.wait(lock, [this] { return open; });
        left = true;
    }
    void release() {
        std::lock_guard lock(mutex);
        open = true;
        changed.notify_all();
    }
    bool waitEntered() {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, std::chrono::seconds(30), [this] { return entered; });
    }
    bool hasLeft() {
        std::lock_guard lock(mutex);
        return left;
    }
};

}  // namespace

class BackgroundJobTest : public QObject {
    Q_OBJECT

  private slots:
    void finishesOnTheOwnersThreadAfterTheWork() {
        BackgroundJob job(BackgroundJob::OnDestroy::Wait);
        QSignalSpy finished(&job, &BackgroundJob::finished);
        QSignalSpy failed(&job, &BackgroundJob::failed);
        auto gate = std::make_shared<Gate>();
        Qt::HANDLE signalledOn = nullptr;
        connect(&job, &BackgroundJob::finished, this,
                [&] { signalledOn = QThread::currentThreadId(); });
        QVERIFY(job.start([gate] { gate->pass(); }));
        QVERIFY(job.running());
        QVERIFY(gate->waitEntered());
        QVERIFY(gate->thread != QThread::currentThreadId());
        gate->release();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QCOMPARE(failed.count(), 0);
        QVERIFY(gate->hasLeft());
        QCOMPARE(signalledOn, QThread::currentThreadId());
        QVERIFY(!job.running());
    }

    void anExceptionBecomesFailedWithItsMessage() {
        BackgroundJob job(BackgroundJob::OnDestroy::Wait);
        QSignalSpy finished(&job, &BackgroundJob::finished);
        QSignalSpy failed(&job, &BackgroundJob::failed);
        QVERIFY(job.start([] { throw std::runtime_error("disk full: /tmp/report.pdf"); }));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("disk full: /tmp/report.pdf"));
        QCOMPARE(finished.count(), 0);

        QVERIFY(job.start([] { throw 42; }));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 30000);
        QVERIFY(!failed.at(1).at(0).toString().isEmpty());
    }

    void refusesNewWorkUntilTheLastHasEnded() {
        BackgroundJob job(BackgroundJob::OnDestroy::Wait);
        QSignalSpy finished(&job, &BackgroundJob::finished);
        auto gate = std::make_shared<Gate>();
        std::atomic<int> second{0};
        QVERIFY(job.start([gate] { gate->pass(); }));
        QVERIFY(gate->waitEntered());
        QVERIFY(!job.start([&second] { ++second; }));
        gate->release();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QVERIFY(job.start([&second] { ++second; }));  // once ended, the next may start
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
        QCOMPARE(second.load(), 1);
    }

    void waitingJobWaitsForItsWorkWhenDestroyed() {
        auto gate = std::make_shared<Gate>();
        auto job = std::make_unique<BackgroundJob>(BackgroundJob::OnDestroy::Wait);
        QVERIFY(job->start([gate] { gate->pass(); }));
        QVERIFY(gate->waitEntered());
        gate->release();
        job.reset();  // the work may not have seen the gate open yet: this waits for it
        QVERIFY(gate->hasLeft());
    }

    void detachedJobLeavesItsWorkRunningWhenDestroyed() {
        auto gate = std::make_shared<Gate>();
        bool delivered = false;
        QPointer<QThread> thread;
        {
            BackgroundJob job(BackgroundJob::OnDestroy::Detach);
            connect(&job, &BackgroundJob::finished, this, [&] { delivered = true; });
            QVERIFY(job.start([gate] { gate->pass(); }));
            QVERIFY(gate->waitEntered());
            thread = gate->qthread;
        }  // returns with the work still held at the gate (waiting would never end)
        QVERIFY(!gate->hasLeft());
        QVERIFY(thread);  // still there while its work runs
        gate->release();
        // The thread deletes itself on this loop once done; nothing reaches the gone job.
        QTRY_VERIFY_WITH_TIMEOUT(thread.isNull(), 30000);
        QVERIFY(gate->hasLeft());
        QVERIFY(!delivered);
    }
};

QTEST_GUILESS_MAIN(BackgroundJobTest)
#include "test_background_job.moc"
