#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "engine/connection_control.h"
#include "engine/core/blocking_queue.h"
#include "engine/core/log.h"
#include "engine/engine_commands.h"
#include "engine/engine_snapshot.h"
#include "engine/profiles/service_connections.h"
#include "engine/report_control.h"
#include "engine/run/scenario_control.h"
#include "engine/sync_control.h"
#include "engine/topics/topic_tail.h"
#include "engine/topics_control.h"

namespace riverdelta {

struct EngineOptions {
    std::filesystem::path dataDirectory;  // app data; the sandbox keeps its cluster below it
    // Connect as soon as the engine runs: to `connection`, by default the local sandbox.
    bool startSandbox = true;
    ServiceConnections connection;
};

// The engine facade: a router. Commands (engine_commands.h) go through a queue to one worker
// thread, which hands each to the controller owning that state: ConnectionControl (the chosen
// connection, the sandbox, the services' states), SyncControl (lake sync jobs), TopicsControl
// (the topics view and message browser readers), run::ScenarioControl (the console's scenario,
// its run and capture) and ReportControl (the run report). snapshot() assembles their parts.
// Nothing here waits on a caller; no caller waits on the engine's work.
class Engine {
  public:
    explicit Engine(EngineOptions options);
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;
    ~Engine();  // stops everything it started

    void post(Command command);
    // Every part as it is now. Its version increases whenever the content differs from the
    // previous snapshot's (takenAt aside), so "version changed" is "something changed".
    [[nodiscard]] EngineSnapshot snapshot() const;
    [[nodiscard]] std::optional<SandboxEndpoints> sandboxEndpoints() const;
    [[nodiscard]] core::Log& log() { return log_; }
    [[nodiscard]] const std::filesystem::path& dataDirectory() const {
        return options_.dataDirectory;
    }
    [[nodiscard]] std::uint64_t newRequestId() { return ++lastRequestId_; }
    // The options of the sync of `topic` (its table's location and store settings, secrets
    // included): for reading that table, never for display.
    [[nodiscard]] std::optional<lake::sync::SyncOptions> syncOptions(
        const std::string& topic) const;
    // A live reader of one topic of the current cluster, decoding through the connection's
    // registry, for a view to own (its thread ends when it is destroyed); nullptr while Kafka
    // is not connected. Never waits: connecting and reading happen on the tail's thread.
    [[nodiscard]] std::unique_ptr<topics::TopicTail> openTail(topics::TailOptions options) const;

  private:
    void run(const std::stop_token& stop);
    void handle(const command::StartSandbox&);
    void handle(const command::StopSandbox&);
    void handle(const command::Connect&);
    void handle(const command::EnableSync&);
    void handle(const command::DisableSync&);
    void handle(const command::PauseSync&);
    void handle(const command::ResumeSync&);
    void handle(const command::LoadScenario&);
    void handle(const command::StartAll&);
    void handle(const command::StopAll&);
    void handle(const command::StartStream&);
    void handle(const command::StopStream&);
    void handle(const command::SetSpeed&);
    void handle(const command::SetContinuous&);
    void handle(const command::NewRun&);
    void handle(const command::ExportReport&);
    void handle(const command::StartCapture&);
    void handle(const command::StopCapture&);
    void connectServices();    // Kafka (then its topics view), then PostgreSQL
    void endConnectionWork();  // the run (and its capture), syncs and the topics view

    EngineOptions options_;
    core::Log log_;
    core::BlockingQueue<Command> commands_;
    std::atomic<std::uint64_t> lastRequestId_{0};
    // Declared before what uses them; destroyed after (the worker has ended by then).
    ConnectionControl connections_;
    SyncControl syncs_{log_};
    TopicsControl topics_{log_};
    ReportControl reports_{log_};
    run::ScenarioControl scenario_;
    // snapshot()'s last content and its version.
    mutable std::mutex versionMutex_;
    mutable EngineSnapshot last_;
    std::jthread worker_;
};

}  // namespace riverdelta
