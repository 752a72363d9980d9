#include "engine/kafka/embedded_cluster.h"

#include <librdkafka/rdkafka_mock.h>

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
}

EmbeddedCluster::~EmbeddedCluster() {
    cluster_.reset();
    owner_.reset();
}

bool EmbeddedCluster::createTopic(std::string_view name, int partitions, int replicationFactor) {
    std::string topic(name);
    auto err =
        rd_kafka_mock_topic_create(cluster_.get(), topic.c_str(), partitions, replicationFactor);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
        throw KafkaError("embedded Kafka: create topic " + topic + ": " + rd_kafka_err2str(err),
                         err);
    return err == RD_KAFKA_RESP_ERR_NO_ERROR;
}

}  // namespace riverdelta::kafka
