#include <unistd.h>

#include <QtTest>
#include <filesystem>
#include <thread>

#include "engine/core/process.h"
#include "engine/engine.h"
#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/consumer.h"
#include "engine/postgres/connection.h"
#include "engine/postgres/local_server.h"
#include "engine/sandbox/sandbox.h"
#include "support/enum_name.h"

using namespace riverdelta;

namespace {

EngineSnapshot waitUntilSettled(Engine& engine, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    EngineSnapshot s = engine.snapshot();
    while (
        std::chrono::steady_clock::now() < deadline &&
        (s.kafka.state == ServiceState::Starting || s.postgres.state == ServiceState::Starting)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        s = engine.snapshot();
    }
    return s;
}

int postgresServersUsing(const std::string& dataDir) {
    auto ps = core::runProcess({"pgrep", "-f", "postgres -D " + dataDir});
    int count = 0;
    for (char c : ps.output)
        count += c == '\n';
    return count;
}

}  // namespace

class SandboxTest : public QObject {
    Q_OBJECT
  private slots:
    void startsBothServicesStopsCleanlyAndReusesTheCluster() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::filesystem::path data = dir.path().toStdString();
        std::string pgdata;
        {
            Engine engine({.dataDirectory = data, .startSandbox = true});
            const EngineSnapshot s = waitUntilSettled(engine, std::chrono::seconds(120));
            QVERIFY2(s.kafka.state == ServiceState::Connected, s.kafka.error.c_str());
            QVERIFY2(s.postgres.state == ServiceState::Connected, s.postgres.error.c_str());
            QVERIFY(s.postgres.detail.find("new cluster") != std::string::npos);
            QVERIFY(s.kafka.detail.find("5 MiB") != std::string::npos);

            const auto ep = engine.sandboxEndpoints();
            QVERIFY(ep.has_value());
            postgres::Connection db(ep->postgresConninfo);
            QCOMPARE(std::string(db.exec("SHOW wal_level").value(0, 0)), std::string("logical"));
            db.exec("CREATE TABLE kept (id int)");
            db.exec("INSERT INTO kept VALUES (7)");
            pgdata = std::string(db.exec("SHOW data_directory").value(0, 0));
            QVERIFY(postgresServersUsing(pgdata) >= 1);  // children briefly share its command line

            kafka::ClientConfig config;
            config.bootstrapServers = ep->kafkaBootstrap;
            kafka::Consumer client(config);
            QCOMPARE(kafka::fetchMetadata(client.handle(), std::chrono::seconds(5)).brokers, 1);
            // Secrets stay out of what the UI shows.
            QVERIFY(s.postgres.endpoint.find("password") == std::string::npos);
        }
        QCOMPARE(postgresServersUsing(pgdata), 0);

        // Second start: same cluster, data still there.
        Engine again({.dataDirectory = data, .startSandbox = true});
        const EngineSnapshot s = waitUntilSettled(again, std::chrono::seconds(120));
        QVERIFY2(s.postgres.state == ServiceState::Connected, s.postgres.error.c_str());
        QVERIFY2(s.postgres.detail.find("reused") != std::string::npos, s.postgres.detail.c_str());
        postgres::Connection db(again.sandboxEndpoints()->postgresConninfo);
        QCOMPARE(std::string(db.exec("SELECT id FROM kept").value(0, 0)), std::string("7"));
    }

    // As root the cluster lives in /var/tmp, keyed by the data directory. One whose data
    // directory is gone is removed at the next start, so tests and users starting afresh do not
    // fill the disk (398 left-behind clusters took 18 GB here).
    void aDeletedDataDirectoryLeavesNoClusterBehind() {
        if (::geteuid() != 0) QSKIP("the cluster lives in /var/tmp only when run as root");
        namespace fs = std::filesystem;
        fs::path orphan;
        {
            QTemporaryDir first;
            postgres::LocalServer server(fs::path(first.path().toStdString()) / "sandbox");
            server.start();
            orphan = server.logFile().parent_path();
            server.stop();
        }
        QVERIFY2(orphan.string().starts_with("/var/tmp/riverdelta-root-"), orphan.c_str());
        QVERIFY(fs::exists(orphan / "pgdata" / "PG_VERSION"));
        QTemporaryDir second;
        postgres::LocalServer server(fs::path(second.path().toStdString()) / "sandbox");
        server.start();
        const fs::path kept = server.logFile().parent_path();
        QVERIFY2(!fs::exists(orphan), orphan.c_str());
        QVERIFY(fs::exists(kept / "pgdata" / "PG_VERSION"));
        server.stop();
        fs::remove_all(kept);
    }

    void missingServerBinariesSayWhatToInstall() {
        QTemporaryDir dir;
        qputenv("RIVERDELTA_PG_BINDIR", "/nonexistent/postgresql/bin");
        {
            Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
            const EngineSnapshot s = waitUntilSettled(engine, std::chrono::seconds(60));
            QCOMPARE(testing::nameOf(s.kafka.state),
                     testing::nameOf(
                         ServiceState::Connected));  // one half failing never hides the other
            QCOMPARE(testing::nameOf(s.postgres.state), testing::nameOf(ServiceState::Failed));
            QVERIFY2(s.postgres.error.find("apt-get install postgresql") != std::string::npos,
                     s.postgres.error.c_str());
        }
        qunsetenv("RIVERDELTA_PG_BINDIR");
    }

    void unusableDataDirectoryIsReported() {
        QTemporaryDir dir;
        const std::string blocker = dir.path().toStdString() + "/file";
        QFile f(QString::fromStdString(blocker));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        sandbox::Sandbox sb(blocker);  // a regular file where a directory must go
        try {
            sb.startPostgres();
            QFAIL("expected an error");
        } catch (const std::exception& e) {
            QVERIFY2(
                std::string(e.what()).find("cannot create data directory") != std::string::npos,
                e.what());
        }
    }
};

QTEST_GUILESS_MAIN(SandboxTest)
#include "test_sandbox.moc"
