#include "engine/generate/functions/state_machine_nodes.h"

#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "engine/generate/value_json_writer.h"

namespace riverdelta::generate {

struct StateMachineValueNode::Runtime final : NodeState {
    bool started = false;
    bool ended = false;
    std::int32_t state = -1;
    std::uint32_t step = 0;
    std::uint64_t timesLeft = 0;
    // Transitions a function gave once at start (`transitionsNode`), locked from then on.
    std::vector<Next> next;
    std::vector<Step> sequence;
};

void StateMachineValueNode::fault(EvalContext& ctx, std::string message) const {
    if (ctx.fault != nullptr && ctx.fault->empty()) *ctx.fault = std::move(message);
}

bool StateMachineValueNode::resolve(EvalContext& ctx, const Value& name, std::int32_t& out) const {
    if (name.isNull()) {
        out = -1;
        return true;
    }
    for (std::size_t i = 0; i < def_.names.size(); ++i) {
        if (name.kind == ValueKind::String && def_.names[i] == name.string()) {
            out = static_cast<std::int32_t>(i);
            return true;
        }
    }
    fault(ctx, fmt::format("a stateMachine chose state {}, which is not one of its states",
                           toJson(name)));
    return false;
}

// Sequence form: enters step `rt.step`, skipping steps run 0 times; false when none is left.
bool StateMachineValueNode::enterStep(EvalContext& ctx, Runtime& rt) const {
    const auto& seq = rt.sequence.empty() ? def_.sequence : rt.sequence;
    while (rt.step < seq.size()) {
        const Step& step = seq[rt.step];
        rt.timesLeft = 1;
        if (step.times != nullptr) {
            const double t = evalNumber(step.times, ctx);
            rt.timesLeft = t > 0 && std::isfinite(t) ? static_cast<std::uint64_t>(t) : 0;
        }
        if (rt.timesLeft > 0) return true;
        ++rt.step;
    }
    return false;
}

bool StateMachineValueNode::start(EvalContext& ctx, Runtime& rt) const {
    rt.started = true;
    if (def_.transitionsNode != nullptr) {
        // Evaluated once: an object (state → next state name or null) or an array of steps.
        Value t;
        def_.transitionsNode->eval(ctx, t);
        if (t.kind == ValueKind::Object) {
            rt.next.assign(def_.names.size(), Next{});
            for (const Member& m : t.object()) {
                std::int32_t from = -1, to = -1;
                if (!resolve(ctx, Value::ofString(m.key), from) || from < 0) return false;
                if (!resolve(ctx, m.value, to)) return false;
                rt.next[static_cast<std::size_t>(from)].target = to;
            }
        } else if (t.kind == ValueKind::Array && t.size > 0) {
            for (const Value& e : t.array()) {
                Step step;
                const Value* name = &e;
                std::int64_t times = 1;
                if (e.kind == ValueKind::Object) {
                    name = e.find("state");
                    const Value* n = e.find("times");
                    if (name == nullptr || n == nullptr || !n->isNumber()) {
                        fault(ctx,
                              "a stateMachine's transitions function gave a step that is "
                              "not {\"state\": NAME, \"times\": N}");
                        return false;
                    }
                    times = static_cast<std::int64_t>(n->asDouble());
                }
                if (!resolve(ctx, *name, step.state) || step.state < 0) {
                    if (ctx.fault != nullptr && ctx.fault->empty())
                        fault(ctx, "a stateMachine's transitions array names a state of null");
                    return false;
                }
                for (std::int64_t k = 0; k < times; ++k)
                    rt.sequence.push_back(step);
            }
            if (rt.sequence.empty()) {
                rt.ended = true;
                return true;
            }
        } else {
            fault(ctx, fmt::format("a stateMachine's transitions function gave {}; it must give "
                                   "an object (state → next state) or a non-empty array of states",
                                   toJson(t)));
            return false;
        }
    }
    const bool sequenceForm = !rt.sequence.empty() || !def_.sequence.empty();
    if (sequenceForm) {
        rt.step = 0;
        if (!enterStep(ctx, rt)) rt.ended = true;
        return true;
    }
    rt.state = def_.initial;
    if (def_.initialNode != nullptr) {
        Value name;
        def_.initialNode->eval(ctx, name);
        if (!resolve(ctx, name, rt.state)) return false;
    }
    if (rt.state < 0) {
        fault(ctx, "a stateMachine with a transitions object needs an initial state");
        return false;
    }
    return true;
}

void StateMachineValueNode::eval(EvalContext& ctx, Value& out) const {
    out = Value::null();
    auto& holder = ctx.nodeStates[slot_];
    if (!holder) holder = std::make_unique<Runtime>();
    auto& rt = static_cast<Runtime&>(*holder);
    if (!rt.started && !start(ctx, rt)) {
        rt.ended = true;
        if (ctx.dormant != nullptr) *ctx.dormant = true;
        return;
    }
    if (rt.ended) {  // the machine terminated: the generator goes dormant
        if (ctx.dormant != nullptr) *ctx.dormant = true;
        return;
    }
    const bool sequenceForm = !rt.sequence.empty() || !def_.sequence.empty();
    if (sequenceForm) {
        const auto& seq = rt.sequence.empty() ? def_.sequence : rt.sequence;
        const Step& step = seq[rt.step];
        if (step.stateNode != nullptr) {
            Value name;
            step.stateNode->eval(ctx, name);
            if (!resolve(ctx, name, rt.state)) return;
            if (rt.state < 0) {
                rt.ended = true;
                if (ctx.dormant != nullptr) *ctx.dormant = true;
                return;
            }
        } else {
            rt.state = step.state;
        }
    }
    def_.values[static_cast<std::size_t>(rt.state)]->eval(ctx, out);
    // The next state, chosen after this value.
    if (sequenceForm) {
        if (--rt.timesLeft == 0) {
            ++rt.step;
            if (!enterStep(ctx, rt)) rt.ended = true;
        }
        return;
    }
    const Next& n = rt.next.empty() ? def_.next[static_cast<std::size_t>(rt.state)]
                                    : rt.next[static_cast<std::size_t>(rt.state)];
    std::int32_t to = n.target;
    if (n.node != nullptr) {
        Value name;
        n.node->eval(ctx, name);
        if (!resolve(ctx, name, to)) return;
    }
    if (to < 0) {
        rt.ended = true;
    } else {
        rt.state = to;
    }
}

}  // namespace riverdelta::generate
