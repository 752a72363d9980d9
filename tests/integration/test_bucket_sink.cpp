// A scenario's `s3` connection writes its generator's events as objects into a real
// S3-compatible bucket (the SeaweedFS test server), through the lake's S3 client.
#include <QtTest>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/s3/s3_client.h"
#include "lake/s3_test_env.h"
#include "support/run_process.h"

using namespace riverdelta;
using riverdelta::testing::runProcess;

namespace {

const QString kCli = QStringLiteral(RIVERDELTA_BINARY_DIR "/app/riverdelta-cli");

QString writeScenario(const QTemporaryDir& dir, const std::string& endpoint,
                      const std::string& bucket, const std::string& prefix) {
    const nlohmann::json scenario = {
        {"generators",
         {{{"bucket", bucket},
           {"bucketConfigs", {{"format", "jsonl"}, {"keyPrefix", prefix + "/part-"}}},
           {"data",
            {{"orderId", {{"_gen", "sequentialInteger"}}},
             {"customer", {{"_gen", "string"}, {"expr", "#{Name.fullName}"}}},
             {"amount", {{"_gen", "uniformDistribution"}, {"bounds", {5, 500}}, {"decimals", 2}}}}},
           {"localConfigs", {{"maxEvents", 1200}}}}}},
        {"connections",
         {{"lake",
           {{"kind", "s3"},
            {"batchConfigs", {{"batchElements", 500}}},
            {"connectionConfigs", {{"endpoint", endpoint}, {"pathStyleAccess", true}}}}}}}};
    const QString path = dir.filePath(QStringLiteral("orders.json"));
    QFile f(path);
    if (f.open(QIODevice::WriteOnly)) f.write(QByteArray::fromStdString(scenario.dump(2)));
    return path;
}

}  // namespace

class BucketSinkTest : public QObject {
    Q_OBJECT
  private slots:
    void eventsBecomeObjectsAndARerunAddsObjects() {
        RD_REQUIRE_S3();
        const auto settings = tests::testS3Settings();
        const std::string bucket = tests::testBucket();
        const std::string prefix = testing::uniqueName("orders");
        QTemporaryDir dir;
        const QString config = writeScenario(dir, settings.endpoint, bucket, prefix);
        const auto env = tests::s3ChildEnvironment();
        s3::S3Client client(settings);
        // A completed run is not repeated (README "Repeating a run"); --fresh sends it again.
        const QStringList rounds[] = {{}, {}, {"--fresh"}};
        std::size_t afterFirst = 0;
        for (const auto& extra : rounds) {
            const auto run = runProcess(
                kCli, QStringList{"run", config, "--no-cdc", "--data-dir", dir.path()} + extra,
                {.timeoutMs = 120000, .environment = env});
            QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
            const auto count = client.listObjects(bucket, prefix + "/").size();
            if (afterFirst == 0) {
                afterFirst = count;
            } else if (extra.isEmpty()) {
                QVERIFY2(run.all().contains("already completed"), qPrintable(run.all()));
                QCOMPARE(count, afterFirst);
            }
        }
        // 1,200 events in objects of at most 500, twice: nothing replaced, nothing lost.
        const auto objects = client.listObjects(bucket, prefix + "/");
        QVERIFY2(objects.size() >= 6, qPrintable(QString::number(objects.size())));
        std::multiset<std::int64_t> orders;
        for (const auto& o : objects) {
            QVERIFY2(o.key.starts_with(prefix + "/part-") && o.key.ends_with(".jsonl"),
                     o.key.c_str());
            const auto body = client.getObject(bucket, o.key);
            QVERIFY(body.has_value());
            std::size_t lines = 0, from = 0;
            for (std::size_t at; (at = body->find('\n', from)) != std::string::npos;
                 from = at + 1) {
                const auto event = nlohmann::json::parse(body->substr(from, at - from));
                orders.insert(event["orderId"].get<std::int64_t>());
                QVERIFY(event["customer"].is_string());
                ++lines;
            }
            QVERIFY2(lines <= 500, o.key.c_str());
        }
        QCOMPARE(orders.size(), std::size_t(2400));
        for (std::int64_t id = 0; id < 1200; ++id)
            QCOMPARE(orders.count(id), std::size_t(2));
    }

    void aMissingBucketFailsTheRunNamingTheEndpoint() {
        RD_REQUIRE_S3();
        const auto settings = tests::testS3Settings();
        QTemporaryDir dir;
        const QString config = writeScenario(
            dir, settings.endpoint,
            "no-such-bucket-" + std::to_string(QDateTime::currentMSecsSinceEpoch()), "x");
        const auto run =
            runProcess(kCli, {"run", config, "--no-cdc", "--data-dir", dir.path()},
                       {.timeoutMs = 120000, .environment = tests::s3ChildEnvironment()});
        QVERIFY2(run.exitCode != 0, qPrintable(run.all()));
        QVERIFY2(run.all().contains(QString::fromStdString(settings.endpoint)),
                 qPrintable(run.all()));
        QVERIFY2(!run.all().contains(QString::fromStdString(settings.secretAccessKey)),
                 "the secret was printed");
    }
};

QTEST_GUILESS_MAIN(BucketSinkTest)
#include "test_bucket_sink.moc"
