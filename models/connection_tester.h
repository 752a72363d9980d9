#pragma once

#include <QObject>
#include <chrono>
#include <memory>

#include "engine/profiles/profile.h"
#include "engine/profiles/profile_connections.h"

namespace riverdelta::models {

class BackgroundJob;

// Runs profiles::testProfile off the UI thread (a detached BackgroundJob) and reports back on
// it. One test at a time; a result arriving after the tester is gone is dropped.
class ConnectionTester : public QObject {
    Q_OBJECT
  public:
    explicit ConnectionTester(QObject* parent = nullptr);
    ~ConnectionTester() override;

    // False (and nothing starts) while a test is still running.
    bool start(const profiles::Profile& profile, const profiles::Secrets& secrets,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));
    [[nodiscard]] bool running() const;

  signals:
    void finished(const riverdelta::profiles::ProfileTestResult& result);

  private:
    BackgroundJob* job_;
    // The running test's result: shared with the job's thread, read once the job finished.
    std::shared_ptr<profiles::ProfileTestResult> result_;
};

}  // namespace riverdelta::models
