#include <QtTest>
#include <array>
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

    // A reader slower than the broker fills its prefetch queue; librdkafka 2.0 then fetches
    // again only when its broker thread next wakes (up to a second), and the consumer wakes it
    // as the queue runs low (kafka::FetchWaker). This checks what must hold whatever the load:
    // the 1 MiB queue was found full and woken, and every record of a 56 MB backlog arrives once,
    // in order. How much faster the wake-ups make it is a figure, not a pass/fail: see
    // bench/bench_kafka_fetch.cpp.
    void aSlowReaderOfABacklogGetsEveryRecordThroughAShallowQueue() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        const auto topic = testing::uniqueName("slow-reader");
        constexpr int kRecords = 300'000;
        const std::string filler(180, 'x');
        kafka::ClientConfig config;
        config.bootstrapServers = bootstrap;
        {
            kafka::Producer producer(config);
            for (int i = 0; i < kRecords; ++i)
                producer.produce(topic, "", std::to_string(i) + filler, 0);
            QVERIFY2(producer.flush(std::chrono::seconds(60)), producer.lastError().c_str());
            QCOMPARE(producer.counters().acknowledged, std::uint64_t(kRecords));
        }
        kafka::ClientConfig reader = config;
        reader.set("queued.min.messages", "1000000");
        reader.set("queued.max.messages.kbytes", "1024");
        reader.set("max.partition.fetch.bytes", "1048576");
        reader.set("fetch.max.bytes", "1048576");
        kafka::Consumer consumer(reader);
        const std::array<kafka::TopicPartitionOffset, 1> from{{{topic, 0}}};
        consumer.assign(from);
        std::vector<kafka::Message> batch;
        std::int64_t next = 0;
        std::uint64_t work = 0;
        // Generous: 27 s without wake-ups on a quiet machine, a few seconds with them.
        const auto deadline = QDeadlineTimer(180'000);
        while (next < kRecords) {
            QVERIFY2(!deadline.hasExpired(),
                     qPrintable(QString("read %1 of %2 records in 180 s").arg(next).arg(kRecords)));
            batch.clear();
            consumer.pollBatch(batch, 2048, std::chrono::milliseconds(100));
            for (const auto& m : batch) {
                if (m.error() != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
                QCOMPARE(m.offset(), next);
                QVERIFY(m.payload().starts_with(std::to_string(next) + "x"));
                ++next;
                // Slower than the broker: a few microseconds of work per record.
                for (int round = 0; round < 10; ++round)
                    for (char c : m.payload())
                        work = work * 31 + static_cast<unsigned char>(c);
            }
        }
        QVERIFY(work != 0);
        QVERIFY2(consumer.fetchWakeups() > 0, "the reader never found its 1 MiB queue full");
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
