#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "engine/kafka/client_config.h"
#include "engine/kafka/embedded_cluster.h"
#include "engine/postgres/local_server.h"

namespace riverdelta::sandbox {

// The app's default environment: an in-process Kafka cluster and a private PostgreSQL, both on
// loopback. Each half starts and fails on its own so one missing piece never hides the other.
class Sandbox {
  public:
    explicit Sandbox(std::filesystem::path dataDirectory);
    ~Sandbox();

    // Throw riverdelta::Error with an actionable message.
    void startKafka();
    postgres::LocalServerEndpoint startPostgres();
    void stop();
    void stopKafka();  // the embedded cluster's data is gone with it
    void stopPostgres();

    [[nodiscard]] bool kafkaRunning() const { return cluster_ != nullptr; }
    [[nodiscard]] bool postgresRunning() const { return postgres_ && postgres_->running(); }
    [[nodiscard]] kafka::ClientConfig kafkaClientConfig() const;
    [[nodiscard]] kafka::EmbeddedCluster* cluster() const { return cluster_.get(); }
    [[nodiscard]] const std::filesystem::path& dataDirectory() const { return dataDirectory_; }

  private:
    std::filesystem::path dataDirectory_;
    std::unique_ptr<kafka::EmbeddedCluster> cluster_;
    std::unique_ptr<postgres::LocalServer> postgres_;
};

}  // namespace riverdelta::sandbox
