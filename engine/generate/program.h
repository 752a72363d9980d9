#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/node.h"
#include "engine/generate/value_arena.h"

namespace riverdelta::generate {

// Topic: Kafka key/value. Table: a SQL row. Data: a generator that writes `data` (S3 bucket,
// fileSystem directory, webhook url, blob container, event stream).
enum class TargetKind : std::uint8_t { Topic, Table, Data };

// What a table generator's event does to its row. Topic events are always Insert.
enum class RowOp : std::uint8_t {
    Insert,  // a new row
    Update,  // SET the event's row columns WHERE `where` matches
    Delete,  // DELETE WHERE `where` matches
    Upsert,  // insert, or update the row with the same primary key
};

// A top-level field of a generator's value (Kafka) or row (PostgreSQL), in declaration order.
struct ColumnInfo {
    std::string name;
    std::optional<ValueKind> kind;  // when every event yields the same kind
    std::string pgHint;             // the field's `pgHint` (e.g. "VARCHAR(64) PRIMARY KEY")
};

// What a sink needs to know about a generator.
// bugprone-exception-escape: nlohmann::json's noexcept destructor allocates (it frees nested
// values through a heap stack), which the check counts as a throw; a failed allocation there
// ends the program, as it would anywhere in a destructor.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct GeneratorInfo {
    std::string name;
    TargetKind kind = TargetKind::Topic;
    std::string target;      // topic or table name (tables may be schema-qualified: "cdc.hotel")
    std::string connection;  // connection name; empty when the scenario names none
    // The connection's kind ("kafka", "postgres", "s3", "fileSystem", "webhook", …); for a
    // generator without a connection, the kind its target key implies ("kafka" for topics).
    std::string connectionKind;
    std::string targetKey;      // the generator key naming the target: "topic", "url", …
    nlohmann::json sinkConfig;  // literal sink settings as written (bucketConfigs, fileConfigs,
                                // url, method, …); per-event ones are in the event's key
    std::optional<std::uint64_t> maxEvents;  // nullopt: runs until stopped (or unknown in advance)
    nlohmann::json avroSchemaHint;           // localConfigs.avroSchemaHint as written, or null
    // Sink-side hints, stored as written for the sinks (the generator does not use them).
    std::optional<int> partitions;  // localConfigs.partitions (topic partitions to create)
    nlohmann::json jsonSchemaHint;  // localConfigs.jsonSchemaHint, or null
    std::string sqlDdlHint;         // localConfigs.sqlDdlHint, or empty
    bool forked = false;            // `fork`: events come from many instances of the generator
    std::optional<std::uint64_t> maxEventsPerFork;  // forked: each fork's literal maxEvents
    bool stateMachine = false;                      // has a top-level `stateMachine`
    std::vector<RowOp> ops;  // every row operation its events may carry (tables; Insert first)
    // A table generator whose events only update or delete rows: it never creates its table.
    [[nodiscard]] bool changesRowsOnly() const {
        return kind == TargetKind::Table && !ops.empty() &&
               std::find(ops.begin(), ops.end(), RowOp::Insert) == ops.end();
    }
    std::vector<ColumnInfo> columns;  // fields of the value/row object
    bool hasKey = false;
    bool hasPayload = false;  // value (Kafka) or row (PostgreSQL)
    int stage = -1;           // index in Program::stages(), -1 if never scheduled
};

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json members, as GeneratorInfo above
struct ConnectionInfo {
    std::string name;
    std::string kind;         // "kafka", "postgres", "s3", "fileSystem", "webhook", …
    nlohmann::json configs;   // producerConfigs / connectionConfigs as written (or null)
    nlohmann::json settings;  // the whole connection object as written (batchConfigs, logLevel…)
    std::string tablePolicy;  // postgres only; empty if unset
};

struct StageInfo {
    std::vector<std::size_t> generators;
};

// A scenario compiled once: typed nodes with names resolved to slots. Immutable; a Session
// holds all per-run state, so one Program can back several sessions.
class Program {
  public:
    [[nodiscard]] const std::vector<GeneratorInfo>& generators() const { return infos_; }
    [[nodiscard]] const std::vector<StageInfo>& stages() const { return stages_; }
    [[nodiscard]] const std::vector<ConnectionInfo>& connections() const { return connections_; }
    [[nodiscard]] std::optional<std::size_t> findGenerator(std::string_view name) const;
    [[nodiscard]] const ConnectionInfo* findConnection(std::string_view name) const;

