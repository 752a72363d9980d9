// Session: forked generators — spawning an instance per new fork key, and ending instances.
#include <fmt/format.h>

#include <algorithm>

#include "engine/generate/node.h"
#include "engine/generate/session.h"
#include "engine/generate/session_state.h"

namespace riverdelta::generate {

using session_detail::kNone;
using session_detail::nonNegative;

bool Session::spawn(std::size_t g) {
    GenState& gs = gens_[g];
    const auto& c = program_.compiled()[g];
    const auto& info = program_.generators()[g];
    const Program::Fork& f = *c.fork;
    auto done = [&] {
        gs.spawnerDone = true;
        gs.spawnerQueued = false;
        if (gs.live == 0) finishGenerator(g);
        return false;
    };
    if (f.maxForks) {
        if (f.keepAlive && gs.live >= *f.maxForks) {
            gs.spawnerQueued = false;  // endInstance queues it again
            return false;
        }
        if (!f.keepAlive && gs.spawned >= *f.maxForks) return done();
    }
    eventArena_.reset();
    EvalContext ctx;
    ctx.arena = &eventArena_;
    ctx.rng = &gs.spawnRng;
    ctx.vars = nullptr;
    ctx.nodeStates = nodeStates_.data();
    ctx.state = state_.data();
    ctx.history = &histories_;
    ctx.scratch = &scratch_;
    ctx.nowMs = runClock_->nowMs();
    // A key already running (or used once, with oneTimeKeys) is skipped, as ShadowTraffic
    // ignores it; the next one is tried at once, up to one attempt per key in use.
    Value key;
    std::string bytes;
    const std::size_t attempts =
        std::min<std::size_t>(gs.liveKeys.size() + gs.usedKeys.size() + 1, 10000);
    for (std::size_t attempt = 0;; ++attempt) {
        if (f.keyNode == nullptr) {
            if (gs.nextArrayKey >= f.keys.size()) return done();
            key = f.keys[gs.nextArrayKey++];
        } else {
            if (attempt >= attempts) return false;  // none free now: retried after an event
            f.keyNode->eval(ctx, key);
        }
        if (key.isNull()) {
            error_ = fmt::format(
                "the fork key of generator \"{}\" evaluated to null; a fork key must name the "
                "fork",
                info.name);
            return false;
        }
        bytes.clear();
        encodeValue(bytes, key);
        if (!gs.liveKeys.count(bytes) && !(f.oneTimeKeys && gs.usedKeys.count(bytes))) break;
    }
    std::uint32_t slot;
    if (!gs.freeSlots.empty()) {
        slot = gs.freeSlots.back();
        gs.freeSlots.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(gs.instances.size());
        gs.instances.emplace_back();
    }
    Instance& in = gs.instances[slot];
    const std::uint32_t generation = in.generation + 1;
    in = Instance{};
    in.generation = generation;
    std::uint64_t mix = options_.seed ^ hashName(info.name);
    mix += 0x9E3779B97F4A7C15ULL * (gs.spawnedEarlier + gs.spawned + 1);
    in.rng = Rng(splitMix64(mix));
    in.due = gs.spawnerDue;
    in.alive = true;
    in.forkKey = onceArena_.deepCopy(key);
    gs.liveKeys.insert(bytes);
    if (f.oneTimeKeys) gs.usedKeys.insert(bytes);
    in.forkKeyBytes = std::move(bytes);
    ++gs.live;
    ++gs.spawned;
    pushInstance(g, slot);
    // The spawner comes back after the stagger.
    double stagger = 0;
    if (f.stagger != nullptr) stagger = nonNegative(evalNumber(f.stagger, ctx));
    gs.spawnerDue += stagger / speed_;
    gs.spawnerOrdinal = ++ordinal_;
    const bool keysUsedUp = f.keyNode == nullptr && gs.nextArrayKey >= f.keys.size();
    const bool forksUsedUp = !f.keepAlive && f.maxForks && gs.spawned >= *f.maxForks;
    if (keysUsedUp || forksUsedUp) {
        gs.spawnerDone = true;
        gs.spawnerQueued = false;
    } else {
        gs.spawnerQueued = true;
        push({gs.spawnerDue, gs.spawnerOrdinal, static_cast<std::uint32_t>(g), 0, 0,
              EntryKind::Spawner});
    }
    return true;
}

void Session::endInstance(std::size_t g, std::uint32_t slot) {
    GenState& gs = gens_[g];
    Instance& in = gs.instances[slot];
    if (!in.alive) return;
    in.alive = false;
    ++in.generation;
    if (in.repeatStored != kNone) {
        freeStored_.push_back(in.repeatStored);
        in.repeatStored = kNone;
    }
    const auto& c = program_.compiled()[g];
    if (!c.fork) {
        finishGenerator(g);
        return;
    }
    gs.liveKeys.erase(in.forkKeyBytes);
    in.forkKeyBytes.clear();
    in.previous.clear();
    in.once.clear();
    gs.freeSlots.push_back(slot);
    --gs.live;
    if (gs.spawnerDone) {
        if (gs.live == 0) finishGenerator(g);
        return;
    }
    if (!gs.spawnerQueued && !gs.finished) {
        gs.spawnerQueued = true;
        gs.spawnerDue = std::max(gs.spawnerDue, in.due);
        push({gs.spawnerDue, gs.spawnerOrdinal, static_cast<std::uint32_t>(g), 0, 0,
              EntryKind::Spawner});
    }
}

}  // namespace riverdelta::generate
