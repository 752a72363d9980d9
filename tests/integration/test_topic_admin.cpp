#include <QtTest>

#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/consumer.h"
#include "engine/kafka/embedded_cluster.h"
#include "engine/kafka/kafka_error.h"
#include "engine/kafka/producer.h"
#include "engine/kafka/topic_admin.h"
#include "support/test_env.h"

using namespace riverdelta;

namespace {

int partitionsInMetadata(const std::string& bootstrap, const std::string& topic) {
    kafka::ClientConfig config;
    config.bootstrapServers = bootstrap;
    kafka::Consumer probe(config);
    for (const auto& t : kafka::fetchMetadata(probe.handle(), std::chrono::seconds(10)).topics)
        if (t.name == topic) return t.partitions;
    return -1;
}

}  // namespace

class TopicAdminTest : public QObject {
    Q_OBJECT
  private slots:
    void createsTopicsOnTheRealBroker() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        kafka::ClientConfig config;
        config.bootstrapServers = bootstrap;
        kafka::Producer producer(config);
        const std::vector<kafka::TopicSpec> topics = {
            {.name = testing::uniqueName("admin-a"), .partitions = 3},
            {.name = testing::uniqueName("admin-b"),
             .partitions = 2,
             .configs = {{"retention.ms", "3600000"}}}};
        auto first = kafka::ensureTopics(producer.handle(), topics, std::chrono::seconds(30));
        QCOMPARE(first.size(), std::size_t(2));
        for (const auto& o : first)
            QVERIFY2(o.created, o.name.c_str());
        QCOMPARE(partitionsInMetadata(bootstrap, topics[0].name), 3);
        QCOMPARE(partitionsInMetadata(bootstrap, topics[1].name), 2);

        // Again: nothing to do, the existing partition counts come back.
        auto second = kafka::ensureTopics(producer.handle(), topics, std::chrono::seconds(30));
        QCOMPARE(second.size(), std::size_t(2));
        for (const auto& o : second) {
            QVERIFY(!o.created);
            QCOMPARE(o.partitions, o.name == topics[0].name ? 3 : 2);
        }
        // Partition 2 exists: producing to it works.
        producer.produce(topics[0].name, "k", "v", 2);
        QVERIFY(producer.flush(std::chrono::seconds(30)));
        QCOMPARE(producer.counters().acknowledged, std::uint64_t(1));
    }

    void brokerRefusalNamesTheTopic() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        kafka::ClientConfig config;
        config.bootstrapServers = bootstrap;
        kafka::Producer producer(config);
        const auto name = testing::uniqueName("admin-rf");
        const std::vector<kafka::TopicSpec> topics = {
            {.name = name, .partitions = 1, .replicationFactor = 3}};
        try {
            kafka::ensureTopics(producer.handle(), topics, std::chrono::seconds(30));
            QFAIL("a single broker cannot hold three replicas");
        } catch (const kafka::KafkaError& e) {
            QCOMPARE(e.code(), RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR);
            QVERIFY2(std::string(e.what()).find(name) != std::string::npos, e.what());
        }
    }

    void createsTopicsOnTheEmbeddedCluster() {
        kafka::EmbeddedCluster cluster;
        const std::vector<kafka::TopicSpec> topics = {{.name = "bookings", .partitions = 6}};
        auto first = kafka::ensureTopics(cluster, topics);
        QCOMPARE(first.size(), std::size_t(1));
        QVERIFY(first[0].created);
        QCOMPARE(first[0].partitions, 6);
        QVERIFY(!kafka::ensureTopics(cluster, topics)[0].created);
        QCOMPARE(partitionsInMetadata(cluster.bootstrapServers(), "bookings"), 6);
    }
};

QTEST_GUILESS_MAIN(TopicAdminTest)
#include "test_topic_admin.moc"
