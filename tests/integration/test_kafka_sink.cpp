// KafkaSink with a ShadowTraffic connection whose producerConfigs say
// auto.register.schemas: false: values are Avro with the subject's latest registered schema
// (no avroSchemaHint needed), string keys go as their bytes, and a subject without a schema
// fails the run naming it. A generator's `headers` arrive as record headers and its own
// producerConfigs value.serializer wins over the connection's.
#include <QtTest>
#include <optional>
#include <set>

#include "engine/generate/clock.h"
#include "engine/kafka/consumer.h"
#include "engine/registry/schema_registry.h"
#include "engine/run/scenario_run.h"
#include "integration/cdc_test_support.h"
#include "unit/scenario_test_support.h"

using namespace riverdelta;
using namespace riverdelta::testing;

namespace {

struct RawRecord {
    std::string key, value;
    std::vector<std::pair<std::string, std::optional<std::string>>> headers;
};

std::vector<RawRecord> readRaw(const std::string& bootstrap, const std::string& topic,
                               std::size_t want) {
    kafka::ClientConfig config;
    config.bootstrapServers = bootstrap;
    kafka::Consumer consumer(config);
    const kafka::TopicPartitionOffset assignment[] = {{topic, 0, RD_KAFKA_OFFSET_BEGINNING}};
    consumer.assign(assignment);
    std::vector<RawRecord> out;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (out.size() < want && std::chrono::steady_clock::now() < deadline) {
        auto msg = consumer.poll(std::chrono::milliseconds(200));
        if (!msg || msg->isPartitionEof() || msg->error() != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
        out.push_back({std::string(msg->key()), std::string(msg->payload()), msg->headers()});
    }
    return out;
}

std::string avroScenario(const std::string& topic, const std::string& bootstrap,
                         const std::string& registry) {
    return R"({"generators":[{"name":"g","topic":")" + topic + R"(",
        "key":{"_gen":"sequentialString","expr":"k-~d"},
        "value":{"id":{"_gen":"sequentialInteger"},"name":{"_gen":"oneOf","choices":["a","b"]}},
        "localConfigs":{"maxEvents":4}}],
        "connections":{"cloud":{"kind":"kafka","logLevel":"ERROR","producerConfigs":{
          "bootstrap.servers":")" +
           bootstrap + R"(",
          "key.serializer":"org.apache.kafka.common.serialization.StringSerializer",
          "value.serializer":"io.confluent.kafka.serializers.KafkaAvroSerializer",
          "schema.registry.url":")" +
           registry + R"(",
          "auto.register.schemas":false,"use.latest.version":true}}}})";
}

std::string headersScenario(const std::string& topic, const std::string& bootstrap) {
    return R"({"generators":[{"name":"h","topic":")" + topic + R"(",
        "headers":[{"key":"region","value":{"_gen":"oneOf","choices":["us-east-1","us-west-2"]}},
                   {"key":"attempt","value":{"_gen":"sequentialInteger","startingFrom":1}}],
        "value":{"_gen":"sequentialString","expr":"id-~d"},
        "producerConfigs":{"value.serializer":"org.apache.kafka.common.serialization.StringSerializer"},
        "localConfigs":{"maxEvents":6}}],
        "connections":{"k":{"kind":"kafka","producerConfigs":{"bootstrap.servers":")" +
           bootstrap + R"(",
          "key.serializer":"io.shadowtraffic.kafka.serdes.JsonSerializer",
          "value.serializer":"io.shadowtraffic.kafka.serdes.JsonSerializer"}}}})";
}

}  // namespace

class KafkaSinkTest : public QObject {
    Q_OBJECT
  private slots:
    void latestRegisteredSchemaWhenAutoRegisterIsOff() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        RD_REQUIRE_ENV(registryUrl, "RIVERDELTA_TEST_SCHEMA_REGISTRY_URL");
        const std::string topic = lowerUnique("latest");
        registry::RegistryConfig rc;
        rc.url = registryUrl;
        registry::SchemaRegistryClient registry(rc);
        const std::string schema =
            R"({"type":"record","name":"Row","fields":[{"name":"id","type":"long"},)"
            R"({"name":"name","type":"string"}]})";
        const int id = registry.registerSchema(topic + "-value", schema);

