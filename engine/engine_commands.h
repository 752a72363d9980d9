#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "engine/lake/sync/sync_job.h"
#include "engine/profiles/service_connections.h"
#include "engine/registry/registry_config.h"
#include "engine/run/scenario_control.h"

// What a caller can ask the Engine to do: each command is routed to the controller that owns
// the state it changes (see engine.h).
namespace riverdelta {

namespace command {
struct StartSandbox {};  // connects to the current connection's services (the sandbox's)
struct StopSandbox {};   // ends everything and stops the sandbox
// Points the engine at other services (saved profiles, or the sandbox again). What works against
// the old ones ends first: the run (what is in flight is delivered), lake syncs (they commit what
// they buffered), CDC and the topics view. Each service then shows Starting, Connected, or
// Failed with the reason.
struct Connect {
    ServiceConnections connection;
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
// thread of its own; the answer appears in EngineSnapshot::reports under requestId (one at a time).
struct ExportReport {
    std::uint64_t requestId = 0;
};
// The console scenario's change data capture (its PostgreSQL tables into <prefix>.<schema>.
// <table> topics): StartAll starts it too, StopAll stops it. Stop keeps the slot, so Start
// continues with nothing lost or repeated.
struct StartCapture {};
struct StopCapture {};
}  // namespace command
using Command = std::variant<command::StartSandbox, command::StopSandbox, command::Connect,
                             command::EnableSync, command::DisableSync, command::PauseSync,
                             command::ResumeSync, command::LoadScenario, command::StartAll,
                             command::StopAll, command::StartStream, command::StopStream,
                             command::SetSpeed, command::ExportReport, command::StartCapture,
                             command::StopCapture, command::SetContinuous, command::NewRun>;

}  // namespace riverdelta
