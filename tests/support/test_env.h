#pragma once

#include <QtTest>
#include <cstdlib>
#include <string>

// Integration tests need services the test command starts (scripts/test.sh). A missing service
// is a failure, never a silent skip.
#define RD_REQUIRE_ENV(variable, name)                                                         \
    const char* variable##_raw = std::getenv(name);                                            \
    if (!variable##_raw || !*variable##_raw)                                                   \
        QFAIL(name " is not set: run through scripts/test.sh or source the services' env.sh"); \
    const std::string variable(variable##_raw)

namespace riverdelta::testing {

// Unique per test run so reruns against the same broker never see old data.
inline std::string uniqueName(const std::string& prefix) {
    return prefix + "-" + std::to_string(QDateTime::currentMSecsSinceEpoch()) + "-" +
           std::to_string(QRandomGenerator::global()->bounded(1000000));
}

}  // namespace riverdelta::testing
