// Session: making one event of a generator instance — vars, state machine step, key and payload,
// throttle, discard, delay and repeat.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <new>

#include "engine/generate/node.h"
#include "engine/generate/session.h"
#include "engine/generate/session_state.h"
#include "engine/generate/value_json_writer.h"

namespace riverdelta::generate {

using session_detail::kNone;
using session_detail::nonNegative;

namespace {

// `over`'s members replace or extend `base`'s (both objects); otherwise `over`.
Value mergeObjects(const Value& base, const Value& over, ValueArena& arena) {
    if (base.kind != ValueKind::Object || over.kind != ValueKind::Object) return over;
    Member* ms = arena.members(base.size + over.size);
    std::uint32_t n = 0;
    for (const Member& m : base.object()) {  // base order, newer values
        const Value* newer = over.find(m.key);
        new (&ms[n++]) Member{m.key, newer != nullptr ? *newer : m.value};
    }
    for (const Member& m : over.object()) {
        if (base.find(m.key) == nullptr) new (&ms[n++]) Member{m.key, m.value};
    }
    return Value::ofObject(ms, n);
}

}  // namespace

bool Session::produce(std::size_t g, std::uint32_t slot, Event& ev) {
    GenState& gs = gens_[g];
    Instance& in = gs.instances[slot];
    const auto& c = program_.compiled()[g];
    eventArena_.reset();
    EvalContext ctx;
    ctx.arena = &eventArena_;
    ctx.rng = &in.rng;
    ctx.nodeStates = nodeStates_.data();
    ctx.state = state_.data();
    ctx.history = &histories_;
    ctx.scratch = &scratch_;
    ctx.nowMs = runClock_->nowMs();
    if (in.due > clock_) clock_ = in.due;
    entryHeld_ = false;
    fault_.clear();
    dormant_ = false;
    ctx.fault = &fault_;
    ctx.dormant = &dormant_;

    auto reschedule = [&](double throttle) {
        in.lastThrottle = throttle;
        in.due += throttle / speed_;
        in.lastOrdinal = ++ordinal_;
    };

    // A repetition of the previous event goes out before anything new is made.
    if (in.repeatLeft > 0) {
        const Stored& s = stored_[in.repeatStored];
        const auto v = s.decode(eventArena_);
        fill(ev, g, gs.emitted, in.due, ctx.nowMs, v.key, v.payload, s.op, v.where);
        record(g, v.key, v.payload, nullptr);
        if (--in.repeatLeft == 0) {
            freeStored_.push_back(in.repeatStored);
            in.repeatStored = kNone;
        }
        ++gs.emitted;
        ++in.iterations;
        reschedule(in.lastThrottle);
        if (!gs.uncapped && in.iterations >= in.maxEvents) {
            endInstance(g, slot);
        } else {
            pushInstance(g, slot);
        }
        if (reachedMaxBytes(g)) finishGenerator(g);
        return true;
    }

    if (!in.started) {
        in.started = true;
        in.startDue = in.due;
        in.startNow = ctx.nowMs;
        if (c.maxEventsLiteral) in.maxEvents = *c.maxEventsLiteral;
    }
    if (c.maxMs) {
        // Logical time runs at speed × timeMultiplier; the scenario clock at timeMultiplier.
        if (in.due - in.startDue >= *c.maxMs / speed_ ||
            static_cast<double>(ctx.nowMs - in.startNow) >= *c.maxMs / options_.speed) {
            endInstance(g, slot);
            return false;
        }
    }

    vars_.resize(c.slotCount);
    ctx.vars = vars_.data();
    ctx.varSlots = vars_.data();
    if (c.fork) vars_[c.fork->forkKeySlot] = in.forkKey;
    if (!c.varsOnce.empty()) {
        if (in.once.empty()) {
            ctx.arena = &onceArena_;
            for (const auto& v : c.varsOnce)
                v.node->eval(ctx, vars_[v.slot]);
            ctx.arena = &eventArena_;
            in.once.resize(c.slotCount);
            for (const auto& v : c.varsOnce)
                in.once[v.slot] = vars_[v.slot];
        } else {
            for (const auto& v : c.varsOnce)
                vars_[v.slot] = in.once[v.slot];
        }
    }
    Value previous;
    if (c.keepPrevious && !in.previous.empty()) {
        const char* p = in.previous.data();
        previous = decodeValue(p, eventArena_);
        ctx.previous = &previous;
    }
    const Program::StateMachine* sm = c.stateMachine ? &*c.stateMachine : nullptr;
    auto resolveState = [&](const Value& name, std::int32_t& out) {
        if (name.isNull()) {
            out = -1;
            return true;
        }
        for (std::size_t i = 0; i < sm->states.size(); ++i) {
            if (sm->states[i].name == name.string()) {
                out = static_cast<std::int32_t>(i);
                return true;
            }
        }
        error_ = fmt::format(
            "the state machine of generator \"{}\" chose state {}, which is not "
            "one of its states",
            program_.generators()[g].name, toJson(name));
        return false;
    };
    // Sequence form: enters step `in.step` (skipping steps run 0 times); false when none is left.
    auto enterStep = [&]() {
        while (in.step < sm->sequence.size()) {
            const auto& step = sm->sequence[in.step];
            in.timesLeft = 1;
            if (step.times != nullptr) {
                const double t = evalNumber(step.times, ctx);
                in.timesLeft = t > 0 && std::isfinite(t) ? static_cast<std::uint64_t>(t) : 0;
            }
            if (in.timesLeft > 0) return true;
            ++in.step;
        }
        return false;
    };
    if (sm != nullptr && in.iterations == 0 && sm->transitionsNode == nullptr) {
        if (sm->sequence.empty()) {
            in.state = sm->initial;
        } else {
            in.step = 0;
            if (!enterStep()) {
                endInstance(g, slot);
                return false;
            }
        }
    }

    for (const auto& v : c.vars)
        v.node->eval(ctx, vars_[v.slot]);
    if (c.maxEvents != nullptr && in.iterations == 0) {
        const double m = evalNumber(c.maxEvents, ctx);
        in.maxEvents = m > 0 && std::isfinite(m) ? static_cast<std::uint64_t>(m) : 0;
        if (in.maxEvents == 0) {
            endInstance(g, slot);
            return false;
        }
    }

    if (sm != nullptr && in.iterations == 0 && sm->transitionsNode != nullptr) {
        in.dynNext.clear();
        in.dynSequence.clear();
        in.state = sm->initial;
        Value t;
        sm->transitionsNode->eval(ctx, t);
        if (t.kind == ValueKind::Object) {
            in.dynNext.assign(sm->states.size(), -1);
            for (const Member& m : t.object()) {
                std::int32_t from = -1, to = -1;
                if (!resolveState(Value::ofString(m.key), from) || !resolveState(m.value, to))
                    return false;
                if (from >= 0) in.dynNext[static_cast<std::size_t>(from)] = to;
            }
            if (in.state < 0 && sm->initialNode == nullptr) {
                error_ = fmt::format(
                    "the state machine of generator \"{}\" got its transitions as an object "
                    "from a function but has no \"initial\" state",
                    program_.generators()[g].name);
                return false;
            }
        } else if (t.kind == ValueKind::Array) {
            for (const Value& e : t.array()) {
                const Value* name = e.kind == ValueKind::Object ? e.find("state") : &e;
                const Value* times = e.kind == ValueKind::Object ? e.find("times") : nullptr;
                std::int32_t to = -1;
                if (name == nullptr || !resolveState(*name, to)) {
                    if (error_.empty())
                        error_ = fmt::format(
                            "the state machine of generator \"{}\" got a "
                            "transition step without \"state\"",
                            program_.generators()[g].name);
                    return false;
                }
                const double n = times != nullptr ? times->asDouble() : 1;
                for (double k = 0; to >= 0 && k < n && k < 1e6; ++k)
                    in.dynSequence.push_back(to);
            }
            if (in.dynSequence.empty()) {
                endInstance(g, slot);
                return false;
            }
            in.step = 0;
        } else {
            error_ = fmt::format(
                "the state machine of generator \"{}\" got transitions {} from its function; "
                "they must be an object (state → next state) or an array of states",
                program_.generators()[g].name, toJson(t));
            return false;
        }
    }
    if (sm != nullptr && in.iterations == 0 && sm->initialNode != nullptr &&
        in.dynSequence.empty()) {
        Value name;  // once per instance, after its first vars
        sm->initialNode->eval(ctx, name);
        if (!resolveState(name, in.state)) return false;
        if (in.state < 0) {
            endInstance(g, slot);
            return false;
        }
    }
    const Program::StateDef* st = nullptr;
    if (sm != nullptr) {
        if (!in.dynSequence.empty()) {
            in.state = in.dynSequence[in.step];
        } else if (!sm->sequence.empty()) {
            const auto& step = sm->sequence[in.step];
            if (step.stateNode != nullptr) {
                Value name;
                step.stateNode->eval(ctx, name);
                if (!resolveState(name, in.state)) return false;
                if (in.state < 0) {
                    endInstance(g, slot);
                    return false;
                }
            } else {
                in.state = step.state;
            }
        }
        st = &sm->states[static_cast<std::size_t>(in.state)];
    }
    const Node* keyNode = st != nullptr ? st->key : c.key;
    const Node* payloadNode = st != nullptr ? st->payload : c.payload;
    const Node* whereNode = st != nullptr ? st->where : c.where;
    const RowOp op = st != nullptr ? st->op : c.op;
    Value key, payload, where;
    if (keyNode != nullptr) keyNode->eval(ctx, key);
    if (payloadNode != nullptr) payloadNode->eval(ctx, payload);
    if (sm != nullptr && sm->mergePrevious && ctx.previous != nullptr) {
        const bool topic = program_.generators()[g].kind == TargetKind::Topic;
        const Value* prior = previous.find(topic ? "value" : "row");
        if (prior != nullptr) payload = mergeObjects(*prior, payload, eventArena_);
    }
    if (whereNode != nullptr) whereNode->eval(ctx, where);
    if (!fault_.empty()) {
        error_ = fmt::format("generator \"{}\": {}", program_.generators()[g].name, fault_);
        return false;
    }
    if (dormant_) {  // a stateMachine in its value has terminated: nothing more is made
        endInstance(g, slot);
        return false;
    }

    const Node* throttleNode = st != nullptr && st->throttle != nullptr ? st->throttle : c.throttle;
    double throttle = throttleNode != nullptr ? nonNegative(evalNumber(throttleNode, ctx)) : 0;

    const bool discarded = c.discard && in.rng.uniform() < c.discard->rate;
    const Program::RateSpec* delay = st != nullptr && st->delay ? &*st->delay
                                     : c.delay                  ? &*c.delay
                                                                : nullptr;
    double delayMs = -1;
    if (!discarded && delay != nullptr && in.rng.uniform() < delay->rate)
        delayMs = nonNegative(evalNumber(delay->amount, ctx));
    std::uint32_t repeatTimes = 0;
    if (!discarded && c.repeat && in.rng.uniform() < c.repeat->rate) {
        const double t = nonNegative(evalNumber(c.repeat->amount, ctx));
        repeatTimes = static_cast<std::uint32_t>(std::min(t, 1e9));
    }

    if (!discarded || c.discard->retainHistory) record(g, key, payload, vars_.data());
    if (c.keepPrevious) {
        const Value whole = wholeEvent(g, key, payload);
        in.previous.clear();
        encodeValue(in.previous, whole);
    }

    // The next state, chosen after this event.
    bool ended = false;
    if (sm != nullptr) {
        if (!in.dynSequence.empty()) {
            ended = ++in.step >= in.dynSequence.size();
        } else if (!in.dynNext.empty()) {
            in.state = in.dynNext[static_cast<std::size_t>(in.state)];
            ended = in.state < 0;
        } else if (!sm->sequence.empty()) {
            if (--in.timesLeft == 0) {
                ++in.step;
                ended = !enterStep();
            }
        } else {
            const auto& t = st->next;
            switch (t.kind) {
                case Program::Transition::Kind::End:
                    ended = true;
                    break;
                case Program::Transition::Kind::Fixed:
                    in.state = t.target;
                    break;
                case Program::Transition::Kind::Weighted: {
                    const double u = in.rng.uniform();
                    std::size_t i = 0;
                    while (i + 1 < t.cumulative.size() && t.cumulative[i] <= u)
                        ++i;
                    in.state = t.targets[i];
                    ended = in.state < 0;
                    break;
                }
                case Program::Transition::Kind::Dynamic: {
                    Value name;
                    t.node->eval(ctx, name);
                    if (!resolveState(name, in.state)) return false;
                    ended = in.state < 0;
                    break;
                }
            }
        }
    }

    const double eventDue = in.due;
    const std::uint64_t sequence = gs.emitted;
    ++in.iterations;
    bool emitted = false;
    if (!discarded) {
        ++gs.emitted;
        if (delayMs >= 0) {
            // Held back: goes out later, out of order; the generator may go on at once.
            const std::uint32_t index = store(g, sequence, ctx.nowMs, key, payload, op, where);
            if (entryHeld_) {
                stored_[index].entry.swap(entry_);
                stored_[index].entryHeld = true;
                entryHeld_ = false;
            }
            ++delayedPending_;
            push({eventDue + delayMs / speed_, ++ordinal_, static_cast<std::uint32_t>(g), index, 0,
                  EntryKind::Delayed});
            throttle = 0;
        } else {
            fill(ev, g, sequence, eventDue, ctx.nowMs, key, payload, op, where);
            emitted = true;
        }
        if (repeatTimes > 0 && !ended && (gs.uncapped || in.iterations < in.maxEvents) &&
            !reachedMaxBytes(g)) {
            in.repeatLeft = repeatTimes;
            in.repeatStored = store(g, sequence, ctx.nowMs, key, payload, op, where);
        }
    }
    reschedule(throttle);
    if (ended || (!gs.uncapped && in.iterations >= in.maxEvents)) {
        endInstance(g, slot);
    } else {
        pushInstance(g, slot);
    }
    if (emitted && reachedMaxBytes(g)) finishGenerator(g);  // the event that reached it is sent
    return emitted;
}

}  // namespace riverdelta::generate
