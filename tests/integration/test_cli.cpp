#include <QFile>
#include <QProcess>
#include <QtTest>

#include "riverdelta/version.h"
#include "support/run_process.h"

namespace {

using riverdelta::testing::runProcess;

const QString kCli = QStringLiteral(RIVERDELTA_BINARY_DIR "/app/riverdelta-cli");
const QString kGui = QStringLiteral(RIVERDELTA_BINARY_DIR "/app/riverdelta");

}  // namespace

class CliTest : public QObject {
    Q_OBJECT
  private slots:
    void versionAndHelp() {
        auto v = runProcess(kCli, {QStringLiteral("--version")});
        QCOMPARE(v.exitCode, 0);
        QCOMPARE(v.out.trimmed(), QStringLiteral("riverdelta-cli ") + riverdelta::kVersion);
        auto h = runProcess(kCli, {QStringLiteral("--help")});
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.out.contains(QStringLiteral("sandbox")));
        QVERIFY(h.out.contains(QStringLiteral("doctor")));
        auto sh = runProcess(kCli, {QStringLiteral("sandbox"), QStringLiteral("--help")});
        QCOMPARE(sh.exitCode, 0);
        QVERIFY(sh.out.contains(QStringLiteral("--data-dir")));
    }

    void badUsageExitsTwoWithAReason() {
        auto none = runProcess(kCli, {});
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.err.contains(QStringLiteral("Usage")));
        auto unknown = runProcess(kCli, {QStringLiteral("frobnicate")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains(QStringLiteral("unknown command 'frobnicate'")));
        auto badOption = runProcess(kCli, {QStringLiteral("sandbox"), QStringLiteral("--bogus")});
        QCOMPARE(badOption.exitCode, 2);
        QVERIFY2(badOption.err.contains(QStringLiteral("unknown option --bogus")),
                 qPrintable(badOption.err));
    }

    void cdcUsage() {
        auto h = runProcess(kCli, {QStringLiteral("cdc"), QStringLiteral("--help")});
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.out.contains(QStringLiteral("--tables")));
        QVERIFY(h.out.contains(QStringLiteral("--drop-slot-on-exit")));
        auto missing = runProcess(kCli, {QStringLiteral("cdc"), QStringLiteral("--kafka"),
                                         QStringLiteral("127.0.0.1:1")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("--postgres is required")),
                 qPrintable(missing.err));
        auto badDuration =
            runProcess(kCli, {QStringLiteral("cdc"), QStringLiteral("--postgres"),
                              QStringLiteral("x"), QStringLiteral("--kafka"), QStringLiteral("y"),
                              QStringLiteral("--duration"), QStringLiteral("soon")});
        QCOMPARE(badDuration.exitCode, 2);
        QVERIFY(badDuration.err.contains(QStringLiteral("--duration needs a positive number")));
    }

    void doctorFindsWhatTheTestMachineHas() {
        auto d = runProcess(kCli, {QStringLiteral("doctor")});
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        QVERIFY(d.out.contains(QStringLiteral("PostgreSQL server")));
        QVERIFY(d.out.contains(QStringLiteral("librdkafka")));
        QVERIFY(d.out.contains(QStringLiteral("0 missing")));
    }

    void doctorSaysWhatToInstallWhenTheServerIsMissing() {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RIVERDELTA_PG_BINDIR"), QStringLiteral("/nonexistent"));
        auto d = runProcess(kCli, {QStringLiteral("doctor")}, {.environment = env});
        QCOMPARE(d.exitCode, 1);
        QVERIFY2(d.out.contains(QStringLiteral("apt-get install postgresql")), qPrintable(d.out));
    }

    void guiWithoutADisplaySaysHowToRunHeadless() {
        auto env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        auto g = runProcess(kGui, {}, {.environment = env});
        QCOMPARE(g.exitCode, 2);
        QVERIFY2(g.err.contains(QStringLiteral("riverdelta-cli sandbox")), qPrintable(g.err));
        QVERIFY(g.err.contains(QStringLiteral("QT_QPA_PLATFORM=offscreen")));
    }

    void guiStopsItsPostgresOnSigterm() {
        QTemporaryDir home;
        // Let the unprivileged server user reach the data dir when the test runs as root.
        QFile::setPermissions(home.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                               QFileDevice::ExeOwner | QFileDevice::ExeOther |
                                               QFileDevice::ReadOther);
        const QString pgdata = home.path() + "/riverdelta/sandbox/postgres/server/pgdata";
        auto servers = [&] {
            return runProcess(QStringLiteral("pgrep"),
                              {QStringLiteral("-f"), "postgres -D " + pgdata})
                .out.split('\n', Qt::SkipEmptyParts)
                .size();
        };
        QProcess gui;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.path());
        gui.setProcessEnvironment(env);
        gui.start(kGui, {});
        QVERIFY(gui.waitForStarted());
        // Children briefly carry the postmaster's command line after fork, so count "at least";
        // the server is up once its postmaster.pid says "ready" (line 8, PostgreSQL >= 10).
        auto ready = [&] {
            QFile pid(pgdata + QStringLiteral("/postmaster.pid"));
            return pid.open(QIODevice::ReadOnly) &&
                   QString::fromUtf8(pid.readAll()).split('\n').value(7).trimmed() ==
                       QStringLiteral("ready");
        };
        QTRY_VERIFY_WITH_TIMEOUT(servers() >= 1 && ready(), 120000);
        gui.terminate();  // SIGTERM
        QVERIFY(gui.waitForFinished(60000));
        QCOMPARE(gui.exitStatus(), QProcess::NormalExit);
        QCOMPARE(gui.exitCode(), 0);
        QCOMPARE(servers(), 0);
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "test_cli.moc"
