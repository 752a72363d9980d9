#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "engine/engine_snapshot.h"
#include "engine/kafka/client_config.h"
#include "engine/profiles/service_connections.h"
#include "engine/registry/registry_config.h"
#include "engine/run/run_targets.h"

namespace riverdelta::core {
class Log;
}
namespace riverdelta::sandbox {
class Sandbox;
}

namespace riverdelta {

// Where the sandbox's services can be reached, secrets included: for engine components and
// tests, never for display.
struct SandboxEndpoints {
    std::string kafkaBootstrap;
    std::string postgresConninfo;
};

// The services as they answer now: set when one connects, cleared when it goes.
struct LiveServices {
    std::optional<kafka::ClientConfig> kafka;
    bool kafkaEmbedded = false;         // the sandbox's in-memory cluster
    registry::RegistryConfig registry;  // with kafka: the connection's registry, if any
    std::optional<std::string> postgres;
};

// What the engine works against: the connection the user chose, the sandbox when a service is
// the sandbox's, and each service's state as the snapshot shows it (environment, lake root,
// Kafka and PostgreSQL cards). Commands come from one thread (the engine's worker, which alone
// touches the sandbox); live(), sandboxEndpoints() and fill() from any.
class ConnectionControl {
  public:
    // `starting`: the services show Starting from the first snapshot, before the worker runs.
    ConnectionControl(std::filesystem::path dataDirectory, ServiceConnections connection,
                      core::Log& log, bool starting);
    ConnectionControl(const ConnectionControl&) = delete;
    ConnectionControl& operator=(const ConnectionControl&) = delete;
    ~ConnectionControl();

    // Connects Kafka; true once it answers (the caller starts what needs it).
    bool connectKafka();
    void connectPostgres();
    // Makes `connection` the chosen one: forgets the live services, stops a sandbox half that
    // nothing uses any more and shows both services Starting. The caller ended the work first.
    void choose(ServiceConnections connection);
    // Stops the sandbox (what ran against it has ended).
    void stopSandbox();

    [[nodiscard]] const ServiceConnections& chosen() const { return connection_; }  // the worker's
    // Where a run of the console's scenario writes: the live services (the worker's).
    [[nodiscard]] run::TargetOverrides scenarioTargets() const;
    [[nodiscard]] LiveServices live() const;
    [[nodiscard]] std::optional<SandboxEndpoints> sandboxEndpoints() const;
    [[nodiscard]] std::string lakeRoot() const;
    // environment, lakeRoot, kafka, kafkaInMemory and postgres.
    void fill(EngineSnapshot& snapshot) const;

  private:
    // The snapshot's services part.
    struct View {
        std::string environment;
        std::string lakeRoot;
        ServiceStatus kafka;
        bool kafkaInMemory = false;
        ServiceStatus postgres;
    };
    template <typename F>
    void update(F&& change) {
        std::lock_guard lock(mutex_);
        change(view_);
    }
    void ensureSandbox();

    std::filesystem::path dataDirectory_;
    ServiceConnections connection_;  // what the user chose; the worker's
    std::string sandboxLakeRoot_;    // the embedded cluster's session folder; the worker's
    core::Log& log_;
    std::unique_ptr<sandbox::Sandbox> sandbox_;  // touched only by the worker thread
    mutable std::mutex mutex_;                   // live_, endpoints_, view_
    LiveServices live_;
    std::optional<SandboxEndpoints> endpoints_;
    View view_;
};

}  // namespace riverdelta
