#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/clock.h"
#include "engine/generate/committed_history.h"
#include "engine/generate/history.h"
#include "engine/generate/program.h"
#include "engine/generate/rng.h"
#include "engine/generate/scenario_clock.h"
#include "engine/generate/value_arena.h"

namespace riverdelta::generate {

// One generated event. Everything it points to stays valid until the session's next call to
// next() (or until the session is destroyed).
struct Event {
    std::size_t generator = 0;     // index into Program::generators()
    int stage = 0;                 // index into Program::stages()
    std::uint64_t sequence = 0;    // 0-based number of this event within its generator
    double dueMs = 0;              // logical time (ms since the session started, throttles / speed)
    std::int64_t nowMs = 0;        // the run clock when the event was made
    bool firstOfStage = false;     // the first event after a stage started
    Value key;                     // null when the generator has no key
    Value payload;                 // value (topic) or row (table); null if absent
    RowOp op = RowOp::Insert;      // table generators: what the event does to the row
    Value where;                   // Update/Delete: an object of column = value to match
    std::string_view keyJson;      // "null" when there is no key
    std::string_view payloadJson;  // "null" when there is no payload

    // The payload's top-level fields in declaration order (for COPY rows and Avro records).
    [[nodiscard]] std::span<const Member> fields() const { return payload.object(); }
    // Topic events: their Kafka record headers, an array of {key, value} (the generator's
    // `headers`), or null. A topic generator has no `where`, so they travel in that slot.
    [[nodiscard]] const Value& headers() const { return where; }
};

struct SessionOptions {
    std::uint64_t seed = 0;
    double speed = 1.0;                  // divides every throttle
    const RunClock* clock = nullptr;     // null: the system clock
    std::size_t maxHistory = 1'000'000;  // per looked-up generator (maxHistoryEvents lowers it)
    // The caller reports what its sinks acknowledged (acknowledge()), so lookupScope
    // "committed" holds events back until then. False (sample): nothing is sent, lookups
    // see events at once.
    bool acknowledgements = false;
};

enum class GeneratorStatus : std::uint8_t {
    Waiting,   // its stage has not started yet
    Running,   // in the current stage, producing
    Paused,    // paused by the user; resumes where it left off
    Finished,  // reached maxEvents / maxMs / a terminal state, or was finished by the user
};

// Runs a Program: ONE thread evaluates all generators, interleaved on a logical clock by each
// instance's next due time (throttle / speed after each event; ties go to the instance that
// emitted least recently). A plain generator is one instance; a forked generator spawns one
// instance per fork key. Instances wait in a priority queue on their due time, so thousands
// of forks cost O(log n) per event. Stages run one after another: a stage starts when every
// generator of the previous one has finished. Real-time pacing is not done here: a runner
// sleeps until an event's dueMs (scaled as it likes); `sample` ignores pacing. Deterministic:
// the same Program, seed and clock give the same events, byte for byte. With schedule.loop the
// last stage is followed by the first again (a new pass) until the caller stops asking.
class Session {
  public:
    enum class Status {
        Event,     // `event` was filled
        Idle,      // nothing can run now: every remaining generator is paused
        Finished,  // the last stage finished
        Failed,    // a lookup can never be satisfied, or a fork key is null; see error()
    };

    Session(const Program& program, SessionOptions options = {});
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    Status next(Event& event);

    // Per-generator control (the GUI starts and stops streams). A paused generator keeps its
    // sequences and continues them on resume; finish() ends it for good (its stage may then
    // complete).
    void pause(std::size_t generator);
    void resume(std::size_t generator);
    void finish(std::size_t generator);
    // Lifts (or restores) the generator's maxEvents: an uncapped stream runs until stopped
    // (the console's "Continuous" streaming). One that already ended stays ended.
    void setUncapped(std::size_t generator, bool uncapped);

