#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <variant>

#include "engine/core/blocking_queue.h"
#include "engine/core/log.h"
#include "engine/snapshot.h"

namespace riverdelta {

namespace sandbox {
class Sandbox;
}

struct EngineOptions {
    std::filesystem::path dataDirectory;  // app data; the sandbox keeps its cluster below it
    bool startSandbox = true;             // start the local sandbox as soon as the engine runs
};

namespace command {
struct StartSandbox {};
struct StopSandbox {};
}  // namespace command
using Command = std::variant<command::StartSandbox, command::StopSandbox>;

// Where the sandbox's services can be reached, secrets included: for engine components and
// tests, never for display.
struct SandboxEndpoints {
    std::string kafkaBootstrap;
    std::string postgresConninfo;
};

// The engine facade: owns the worker threads, takes commands through a queue and hands out
// copies of its state. Nothing here waits on a caller; no caller waits on the engine's work.
class Engine {
  public:
    explicit Engine(EngineOptions options);
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;
    ~Engine();  // stops everything it started

    void post(Command command);
    [[nodiscard]] Snapshot snapshot() const;
    [[nodiscard]] std::optional<SandboxEndpoints> sandboxEndpoints() const;
    [[nodiscard]] core::Log& log() { return log_; }

  private:
    void run(std::stop_token stop);
    void handle(const command::StartSandbox&);
    void handle(const command::StopSandbox&);
    template <typename F>
    void update(F&& change);

    EngineOptions options_;
    core::Log log_;
    core::BlockingQueue<Command> commands_;
    mutable std::mutex stateMutex_;
    Snapshot snapshot_;
    std::optional<SandboxEndpoints> endpoints_;
    std::unique_ptr<sandbox::Sandbox> sandbox_;  // touched only by the worker thread
    std::jthread worker_;
};

}  // namespace riverdelta
