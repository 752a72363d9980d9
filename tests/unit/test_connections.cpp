// Every connection kind ShadowTraffic documents loads and samples; bad connection and sink keys
// are refused with their JSON pointer; fileSystem generators write exactly their events.
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/generate/clock.h"
#include "engine/generate/compiler.h"
#include "engine/generate/session.h"
#include "engine/run/scenario_run.h"
#include "scenario_test_support.h"

using namespace riverdelta;
using rdtest::compile;
namespace fs = std::filesystem;

namespace {

bool has(const scenario::Diagnostics& d, const std::string& text) {
    return d.format().find(text) != std::string::npos;
}

std::string all(const scenario::Diagnostics& d) {
    return d.format();
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> sortedFiles(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

run::RunStatus runToEnd(const generate::Program& program, std::uint64_t seed,
                        const generate::RunClock* clock) {
    run::RunOptions o;
    o.seed = seed;
    o.clock = clock;
    run::ScenarioRun r(program, {}, o);
    r.start();
    if (!r.waitFinished(std::chrono::seconds(60))) return r.status();
    return r.status();
}

}  // namespace

class ConnectionsTest : public QObject {
    Q_OBJECT

  private slots:
    void corpusLoadsAndSamples();
    void confluentTerraformConnection();
    void badConnectionKeys();
    void badSinkKeys();
    void fileSystemWritesExactlyTheEvents();
    void fileSystemJsonFilesAndRepeatedRuns();
    void undeliveredKindsAreNamed();
};

void ConnectionsTest::corpusLoadsAndSamples() {
    const fs::path dir = RIVERDELTA_SOURCE_DIR "/tests/scenarios/corpus/connections";
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        ++files;
        const std::string kind = entry.path().stem().string();
        scenario::Diagnostics d;
        auto program = generate::loadProgram(entry.path().string(), {}, d);
        QVERIFY2(program, (entry.path().string() + ":\n" + all(d)).c_str());
        QCOMPARE(program->connections().size(), std::size_t(1));
        const auto& info = program->generators().at(0);
        if (kind != "confluent") {
            QCOMPARE(program->connections()[0].kind, kind);
            QCOMPARE(info.connectionKind, kind);
        }
        generate::FixedClock clock(rdtest::kNow);
        generate::Session s(*program, {.seed = 3, .speed = 1.0, .clock = &clock});
        generate::Event ev;
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(s.next(ev), generate::Session::Status::Event);
            QVERIFY(!ev.payloadJson.empty() && ev.payloadJson != "null");
        }
        if (kind == "webhook") {
            const std::string key(ev.keyJson);
            QVERIFY2(key.find("\"method\":\"PUT\"") != std::string::npos, key.c_str());
            QVERIFY2(key.find("\"ORIGIN\":\"US-EAST-2\"") != std::string::npos, key.c_str());
            QVERIFY2(key.find("\"urlSuffix\":\"/") != std::string::npos, key.c_str());
            QCOMPARE(info.target, std::string("http://my-url.example/route"));
            // printExchange and maxRequests are applied by the webhook sink: no warnings.
            const auto targets = run::resolveTargets(*program, {});
            QCOMPARE(targets.warnings.size(), std::size_t(0));
        }
        if (kind == "eventstore" || kind == "kurrentdb") {
            const std::string key(ev.keyJson);
            QVERIFY2(key.find("\"eventType\":\"publicationEvents\"") != std::string::npos,
                     key.c_str());
            QVERIFY2(key.find("\"eventId\":\"") != std::string::npos, key.c_str());
        }
        if (kind == "s3") {
            QCOMPARE(info.targetKey, std::string("bucket"));
            QCOMPARE(info.sinkConfig["bucketConfigs"]["keyPrefix"].get<std::string>(),
                     std::string("foo-"));
        }
    }
    QCOMPARE(files, 14);  // 13 kinds + the Terraform-style Confluent connection
}

void ConnectionsTest::confluentTerraformConnection() {
    scenario::Diagnostics d;
    auto program = generate::loadProgram(
        RIVERDELTA_SOURCE_DIR "/tests/scenarios/corpus/connections/confluent.json", {}, d);
    QVERIFY2(program, all(d).c_str());
    const auto targets = run::resolveTargets(*program, {});
    const auto& k = targets.kafka.at("confluent");
    QCOMPARE(k.keySerializer, kafka::Serializer::String);
    QCOMPARE(k.valueSerializer, kafka::Serializer::Avro);
    QVERIFY(!k.autoRegisterSchemas);
    QCOMPARE(k.registry.url, std::string("https://psrc-xxxxx.eu-west-1.aws.confluent.cloud"));
    QCOMPARE(*k.config.find("log_level"), std::string("3"));  // logLevel ERROR
}

