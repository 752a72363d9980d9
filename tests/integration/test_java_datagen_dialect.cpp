#include <QtTest>

#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/consumer.h"
#include "engine/registry/schema_registry.h"
#include "integration/cdc_test_support.h"
#include "support/run_process.h"

using namespace riverdelta;
using namespace riverdelta::testing;

namespace {

const QString kCli = QStringLiteral(RIVERDELTA_BINARY_DIR "/app/riverdelta-cli");
const QString kDialect = QStringLiteral(RIVERDELTA_SOURCE_DIR "/tests/scenarios/java-datagen");

// A copy of the dialect's data folder whose topics carry `suffix`, so reruns on the same broker
// start from empty topics.
void copyDataFolder(const QString& from, const QString& to, const QString& suffix) {
    QDir().mkpath(to);
    for (const auto& info :
         QDir(from).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString target = to + '/' + info.fileName();
        if (info.isDir()) {
            copyDataFolder(info.filePath(), target, suffix);
            continue;
        }
        QFile in(info.filePath());
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray text = in.readAll();
        text.replace("\"lakeside_visits\"", ("\"lakeside_visits" + suffix + "\"").toUtf8());
        text.replace("\"lakeside_stays\"", ("\"lakeside_stays" + suffix + "\"").toUtf8());
        QFile out(target);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text);
    }
}

struct RawRecord {
    std::int32_t partition = 0;
    std::string value;
};

// Every record of the finished run's `topic`, all `partitions` (readToWatermarks), raw.
std::vector<RawRecord> readAll(const std::string& bootstrap, const std::string& topic,
                               int partitions) {
    std::vector<RawRecord> out;
    readToWatermarks(bootstrap, topic, partitions, std::chrono::seconds(60),
                     [&](const kafka::Message& msg) {
                         out.push_back({msg.partition(), std::string(msg.payload())});
                     });
    return out;
}

std::string fileText(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll().toStdString();
}

std::int64_t count(postgres::Connection& pg, const std::string& sql) {
    return std::stoll(std::string(pg.exec(sql).value(0, 0)));
}

}  // namespace

// The workshop's data folder is written for Confluent's Java Datagen: ShadowTraffic's language
// plus `op: update` + `where`, `min` with `args`, `serialize: postgresTimestamp`,
// `localConfigs.partitions`, Avro hints loaded from .avsc files, and connection files written
// by Terraform (Java client properties, `logLevel`, `auto.register.schemas: false`). Our own
// scenario in that dialect (tests/scenarios/java-datagen, "Lakeside Inns") runs unchanged.
class JavaDatagenDialectTest : public QObject {
    Q_OBJECT
  private slots:
    void entryConfigsCheckAndSampleWithoutConnecting() {
        for (const char* entry : {"datagen-postgres.json", "datagen-configuration.json"}) {
            const QString config = kDialect + '/' + entry;
            const auto check = runProcess(kCli, {"check", config}, {.timeoutMs = 60000});
            QVERIFY2(check.exitCode == 0, qPrintable(check.all()));
            const auto sample = runProcess(kCli, {"sample", config, "-n", "200", "--seed", "3"},
                                           {.timeoutMs = 60000});
            QVERIFY2(sample.exitCode == 0, qPrintable(sample.all()));
            QVERIFY2(sample.out.count('\n') >= 200, qPrintable(sample.all()));
        }
    }

    void fourStagesRunExactlyOnTheRealServices() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        RD_REQUIRE_ENV(registryUrl, "RIVERDELTA_TEST_SCHEMA_REGISTRY_URL");
        const std::string database = lowerUnique("datagen");
        const std::string db = createDatabase(conninfo, database);
        const std::string prefix = lowerUnique("lakeside");
        const QString suffix = QString::fromStdString("_" + lowerUnique("r"));
        const std::string visits = "lakeside_visits" + suffix.toStdString();
        const std::string stays = "lakeside_stays" + suffix.toStdString();
        QTemporaryDir work;
        const QString data = work.path() + "/data";
        copyDataFolder(kDialect, data, suffix);

        // With auto.register.schemas false the run writes with the subject's latest schema, as
        // the workshop's Terraform registers them before the data generator starts.
        registry::SchemaRegistryClient registry(registry::RegistryConfig{.url = registryUrl});
        const int visitId = registry.registerSchema(
            visits + "-value", fileText(data + "/schemas/visit.avsc"), registry::SchemaType::Avro);
        const int stayId = registry.registerSchema(
            stays + "-value", fileText(data + "/schemas/stay.avsc"), registry::SchemaType::Avro);