    // ---- internals used by the compiler and Session ----
    struct Dependency {  // a lookup the generator performs
        std::vector<std::uint32_t> sources;
        bool unique = false;
        std::string pointer;  // where the lookup is written (for diagnostics)
    };
    // How an event is recorded for lookups: the root of a recorded path.
    enum class RecordRoot : std::uint8_t { Key, Payload, Vars, Whole };
    struct RecordedPath {
        RecordRoot root = RecordRoot::Payload;
        Path path;  // below the root
    };
    // A probability and an amount (delay: ms, repeat: times); the amount may be a function.
    struct RateSpec {
        double rate = 0;
        const Node* amount = nullptr;
        bool retainHistory = false;  // discard only
    };
    // One step of a state machine's next-state choice.
    struct Transition {
        enum class Kind : std::uint8_t { End, Fixed, Weighted, Dynamic } kind = Kind::End;
        std::int32_t target = -1;           // Fixed
        std::vector<double> cumulative;     // Weighted: normalised to end at 1
        std::vector<std::int32_t> targets;  // Weighted: -1 ends the machine
        const Node* node = nullptr;         // Dynamic: yields a state name or null
    };
    struct StateDef {
        std::string name;
        const Node* key = nullptr;      // the generator's key merged with the state's
        const Node* payload = nullptr;  // the generator's value/row merged with the state's
        RowOp op = RowOp::Insert;
        const Node* where = nullptr;
        const Node* throttle = nullptr;  // ms; null: the generator's
        std::optional<RateSpec> delay;   // null: the generator's
        Transition next;                 // map form
    };
    struct SequenceStep {         // array form of transitions
        std::int32_t state = -1;  // -1: `stateNode` picks it
        const Node* stateNode = nullptr;
        const Node* times = nullptr;  // null: once
    };
    struct StateMachine {
        std::vector<StateDef> states;
        std::int32_t initial = 0;
        const Node* initialNode = nullptr;      // a function naming the initial state
        const Node* transitionsNode = nullptr;  // a function giving the transitions (once)
        std::vector<SequenceStep> sequence;     // non-empty: array-form transitions
        bool mergePrevious = false;
    };
    struct Fork {
        std::vector<Value> keys;        // array form (in order, unique)
        const Node* keyNode = nullptr;  // function form
        std::optional<std::uint64_t> maxForks;
        bool keepAlive = false;
        bool oneTimeKeys = false;
        const Node* stagger = nullptr;         // ms between spawns; null: 0
        std::vector<Dependency> dependencies;  // lookups in the key
        std::uint32_t forkKeySlot = 0;
    };
    struct VarDef {
        std::uint32_t slot;
        const Node* node;
        std::string name;
    };
    struct Compiled {
        std::uint32_t slotCount = 0;
        std::vector<VarDef> varsOnce;  // evaluation order
        std::vector<VarDef> vars;      // evaluation order
        const Node* key = nullptr;
        const Node* payload = nullptr;
        const Node* throttle = nullptr;  // ms between events (throttleMs or 1000/throughput)
        RowOp op = RowOp::Insert;
        const Node* where = nullptr;      // tables: the rows to change; topics: the record headers
        const Node* maxEvents = nullptr;  // a function: evaluated once per instance
        std::optional<std::uint64_t> maxEventsLiteral;
        std::optional<double> maxMs;
        std::optional<std::uint64_t> maxBytes;  // of key + payload JSON written
        std::optional<RateSpec> delay, discard, repeat;
        std::optional<std::size_t> maxHistory;
        std::optional<StateMachine> stateMachine;
        std::optional<Fork> fork;
        bool keepPrevious = false;  // previousEvent or merge.previous reads the last event
        std::vector<Dependency> dependencies;
        std::vector<RecordedPath> recordedPaths;  // what lookups read from us
        bool uniqueTarget = false;                // some unique lookup reads us
    };
    // globalConfigs that shape the run's clock and schedule.
    struct RunSettings {
        bool loop = false;                         // schedule.loop: restart after the last stage
        std::optional<std::int64_t> startTime;     // globalConfigs.time: `now` at the start (ms)
        double timeMultiplier = 1;                 // globalConfigs.timeMultiplier (a literal)
        const Node* timeMultiplierNode = nullptr;  // … or a function, evaluated once per session
        bool committedLookups = false;             // lookupScope: "committed"
    };
    [[nodiscard]] const RunSettings& runSettings() const { return run_; }
    [[nodiscard]] const std::vector<Compiled>& compiled() const { return compiled_; }
    [[nodiscard]] std::uint32_t stateSlots() const { return stateSlots_; }
    [[nodiscard]] std::uint32_t nodeStateSlots() const { return nodeStateSlots_; }

  private:
    friend class Compiler;
    template <class T, class... A>
    T* make(A&&... args) {
        auto p = std::make_unique<T>(std::forward<A>(args)...);
        T* raw = p.get();
        nodes_.push_back(std::move(p));
        return raw;
    }
    std::string_view keep(std::string s) {
        strings_.push_back(std::move(s));
        return strings_.back();
    }

    std::vector<GeneratorInfo> infos_;
    std::vector<Compiled> compiled_;
    RunSettings run_;
    std::vector<StageInfo> stages_;
    std::vector<ConnectionInfo> connections_;
    std::vector<std::unique_ptr<Node>> nodes_;
    std::deque<std::string> strings_;  // stable storage for keys and literal text
    ValueArena constants_;             // literal arrays/objects/strings
    std::uint32_t stateSlots_ = 0;
    std::uint32_t nodeStateSlots_ = 0;
};

}  // namespace riverdelta::generate
