#include "models/background_job.h"

#include <QThread>
#include <exception>

namespace riverdelta::models {

BackgroundJob::BackgroundJob(OnDestroy onDestroy, QObject* parent)
    : QObject(parent), onDestroy_(onDestroy) {}

BackgroundJob::~BackgroundJob() {
    if (!thread_) return;
    if (onDestroy_ == OnDestroy::Wait || thread_->wait(0)) {
        thread_->wait();
        return;  // thread_ goes with the job
    }
    // Still running and detached: the thread object deletes itself once the work returns. The
    // connection is made before looking again, so an end in between is not missed either.
    QThread* thread = thread_.release();
    thread->disconnect(this);
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    if (thread->wait(0)) delete thread;  // ended meanwhile; removes a deleteLater it posted
}

bool BackgroundJob::start(std::function<void()> work) {
    if (thread_) return false;
    // Written by the thread before QThread::finished, read after it on the owner's thread.
    auto error = std::make_shared<QString>();
    thread_.reset(QThread::create([work = std::move(work), error] {
        try {
            work();
        } catch (const std::exception& e) {
            *error = QString::fromUtf8(e.what());
            if (error->isEmpty()) *error = QStringLiteral("failed without a reason");
        } catch (...) {
            *error = QStringLiteral("failed with an unknown exception");
        }
    }));
    // Queued to this object's thread: the signal comes from the finishing thread.
    connect(thread_.get(), &QThread::finished, this, [this, error] { ended(*error); });
    thread_->start();
    return true;
}

void BackgroundJob::ended(const QString& error) {
    thread_->wait();  // finished() is emitted just before the thread's last steps
    thread_.reset();
    if (error.isEmpty())
        emit finished();
    else
        emit failed(error);
}

}  // namespace riverdelta::models