        // The Terraform connection files name cloud hosts: a Kafka profile with the registry and
        // --postgres point the run at the test services instead.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CONFIG_HOME", work.path() + "/config");
        env.insert("RIVERDELTA_SECRET_STORE", "file");
        const auto add = runProcess(kCli,
                                    {"profile", "add", "lab", "--kind", "kafka", "--bootstrap",
                                     QString::fromStdString(bootstrap), "--registry-url",
                                     QString::fromStdString(registryUrl)},
                                    {.timeoutMs = 60000, .environment = env});
        QVERIFY2(add.exitCode == 0, qPrintable(add.all()));

        const auto run = runProcess(
            kCli,
            {"run", data + "/datagen-configuration.json", "--profile", "lab", "--postgres",
             QString::fromStdString(db), "--cdc-prefix", QString::fromStdString(prefix), "--seed",
             "7", "--data-dir", work.path() + "/state"},
            {.timeoutMs = 300000, .environment = env});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out.right(1500)));

        // PostgreSQL: seeds plus streaming inserts; the updates changed rows, added none.
        postgres::Connection pg(db);
        QCOMPARE(count(pg, "SELECT count(*) FROM lakeside.guest"), 210);
        QCOMPARE(count(pg, "SELECT count(*) FROM lakeside.inn"), 12);
        QVERIFY(count(pg, "SELECT count(*) FROM lakeside.guest WHERE tier <> 'standard'") > 0);
        QVERIFY(count(pg, "SELECT max(rooms) FROM lakeside.inn") <= 75);  // min(…, 75)
        // serialize: postgresTimestamp made real timestamps, on math, var and now.
        QCOMPARE(count(pg,
                       "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                       "'lakeside' AND column_name IN ('joined_at', 'updated_at', "
                       "'opened_at') AND data_type LIKE 'timestamp%'"),
                 3);
        QCOMPARE(count(pg,
                       "SELECT count(*) FROM lakeside.inn WHERE opened_at = "
                       "TIMESTAMP '2017-07-15 02:40:00'"),
                 12);

        // Change data capture saw every insert, and every update as a `u` event.
        const struct {
            const char* table;
            std::size_t inserts, updates;
        } captured[] = {{"guest", 210, 90}, {"inn", 12, 16}};
        for (const auto& c : captured) {
            const std::string topic = prefix + ".lakeside." + c.table;
            const auto records = readWholeTopic(bootstrap, topic);
            const auto ops = countOps(records);
            // It failed twice in about twenty runs with one event short (299 of 300, guest):
            // say which kinds arrived and what the run printed, for whoever sees it next.
            std::string seen;
            for (const auto& [op, n] : ops)
                seen += " " + op + "=" + std::to_string(n);
            if (records.size() != c.inserts + c.updates) {
                // Line by line: a test message is cut at about a kilobyte.
                for (const QString& line : (run.err + run.out).split(QLatin1Char('\n')))
                    qWarning("run: %s", qPrintable(line));
            }
            QVERIFY2(records.size() == c.inserts + c.updates,
                     qPrintable(QString::fromStdString(
                         topic + ": " + std::to_string(records.size()) + " of " +
                         std::to_string(c.inserts + c.updates) + " change events, by op:" + seen +
                         "; the run's output is above")));
            QCOMPARE(static_cast<std::size_t>(ops.count("r") ? ops.at("r") : 0) +
                         static_cast<std::size_t>(ops.count("c") ? ops.at("c") : 0),
                     c.inserts);
            QCOMPARE(static_cast<std::size_t>(ops.count("u") ? ops.at("u") : 0), c.updates);
        }

        // Kafka: exact counts, the partitions asked for, Avro with the registered schema ids.
        const struct {
            const std::string& topic;
            int partitions;
            std::size_t records;
            int schemaId;
        } topics[] = {{visits, 3, 620, visitId}, {stays, 2, 150, stayId}};
        for (const auto& t : topics) {
            kafka::ClientConfig config;
            config.bootstrapServers = bootstrap;
            kafka::Consumer probe(config);
            const auto metadata =
                kafka::fetchMetadata(probe.handle(), std::chrono::seconds(15), t.topic);
            QCOMPARE(metadata.topics.size(), std::size_t(1));
            QCOMPARE(static_cast<int>(metadata.topics[0].partitions), t.partitions);
            const auto records = readAll(bootstrap, t.topic, t.partitions);
            QCOMPARE(records.size(), t.records);
            for (const auto& r : records) {
                QVERIFY(r.value.size() > 5);
                QCOMPARE(static_cast<int>(r.value[0]), 0);  // Confluent wire format
                const auto* b = reinterpret_cast<const unsigned char*>(r.value.data());
                QCOMPARE(static_cast<int>(b[1] << 24 | b[2] << 16 | b[3] << 8 | b[4]), t.schemaId);
            }
        }
        dropDatabase(conninfo, database);
    }
};

QTEST_GUILESS_MAIN(JavaDatagenDialectTest)
#include "test_java_datagen_dialect.moc"
