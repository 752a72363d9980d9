#include <sys/stat.h>

#include <QProcess>
#include <QtTest>

#include "support/run_process.h"
#include "support/test_env.h"

namespace {

using Run = riverdelta::testing::ProcessResult;

const QString kCli = QStringLiteral(RIVERDELTA_BINARY_DIR "/app/riverdelta-cli");

// A profile environment of its own: config in a temporary XDG_CONFIG_HOME, and no D-Bus
// session (so no keychain) unless a test brings one.
class ProfileEnv {
  public:
    ProfileEnv() {
        env_ = QProcessEnvironment::systemEnvironment();
        env_.insert(QStringLiteral("XDG_CONFIG_HOME"), dir_.path());
        env_.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        env_.remove(QStringLiteral("RIVERDELTA_SECRET_STORE"));
    }
    Run cli(const QStringList& args, const QByteArray& stdinData = {}) const {
        return run(kCli, args, stdinData);
    }
    Run run(const QString& program, const QStringList& args,
            const QByteArray& stdinData = {}) const {
        return riverdelta::testing::runProcess(
            program, args, {.timeoutMs = 90'000, .environment = env_, .input = stdinData});
    }
    [[nodiscard]] QString configDir() const { return dir_.path() + QStringLiteral("/riverdelta"); }
    // Every file under the config dir, concatenated.
    [[nodiscard]] QByteArray allFiles() const {
        QByteArray out;
        QDirIterator it(dir_.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly)) out += f.readAll();
        }
        return out;
    }
    QProcessEnvironment& env() { return env_; }

  private:
    QTemporaryDir dir_;
    QProcessEnvironment env_;
};

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

}  // namespace

