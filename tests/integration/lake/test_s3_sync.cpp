// Lake sync into the real SeaweedFS S3 server of the test services: the built-in scenario's
// three topics through `riverdelta-cli run --sync --lake s3://…` read back by delta-rs, pyarrow
// and DuckDB from the server; kill -9 during S3 commits; two writers racing on one table; and
// the one-line reasons for bad credentials, a missing bucket and an unreachable endpoint.

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "engine/generate/compiler.h"
#include "engine/kafka/producer.h"
#include "engine/lake/delta/delta_log.h"
#include "engine/lake/storage/lake_location.h"
#include "engine/lake/storage/local_object_store.h"
#include "engine/lake/sync/sync_job.h"
#include "engine/postgres/connection.h"
#include "engine/s3/s3_client.h"
#include "engine/scenario/builtin_scenarios.h"
#include "engine/scenario/diagnostic.h"
#include "lake/python_check.h"
#include "lake/s3_test_env.h"
#include "support/kill_after_commits.h"
#include "support/run_process.h"

using namespace riverdelta;
using lake::sync::SyncJob;
using lake::sync::SyncState;

namespace {

const QString kCli = QStringLiteral(RIVERDELTA_BINARY_DIR "/app/riverdelta-cli");

std::string freshDatabase(const std::string& conninfo) {
    std::string name;
    for (char c : testing::uniqueName("s3lake").substr(0, 40))
        name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    postgres::Connection(conninfo).exec("CREATE DATABASE " + name);
    std::string out = conninfo;
    if (const auto at = out.find("dbname="); at != std::string::npos) {
        const auto end = out.find(' ', at);
        out.erase(at, end == std::string::npos ? std::string::npos : end - at + 1);
    }
    return out + " dbname=" + name;
}

void produce(const std::string& bootstrap, const std::string& topic, int count) {
    kafka::ClientConfig c;
    c.bootstrapServers = bootstrap;
    kafka::Producer p(c);
    for (int i = 0; i < count; ++i) {
        nlohmann::json v = {{"id", "E" + std::to_string(i)},
                            {"n", i},
                            {"label", i % 3 == 0 ? "odd-three" : "other"},
                            {"price", i % 5 == 0 ? nlohmann::json() : nlohmann::json(i * 0.25)}};
        p.produce(topic, "k" + std::to_string(i), v.dump(), 0);
    }
    QVERIFY(p.flush(std::chrono::seconds(60)));
}

lake::sync::SyncStatus syncToEnd(lake::sync::SyncOptions o) {
    SyncJob job(std::move(o));
    job.start();
    if (!job.waitFinished(std::chrono::minutes(5))) qWarning("sync did not finish");
    return job.status();
}

lake::delta::Snapshot loadS3Table(const std::string& url) {
    const auto store = lake::storage::openObjectStore(lake::storage::LakeLocation::parse(url),
                                                      tests::testS3Settings());
    return lake::delta::DeltaLog(*store, "").load();
}

// delta-rs / pyarrow / DuckDB read the S3 table; it must equal the local one up to its offsets.
void checkAgainstLocal(const std::string& url, const QString& local, const std::string& topic,
                       int partitions) {
    nlohmann::json appIds = nlohmann::json::object();
    for (int p = 0; p < partitions; ++p)
        appIds[SyncJob::appId("riverdelta", topic, p)] = p;
    auto run = tests::runPythonCheck(
        QStringLiteral("check_delta_s3.py"),
        {QString::fromStdString(url), local, QString::fromStdString(appIds.dump())});
    RD_VERIFY_PYTHON_RUN(run);
    qInfo("%s: %s", topic.c_str(), qPrintable(run.out.trimmed()));
}

int countCommits(s3::S3Client& client, const std::string& url) {
    const auto u = s3::parseS3Url(url);
    int n = 0;
    for (const auto& o : client.listObjects(u.bucket, u.keyPrefix() + "_delta_log/"))
        n += o.key.ends_with(".json") && o.key.size() - o.key.rfind('/') - 1 == 25;
    return n;
}

QStringList syncArgs(const std::string& topic, const std::string& bootstrap,
                     const std::string& lake) {
    return {QStringLiteral("sync"),
            QString::fromStdString(topic),
            QStringLiteral("--kafka"),
            QString::fromStdString(bootstrap),
            QStringLiteral("--lake"),
            QString::fromStdString(lake),
            QStringLiteral("--until-caught-up"),
            QStringLiteral("--freshness-target-ms"),
            QStringLiteral("50"),
            QStringLiteral("--max-batch-rows"),
            QStringLiteral("300")};
}

}  // namespace

