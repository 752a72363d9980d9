// Consumer::queryWatermarks against librdkafka's in-process mock cluster, which can answer
// ListOffsets with the errors a broker gives while its partitions change leader.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>  // after rdkafka.h, as it requires

#include <QtTest>
#include <chrono>
#include <memory>
#include <string>

#include "engine/kafka/consumer.h"
#include "engine/kafka/handles.h"
#include "engine/kafka/kafka_error.h"

using namespace riverdelta;

namespace {

constexpr std::int16_t kListOffsets = 2;  // Kafka's API key
constexpr const char* kTopic = "watermarks";

struct MockDeleter {
    void operator()(rd_kafka_mock_cluster_t* mc) const { rd_kafka_mock_cluster_destroy(mc); }
};

// One broker holding kTopic (one partition) with three records.
class MockCluster {
  public:
    MockCluster() {
        char err[256];
        kafka::ConfHandle conf(rd_kafka_conf_new());
        rd_kafka_conf_set(conf.get(), "log_level", "3", err, sizeof err);
        owner_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err));
        if (!owner_) qFatal("rd_kafka_new: %s", err);
        (void)conf.release();  // owned by owner_ now
        cluster_.reset(rd_kafka_mock_cluster_new(owner_.get(), 1));
        rd_kafka_mock_topic_create(cluster_.get(), kTopic, 1, 1);
        bootstrap_ = rd_kafka_mock_cluster_bootstraps(cluster_.get());

        kafka::ConfHandle pconf(rd_kafka_conf_new());
        rd_kafka_conf_set(pconf.get(), "bootstrap.servers", bootstrap_.c_str(), err, sizeof err);
        kafka::KafkaHandle producer(rd_kafka_new(RD_KAFKA_PRODUCER, pconf.get(), err, sizeof err));
        if (!producer) qFatal("rd_kafka_new: %s", err);
        (void)pconf.release();
        for (int i = 0; i < 3; ++i)
            rd_kafka_producev(producer.get(), RD_KAFKA_V_TOPIC(kTopic), RD_KAFKA_V_PARTITION(0),
                              RD_KAFKA_V_VALUE(const_cast<char*>("v"), 1),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        if (rd_kafka_flush(producer.get(), 30000) != RD_KAFKA_RESP_ERR_NO_ERROR)
            qFatal("the mock cluster did not take three records within 30 s");
    }

    [[nodiscard]] const std::string& bootstrap() const { return bootstrap_; }

    // The next `count` ListOffsets requests are answered with `error`.
    void failListOffsets(int count, rd_kafka_resp_err_t error) {
        std::vector<rd_kafka_resp_err_t> errors(static_cast<std::size_t>(count), error);
        rd_kafka_mock_push_request_errors_array(cluster_.get(), kListOffsets, errors.size(),
                                                errors.data());
    }

  private:
    kafka::KafkaHandle owner_;
    std::unique_ptr<rd_kafka_mock_cluster_t, MockDeleter> cluster_;
    std::string bootstrap_;
};

kafka::ClientConfig clientFor(const MockCluster& cluster) {
    kafka::ClientConfig config;
    config.bootstrapServers = cluster.bootstrap();
    return config;
}

}  // namespace

class KafkaWatermarksTest : public QObject {
    Q_OBJECT
  private slots:
    void aLeaderChangeIsWaitedOut() {
        MockCluster cluster;
        kafka::Consumer consumer(clientFor(cluster));
        cluster.failListOffsets(4, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION);
        kafka::Watermarks w;
        try {
            w = consumer.queryWatermarks(kTopic, 0, std::chrono::seconds(20));
        } catch (const kafka::KafkaError& e) {
            QFAIL(e.what());
        }
        QCOMPARE(w.low, std::int64_t{0});
        QCOMPARE(w.high, std::int64_t{3});
    }

    void aLeaderThatDoesNotComeBackFailsAtTheTimeout() {
        MockCluster cluster;
        kafka::Consumer consumer(clientFor(cluster));
        cluster.failListOffsets(1000, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION);
        const auto started = std::chrono::steady_clock::now();
        try {
            (void)consumer.queryWatermarks(kTopic, 0, std::chrono::seconds(1));
            QFAIL("expected a KafkaError");
        } catch (const kafka::KafkaError& e) {
            QCOMPARE(e.code(), RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION);
            QVERIFY2(std::string(e.what()).find("watermarks of watermarks[0]") != std::string::npos,
                     e.what());
        }
        // Bounded by the timeout, with room for a loaded machine: it never hangs.
        QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
    }

    void aPermanentErrorIsNotRetried() {
        MockCluster cluster;
        kafka::Consumer consumer(clientFor(cluster));
        // Two answers: were it retried, the third request would succeed.
        cluster.failListOffsets(2, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
        try {
            (void)consumer.queryWatermarks(kTopic, 0, std::chrono::seconds(20));
            QFAIL("expected a KafkaError");
        } catch (const kafka::KafkaError& e) {
            QCOMPARE(e.code(), RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
        }
    }
};

QTEST_GUILESS_MAIN(KafkaWatermarksTest)
#include "test_kafka_watermarks.moc"
