#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/node.h"

// `stateMachine` used as a value: each evaluation yields the current state's value, then
// moves to the next state. Its position lives in a per-session node state (shared by a
// generator's forks, like sequentialInteger's counter).
namespace riverdelta::generate {

class StateMachineValueNode final : public Node {
  public:
    // The next state after one: a fixed state, the end, or a function naming one (or null).
    struct Next {
        std::int32_t target = -1;    // -1: the end (when node is null)
        const Node* node = nullptr;  // evaluated at each transition
    };
    struct Step {                 // array form of transitions
        std::int32_t state = -1;  // -1: `stateNode` names it
        const Node* stateNode = nullptr;
        const Node* times = nullptr;  // null: once; evaluated when the step starts
    };
    struct Definition {
        std::vector<std::string_view> names;
        std::vector<const Node*> values;
        std::vector<Next> next;                 // map form, one per state
        std::vector<Step> sequence;             // array form (non-empty: used instead of `next`)
        std::int32_t initial = -1;              // map form
        const Node* initialNode = nullptr;      // a function naming the initial state
        const Node* transitionsNode = nullptr;  // a function giving the transitions
    };
    StateMachineValueNode(std::uint32_t slot, Definition def) : slot_(slot), def_(std::move(def)) {}
    void eval(EvalContext& ctx, Value& out) const override;

  private:
    struct Runtime;
    bool start(EvalContext& ctx, Runtime& rt) const;
    bool resolve(EvalContext& ctx, const Value& name, std::int32_t& out) const;
    bool enterStep(EvalContext& ctx, Runtime& rt) const;
    void fault(EvalContext& ctx, std::string message) const;

    std::uint32_t slot_;
    Definition def_;
};

}  // namespace riverdelta::generate
