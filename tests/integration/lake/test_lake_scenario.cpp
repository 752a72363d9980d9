// The built-in River Hotels scenario (stages 1-2) onto the real broker, its three topics synced
// into Delta tables, and the tables checked with delta-rs, pyarrow and DuckDB against what was
// produced: once with JSON values (schema from the generators' avroSchemaHint, as `run --sync`
// does), once with Avro values through the Schema Registry (schema from the registry).
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <map>

#include "engine/generate/clock.h"
#include "engine/generate/compiler.h"
#include "engine/generate/session.h"
#include "engine/kafka/consumer.h"
#include "engine/lake/delta/delta_log.h"
#include "engine/lake/storage/local_object_store.h"
#include "engine/lake/sync/sync_job.h"
#include "engine/lake/sync/table_layout.h"
#include "engine/postgres/connection.h"
#include "engine/run/scenario_run.h"
#include "engine/scenario/builtin_scenarios.h"
#include "engine/scenario/diagnostic.h"
#include "lake/python_check.h"
#include "support/test_env.h"

using namespace riverdelta;
using lake::sync::SyncJob;
using lake::sync::SyncState;

namespace {

const std::vector<std::string> kTopics = {"clickstream", "bookings", "hotel_reviews"};

// The built-in scenario; with a suffix, its topics are renamed "<topic><suffix>".
std::unique_ptr<generate::Program> builtin(const std::string& suffix = {}) {
    scenario::Diagnostics diags;
    const std::string main = scenario::builtinScenarioPath();
    if (suffix.empty()) {
        auto program = generate::loadProgram(main, {}, diags);
        if (!program) qFatal("built-in scenario: %s", diags.format().c_str());
        return program;
    }
    auto files = std::make_shared<scenario::MemoryFileProvider>();
    const auto builtins = scenario::builtinFiles();
    std::string error;
    for (const auto& path : builtins->paths()) {
        std::string text = *builtins->read(path, error);
        for (const auto& t : kTopics) {
            const std::string from = "\"topic\": \"" + t + "\"";
            if (auto at = text.find(from); at != std::string::npos)
                text.replace(at, from.size(), "\"topic\": \"" + t + suffix + "\"");
        }
        files->add(path, text);
    }
    scenario::FileResolver resolver(files);
    auto program = generate::compileText(main, *files->read(main, error), resolver, diags);
    if (!program) qFatal("renamed built-in scenario: %s", diags.format().c_str());
    return program;
}

const generate::GeneratorInfo& generatorOf(const generate::Program& program,
                                           const std::string& topic) {
    for (const auto& g : program.generators())
        if (g.target == topic && g.stage == 2) return g;
    qFatal("no historical generator for %s", topic.c_str());
}

// A fresh database for the scenario's PostgreSQL tables.
std::string freshDatabase(const std::string& conninfo) {
    std::string name;
    for (char c : testing::uniqueName("lake").substr(0, 40))
        name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    postgres::Connection(conninfo).exec("CREATE DATABASE " + name);
    std::string out = conninfo;
    if (const auto at = out.find("dbname="); at != std::string::npos) {
        const auto end = out.find(' ', at);
        out.erase(at, end == std::string::npos ? std::string::npos : end - at + 1);
    }
    return out + " dbname=" + name;
}

// What the session generates for a topic in stages 1-2: value JSON in emission order.
std::vector<std::string> generatedValues(const generate::Program& program, std::uint64_t seed,
                                         const generate::RunClock& clock,
                                         const std::string& topic) {
    generate::Session session(program, {.seed = seed, .clock = &clock});
    generate::Event ev;
    std::vector<std::string> out;
    while (session.next(ev) == generate::Session::Status::Event && ev.stage <= 2)
        if (program.generators()[ev.generator].target == topic) out.emplace_back(ev.payloadJson);
    return out;
}

struct Consumed {
    std::int64_t offset;
    std::int64_t timestampMs;
    std::string key;
    std::string value;
};

// Partition 0 of the topic from the beginning up to `last` (inclusive).
std::vector<Consumed> consume(const std::string& bootstrap, const std::string& topic,
                              std::int64_t last) {
    kafka::ClientConfig c;
    c.bootstrapServers = bootstrap;
    kafka::Consumer consumer(c);
    consumer.assign(
        std::vector<kafka::TopicPartitionOffset>{{topic, 0, RD_KAFKA_OFFSET_BEGINNING}});
    std::vector<Consumed> out;
    while (out.empty() || out.back().offset < last) {
        auto m = consumer.poll(std::chrono::seconds(20));
        if (!m) break;
        if (m->isPartitionEof() || m->error() != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
        out.push_back(
            {m->offset(), m->timestampMs(), std::string(m->key()), std::string(m->payload())});
    }
    return out;
}

// A table row as delta-rs shows it: timestamp-millis fields in microseconds, metadata columns.
nlohmann::json rowOf(const std::string& valueJson, const Consumed& record,
                     const std::vector<std::string>& millisFields) {
    auto row = nlohmann::json::parse(valueJson);
    for (const auto& f : millisFields)
        row[f] = row[f].get<std::int64_t>() * 1000;
    row["_kafka_partition"] = 0;
    row["_kafka_offset"] = record.offset;
    row["_kafka_timestamp"] = record.timestampMs * 1000;
    row["_kafka_key"] = record.key;
    return row;
}

struct SyncedTable {
    lake::sync::SyncStatus status;
    std::int64_t version = -1;
    lake::delta::TableSchema schema;
};

SyncedTable syncToEnd(lake::sync::SyncOptions o) {
    SyncJob job(o);
    job.start();
    if (!job.waitFinished(std::chrono::minutes(3))) qWarning("sync did not finish");
    job.stop();
    SyncedTable out{job.status(), -1, {}};
    lake::storage::LocalObjectStore store(o.tableLocation);
    const auto snap = lake::delta::DeltaLog(store, "").load();
    out.version = snap.version;
    if (snap.metadata)
        out.schema = lake::delta::TableSchema::fromSchemaString(snap.metadata->schemaString);
    return out;
}

// delta-rs opens the table (version, rows, every value, txn versions); pyarrow and DuckDB read
// every data file.
void checkWithReaders(const std::string& table, const SyncedTable& synced, const std::string& topic,
                      const nlohmann::json& rows, const nlohmann::json& avroSchema) {
    std::vector<std::string> columns, timestamps;
    for (const auto& f : avroSchema["fields"]) {
        columns.push_back(f["name"]);
        if (f["type"].is_object() && f["type"].value("logicalType", "") == "timestamp-millis")
            timestamps.push_back(f["name"]);
    }
    for (const auto c : {lake::sync::kPartitionColumn, lake::sync::kOffsetColumn,
                         lake::sync::kTimestampColumn, lake::sync::kKeyColumn})
        columns.emplace_back(c);
    timestamps.emplace_back(lake::sync::kTimestampColumn);
    const std::int64_t committed = synced.status.partitions.at(0).committedOffset;
    const nlohmann::json expected = {
        {"version", synced.version},
        {"rows", rows},
        {"key", "_kafka_offset"},
        {"txns", {{SyncJob::appId("riverdelta", topic, 0), committed}}},
        {"columns", columns},
        {"protocol", {1, 2}},
        {"timestamp_columns", timestamps}};
    QTemporaryDir tmp;
    const std::string path = tmp.path().toStdString() + "/expected.json";
    std::ofstream(path) << expected.dump();
    auto run = tests::runPythonCheck(QStringLiteral("check_delta.py"),
                                     {QString::fromStdString(table), QString::fromStdString(path)});
    RD_VERIFY_PYTHON_RUN(run);
    qInfo("%s: %s", topic.c_str(), qPrintable(run.out.trimmed()));
}

std::vector<std::string> millisFieldsOf(const nlohmann::json& avroSchema) {
    std::vector<std::string> out;
    for (const auto& f : avroSchema["fields"])
        if (f["type"].is_object() && f["type"].value("logicalType", "") == "timestamp-millis")
            out.push_back(f["name"]);
    return out;
}

}  // namespace

class LakeScenarioTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { RD_REQUIRE_PYTHON(); }

