#include <QtTest>
#include <atomic>
#include <set>
#include <thread>

#include "engine/core/log.h"
#include "engine/core/process.h"
#include "engine/kafka/consumer.h"
#include "engine/kafka/java_properties.h"
#include "engine/kafka/kafka_error.h"
#include "engine/kafka/producer.h"
#include "engine/kafka/topic_admin.h"
#include "support/enum_name.h"
#include "support/test_env.h"

using namespace riverdelta;
using kafka::ProducerState;

namespace {

// Reads the whole topic (partition 0) back; returns the keys seen, failing on a duplicate.
std::set<std::string> readKeys(const std::string& bootstrap, const std::string& topic,
                               std::size_t expected) {
    kafka::ClientConfig config;
    config.bootstrapServers = bootstrap;
    kafka::Consumer consumer(config);
    const std::vector<kafka::TopicPartitionOffset> assignment = {{topic, 0}};
    consumer.assign(assignment);
    std::set<std::string> keys;
    std::size_t messages = 0;
    QDeadlineTimer deadline(120'000);
    while (!deadline.hasExpired()) {
        auto msg = consumer.poll(std::chrono::milliseconds(500));
        if (!msg) continue;
        if (msg->isPartitionEof()) {
            if (messages >= expected) break;
            continue;
        }
        if (msg->error() != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
        ++messages;
        if (!keys.insert(std::string(msg->key())).second)
            qWarning("duplicate key %s", std::string(msg->key()).c_str());
    }
    const auto w = consumer.queryWatermarks(topic, 0, std::chrono::seconds(10));
    if (static_cast<std::size_t>(w.high - w.low) != messages)
        qWarning("watermarks say %lld messages, read %zu", static_cast<long long>(w.high - w.low),
                 messages);
    return messages == keys.size() ? keys : std::set<std::string>{};
}

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return condition();
}

}  // namespace

class ProducerResilienceTest : public QObject {
    Q_OBJECT
  private slots:
    void brokerStoppedForTenSecondsMidStream() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        RD_REQUIRE_ENV(ctl, "RIVERDELTA_TEST_SERVICES_CTL");
        RD_REQUIRE_ENV(dir, "RIVERDELTA_TEST_SERVICES_DIR");
        constexpr int kPerPhase = 10'000;
        const auto topic = testing::uniqueName("outage");
        kafka::ClientConfig config;
        config.name = "test broker";
        config.bootstrapServers = bootstrap;
        core::Log log;
        kafka::Producer producer(config, {}, {.log = &log});
        const std::vector<kafka::TopicSpec> topics = {{.name = topic, .partitions = 1}};
        kafka::ensureTopics(producer.handle(), topics, std::chrono::seconds(30));

        int next = 0;
        // Paced on purpose (a pause every 500 messages): a phase spans time, as a stream does.
        auto produceSome = [&](int n, std::chrono::milliseconds pause) {
            for (int i = 0; i < n; ++i, ++next) {
                producer.produce(topic, "k" + std::to_string(next),
                                 "{\"n\":" + std::to_string(next) + "}");
                if (i % 500 == 499) std::this_thread::sleep_for(pause);
            }
        };
        produceSome(kPerPhase, std::chrono::milliseconds(5));
        QVERIFY(waitFor([&] { return producer.counters().acknowledged > 0; },
                        std::chrono::seconds(30)));
        QCOMPARE(testing::nameOf(producer.status().state),
                 testing::nameOf(ProducerState::Connected));

        auto stop = core::runProcess({ctl, "stop-kafka", dir});
        QVERIFY2(stop.ok(), stop.output.c_str());
        const auto downSince = std::chrono::steady_clock::now();
        produceSome(kPerPhase, std::chrono::milliseconds(200));  // spread over the outage
        QVERIFY2(
            waitFor([&] { return producer.status().state == ProducerState::BrokerUnreachable; },
                    std::chrono::seconds(10)),
            producer.status().detail.c_str());
        const std::string unreachable = producer.status().detail;
        QVERIFY2(unreachable.find("test broker") != std::string::npos, unreachable.c_str());
        std::this_thread::sleep_until(downSince + std::chrono::seconds(10));
        auto start =
            core::runProcess({ctl, "start-kafka", dir}, {.timeout = std::chrono::seconds(120)});
        QVERIFY2(start.ok(), start.output.c_str());
        produceSome(kPerPhase, std::chrono::milliseconds(5));
        QVERIFY2(producer.flush(std::chrono::seconds(120)), producer.lastError().c_str());

