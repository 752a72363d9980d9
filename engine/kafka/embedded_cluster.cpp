#include "engine/kafka/embedded_cluster.h"

#include <arpa/inet.h>
#include <librdkafka/rdkafka_mock.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <future>

#include "engine/kafka/kafka_error.h"

namespace riverdelta::kafka {

void EmbeddedCluster::ClusterDeleter::operator()(rd_kafka_mock_cluster_s* mc) const {
    rd_kafka_mock_cluster_destroy(mc);
}

EmbeddedCluster::EmbeddedCluster(int brokers) : brokers_(brokers) {
    ConfHandle conf(rd_kafka_conf_new());
    char err[512];
    // The owner handle never connects anywhere; keep it quiet about missing bootstrap servers.
    rd_kafka_conf_set(conf.get(), "log_level", "3", err, sizeof err);
    owner_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err));
    if (!owner_) throw KafkaError(std::string("embedded Kafka: ") + err);
    (void)conf.release();  // owned by owner_ now
    cluster_.reset(rd_kafka_mock_cluster_new(owner_.get(), brokers));
    if (!cluster_) throw KafkaError("embedded Kafka: could not start the in-process cluster");
    bootstraps_ = rd_kafka_mock_cluster_bootstraps(cluster_.get());
    // "127.0.0.1:port[,...]": every broker's listener is served by the same thread.
    const auto colon = bootstraps_.find(':');
    const auto end = std::min(bootstraps_.find(','), bootstraps_.size());
    if (colon != std::string::npos)
        std::from_chars(bootstraps_.data() + colon + 1, bootstraps_.data() + end, firstPort_);
}

EmbeddedCluster::~EmbeddedCluster() {
    cluster_.reset();
    owner_.reset();
}

namespace {

// Connects to a broker's loopback listener and hangs up at once.
void knock(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    (void)::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    ::close(fd);
}

}  // namespace

bool EmbeddedCluster::createTopic(std::string_view name, int partitions, int replicationFactor) {
    std::string topic(name);
    // The mock cluster's thread serves this command when its poll returns, and librdkafka 2.0
    // sometimes misses the wake-up for it: the command then waits out the poll's 1 s timeout
    // (a run's start stalled a whole second, one time in three). Any connection to a listener
    // ends the poll, so knock on one until the command has been served.
    auto created = std::async(std::launch::async, [&] {
        return rd_kafka_mock_topic_create(cluster_.get(), topic.c_str(), partitions,
                                          replicationFactor);
    });
    while (created.wait_for(std::chrono::milliseconds(5)) != std::future_status::ready)
        knock(firstPort_);
    const auto err = created.get();
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
        throw KafkaError("embedded Kafka: create topic " + topic + ": " + rd_kafka_err2str(err),
                         err);
    return err == RD_KAFKA_RESP_ERR_NO_ERROR;
}

}  // namespace riverdelta::kafka
