#pragma once

// The SeaweedFS S3 server that scripts/test-services.sh starts: its endpoint, bucket and
// credentials from RIVERDELTA_TEST_S3_* (see tests/README.md).
#include <QProcessEnvironment>
#include <QtTest>
#include <cstdlib>
#include <string>

#include "engine/s3/s3_settings.h"
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

}  // namespace riverdelta::tests

#define RD_REQUIRE_S3()                                                                       \
    QVERIFY2(riverdelta::tests::haveS3Server(),                                               \
             "RIVERDELTA_TEST_S3_ENDPOINT is not set: run through scripts/test.sh or source " \
             "the services' env.sh")