        const auto c = producer.counters();
        QCOMPARE(c.produced, std::uint64_t(3 * kPerPhase));
        QCOMPARE(c.acknowledged, std::uint64_t(3 * kPerPhase));
        QCOMPARE(c.failed, std::uint64_t(0));
        QCOMPARE(testing::nameOf(producer.status().state),
                 testing::nameOf(ProducerState::Connected));
        const auto keys = readKeys(bootstrap, topic, 3 * kPerPhase);
        QCOMPARE(keys.size(), std::size_t(3 * kPerPhase));
        qInfo("outage status was: %s", unreachable.c_str());
    }

    void wrongHostFailsCleanlyWithinTheTimeout() {
        kafka::ClientConfig config;
        config.bootstrapServers = "broker.invalid:9092";
        config.set("delivery.timeout.ms", "3000");  // the Java name works too
        core::Log log;
        kafka::Producer producer(config, {}, {.log = &log});
        QElapsedTimer timer;
        timer.start();
        producer.produce("nowhere", "k", "v");
        QVERIFY(producer.flush(std::chrono::seconds(15)));
        QVERIFY(timer.elapsed() < 8000);
        QCOMPARE(producer.counters().failed, std::uint64_t(1));
        const auto status = producer.status();
        QCOMPARE(testing::nameOf(status.state), testing::nameOf(ProducerState::BrokerUnreachable));
        QVERIFY2(status.detail.find("broker.invalid:9092") != std::string::npos,
                 status.detail.c_str());
        QVERIFY2(producer.lastError().find("timed out") != std::string::npos,
                 producer.lastError().c_str());
    }

    void authenticationFailureIsFatalAndNamesTheCluster() {
        RD_REQUIRE_ENV(sasl, "RIVERDELTA_TEST_KAFKA_SASL_BOOTSTRAP");
        RD_REQUIRE_ENV(user, "RIVERDELTA_TEST_KAFKA_SASL_USERNAME");
        // The wrong secret arrives the way a Confluent client.properties carries it.
        auto t = kafka::translateJavaClientProperties(
            "bootstrap.servers=" + sasl +
            "\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
            "username='" +
            user + "' password='not-the-secret-42';\n");
        t.kafka.name = "profile 'workshop'";
        core::Log log;
        kafka::Producer producer(t.kafka.forRole(kafka::ClientRole::Producer), {}, {.log = &log});
        producer.produce("auth-test", "k", "v");
        QVERIFY2(
            waitFor([&] { return producer.status().state == ProducerState::AuthenticationFailed; },
                    std::chrono::seconds(20)),
            producer.status().detail.c_str());
        const auto detail = producer.status().detail;
        QVERIFY2(detail.find("profile 'workshop'") != std::string::npos, detail.c_str());
        QVERIFY2(detail.find("authentication failed") != std::string::npos, detail.c_str());
        QVERIFY(detail.find("not-the-secret-42") == std::string::npos);
        // Queued messages fail at once instead of waiting out the delivery timeout …
        QElapsedTimer timer;
        timer.start();
        QVERIFY(producer.flush(std::chrono::seconds(10)));
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(producer.counters().failed, std::uint64_t(1));
        // … and producing more is refused with the same clear message.
        try {
            producer.produce("auth-test", "k", "v");
            QFAIL("expected the fatal error");
        } catch (const kafka::KafkaError& e) {
            QCOMPARE(e.code(), RD_KAFKA_RESP_ERR__AUTHENTICATION);
            QVERIFY2(std::string(e.what()).find("profile 'workshop'") != std::string::npos,
                     e.what());
        }
        for (const auto& entry : log.since(0))
            QVERIFY(entry.message.find("not-the-secret-42") == std::string::npos);
    }

    void rightCredentialsFromJaasDeliver() {
        RD_REQUIRE_ENV(sasl, "RIVERDELTA_TEST_KAFKA_SASL_BOOTSTRAP");
        RD_REQUIRE_ENV(user, "RIVERDELTA_TEST_KAFKA_SASL_USERNAME");
        RD_REQUIRE_ENV(password, "RIVERDELTA_TEST_KAFKA_SASL_PASSWORD");
        auto t = kafka::translateJavaClientProperties(
            "bootstrap.servers=" + sasl +
            "\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
            "username=\"" +
            user + "\" password=\"" + password + "\";\nacks=all\nlinger.ms=5\n");
        kafka::Producer producer(t.kafka.forRole(kafka::ClientRole::Producer));
        const auto topic = testing::uniqueName("sasl");
        for (int i = 0; i < 100; ++i)
            producer.produce(topic, "k" + std::to_string(i), "v");
        QVERIFY2(producer.flush(std::chrono::seconds(30)), producer.lastError().c_str());
        QCOMPARE(producer.counters().acknowledged, std::uint64_t(100));
        QCOMPARE(testing::nameOf(producer.status().state),
                 testing::nameOf(ProducerState::Connected));
    }
};

QTEST_GUILESS_MAIN(ProducerResilienceTest)
#include "test_producer_resilience.moc"