    void builtInScenarioTopicsBecomeDeltaTables() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        auto program = builtin();
        const generate::FixedClock clock(1'790'000'000'000);
        kafka::ClientConfig kc;
        kc.bootstrapServers = bootstrap;
        run::TargetOverrides overrides;
        overrides.kafka = run::KafkaTarget{.config = kc, .label = bootstrap};
        overrides.postgres = run::PostgresTarget{freshDatabase(conninfo), std::nullopt};
        run::ScenarioRun scenario(
            *program, run::resolveTargets(*program, overrides),
            {.seed = 7, .lastStage = 2, .runId = testing::uniqueName("lakerun"), .clock = &clock});
        scenario.start();
        QVERIFY(scenario.waitFinished(std::chrono::minutes(5)));
        QVERIFY2(scenario.status().state == run::RunState::Finished,
                 scenario.status().error.c_str());

        QTemporaryDir lake;
        for (const auto& topic : kTopics) {
            // As `run --sync` does: the generator's avroSchemaHint gives the table schema.
            const auto hint = generatorOf(*program, topic).avroSchemaHint["value"];
            lake::sync::SyncOptions o;
            o.topic = topic;
            o.tableLocation = lake.path().toStdString() + "/" + topic;
            o.kafka = kc;
            o.avroSchema = hint;
            o.untilCaughtUp = true;
            const auto synced = syncToEnd(o);
            QVERIFY2(synced.status.state == SyncState::Stopped, synced.status.reason.c_str());
            QCOMPARE(synced.status.partitions.size(), std::size_t(1));
            QVERIFY(synced.schema ==
                    lake::sync::withMetadataColumns(lake::sync::fieldsFromAvro(hint)));
            // The table holds the topic from its first record (earlier runs' ones too) up to
            // the committed offset, which covers everything this run produced.
            const std::int64_t committed = synced.status.partitions[0].committedOffset;
            const auto records = consume(bootstrap, topic, committed);
            QCOMPARE(static_cast<std::int64_t>(records.size()), committed + 1 - records[0].offset);
            QCOMPARE(synced.status.rows, static_cast<std::int64_t>(records.size()));
            const auto produced = generatedValues(*program, 7, clock, topic);
            QVERIFY(records.size() >= produced.size());
            for (std::size_t i = 0; i < produced.size(); ++i)
                QCOMPARE(records[records.size() - produced.size() + i].value, produced[i]);
            nlohmann::json rows = nlohmann::json::array();
            for (const auto& r : records)
                rows.push_back(rowOf(r.value, r, millisFieldsOf(hint)));
            checkWithReaders(o.tableLocation.string(), synced, topic, rows, hint);
        }
    }

    void builtInScenarioWithAvroValuesThroughTheRegistry() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(registryUrl, "RIVERDELTA_TEST_SCHEMA_REGISTRY_URL");
        // Fresh topics: Avro values must not mix with the JSON ones of other runs.
        const std::string suffix = "_" + testing::uniqueName("avro").substr(5);
        auto program = builtin(suffix);
        const generate::FixedClock clock(1'790'000'000'000);
        kafka::ClientConfig kc;
        kc.bootstrapServers = bootstrap;
        run::KafkaTarget target{.config = kc, .label = bootstrap};
        target.valueSerializer = kafka::Serializer::Avro;
        target.registry.url = registryUrl;
        run::TargetOverrides overrides;
        overrides.kafka = target;
        overrides.postgres = run::PostgresTarget{freshDatabase(conninfo), std::nullopt};
        run::ScenarioRun scenario(*program, run::resolveTargets(*program, overrides),
                                  {.seed = 11,
                                   .lastStage = 2,
                                   .runId = testing::uniqueName("lakeavro"),
                                   .clock = &clock});
        scenario.start();
        QVERIFY(scenario.waitFinished(std::chrono::minutes(5)));
        QVERIFY2(scenario.status().state == run::RunState::Finished,
                 scenario.status().error.c_str());

        QTemporaryDir lake;
        for (const auto& base : kTopics) {
            const std::string topic = base + suffix;
            lake::sync::SyncOptions o;
            o.topic = topic;
            o.tableLocation = lake.path().toStdString() + "/" + topic;
            o.kafka = kc;
            o.schemaRegistry.url = registryUrl;  // no hint: the schema comes from the registry
            o.untilCaughtUp = true;
            const auto synced = syncToEnd(o);
            QVERIFY2(synced.status.state == SyncState::Stopped, synced.status.reason.c_str());
            const auto avsc = generatorOf(*program, topic).avroSchemaHint["value"];
            QVERIFY(synced.schema ==
                    lake::sync::withMetadataColumns(lake::sync::fieldsFromAvro(avsc)));
            const auto produced = generatedValues(*program, 11, clock, topic);
            QCOMPARE(synced.status.rows, static_cast<std::int64_t>(produced.size()));
            const auto records = consume(bootstrap, topic, synced.status.rows - 1);
            QCOMPARE(records.size(), produced.size());
            nlohmann::json rows = nlohmann::json::array();
            for (std::size_t i = 0; i < records.size(); ++i) {
                QCOMPARE(records[i].value.substr(0, 1), std::string(1, '\0'));  // wire format
                rows.push_back(rowOf(produced[i], records[i], millisFieldsOf(avsc)));
            }
            checkWithReaders(o.tableLocation.string(), synced, topic, rows, avsc);
        }
    }

    // `run --sync` on the embedded cluster: the run creates its topics with --partitions before
    // the sync jobs start, so no metadata request auto-creates one with the default count (4).
    void runSyncOnTheEmbeddedClusterKeepsThePartitionCount() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        QTemporaryDir dataDir, lake;
        const auto cli = testing::runProcess(
            QStringLiteral(RIVERDELTA_BINARY_DIR "/app/riverdelta-cli"),
            {"run", "--stages", "3", "--partitions", "2", "--postgres",
             QString::fromStdString(freshDatabase(conninfo)), "--data-dir", dataDir.path(),
             "--sync", "clickstream,bookings,hotel_reviews", "--lake", lake.path()},
            {.timeoutMs = 300'000});
        const QString out = cli.all();
        QVERIFY2(cli.exitCode == 0, qPrintable(out));
        const std::map<std::string, std::int64_t> rows = {
            {"clickstream", 3000}, {"bookings", 400}, {"hotel_reviews", 200}};
        for (const auto& [topic, count] : rows) {
            lake::storage::LocalObjectStore store(lake.path().toStdString() + "/" + topic);
            const auto snap = lake::delta::DeltaLog(store, "").load();
            QCOMPARE(snap.numRecords(), count);
            std::int64_t covered = 0;
            for (int p = 0; p < 4; ++p) {
                const auto v = snap.txnVersion(SyncJob::appId("riverdelta", topic, p));
                QVERIFY2(v.has_value() == (p < 2),
                         qPrintable(QString("%1 partition %2 in the table: %3\n%4")
                                        .arg(QString::fromStdString(topic))
                                        .arg(p)
                                        .arg(v.has_value())
                                        .arg(out)));
                covered += v ? *v + 1 : 0;
            }
            QCOMPARE(covered, count);  // offsets of both partitions, all of them
        }
    }
};

QTEST_GUILESS_MAIN(LakeScenarioTest)
#include "test_lake_scenario.moc"
