#include "models/connection_tester.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <thread>

namespace riverdelta::models {

ConnectionTester::ConnectionTester(QObject* parent) : QObject(parent) {}

ConnectionTester::~ConnectionTester() = default;

bool ConnectionTester::start(const profiles::Profile& profile, const profiles::Secrets& secrets,
                             std::chrono::milliseconds timeout) {
    if (running_) return false;
    running_ = true;
    QPointer<ConnectionTester> self(this);
    // Detached: a slow cluster must not hold up closing the window; the QPointer drops the
    // result when the tester is gone by then.
    std::thread([self, profile, secrets, timeout] {
        profiles::ProfileTestResult result;
        try {
            result = profiles::testProfile(profile, secrets, timeout);
        } catch (const std::exception& e) {
            result.checks.push_back({"Connection", false, e.what()});
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, result] {
                ConnectionTester* tester = self.data();
                if (tester == nullptr) return;
                tester->running_ = false;
                emit tester->finished(result);
            },
            Qt::QueuedConnection);
    }).detach();
    return true;
}

}  // namespace riverdelta::models