void ConnectionsTest::badConnectionKeys() {
    auto c = compile(
        R"({"generators":[{"bucket":"b","data":1,"bucketConfigs":{"keyPrefix":"p","format":"jsonl"}}],
        "connections":{
          "s3":{"kind":"s3","batchConfig":{},"logLevel":"LOUD"},
          "k":{"kind":"kafka","logLevel":"ERROR","producerConfigs":{"bootstrap.servers":"x:1"},"topicPolicy":{"partitions":"two"}},
          "fs":{"kind":"fileSytem"},
          "md":{"kind":"motherduck","connectionConfigs":{"db":"x"}},
          "az":{"kind":"azureBlobStorage"},
          "pg":{"kind":"postgres","connectionConfigs":{"host":"h","port":[1],"db":"d","passwd":"x"}}}})");
    QVERIFY(!c.program);
    const auto& d = c.diagnostics;
    QVERIFY2(has(d,
                 "/connections/s3/batchConfig: unknown key \"batchConfig\" in a s3 connection; "
                 "did you mean \"batchConfigs\"?"),
             all(d).c_str());
    QVERIFY2(has(d,
                 "/connections/s3/logLevel: \"logLevel\" must be \"INFO\", \"WARN\", \"ERROR\", "
                 "\"FATAL\", \"DEBUG\" or \"TRACE\", not \"LOUD\""),
             all(d).c_str());
    QVERIFY2(has(d, "/connections/k/topicPolicy: \"topicPolicy\" needs \"policy\""),
             all(d).c_str());
    QVERIFY2(has(d,
                 "/connections/k/topicPolicy/partitions: \"partitions\" must be a non-negative "
                 "integer, not a string"),
             all(d).c_str());
    QVERIFY2(has(d,
                 "/connections/fs/kind: unsupported connection kind \"fileSytem\"; did you mean "
                 "\"fileSystem\"?"),
             all(d).c_str());
    QVERIFY2(has(d, "/connections/md/connectionConfigs: a motherduck connection needs \"jdbcUrl\""),
             all(d).c_str());
    QVERIFY2(has(d, "/connections/az: a azureBlobStorage connection needs \"connectionConfigs\""),
             all(d).c_str());
    QVERIFY2(has(d, "/connections/pg/connectionConfigs/passwd: unknown key \"passwd\""),
             all(d).c_str());
    QVERIFY2(has(d, "/connections/pg/connectionConfigs/port: \"port\" must be a number"),
             all(d).c_str());
}

void ConnectionsTest::badSinkKeys() {
    auto c = compile(R"({"generators":[
          {"bucket":"b","data":1},
          {"directory":"/tmp/x","data":1,"fileConfigs":{"format":"csv"},"headers":{"a":"b"}},
          {"url":"http://h/","data":1,"connection":"fs"},
          {"stream":"s","data":{}},
          {"directory":"/tmp/y","value":1,"fileConfigs":{"filePrefix":"p","format":"jsonl"}},
          {"topic":"t","value":1,"bucketConfigs":{}}],
        "connections":{"s3":{"kind":"s3"},"fs":{"kind":"fileSystem"},"wh":{"kind":"webhook"},
                       "es":{"kind":"eventstore","connectionConfigs":{"url":"esdb://h:1"}}}})");
    QVERIFY(!c.program);
    const auto& d = c.diagnostics;
    QVERIFY2(has(d, "/generators/0: a \"bucket\" generator needs \"bucketConfigs\""),
             all(d).c_str());
    QVERIFY2(has(d,
                 "/generators/1/fileConfigs/format: \"format\" must be \"json\", \"jsonl\", "
                 "\"parquet\" or \"log\", not \"csv\""),
             all(d).c_str());
    QVERIFY2(has(d, "/generators/1/fileConfigs: \"fileConfigs\" needs \"filePrefix\""),
             all(d).c_str());
    QVERIFY2(has(d,
                 "/generators/1/headers: \"headers\" is not a key of a \"directory\" generator "
                 "(fileSystem connection)"),
             all(d).c_str());
    QVERIFY2(has(d,
                 "/generators/2/connection: connection \"fs\" is fileSystem but this generator "
                 "writes a url"),
             all(d).c_str());
    QVERIFY2(has(d, "/generators/3: a \"stream\" generator needs \"eventType\""), all(d).c_str());
    QVERIFY2(has(d,
                 "/generators/4/value: \"value\" is for topic generators; a \"directory\" "
                 "generator has \"data\""),
             all(d).c_str());
    QVERIFY2(has(d,
                 "/generators/5/bucketConfigs: \"bucketConfigs\" is not a key of a \"topic\" "
                 "generator"),
             all(d).c_str());
}

