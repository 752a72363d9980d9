#include "engine/sandbox/sandbox.h"

#include <chrono>

#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/consumer.h"

namespace riverdelta::sandbox {

Sandbox::Sandbox(std::filesystem::path dataDirectory) : dataDirectory_(std::move(dataDirectory)) {}

Sandbox::~Sandbox() {
    try {
        stop();
    } catch (...) {
    }
}

void Sandbox::startKafka() {
    if (cluster_) return;
    auto cluster = std::make_unique<kafka::EmbeddedCluster>(1);
    // Prove it answers on loopback like any remote cluster would.
    kafka::ClientConfig probe;
    probe.bootstrapServers = cluster->bootstrapServers();
    kafka::Consumer client(probe);
    kafka::fetchMetadata(client.handle(), std::chrono::seconds(5));
    cluster_ = std::move(cluster);
}

postgres::LocalServerEndpoint Sandbox::startPostgres() {
    if (!postgres_)
        postgres_ = std::make_unique<postgres::LocalServer>(dataDirectory_ / "postgres");
    return postgres_->start();
}

void Sandbox::stop() {
    stopKafka();
    stopPostgres();
}

void Sandbox::stopKafka() {
    cluster_.reset();
}

void Sandbox::stopPostgres() {
    if (postgres_) postgres_->stop();
}

kafka::ClientConfig Sandbox::kafkaClientConfig() const {
    kafka::ClientConfig config;
    if (cluster_) config.bootstrapServers = cluster_->bootstrapServers();
    return config;
}

}  // namespace riverdelta::sandbox