    [[nodiscard]] GeneratorStatus status(std::size_t generator) const;
    [[nodiscard]] std::uint64_t emitted(std::size_t generator) const;
    [[nodiscard]] std::size_t liveForks(std::size_t generator) const;
    [[nodiscard]] std::uint64_t forksSpawned(std::size_t generator) const;
    // lookupScope "committed": of `generator`'s dispatched events, how many have an outcome
    // (acknowledged + failed; read acknowledged first) and how many failed. `inOrder`: its
    // sink acknowledges in dispatch order. Lookups then see the acknowledged ones.
    void acknowledge(std::size_t generator, std::uint64_t resolved, std::uint64_t failed,
                     bool inOrder);
    [[nodiscard]] bool holdsForAcknowledgement() const { return !committed_.empty(); }
    [[nodiscard]] std::uint64_t passes() const { return passes_; }  // loop: passes completed
    // globalConfigs.timeMultiplier as evaluated for this session (1 when unset).
    [[nodiscard]] double timeMultiplier() const { return speed_ / options_.speed; }
    // Bytes of key + payload JSON emitted in the current pass (localConfigs.maxBytes).
    [[nodiscard]] std::uint64_t bytesEmitted(std::size_t generator) const;
    [[nodiscard]] int currentStage() const { return stage_; }  // == stages().size() when done
    [[nodiscard]] bool stageFinished(int stage) const;
    [[nodiscard]] double logicalTimeMs() const { return clock_; }
    [[nodiscard]] const std::string& error() const { return error_; }
    [[nodiscard]] const Program& program() const { return program_; }
    // Lookup history of a generator (null when no lookup reads it).
    [[nodiscard]] const GeneratorHistory* history(std::size_t generator) const;

  private:
    struct Instance;
    struct GenState;
    struct Stored;
    enum class EntryKind : std::uint8_t { Instance, Spawner, Delayed };
    struct Entry {
        double due;
        std::uint64_t ordinal;  // last emission (0: never); ties go to the smaller
        std::uint32_t generator;
        std::uint32_t slot;        // instance index or stored-event index
        std::uint32_t generation;  // instance generation (stale entries are skipped)
        EntryKind kind;
    };
    struct Later {
        bool operator()(const Entry& a, const Entry& b) const;
    };

    bool ready(const std::vector<Program::Dependency>& deps, std::size_t self);
    bool canEverSatisfy(std::size_t g, std::string& why) const;
    void startStage(int stage);
    void push(const Entry& e) { queue_.push(e); }
    void pushInstance(std::size_t g, std::uint32_t slot);
    bool produce(std::size_t g, std::uint32_t slot, Event& event);  // false: nothing emitted
    bool spawn(std::size_t g);                                      // false: no new key now
    void endInstance(std::size_t g, std::uint32_t slot);
    void finishGenerator(std::size_t g);
    void emitStored(std::uint32_t index, double due, Event& event);
    std::uint32_t store(std::size_t g, std::uint64_t sequence, std::int64_t nowMs, const Value& key,
                        const Value& payload, RowOp op, const Value& where);
    void record(std::size_t g, const Value& key, const Value& payload, const Value* vars);
    Value wholeEvent(std::size_t g, const Value& key, const Value& payload);
    void fill(Event& ev, std::size_t g, std::uint64_t sequence, double due, std::int64_t nowMs,
              const Value& key, const Value& payload, RowOp op, const Value& where);
    void unblock();
    Status stuck();
    void restartPass();
    bool reachedMaxBytes(std::size_t g) const;
    [[nodiscard]] bool awaitsAcknowledgement() const;

    const Program& program_;
    SessionOptions options_;
    SystemClock systemClock_;
    std::optional<ScenarioClock> scenarioClock_;  // globalConfigs.time / timeMultiplier
    const RunClock* runClock_;
    double speed_ = 1;  // options.speed × timeMultiplier: divides throttles, delays, maxMs
    std::vector<GenState> gens_;
    HistoryStore histories_;
    std::vector<std::int64_t> state_;
    std::vector<std::unique_ptr<NodeState>> nodeStates_;
    std::priority_queue<Entry, std::vector<Entry>, Later> queue_;
    std::vector<Entry> blocked_;               // waiting for a lookup; retried after the next event
    std::vector<CommittedHistory> committed_;  // lookupScope committed (with acknowledgements)
    std::string entry_;                        // the produced event's held lookup entry
    bool entryHeld_ = false;
    std::string fault_;           // EvalContext::fault of the event being made
    bool dormant_ = false;        // EvalContext::dormant of the event being made
    std::vector<Stored> stored_;  // delayed or repeated events, held encoded
    std::vector<std::uint32_t> freeStored_;
    ValueArena eventArena_;
    ValueArena onceArena_;  // varsOnce and fork keys (live as long as the session)
    std::string scratch_;
    std::string out_;
    std::vector<Value> pathValues_;
    std::vector<Value> vars_;  // the producing instance's var slots
    int stage_ = -1;
    std::size_t remaining_ = 0;       // unfinished generators of the current stage
    std::size_t delayedPending_ = 0;  // delayed events not yet emitted
    bool stageJustStarted_ = false;
    bool spawnersRetried_ = false;  // stuck() re-queued the waiting spawners once
    double clock_ = 0;
    std::uint64_t ordinal_ = 0;
    std::uint64_t passes_ = 0;
    std::uint64_t passStartOrdinal_ = 0;
    std::string error_;
};

}  // namespace riverdelta::generate
