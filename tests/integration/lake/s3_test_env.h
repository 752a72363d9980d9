#pragma once

// The SeaweedFS S3 server that scripts/test-services.sh starts: its endpoint, bucket and
// credentials from RIVERDELTA_TEST_S3_* (see tests/README.md).
#include <QDeadlineTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QtTest>
#include <cstdlib>
#include <random>
#include <string>

#include "engine/s3/s3_settings.h"
#include "integration/lake/python_check.h"
#include "support/test_env.h"

namespace riverdelta::tests {

inline std::string envOr(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

inline bool haveS3Server() {
    return !envOr("RIVERDELTA_TEST_S3_ENDPOINT").empty();
}

inline s3::S3Settings testS3Settings() {
    s3::S3Settings s;
    s.endpoint = envOr("RIVERDELTA_TEST_S3_ENDPOINT");
    s.region = envOr("RIVERDELTA_TEST_S3_REGION");
    s.accessKeyId = envOr("RIVERDELTA_TEST_S3_ACCESS_KEY");
    s.secretAccessKey = envOr("RIVERDELTA_TEST_S3_SECRET_KEY");
    s.credentialsSource = "test services";
    return s;
}

inline std::string testBucket() {
    return envOr("RIVERDELTA_TEST_S3_BUCKET");
}

// A fresh s3://bucket/<prefix> for one test.
inline std::string freshS3Url(const std::string& name) {
    return "s3://" + testBucket() + "/" + testing::uniqueName(name);
}

// The environment a child riverdelta-cli resolves the test server from (AWS variables only).
inline QProcessEnvironment s3ChildEnvironment() {
    auto env = QProcessEnvironment::systemEnvironment();
    const auto s = testS3Settings();
    env.insert("AWS_ENDPOINT_URL", QString::fromStdString(s.endpoint));
    env.insert("AWS_REGION", QString::fromStdString(s.region));
    env.insert("AWS_ACCESS_KEY_ID", QString::fromStdString(s.accessKeyId));
    env.insert("AWS_SECRET_ACCESS_KEY", QString::fromStdString(s.secretAccessKey));
    env.remove("AWS_PROFILE");
    env.remove("AWS_SESSION_TOKEN");
    env.remove("AWS_ENDPOINT_URL_S3");
    return env;
}

// n bytes that do not compress, the same for the same seed.
inline std::string randomBytes(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string s(n, '\0');
    for (auto& c : s)
        c = static_cast<char>(rng());
    return s;
}

// Starts `script` (tests/integration/python; SCRIPT UPSTREAM_URL, printing its port once
// listening) in front of the test server: its http://127.0.0.1:PORT endpoint, or "" when it did
// not start within 20 s.
inline std::string startEndpointScript(QProcess& process, const QString& script) {
    process.start(testPython(),
                  {QStringLiteral(RIVERDELTA_SOURCE_DIR "/tests/integration/python/") + script,
                   QString::fromStdString(testS3Settings().endpoint)});
    if (!process.waitForStarted()) return {};
    const QDeadlineTimer deadline(20'000);
    while (!process.canReadLine() && !deadline.hasExpired())
        process.waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())));
    const int port = process.readLine().trimmed().toInt();
    return port > 0 ? "http://127.0.0.1:" + std::to_string(port) : std::string();
}

}  // namespace riverdelta::tests

#define RD_REQUIRE_S3()                                                                       \
    QVERIFY2(riverdelta::tests::haveS3Server(),                                               \
             "RIVERDELTA_TEST_S3_ENDPOINT is not set: run through scripts/test.sh or source " \
             "the services' env.sh")
