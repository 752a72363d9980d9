#include "models/connection_tester.h"

#include "models/background_job.h"

namespace riverdelta::models {

ConnectionTester::ConnectionTester(QObject* parent)
    : QObject(parent),
      // Detached: a slow cluster must not hold up closing the window.
      job_(new BackgroundJob(BackgroundJob::OnDestroy::Detach, this)) {
    connect(job_, &BackgroundJob::finished, this, [this] { emit finished(*result_); });
    connect(job_, &BackgroundJob::failed, this, [this](const QString& error) {
        profiles::ProfileTestResult result;
        result.checks.push_back({"Connection", false, error.toStdString()});
        emit finished(result);
    });
}

ConnectionTester::~ConnectionTester() = default;

bool ConnectionTester::running() const {
    return job_->running();
}

bool ConnectionTester::start(const profiles::Profile& profile, const profiles::Secrets& secrets,
                             std::chrono::milliseconds timeout) {
    if (job_->running()) return false;
    result_ = std::make_shared<profiles::ProfileTestResult>();
    return job_->start([result = result_, profile, secrets, timeout] {
        *result = profiles::testProfile(profile, secrets, timeout);
    });
}

}  // namespace riverdelta::models
