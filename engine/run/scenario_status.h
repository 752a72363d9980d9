#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/run/run_capture.h"
#include "engine/run/run_status.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::run {

// One generator as the console shows it: where it writes, how far it got, and whether it runs.
struct GeneratorStatus {
    std::string name;
    int stage = -1;      // index into ScenarioStatus::stages, -1 when never scheduled
    std::string target;  // topic, or schema.table
    bool table = false;
    StreamState state = StreamState::Waiting;
    std::string reason;    // why it waits, is paused or failed; empty while running or done
    bool started = false;  // the user asked it to run (Start, Start all) and did not stop it
    std::uint64_t generated = 0;
    std::uint64_t acknowledged =
        0;  // confirmed by the sink: Kafka delivery reports, committed rows
    std::uint64_t failed = 0;
    std::uint64_t bytes = 0;
    std::optional<std::uint64_t> maxEvents;  // nullopt: runs until stopped
    double ratePerSecond = 0;                // acknowledged events per second
    std::uint64_t unmatched = 0;             // updates/deletes whose `where` matched no row
    bool uncapped = false;  // Continuous lifted its maxEvents (maxEvents is then nullopt)

    bool operator==(const GeneratorStatus&) const = default;
};

// Cumulative acknowledged messages and bytes per topic the scenario writes (charts take deltas).
struct TopicCounters {
    std::string topic;
    std::uint64_t messages = 0;
    std::uint64_t bytes = 0;
};

struct ScenarioStatus {
    bool loaded = false;
    std::string name;  // a short display name ("river-hotels")
    std::string file;  // what was opened: a path or "builtin:/river-hotels/river-hotels.json"
    std::uint64_t seed = 42;
    std::vector<scenario::Diagnostic> problems;  // why the last load failed; nothing started
    std::vector<std::string> stages;             // "Seed", "Historical", "Streaming" or "Stage N"
    std::vector<GeneratorStatus> generators;     // in the scenario's order
    std::vector<TopicCounters> topics;           // sorted by topic
    double speed = 1.0;                          // divides the throttles
    bool continuous = false;  // the Streaming stages' maxEvents are lifted (run until stopped)
    bool runExists = false;   // a run was started for this scenario
    RunState runState = RunState::Starting;  // meaningful when runExists
    std::string runError;
    int currentStage = -1;  // the stage that runs now, -1 before the first
    // Change data capture of the tables the scenario writes, into the run's Kafka (empty when
    // it writes none). Before a run: what would be captured, not wanted.
    std::vector<CaptureStatus> captures;
};

}  // namespace riverdelta::run
