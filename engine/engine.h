#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <variant>

#include "engine/connection.h"
#include "engine/core/blocking_queue.h"
#include "engine/core/log.h"
#include "engine/lake/sync/sync_job.h"
#include "engine/registry/registry_config.h"
#include "engine/run/scenario_control.h"
#include "engine/snapshot.h"
#include "engine/topics/topic_tail.h"

namespace riverdelta {

namespace sandbox {
class Sandbox;
}
namespace topics {
class TopicsWorker;
}

struct EngineOptions {
    std::filesystem::path dataDirectory;  // app data; the sandbox keeps its cluster below it
    // Connect as soon as the engine runs: to `connection`, by default the local sandbox.
    bool startSandbox = true;
    Connection connection;
};

namespace command {
struct StartSandbox {};  // connects to the current connection's services (the sandbox's)
struct StopSandbox {};   // ends everything and stops the sandbox
// Points the engine at other services (saved profiles, or the sandbox again). What works against
// the old ones ends first: the run (what is in flight is delivered), lake syncs (they commit what
// they buffered), CDC and the topics view. Each service then shows Starting, Connected, or
// Failed with the reason.
struct Connect {
    Connection connection;
};
// Lake sync ("enable Tableflow") for one topic of the current cluster.
struct EnableSync {
    std::string topic;
    std::filesystem::path location;  // empty: <data dir>/lake/<topic>; or s3://BUCKET/PREFIX
    // For an s3:// location: the storage profile's endpoint, region and credentials (unset:
    // the environment and ~/.aws).
    std::optional<s3::S3Settings> s3;
    lake::sync::ErrorPolicy errorPolicy = lake::sync::ErrorPolicy::Suspend;
    nlohmann::json avroSchema;  // the value's Avro schema, or null to infer from JSON
    // For Avro values in the Confluent wire format: where their writer schemas are (empty url:
    // none, such records go to the error policy).
    registry::RegistryConfig schemaRegistry;
    // A remembered sync resumed at start: `location` is taken up again only when its table's
    // committed offsets still fit the topic (lake::sync::offsetsMismatch); else the sync starts
    // a new table at the default location and the log says why the old one was not resumed.
    bool onlyIfOffsetsFit = false;
};
struct DisableSync {
    std::string topic;
};
struct PauseSync {
    std::string topic;
};
struct ResumeSync {
    std::string topic;
    std::optional<lake::sync::ErrorPolicy> errorPolicy;  // e.g. skip the record that suspended it
};
// The console's scenario (see run::ScenarioControl); runs write to the current connection.
struct LoadScenario {
    run::ScenarioSource source;  // a file or "builtin:NAME"; mounts; seed
};
struct StartAll {};
struct StopAll {};
struct StartStream {
    std::string generator;
};
struct StopStream {
    std::string generator;
};
struct SetSpeed {
    double speed = 1.0;
};
// "Continuous" streaming: the Streaming stages' generators run until stopped (maxEvents lifted).
struct SetContinuous {
    bool continuous = false;
};
// Ends the current run (what is in flight is delivered) so counts start from zero; the
// scenario stays loaded and the next Start begins a new run.
struct NewRun {};
// The run report of the console's current run so far, validated against the servers on a
// thread of its own; the answer appears in Snapshot::reports under requestId (one at a time).
struct ExportReport {
    std::uint64_t requestId = 0;
};
// The console scenario's change data capture (its PostgreSQL tables into <prefix>.<schema>.
// <table> topics): StartAll starts it too, StopAll stops it. Stop keeps the slot, so Start
// continues with nothing lost or repeated.
struct StartCapture {};
struct StopCapture {};
}  // namespace command
using Command =
    std::variant<command::StartSandbox, command::StopSandbox, command::Connect, command::EnableSync,
                 command::DisableSync, command::PauseSync, command::ResumeSync, command::LoadScenario, command::StartAll, command::StopAll,
                 command::StartStream, command::StopStream, command::SetSpeed,
                 command::ExportReport, command::StartCapture, command::StopCapture,
                 command::SetContinuous, command::NewRun>;

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
    void run(std::stop_token stop);
    void handle(const command::StartSandbox&);
    void handle(const command::StopSandbox&);
    void handle(const command::Connect&);
    void connectKafka();
    void connectPostgres();
    void endConnectionWork();  // the run (and its capture), syncs and the topics view
    void handle(const command::EnableSync&);
    // A remembered table whose offsets no longer fit the topic: a new table at the default place.
    void resumeOrStartAnew(lake::sync::SyncOptions& o, const std::string& lakeRoot);
    void handle(const command::DisableSync&);
    void handle(const command::PauseSync&);
    void handle(const command::ResumeSync&);
    void startTopics(const kafka::ClientConfig& config);
    void stopTopics();
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
    void sampleReport();  // about once a second, from the worker
    [[nodiscard]] std::vector<lake::sync::SyncStatus> syncStatuses() const;
    [[nodiscard]] run::TargetOverrides scenarioTargets() const;  // the current connection
    void stopAllSyncs();
    template <typename F>
    void update(F&& change);

    EngineOptions options_;
    Connection connection_;        // what the user chose; the worker's
    std::string sandboxLakeRoot_;  // the embedded cluster's session folder; the worker's
    // The services as they answer now (set when one connects, cleared when it goes); under
    // stateMutex_.
    struct Live {
        std::optional<kafka::ClientConfig> kafka;
        bool kafkaEmbedded = false;
        registry::RegistryConfig registry;  // with kafka: the connection's registry, if any
        std::optional<std::string> postgres;
    } live_;
    core::Log log_;
    core::BlockingQueue<Command> commands_;
    mutable std::mutex stateMutex_;
    Snapshot snapshot_;
    std::optional<SandboxEndpoints> endpoints_;
    std::unique_ptr<sandbox::Sandbox> sandbox_;  // touched only by the worker thread
    // Created and removed by the worker; snapshot() reads their status under stateMutex_.
    std::map<std::string, std::unique_ptr<lake::sync::SyncJob>> syncs_;
    std::unique_ptr<topics::TopicsWorker> topics_;  // set and reset under stateMutex_
    // Ends the threads of message browser tails that views dropped, so a view never waits.
    std::shared_ptr<topics::TailReaper> tailReaper_ = std::make_shared<topics::TailReaper>();
    std::atomic<std::uint64_t> lastRequestId_{0};
    run::ScenarioControl scenario_{&log_};  // its own lock; snapshot() reads its status
    std::chrono::steady_clock::time_point lastReportSample_{};
    std::atomic<bool> exporting_{false};
    std::jthread worker_;
    std::jthread exporter_;  // the running (or last) ExportReport; destroyed first
};

}  // namespace riverdelta
