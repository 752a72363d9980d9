#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/rng.h"
#include "engine/generate/value.h"
#include "engine/generate/value_arena.h"

namespace riverdelta::generate {

class HistoryStore;

// Per-session memory of a node that remembers values across events (cache, cardinality, a
// frozen cycle sequence). Created by the node on first use; owned by the session.
class NodeState {
  public:
    virtual ~NodeState() = default;
};

// What a node needs to evaluate: all per-session state lives here (or behind these pointers),
// so a compiled Program is immutable and can back several sessions.
struct EvalContext {
    ValueArena* arena = nullptr;      // where this evaluation allocates
    Rng* rng = nullptr;               // the generator's stream
    const Value* vars = nullptr;      // the generator's var slots (vars and varsOnce)
    std::int64_t* state = nullptr;    // session state slots (sequence counters)
    HistoryStore* history = nullptr;  // lookup histories
    std::string* scratch = nullptr;   // reusable text buffer for string building
    std::int64_t nowMs = 0;           // the run clock, sampled once per event
    std::unique_ptr<NodeState>* nodeStates = nullptr;  // Program::nodeStateSlots() of them
    Value* varSlots = nullptr;  // the same slots as `vars`, for nodes that re-evaluate a var
    // The instance's previous event ({"topic", "key", "value"} or {"table", "row"}), or null
    // when it has none or its generator does not keep it.
    const Value* previous = nullptr;
    // A node that cannot go on says why here (the session stops with it); null: nobody asks.
    std::string* fault = nullptr;
    // Set by a value `stateMachine` that has terminated: the instance stops, its event unsent.
    bool* dormant = nullptr;
};

// A compiled function, literal or container. Evaluation writes `out`; nodes never throw.
class Node {
  public:
    Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    virtual ~Node() = default;
    virtual void eval(EvalContext& ctx, Value& out) const = 0;
    // The kind every evaluation yields, when known at compile time (for DDL and schemas).
    [[nodiscard]] virtual std::optional<ValueKind> staticKind(int depth = 0) const {
        (void)depth;
        return std::nullopt;
    }
    // A literal's value (nullptr for anything evaluated).
    [[nodiscard]] virtual const Value* constant() const { return nullptr; }
    // The PostgreSQL column type this node's values need when the scenario gives no pgHint
    // (e.g. "TIMESTAMPTZ" for `serialize: postgresTimestamp`); empty when the kind decides.
    [[nodiscard]] virtual std::string_view pgTypeHint() const { return {}; }
};

// A path into a value: object keys and array indices.
struct PathStep {
    std::string_view key;  // used when !isIndex
    std::uint32_t index = 0;
    bool isIndex = false;
};
using Path = std::vector<PathStep>;

// Follows `path` from `v`; null when a step is missing.
Value navigate(const Value& v, const Path& path, std::size_t from = 0);

// Evaluates a numeric parameter (NaN if the node yields a non-number).
inline double evalNumber(const Node* node, EvalContext& ctx) {
    Value v;
    node->eval(ctx, v);
    return v.asDouble();
}

}  // namespace riverdelta::generate
