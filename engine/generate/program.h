#pragma once

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

// A top-level field of a generator's value (Kafka) or row (PostgreSQL), in declaration order.
struct ColumnInfo {
    std::string name;
    std::optional<ValueKind> kind;  // when every event yields the same kind
    std::string pgHint;             // the field's `pgHint` (e.g. "VARCHAR(64) PRIMARY KEY")
};

// What a sink needs to know about a generator.
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
    std::optional<std::uint64_t> maxEvents;  // nullopt: runs until stopped
    nlohmann::json avroSchemaHint;           // localConfigs.avroSchemaHint as written, or null
    std::vector<ColumnInfo> columns;         // fields of the value/row object
    bool hasKey = false;
    bool hasPayload = false;  // value (Kafka) or row (PostgreSQL)
    int stage = -1;           // index in Program::stages(), -1 if never scheduled
};

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
        const Node* throttle = nullptr;
        std::vector<Dependency> dependencies;
        std::vector<Path> recordedPaths;  // paths other generators' lookups read from us
        bool uniqueTarget = false;        // some unique lookup reads us
    };
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
    std::vector<StageInfo> stages_;
    std::vector<ConnectionInfo> connections_;
    std::vector<std::unique_ptr<Node>> nodes_;
    std::deque<std::string> strings_;  // stable storage for keys and literal text
    ValueArena constants_;             // literal arrays/objects/strings
    std::uint32_t stateSlots_ = 0;
    std::uint32_t nodeStateSlots_ = 0;
};

}  // namespace riverdelta::generate