        auto c = rdtest::compile(avroScenario(topic, bootstrap, registryUrl));
        QVERIFY2(c.program, c.diagnostics.format().c_str());
        const auto targets = run::resolveTargets(*c.program, {});
        generate::FixedClock clock(rdtest::kNow);
        run::RunOptions o;
        o.clock = &clock;
        run::ScenarioRun r(*c.program, targets, o);
        r.start();
        QVERIFY(r.waitFinished(std::chrono::seconds(90)));
        const auto st = r.status();
        QVERIFY2(st.state == run::RunState::Finished, st.error.c_str());
        QCOMPARE(st.streams[0].acknowledged, std::uint64_t(4));

        const auto records = readRaw(bootstrap, topic, 4);
        QCOMPARE(records.size(), std::size_t(4));
        for (std::size_t i = 0; i < records.size(); ++i) {
            QCOMPARE(records[i].key, "k-" + std::to_string(i));  // StringSerializer: no quotes
            const auto& v = records[i].value;
            QVERIFY(v.size() > 5);
            QCOMPARE(static_cast<int>(v[0]), 0);  // Confluent wire format, the registered id
            const int wireId = (static_cast<unsigned char>(v[1]) << 24) |
                               (static_cast<unsigned char>(v[2]) << 16) |
                               (static_cast<unsigned char>(v[3]) << 8) |
                               static_cast<unsigned char>(v[4]);
            QCOMPARE(wireId, id);
        }
    }

    // The generator's headers are record headers on the broker, and its own value.serializer
    // (StringSerializer) wins over the connection's JSON one: "id-0", not "\"id-0\"".
    void headersAndGeneratorSerializerReachTheBroker() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        const std::string topic = lowerUnique("headers");
        auto c = rdtest::compile(headersScenario(topic, bootstrap));
        QVERIFY2(c.program, c.diagnostics.format().c_str());
        generate::FixedClock clock(rdtest::kNow);
        run::RunOptions o;
        o.clock = &clock;
        run::ScenarioRun r(*c.program, run::resolveTargets(*c.program, {}), o);
        r.start();
        QVERIFY(r.waitFinished(std::chrono::seconds(90)));
        const auto st = r.status();
        QVERIFY2(st.state == run::RunState::Finished, st.error.c_str());
        QCOMPARE(st.streams[0].acknowledged, std::uint64_t(6));

        const auto records = readRaw(bootstrap, topic, 6);
        QCOMPARE(records.size(), std::size_t(6));
        std::set<std::string> regions;
        for (std::size_t i = 0; i < records.size(); ++i) {
            QCOMPARE(records[i].value, "id-" + std::to_string(i));
            const auto& h = records[i].headers;
            QCOMPARE(h.size(), std::size_t(2));
            QCOMPARE(h[0].first, std::string("region"));
            QVERIFY(h[0].second == "us-east-1" || h[0].second == "us-west-2");
            regions.insert(*h[0].second);
            QCOMPARE(h[1].first, std::string("attempt"));
            QCOMPARE(h[1].second, std::optional<std::string>(std::to_string(i + 1)));
        }
        QVERIFY(!regions.empty());
    }

    void subjectWithoutSchemaFailsNamingIt() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        RD_REQUIRE_ENV(registryUrl, "RIVERDELTA_TEST_SCHEMA_REGISTRY_URL");
        const std::string topic = lowerUnique("noschema");
        auto c = rdtest::compile(avroScenario(topic, bootstrap, registryUrl));
        QVERIFY2(c.program, c.diagnostics.format().c_str());
        run::ScenarioRun r(*c.program, run::resolveTargets(*c.program, {}), {});
        r.start();
        QVERIFY(r.waitFinished(std::chrono::seconds(90)));
        const auto st = r.status();
        QCOMPARE(st.state, run::RunState::Failed);
        QVERIFY2(st.error.find("subject \"" + topic + "-value\" has no registered schema") !=
                     std::string::npos,
                 st.error.c_str());
    }
};

QTEST_GUILESS_MAIN(KafkaSinkTest)
#include "test_kafka_sink.moc"