class S3SyncTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        RD_REQUIRE_S3();
        RD_REQUIRE_PYTHON();
    }

    // The workshop's path: `run --sync` of the built-in scenario's three topics into a bucket.
    void scenarioTopicsSyncToS3AndReadBackExactly() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        const std::string lake = tests::freshS3Url("scenario");
        QTemporaryDir dataDir;
        const auto cli = testing::runProcess(
            kCli,
            {"run", "--stages", "3", "--kafka", QString::fromStdString(bootstrap), "--postgres",
             QString::fromStdString(freshDatabase(conninfo)), "--no-cdc", "--data-dir",
             dataDir.path(), "--sync", "clickstream,bookings,hotel_reviews", "--lake",
             QString::fromStdString(lake)},
            {.timeoutMs = 600'000, .environment = tests::s3ChildEnvironment()});
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.all()));
        QVERIFY2(!QDir(QStringLiteral("s3:")).exists(), "an s3:// lake became a local folder");

        scenario::Diagnostics diags;
        auto program = generate::loadProgram(scenario::builtinScenarioPath(), {}, diags);
        QVERIFY2(program, diags.format().c_str());
        QTemporaryDir local;
        for (const std::string topic : {"clickstream", "bookings", "hotel_reviews"}) {
            const auto s3Table = loadS3Table(lake + "/" + topic);
            QVERIFY2(s3Table.numRecords() > 0, topic.c_str());
            // The same topic synced into a folder, with the schema `run --sync` used.
            lake::sync::SyncOptions o;
            o.topic = topic;
            o.tableLocation = (local.path() + "/" + QString::fromStdString(topic)).toStdString();
            o.kafka.bootstrapServers = bootstrap;
            o.untilCaughtUp = true;
            for (const auto& info : program->generators())
                if (info.kind == generate::TargetKind::Topic && info.target == topic &&
                    info.avroSchemaHint.is_object() && info.avroSchemaHint.contains("value"))
                    o.avroSchema = info.avroSchemaHint["value"];
            const auto synced = syncToEnd(o);
            QVERIFY2(synced.state == SyncState::Stopped, synced.reason.c_str());
            checkAgainstLocal(lake + "/" + topic, QString::fromStdString(o.tableLocation.string()),
                              topic, static_cast<int>(synced.partitions.size()));
        }
        // lake status lists the tables under the prefix
        const auto status =
            testing::runProcess(kCli, {"lake", "status", QString::fromStdString(lake)},
                                {.environment = tests::s3ChildEnvironment()});
        QVERIFY2(status.exitCode == 0, qPrintable(status.all()));
        for (const char* topic : {"clickstream", "bookings", "hotel_reviews"})
            QVERIFY2(status.out.contains(QString::fromLatin1(topic)), qPrintable(status.out));
    }

    void killNineDuringS3CommitsLosesAndDuplicatesNothing() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        const auto topic = testing::uniqueName("s3crash");
        // Enough that the kills spread over the whole sync at any speed: a run between two kills
        // commits ~10 batches of 300 rows before the lister sees the first one.
        constexpr int kRecords = 100000;
        produce(bootstrap, topic, kRecords);
        const std::string lake = tests::freshS3Url("crash");
        const std::string table = lake + "/" + topic;
        const auto args = syncArgs(topic, bootstrap, lake);
        s3::S3Client lister(s3::resolveS3Settings(tests::testS3Settings(), {}));
        // 0-15 ms after a new commit shows up: mid-batch, mid-upload, mid-commit.
        const auto spree =
            testing::killAfterCommits({.program = kCli,
                                       .args = args,
                                       .environment = tests::s3ChildEnvironment(),
                                       .commits = [&] { return countCommits(lister, table); },
                                       .maxJitterMs = 15,
                                       .seed = 20261206});
        const int kills = spree.kills;
        QVERIFY2(kills >= 10, qPrintable(QString("only %1 kills landed; the first run that ended "
                                                 "by itself printed: %2")
                                             .arg(kills)
                                             .arg(spree.firstEnding)));
        QCOMPARE(spree.unfinished, 0);
        const auto last = testing::runProcess(
            kCli, args, {.timeoutMs = 300'000, .environment = tests::s3ChildEnvironment()});
        QVERIFY2(last.exitCode == 0, qPrintable(last.all()));
        const auto snap = loadS3Table(table);
        QCOMPARE(snap.numRecords(), std::int64_t(kRecords));
        QCOMPARE(snap.txnVersion(SyncJob::appId("riverdelta", topic, 0)).value_or(-1),
                 std::int64_t(kRecords - 1));
        qInfo("%d kill -9s, final table version %lld", kills, static_cast<long long>(snap.version));
        // Every row once, as a clean local sync of the topic has it.
        QTemporaryDir local;
        lake::sync::SyncOptions o;
        o.topic = topic;
        o.tableLocation = (local.path() + "/t").toStdString();
        o.kafka.bootstrapServers = bootstrap;
        o.untilCaughtUp = true;
        const auto synced = syncToEnd(o);
        QVERIFY2(synced.state == SyncState::Stopped, synced.reason.c_str());
        checkAgainstLocal(table, local.path() + "/t", topic, 1);
    }

    void twoWritersRaceOnOneTable() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        const auto topic = testing::uniqueName("s3rivals");
        produce(bootstrap, topic, 20000);
        lake::sync::SyncOptions o;
        o.topic = topic;
        o.tableLocation = tests::freshS3Url("rivals") + "/" + topic;
        o.s3 = tests::testS3Settings();
        o.kafka.bootstrapServers = bootstrap;
        o.untilCaughtUp = true;
        o.commitInterval = std::chrono::milliseconds(20);
        o.maxBufferedRows = 500;
        SyncJob a(o), b(o);
        a.start();
        b.start();
        QVERIFY(a.waitFinished(std::chrono::minutes(5)));
        QVERIFY(b.waitFinished(std::chrono::minutes(5)));
        int failed = 0;
        for (const auto& s : {a.status(), b.status()}) {
            if (s.state != SyncState::Failed) continue;
            ++failed;
            // The loser says why: the other writer committed its offsets first.
            QVERIFY2(s.reason.find("another writer") != std::string::npos, s.reason.c_str());
        }
        qInfo("%d of 2 writers stopped on a lost race", failed);
        const auto last = syncToEnd(o);  // finishes whatever a loser left
        QVERIFY2(last.state == SyncState::Stopped, last.reason.c_str());
        const auto snap = loadS3Table(o.tableLocation.string());
        QCOMPARE(snap.numRecords(), std::int64_t(20000));
        QTemporaryDir local;
        auto lo = o;
        lo.tableLocation = (local.path() + "/t").toStdString();
        lo.s3.reset();
        QVERIFY(syncToEnd(lo).state == SyncState::Stopped);
        checkAgainstLocal(o.tableLocation.string(), local.path() + "/t", topic, 1);
    }

    // An s3 storage profile: saved without its secret in the profiles file, tested (list +
    // conditional-write probe), then used by `sync --profile` with no AWS variables set.
    void storageProfileSavesTestsAndSyncs() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        const auto topic = testing::uniqueName("s3profile");
        produce(bootstrap, topic, 500);
        QTemporaryDir config;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CONFIG_HOME", config.path());
        env.insert("RIVERDELTA_SECRET_STORE", "file");
        for (const char* v : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL",
                              "AWS_ENDPOINT_URL_S3", "AWS_PROFILE", "AWS_REGION"})
            env.remove(v);
        env.insert("HOME", config.path());  // no ~/.aws either
        const auto s = tests::testS3Settings();
        const std::string lake = tests::freshS3Url("profile");
        const auto add = testing::runProcess(
            kCli,
            {"profile", "add", "bucket", "--kind", "s3", "--endpoint",
             QString::fromStdString(s.endpoint), "--region", QString::fromStdString(s.region),
             "--access-key", QString::fromStdString(s.accessKeyId), "--secret-stdin", "--lake",
             QString::fromStdString(lake)},
            {.environment = env, .input = QByteArray::fromStdString(s.secretAccessKey + "\n")});
        QVERIFY2(add.exitCode == 0, qPrintable(add.all()));
        QFile profiles(config.path() + "/riverdelta/profiles.json");
        QVERIFY(profiles.open(QIODevice::ReadOnly));
        const QByteArray saved = profiles.readAll();
        QVERIFY2(saved.contains("\"s3Endpoint\""), saved.constData());
        QVERIFY(!saved.contains(QByteArray::fromStdString(s.secretAccessKey)));

        const auto test =
            testing::runProcess(kCli, {"profile", "test", "bucket"}, {.environment = env});
        QVERIFY2(test.exitCode == 0, qPrintable(test.all()));
        QVERIFY2(test.out.contains("Conditional writes:") && test.out.contains("412"),
                 qPrintable(test.out));
        QVERIFY(!test.all().contains(QString::fromStdString(s.secretAccessKey)));

        const auto sync = testing::runProcess(
            kCli,
            {"sync", QString::fromStdString(topic), "--kafka", QString::fromStdString(bootstrap),
             "--profile", "bucket", "--until-caught-up"},
            {.timeoutMs = 120'000, .environment = env});
        QVERIFY2(sync.exitCode == 0, qPrintable(sync.all()));
        QCOMPARE(loadS3Table(lake + "/" + topic).numRecords(), std::int64_t(500));

        // A wrong secret: profile test says what failed, naming the endpoint, not the secret.
        const auto bad =
            testing::runProcess(kCli,
                                {"profile", "add", "wrong", "--kind", "s3", "--endpoint",
                                 QString::fromStdString(s.endpoint), "--access-key",
                                 QString::fromStdString(s.accessKeyId), "--secret-stdin", "--lake",
                                 QString::fromStdString(lake)},
                                {.environment = env, .input = "not-the-secret-abc123\n"});
        QVERIFY2(bad.exitCode == 0, qPrintable(bad.all()));
        const auto failed =
            testing::runProcess(kCli, {"profile", "test", "wrong"}, {.environment = env});
        QCOMPARE(failed.exitCode, 1);
        QVERIFY2(failed.out.contains("FAILED") && failed.out.contains("SignatureDoesNotMatch") &&
                     failed.out.contains(QString::fromStdString(s.endpoint)),
                 qPrintable(failed.all()));
        QVERIFY(!failed.all().contains("not-the-secret-abc123"));
    }

    void cliFailuresNameTheEndpointInOneLine() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        const auto topic = testing::uniqueName("s3fail");
        produce(bootstrap, topic, 10);
        const auto good = tests::testS3Settings();
        struct Case {
            const char* what;
            QString endpoint, secret, lake, expect;
        };
        const QString lake = QString::fromStdString(tests::freshS3Url("fail"));
        const QString endpoint = QString::fromStdString(good.endpoint);
        const QString badSecret = QStringLiteral("not-the-secret-9f8e7d6c5b4a");
        const std::vector<Case> cases = {
            {"bad credentials", endpoint, badSecret, lake, QStringLiteral("403")},
            {"missing bucket", endpoint, QString::fromStdString(good.secretAccessKey),
             QStringLiteral("s3://no-such-bucket-rd/x"), QStringLiteral("does not exist")},
            {"unreachable endpoint", QStringLiteral("http://127.0.0.1:1"),
             QString::fromStdString(good.secretAccessKey), lake, QStringLiteral("cannot connect")},
        };
        for (const auto& c : cases) {
            auto env = tests::s3ChildEnvironment();
            env.insert("AWS_ENDPOINT_URL", c.endpoint);
            env.insert("AWS_SECRET_ACCESS_KEY", c.secret);
            const auto r = testing::runProcess(
                kCli,
                {"sync", QString::fromStdString(topic), "--kafka",
                 QString::fromStdString(bootstrap), "--lake", c.lake, "--until-caught-up"},
                {.timeoutMs = 120'000, .environment = env});
            QVERIFY2(r.exitCode == 1, qPrintable(QString(c.what) + ": " + r.all()));
            QStringList failedLines;
            for (const auto& line : r.all().split('\n'))
                if (line.contains(QStringLiteral("Failed"))) failedLines << line;
            QVERIFY2(!failedLines.isEmpty(), qPrintable(r.all()));
            const QString line = failedLines.last();
            QVERIFY2(line.contains(c.endpoint), qPrintable(QString(c.what) + ": " + line));
            QVERIFY2(line.contains(c.expect), qPrintable(QString(c.what) + ": " + line));
            QVERIFY2(!r.all().contains(c.secret), c.what);
            QVERIFY2(!r.all().contains(QString::fromStdString(good.secretAccessKey)), c.what);
        }
    }
};

QTEST_GUILESS_MAIN(S3SyncTest)
#include "test_s3_sync.moc"