class ProfileCliTest : public QObject {
    Q_OBJECT
  private slots:
    void fileFallbackWarnsAndListNeverShowsSecrets() {
        ProfileEnv env;
        QTemporaryDir tmp;
        const QString props = tmp.filePath(QStringLiteral("client.properties"));
        {
            QFile f(props);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(
                "bootstrap.servers=pkc-abc12.europe-west3.gcp.confluent.cloud:9092\n"
                "security.protocol=SASL_SSL\n"
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule "
                "required username='CLUSTERKEY123' password='cluster-secret-XYZ';\n"
                "sasl.mechanism=PLAIN\nclient.dns.lookup=use_all_dns_ips\n"
                "session.timeout.ms=45000\nacks=all\nmax.block.ms=60000\n"
                "schema.registry.url=https://psrc-xyz.europe-west3.gcp.confluent.cloud\n"
                "basic.auth.credentials.source=USER_INFO\n"
                "basic.auth.user.info=SRKEY456:registry-secret-XYZ\n");
        }
        auto add = env.cli({"profile", "add", "workshop", "--properties", props});
        QVERIFY2(add.exitCode == 0, qPrintable(add.all()));
        QVERIFY2(add.err.contains(QStringLiteral("no system keychain available")),
                 qPrintable(add.err));
        QVERIFY2(add.err.contains(QStringLiteral("plain text")), qPrintable(add.err));
        QVERIFY2(add.err.contains(QStringLiteral("max.block.ms ignored")), qPrintable(add.err));
        QVERIFY(add.out.contains(QStringLiteral("2 secrets in file")));
        QVERIFY(!add.all().contains(QStringLiteral("secret-XYZ")));

        const QString secretsFile = env.configDir() + QStringLiteral("/profiles.secrets.json");
        struct stat st {};
        QCOMPARE(::stat(secretsFile.toLocal8Bit().constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        QFile profilesFile(env.configDir() + QStringLiteral("/profiles.json"));
        QVERIFY(profilesFile.open(QIODevice::ReadOnly));
        const QByteArray profilesJson = profilesFile.readAll();
        QVERIFY(!profilesJson.contains("secret-XYZ"));
        QVERIFY(profilesJson.contains("confluent-cloud"));

        // A second profile, the secret arriving on stdin.
        auto pg = env.cli({"profile", "add", "db", "--kind", "postgres", "--host", "db.example.com",
                           "--user", "app", "--dbname", "shop", "--secret-stdin"},
                          "pg-secret-XYZ\n");
        QVERIFY2(pg.exitCode == 0, qPrintable(pg.all()));

        auto list = env.cli({"profile", "list"});
        QCOMPARE(list.exitCode, 0);
        QVERIFY(list.out.contains(QStringLiteral("workshop")));
        QVERIFY(list.out.contains(QStringLiteral("confluent-cloud")));
        QVERIFY(
            list.out.contains(QStringLiteral("pkc-abc12.europe-west3.gcp.confluent.cloud:9092")));
        QVERIFY(list.out.contains(QStringLiteral("app@db.example.com:5432/shop")));
        QVERIFY(list.out.contains(QStringLiteral("sandbox")));
        QVERIFY2(!list.all().contains(QStringLiteral("secret-XYZ")), qPrintable(list.all()));

        auto help = env.cli({"profile", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("--secret-stdin")));
        QVERIFY(!help.all().contains(QStringLiteral("secret-XYZ")));
        auto top = env.cli({"--help"});
        QVERIFY(top.out.contains(QStringLiteral("profile")));

        auto dup = env.cli({"profile", "add", "workshop", "--properties", props});
        QCOMPARE(dup.exitCode, 1);
        QVERIFY(dup.err.contains(QStringLiteral("exists already")));
        auto bad = env.cli({"profile", "add", "x", "--kind", "mainframe"});
        QCOMPARE(bad.exitCode, 2);

        auto rm = env.cli({"profile", "remove", "workshop"});
        QCOMPARE(rm.exitCode, 0);
        QVERIFY(!env.allFiles().contains("cluster-secret-XYZ"));
        QVERIFY(env.allFiles().contains("pg-secret-XYZ"));  // the other profile keeps its own
        QCOMPARE(env.cli({"profile", "remove", "workshop"}).exitCode, 1);
    }

    void testReachesTheRealServices() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        RD_REQUIRE_ENV(sasl, "RIVERDELTA_TEST_KAFKA_SASL_BOOTSTRAP");
        RD_REQUIRE_ENV(saslUser, "RIVERDELTA_TEST_KAFKA_SASL_USERNAME");
        RD_REQUIRE_ENV(saslPassword, "RIVERDELTA_TEST_KAFKA_SASL_PASSWORD");
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(registry, "RIVERDELTA_TEST_SCHEMA_REGISTRY_URL");
        ProfileEnv env;
        auto expectOk = [&](const QStringList& addArgs, const QByteArray& stdinData,
                            const QString& needle) {
            auto add = env.cli(addArgs, stdinData);
            QVERIFY2(add.exitCode == 0, qPrintable(add.all()));
            auto t = env.cli({"profile", "test", addArgs[2], "--timeout", "10"});
            QVERIFY2(t.exitCode == 0, qPrintable(t.all()));
            QVERIFY2(t.out.contains(needle), qPrintable(t.out));
        };
        expectOk({"profile", "add", "broker", "--kind", "kafka", "--bootstrap", q(bootstrap)}, {},
                 QStringLiteral("Kafka:           ok      1 broker"));
        expectOk({"profile", "add", "sasl", "--kind", "kafka", "--bootstrap", q(sasl), "--property",
                  "security.protocol=SASL_PLAINTEXT", "--property", "sasl.mechanisms=PLAIN",
                  "--api-key", q(saslUser), "--secret-stdin"},
                 QByteArray::fromStdString(saslPassword + "\n"), QStringLiteral("ok"));
        expectOk({"profile", "add", "pg", "--kind", "postgres", "--conninfo", q(conninfo)}, {},
                 QStringLiteral("PostgreSQL 15."));
        expectOk({"profile", "add", "registry", "--kind", "schema-registry", "--registry-url",
                  q(registry)},
                 {}, QStringLiteral("subjects at"));
        QFile profilesFile(env.configDir() + QStringLiteral("/profiles.json"));
        QVERIFY(profilesFile.open(QIODevice::ReadOnly));
        QVERIFY(!profilesFile.readAll().contains(QByteArray::fromStdString(saslPassword)));

        // Wrong credentials: a clear, fast failure that names the profile, never the secret.
        auto wrong =
            env.cli({"profile", "add", "sasl-wrong", "--kind", "kafka", "--bootstrap", q(sasl),
                     "--property", "security.protocol=SASL_PLAINTEXT", "--property",
                     "sasl.mechanisms=PLAIN", "--api-key", q(saslUser), "--secret-stdin"},
                    "definitely-wrong-secret\n");
        QCOMPARE(wrong.exitCode, 0);
        auto tw = env.cli({"profile", "test", "sasl-wrong", "--timeout", "10"});
        QCOMPARE(tw.exitCode, 1);
        QVERIFY2(tw.out.contains(QStringLiteral("authentication failed")), qPrintable(tw.out));
        QVERIFY2(tw.out.contains(QStringLiteral("profile 'sasl-wrong'")), qPrintable(tw.out));
        QVERIFY(!tw.all().contains(QStringLiteral("definitely-wrong-secret")));
        QVERIFY2(tw.ms < 8000, "an authentication failure should not wait for the timeout");

        std::string badPg = conninfo;
        const auto at = badPg.find("password=");
        badPg.replace(at, badPg.find(' ', at) - at, "password=pg-wrong-secret");
        QCOMPARE(
            env.cli({"profile", "add", "pg-wrong", "--kind", "postgres", "--conninfo", q(badPg)})
                .exitCode,
            0);
        auto tp = env.cli({"profile", "test", "pg-wrong"});
        QCOMPARE(tp.exitCode, 1);
        QVERIFY2(tp.out.contains(QStringLiteral("password authentication failed")),
                 qPrintable(tp.out));
        QVERIFY(!tp.all().contains(QStringLiteral("pg-wrong-secret")));

        // Wrong host: fails within the timeout, saying what went wrong.
        QCOMPARE(env.cli({"profile", "add", "nowhere", "--kind", "kafka", "--bootstrap",
                          "broker.invalid:9092"})
                     .exitCode,
                 0);
        auto th = env.cli({"profile", "test", "nowhere", "--timeout", "3"});
        QCOMPARE(th.exitCode, 1);
        QVERIFY2(th.out.contains(QStringLiteral("no answer from broker.invalid:9092 within 3 s")),
                 qPrintable(th.out));
        QVERIFY2(th.out.contains(QStringLiteral("resolve")), qPrintable(th.out));
        QVERIFY(th.ms < 8000);
        auto unknown = env.cli({"profile", "test", "no-such-profile"});
        QCOMPARE(unknown.exitCode, 1);
    }

    // With a Secret Service running (gnome-keyring in a private D-Bus session), secrets go to
    // the keychain and nothing readable lands on disk.
    void keychainWhenASecretServiceRuns() {
        RD_REQUIRE_ENV(python, "RIVERDELTA_TEST_PYTHON");
        const auto dbus = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
        const auto keyring = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
        if (dbus.isEmpty() || keyring.isEmpty())
            QFAIL(
                "dbus-run-session and gnome-keyring-daemon are needed (scripts/install-deps.sh "
                "--test installs dbus-daemon, gnome-keyring and libsecret-1-0)");
        ProfileEnv env;
        QTemporaryDir home;
        env.env().insert(QStringLiteral("HOME"), home.path());
        env.env().insert(QStringLiteral("XDG_DATA_HOME"), home.path() + QStringLiteral("/data"));

        // A registry that insists on the secret: `test` passes only if it came back out.
        QProcess fake;
        fake.start(q(python),
                   {QStringLiteral(RIVERDELTA_SOURCE_DIR "/tests/support/fake_registry.py"),
                    QStringLiteral("kc-user"), QStringLiteral("kc-secret-XYZ")});
        QVERIFY(fake.waitForStarted() && fake.waitForReadyRead(20'000));
        const QString url = QStringLiteral("http://127.0.0.1:") + fake.readLine().trimmed();
        const QString script = QStringLiteral(
            "printf '%s' keyring-unlock | gnome-keyring-daemon --unlock --components=secrets "
            ">/dev/null 2>&1\n"
            // The daemon takes the Secret Service's name on the bus after it returns. Asked
            // before that, D-Bus starts a second daemon, which cannot find the first one and
            // wants a password prompt for a new keyring (seen once in CI).
            "deadline=$(($(date +%s) + 20))\n"
            "until dbus-send --session --print-reply --dest=org.freedesktop.DBus "
            "/org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner "
            "string:org.freedesktop.secrets | grep -q 'boolean true'; do\n"
            "  [ \"$(date +%s)\" -lt \"$deadline\" ] || { echo 'no Secret Service on the bus "
            "after 20 s' >&2; exit 9; }; sleep 0.1\n"
            "done\n"
            "echo kc-secret-XYZ | \"$CLI\" profile add kc --kind schema-registry --registry-url "
            "\"$URL\" --api-key kc-user --secret-stdin || exit 10\n"
            "\"$CLI\" profile test kc --timeout 10 || exit 11\n"
            "\"$CLI\" profile remove kc || exit 12\n");
        env.env().insert(QStringLiteral("CLI"), kCli);
        env.env().insert(QStringLiteral("URL"), url);
        auto r = env.run(
            dbus, {QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"), script});
        fake.kill();
        fake.waitForFinished();
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        QVERIFY2(r.out.contains(QStringLiteral("in the system keychain")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("Schema Registry: ok")), qPrintable(r.out));
        QVERIFY2(!r.all().contains(QStringLiteral("no system keychain")), qPrintable(r.all()));
        QVERIFY(!QFile::exists(env.configDir() + QStringLiteral("/profiles.secrets.json")));
        QVERIFY(!env.allFiles().contains("kc-secret-XYZ"));
    }
};

QTEST_GUILESS_MAIN(ProfileCliTest)
#include "test_profile_cli.moc"
