#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace riverdelta::run {

enum class RunState { Starting, Running, Finished, Stopped, Failed };
const char* toString(RunState state);

enum class StreamState { Waiting, Running, Paused, Done, Failed };
const char* toString(StreamState state);

// One generator's progress. `acknowledged` is what the sink confirmed (Kafka delivery reports,
// committed PostgreSQL rows): the figure progress bars and stage completion use.
struct StreamProgress {
    std::string name;
    std::string target;  // topic, or schema.table
    bool table = false;
    int stage = -1;
    StreamState state = StreamState::Waiting;
    std::uint64_t generated = 0;
    std::uint64_t acknowledged = 0;
    std::uint64_t failed = 0;
    std::uint64_t bytes = 0;
    std::uint64_t unmatched = 0;  // updates/deletes whose `where` matched no row
    std::optional<std::uint64_t> maxEvents;
    double ratePerSecond = 0;     // acknowledged events per second, over the last second or so
    double throttledSeconds = 0;  // time the run waited for this generator's throttle
    std::string problem;          // "not delivered: …" when the run left this generator out
    // Rows an earlier run of the same scenario and seed committed (PostgreSQL progress): this
    // run skips them and continues after them. 0 when it started from the first event.
    std::uint64_t resumedAfter = 0;
};

struct RunStatus {
    RunState state = RunState::Starting;
    std::string error;  // why it Failed
    int stage = -1;     // the stage running now (index), -1 before the first
    int stageCount = 0;
    std::vector<std::chrono::system_clock::time_point> stageStarted;  // per stage that began
    std::chrono::system_clock::time_point startedAt{};
    std::optional<std::chrono::system_clock::time_point> endedAt;
    std::vector<StreamProgress> streams;  // in the scenario's generator order
    // Before its first update or delete the run waits for change data capture's slot (see
    // RunOptions::changesMayStart): the next stage is not held back by an earlier one then.
    bool awaitingCapture = false;
};

}  // namespace riverdelta::run