void ConnectionsTest::fileSystemWritesExactlyTheEvents() {
    const fs::path dir = fs::path(RIVERDELTA_TEST_ARTIFACTS) / "connections-files";
    fs::remove_all(dir);
    const std::string text = R"({"generators":[{"name":"tx","directory":")" + dir.string() +
                             R"(","fileConfigs":{"filePrefix":"tx-","format":"jsonl","subdir":"a"},
        "data":{"id":{"_gen":"sequentialInteger"},"amount":{"_gen":"uniformDistribution","bounds":[1,9]}},
        "localConfigs":{"maxEvents":7}}],
        "connections":{"fs":{"kind":"fileSystem","batchConfigs":{"batchElements":3,"lingerMs":60000}}}})";
    auto c = compile(text);
    QVERIFY2(c.program, all(c.diagnostics).c_str());
    generate::FixedClock clock(rdtest::kNow);
    const auto st = runToEnd(*c.program, 5, &clock);
    QCOMPARE(st.state, run::RunState::Finished);
    QCOMPARE(st.streams[0].acknowledged, std::uint64_t(7));
    QCOMPARE(sortedFiles(dir / "a"),
             (std::vector<std::string>{"tx-0.jsonl", "tx-1.jsonl", "tx-2.jsonl"}));
    const auto expected = rdtest::payloads(*c.program, 7, 5);
    std::string want;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        want += expected[i] + "\n";
        if (i == 2 || i == 5) {
            QCOMPARE(readFile(dir / "a" / (i == 2 ? "tx-0.jsonl" : "tx-1.jsonl")), want);
            want.clear();
        }
    }
    QCOMPARE(readFile(dir / "a" / "tx-2.jsonl"), want);
}

void ConnectionsTest::fileSystemJsonFilesAndRepeatedRuns() {
    const fs::path dir = fs::path(RIVERDELTA_TEST_ARTIFACTS) / "connections-json";
    fs::remove_all(dir);
    const std::string text =
        R"({"generators":[{"directory":")" + dir.string() +
        R"(","fileConfigs":{"filePrefix":"n-","format":"json","customSuffix":"txt"},
        "data":{"n":{"_gen":"sequentialInteger"}},"localConfigs":{"maxEvents":2}}],
        "connections":{"fs":{"kind":"fileSystem","batchConfigs":{"batchElements":0}}}})";
    auto c = compile(text);
    QVERIFY2(c.program, all(c.diagnostics).c_str());
    for (int repeat = 0; repeat < 2; ++repeat) {
        const auto st = runToEnd(*c.program, 1, nullptr);
        QCOMPARE(st.state, run::RunState::Finished);
    }
    // batchElements 0: one file per event; the second run adds files, it does not overwrite.
    QCOMPARE(sortedFiles(dir),
             (std::vector<std::string>{"n-0.txt", "n-1.txt", "n-2.txt", "n-3.txt"}));
    QCOMPARE(readFile(dir / "n-0.txt"), std::string("[{\"n\":0}]\n"));
    QCOMPARE(readFile(dir / "n-3.txt"), std::string("[{\"n\":1}]\n"));
}

void ConnectionsTest::undeliveredKindsAreNamed() {
    const fs::path dir = fs::path(RIVERDELTA_TEST_ARTIFACTS) / "connections-mixed";
    fs::remove_all(dir);
    auto only = compile(R"({"generators":[{"stream":"s","eventType":"e","data":{"a":1},
        "localConfigs":{"maxEvents":3}}],
        "connections":{"es":{"kind":"eventstore","connectionConfigs":{"url":"esdb://h:1"}}}})");
    QVERIFY2(only.program, all(only.diagnostics).c_str());
    const auto failed = runToEnd(*only.program, 1, nullptr);
    QCOMPARE(failed.state, run::RunState::Failed);
    QVERIFY2(failed.error.find("nothing can be delivered") != std::string::npos &&
                 failed.error.find("eventstore") != std::string::npos,
             failed.error.c_str());

    auto mixed = compile(R"({"generators":[
        {"name":"files","directory":")" +
                         dir.string() +
                         R"(","fileConfigs":{"filePrefix":"f-","format":"jsonl"},"data":{"a":1},
         "localConfigs":{"maxEvents":4}},
        {"name":"duck","table":"t","row":{"a":1},"localConfigs":{"maxEvents":4}}],
        "connections":{"fs":{"kind":"fileSystem"},
                       "md":{"kind":"motherduck","connectionConfigs":{"jdbcUrl":"jdbc:duckdb:"}}}})");
    QVERIFY2(mixed.program, all(mixed.diagnostics).c_str());
    const auto st = runToEnd(*mixed.program, 1, nullptr);
    QCOMPARE(st.state, run::RunState::Finished);
    QCOMPARE(st.streams[0].acknowledged, std::uint64_t(4));
    QCOMPARE(st.streams[1].state, run::StreamState::Failed);
    QVERIFY2(st.streams[1].problem.starts_with("not delivered: table \"t\" on a motherduck"),
             st.streams[1].problem.c_str());
}

QTEST_GUILESS_MAIN(ConnectionsTest)
#include "test_connections.moc"
