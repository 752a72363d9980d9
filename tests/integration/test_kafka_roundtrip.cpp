#include <QtTest>
#include <set>

#include "engine/core/process.h"
#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/consumer.h"
#include "engine/kafka/embedded_cluster.h"
#include "engine/kafka/producer.h"
#include "support/test_env.h"

using namespace riverdelta;

namespace {

constexpr int kMessages = 10'000;

std::string payloadFor(int i) {
    return R"({"activity_id":"A)" + std::to_string(i) + R"(","action":"page-view","n":)" +
           std::to_string(i) + "}";
}

// Produces kMessages through our Producer and reads them back through our Consumer; checks
// counts, order within each partition and every payload.
void roundTrip(const std::string& bootstrap, const std::string& topic, int partitions) {
    kafka::ClientConfig config;
    config.bootstrapServers = bootstrap;
    {
        kafka::Producer producer(config);
        for (int i = 0; i < kMessages; ++i)
            producer.produce(topic, "key-" + std::to_string(i), payloadFor(i), i % partitions);
        QVERIFY2(producer.flush(std::chrono::seconds(30)), producer.lastError().c_str());
        const auto c = producer.counters();
        QCOMPARE(c.produced, std::uint64_t(kMessages));
        QCOMPARE(c.acknowledged, std::uint64_t(kMessages));
        QCOMPARE(c.failed, std::uint64_t(0));
    }

    kafka::Consumer consumer(config);
    std::vector<kafka::TopicPartitionOffset> assignment;
    for (int p = 0; p < partitions; ++p)
        assignment.push_back({topic, p, RD_KAFKA_OFFSET_BEGINNING});
    consumer.assign(assignment);
    std::set<int> seen;
    std::vector<std::int64_t> nextOffset(partitions, 0);
    std::vector<bool> atEnd(partitions, false);
    const auto allAtEnd = [&] {
        return std::all_of(atEnd.begin(), atEnd.end(), [](bool b) { return b; });
    };
    const auto deadline = QDeadlineTimer(60'000);
    while ((int)seen.size() < kMessages || !allAtEnd()) {
        QVERIFY2(!deadline.hasExpired(), "timed out consuming");
        auto msg = consumer.poll(std::chrono::milliseconds(500));
        if (!msg) continue;
        if (msg->isPartitionEof()) {
            atEnd[msg->partition()] = true;
            continue;
        }
        QVERIFY2(msg->error() == RD_KAFKA_RESP_ERR_NO_ERROR, std::string(msg->errorText()).c_str());
        atEnd[msg->partition()] = false;
        const std::string key(msg->key());
        const int i = std::stoi(key.substr(4));
        QCOMPARE(std::string(msg->payload()), payloadFor(i));
        QCOMPARE(msg->partition(), i % partitions);
        QCOMPARE(msg->offset(), nextOffset[msg->partition()]++);
        QVERIFY2(seen.insert(i).second, "duplicate message");
    }
    QCOMPARE((int)seen.size(), kMessages);
    for (int p = 0; p < partitions; ++p) {
        auto w = consumer.queryWatermarks(topic, p, std::chrono::seconds(10));
        const std::int64_t expected = kMessages / partitions + (p < kMessages % partitions ? 1 : 0);
        QCOMPARE(w.high - w.low, expected);
    }
}

}  // namespace

class KafkaRoundTripTest : public QObject {
    Q_OBJECT
  private slots:
    void realBrokerRoundTrip() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        const auto topic = testing::uniqueName("roundtrip");
        // The broker auto-creates with one partition; we write to partition 0 only.
        roundTrip(bootstrap, topic, 1);
        kafka::ClientConfig config;
        config.bootstrapServers = bootstrap;
        kafka::Consumer probe(config);
        auto md = kafka::fetchMetadata(probe.handle(), std::chrono::seconds(10));
        QVERIFY(std::any_of(md.topics.begin(), md.topics.end(),
                            [&](const auto& t) { return t.name == topic; }));
    }

    void embeddedClusterRoundTripAndSecondClient() {
        kafka::EmbeddedCluster cluster;
        cluster.createTopic("clickstream", 3);
        roundTrip(cluster.bootstrapServers(), "clickstream", 3);

        // An independent client (kcat, its own librdkafka instance in another process) reads
        // the same topic over loopback.
        auto kcat =
            core::runProcess({"kcat", "-C", "-b", cluster.bootstrapServers(), "-t", "clickstream",
                              "-o", "beginning", "-e", "-q", "-f", "%k %s\n"},
                             {.timeout = std::chrono::seconds(60)});
        QVERIFY2(kcat.ok(), kcat.output.c_str());
        std::set<std::string> lines;
        std::istringstream in(kcat.output);
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) lines.insert(line);
        QCOMPARE((int)lines.size(), kMessages);
        QVERIFY(lines.count("key-42 " + payloadFor(42)) == 1);
        QVERIFY(lines.count("key-9999 " + payloadFor(9999)) == 1);
    }

    void unreachableBrokerFailsDeliveryWithinTimeout() {
        kafka::ClientConfig config;
        config.bootstrapServers = "127.0.0.1:" + std::to_string(core::freeLoopbackPort());
        config.set("message.timeout.ms", "1500");
        kafka::Producer producer(config);
        producer.produce("nowhere", "", "x");
        QVERIFY(producer.flush(std::chrono::seconds(10)));
        QCOMPARE(producer.counters().failed, std::uint64_t(1));
        QVERIFY(!producer.lastError().empty());
    }
};

QTEST_GUILESS_MAIN(KafkaRoundTripTest)
#include "test_kafka_roundtrip.moc"
