#include "engine/generate/session.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <new>
#include <unordered_set>

#include "engine/generate/node.h"
#include "engine/generate/value_json_writer.h"

namespace riverdelta::generate {

namespace {

constexpr std::uint32_t kNone = UINT32_MAX;
// Iterations without an event (every event discarded, keys that never change) after which
// next() yields Idle instead of spinning; the caller retries.
constexpr int kMaxQuietIterations = 100000;

double nonNegative(double v) {
    return (v > 0 && std::isfinite(v)) ? v : 0;
}

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

struct Session::Instance {
    Rng rng;
    double due = 0;
    double startDue = 0;
    std::int64_t startNow = 0;
    double lastThrottle = 0;
    std::uint64_t iterations = 0;  // events made, discarded ones included (maxEvents)
    std::uint64_t lastOrdinal = 0;
    std::uint64_t maxEvents = UINT64_MAX;
    std::uint64_t timesLeft = 0;  // sequence-form state machine: runs left of this step
    std::uint32_t generation = 0;
    std::uint32_t step = 0;  // sequence-form state machine: current step
    std::int32_t state = 0;  // state machine: current state
    std::uint32_t repeatLeft = 0;
    std::uint32_t repeatStored = kNone;
    bool started = false;
    bool alive = false;
    Value forkKey;
    std::string forkKeyBytes;
    std::vector<Value> once;  // varsOnce slots (empty when the generator has none)
    std::string previous;     // the last event, encoded (keepPrevious)
    // A state machine whose transitions a function gave (once, at the instance's start).
    std::vector<std::int32_t> dynNext;      // map form: next state per state (-1: the end)
    std::vector<std::int32_t> dynSequence;  // array form: the states in order
};

struct Session::GenState {
    bool uncapped = false;  // setUncapped(): maxEvents does not end it
    std::vector<Instance> instances;
    std::vector<std::uint32_t> freeSlots;
    std::vector<Entry> parked;  // popped while paused
    std::uint64_t emitted = 0;
    std::size_t live = 0;
    std::uint64_t spawned = 0;         // this pass
    std::uint64_t spawnedEarlier = 0;  // earlier passes (schedule.loop)
    std::uint64_t bytes = 0;           // key + payload JSON emitted this pass (maxBytes)
    std::size_t nextArrayKey = 0;
    double spawnerDue = 0;
    std::uint64_t spawnerOrdinal = 0;
    bool spawnerDone = false;
    bool spawnerQueued = false;
    std::unordered_set<std::string> liveKeys;
    std::unordered_set<std::string> usedKeys;  // oneTimeKeys
    Rng spawnRng;
    bool paused = false;
    bool finished = false;
    bool retired = false;  // finished by the caller: stays finished in later passes
};

struct Session::Stored {
    std::size_t generator = 0;
    std::uint64_t sequence = 0;
    std::int64_t nowMs = 0;
    RowOp op = RowOp::Insert;
    std::string key, payload, where;  // encoded
    std::string entry;                // held lookup entry (lookupScope committed)
    bool entryHeld = false;
};

bool Session::Later::operator()(const Entry& a, const Entry& b) const {
    if (a.due != b.due) return a.due > b.due;
    if (a.ordinal != b.ordinal) return a.ordinal > b.ordinal;
    if (a.generator != b.generator) return a.generator > b.generator;
    return a.slot > b.slot;
}

Session::Session(const Program& program, SessionOptions options)
    : program_(program), options_(options) {
    if (!(options_.speed > 0) || !std::isfinite(options_.speed)) options_.speed = 1.0;
    runClock_ = options_.clock != nullptr ? options_.clock : &systemClock_;
    const auto& infos = program_.generators();
    const auto& compiled = program_.compiled();
    gens_.resize(infos.size());
    histories_.generators.resize(infos.size());
    for (std::size_t g = 0; g < infos.size(); ++g) {
        const auto& c = compiled[g];
        GenState& gs = gens_[g];
        if (c.fork) {
            gs.spawnRng = Rng::forStream(options_.seed, infos[g].name + "#fork");
        } else {
            gs.instances.resize(1);
            gs.instances[0].rng = Rng::forStream(options_.seed, infos[g].name);
            gs.instances[0].alive = true;
        }
        if (!c.fork && c.maxEventsLiteral && *c.maxEventsLiteral == 0) gs.finished = true;
        if (!c.recordedPaths.empty()) {
            std::size_t cap = options_.maxHistory;
            if (c.maxHistory) cap = std::min(cap, std::max<std::size_t>(*c.maxHistory, 1));
            histories_.generators[g] =
                std::make_unique<GeneratorHistory>(c.recordedPaths.size(), cap, c.uniqueTarget);
        }
    }
    state_.assign(program_.stateSlots(), 0);
    nodeStates_.resize(program_.nodeStateSlots());
    if (options_.acknowledgements && program_.runSettings().committedLookups)
        committed_.resize(infos.size());

    // globalConfigs.timeMultiplier scales the scenario's clock and, like speed, its waits.
    const auto& rs = program_.runSettings();
    double multiplier = rs.timeMultiplier;
    if (rs.timeMultiplierNode != nullptr) {
        Rng rng = Rng::forStream(options_.seed, "#timeMultiplier");
        EvalContext ctx;
        ctx.arena = &eventArena_;
        ctx.rng = &rng;
        ctx.nodeStates = nodeStates_.data();
        ctx.state = state_.data();
        ctx.history = &histories_;
        ctx.scratch = &scratch_;
        ctx.nowMs = runClock_->nowMs();
        const double m = evalNumber(rs.timeMultiplierNode, ctx);
        if (m > 0 && std::isfinite(m)) {
            multiplier = m;
        } else {
            error_ = fmt::format(
                "globalConfigs.timeMultiplier evaluated to {}; it must be a positive number",
                std::isnan(m) ? std::string("a value that is not a number") : fmt::format("{}", m));
        }
        eventArena_.reset();
    }
    if (rs.startTime || multiplier != 1.0) {
        scenarioClock_.emplace(*runClock_, rs.startTime, multiplier);
        runClock_ = &*scenarioClock_;
    }
    speed_ = options_.speed * multiplier;
}

Session::~Session() = default;

void Session::startStage(int stage) {
    stage_ = stage;
    remaining_ = 0;
    if (stage_ >= static_cast<int>(program_.stages().size())) return;
    for (std::size_t g : program_.stages()[static_cast<std::size_t>(stage_)].generators) {
        GenState& gs = gens_[g];
        if (gs.finished) continue;
        ++remaining_;
        if (program_.compiled()[g].fork) {
            gs.spawnerDue = clock_;
            gs.spawnerQueued = true;
            push({clock_, 0, static_cast<std::uint32_t>(g), 0, 0, EntryKind::Spawner});
        } else {
            gs.instances[0].due = clock_;
            pushInstance(g, 0);
        }
    }
    stageJustStarted_ = true;
}

void Session::pushInstance(std::size_t g, std::uint32_t slot) {
    const Instance& in = gens_[g].instances[slot];
    push({in.due, in.lastOrdinal, static_cast<std::uint32_t>(g), slot, in.generation,
          EntryKind::Instance});
}

bool Session::ready(const std::vector<Program::Dependency>& deps, std::size_t self) {
    for (const auto& dep : deps) {
        bool ok = false;
        for (std::uint32_t s : dep.sources) {
            if (s == self) {  // a generator's own history may be empty: the lookup gives null
                ok = true;
                break;
            }
            GeneratorHistory* h = histories_.of(s);
            if (h == nullptr) continue;
            if (dep.unique ? h->hasUnclaimed() : h->size() > 0) {
                ok = true;
                break;
            }
        }
        if (!ok) return false;
    }
    return true;
}

bool Session::canEverSatisfy(std::size_t g, std::string& why) const {
    const auto& infos = program_.generators();
    for (const auto& dep : program_.compiled()[g].dependencies) {
        bool satisfiedNow = false, couldLater = false;
        for (std::uint32_t s : dep.sources) {
            if (s == g) {
                satisfiedNow = true;
                continue;
            }
            const GeneratorHistory* h = histories_.generators[s].get();
            const bool has = h != nullptr && (dep.unique ? h->unclaimedCount() > 0 : h->size() > 0);
            satisfiedNow = satisfiedNow || has;
            couldLater = couldLater || !gens_[s].finished ||
                         (s < committed_.size() && !committed_[s].empty());
        }
        if (satisfiedNow || couldLater) continue;
        const std::string& target = infos[dep.sources[0]].name;
        if (dep.unique && gens_[dep.sources[0]].emitted > 0) {
            why = fmt::format(
                "generator \"{}\" needs an event of \"{}\" that no unique lookup "
                "has taken yet, but all {} of them are taken and \"{}\" has "
                "finished",
                infos[g].name, target, gens_[dep.sources[0]].emitted, target);
        } else {
            why = fmt::format(
                "generator \"{}\" looks up \"{}\", which has finished without "
                "emitting any event, so \"{}\" can never produce one",
                infos[g].name, target, infos[g].name);
        }
        return false;
    }
    return true;
}

void Session::unblock() {
    for (const Entry& e : blocked_)
        push(e);
    blocked_.clear();
}

Session::Status Session::next(Event& event) {
    if (!error_.empty()) return Status::Failed;
    if (stage_ < 0) startStage(0);
    const auto& stages = program_.stages();
    int quiet = 0;
    for (;;) {
        if (stage_ >= static_cast<int>(stages.size())) return Status::Finished;
        if (remaining_ == 0 && delayedPending_ == 0) {
            unblock();
            // schedule.loop: the first stage again, unless a whole pass made nothing (it
            // would spin forever without an event).
            if (stage_ + 1 >= static_cast<int>(stages.size()) && program_.runSettings().loop &&
                ordinal_ != passStartOrdinal_) {
                restartPass();
                startStage(0);
                continue;
            }
            startStage(stage_ + 1);
            continue;
        }
        if (++quiet > kMaxQuietIterations) return Status::Idle;
        if (queue_.empty()) {
            const Status s = stuck();
            if (s == Status::Event) continue;  // something finished: look again
            return s;
        }
        const Entry e = queue_.top();
        queue_.pop();
        const std::size_t g = e.generator;
        GenState& gs = gens_[g];
        const auto& c = program_.compiled()[g];
        switch (e.kind) {
            case EntryKind::Delayed:
                if (e.due > clock_) clock_ = e.due;
                emitStored(e.slot, e.due, event);
                unblock();
                return Status::Event;
            case EntryKind::Spawner: {
                if (gs.finished || gs.spawnerDone) {
                    gs.spawnerQueued = false;
                    continue;
                }
                if (gs.paused) {
                    gs.parked.push_back(e);
                    continue;
                }
                if (ready(c.fork->dependencies, g) && spawn(g)) {
                    spawnersRetried_ = false;
                } else {
                    if (!error_.empty()) return Status::Failed;
                    if (gs.spawnerQueued) blocked_.push_back(e);  // retried after an event
                }
                if (!error_.empty()) return Status::Failed;
                continue;
            }
            case EntryKind::Instance: {
                if (gs.finished || e.slot >= gs.instances.size()) continue;
                Instance& in = gs.instances[e.slot];
                if (!in.alive || in.generation != e.generation) continue;
                if (gs.paused) {
                    gs.parked.push_back(e);
                    continue;
                }
                if (!ready(c.dependencies, g)) {
                    blocked_.push_back(e);
                    continue;
                }
                const bool emitted = produce(g, e.slot, event);
                if (!error_.empty()) return Status::Failed;
                spawnersRetried_ = false;
                unblock();
                if (emitted) return Status::Event;
                continue;
            }
        }
    }
}

Session::Status Session::stuck() {
    // Nothing is queued: every live instance is paused, or waits for a lookup, or a spawner
    // waits for a fork key it has not used.
    const auto& infos = program_.generators();
    auto feedsFromPaused = [&](const std::vector<Program::Dependency>& deps) {
        for (const auto& dep : deps) {
            for (std::uint32_t s : dep.sources)
                if (gens_[s].paused) return true;
        }
        return false;
    };
    bool progressed = false;
    std::vector<Entry> keep;
    if (!spawnersRetried_) {
        // A fork may have ended since a spawner last found no free key: try once more.
        for (const Entry& e : blocked_) {
            if (e.kind == EntryKind::Spawner) {
                push(e);
                progressed = true;
            } else {
                keep.push_back(e);
            }
        }
        blocked_ = std::move(keep);
        keep.clear();
        spawnersRetried_ = true;
        if (progressed) return Status::Event;
    }
    for (const Entry& e : blocked_) {
        GenState& gs = gens_[e.generator];
        if (e.kind != EntryKind::Spawner) {
            keep.push_back(e);
            continue;
        }
        if (gs.finished || gs.spawnerDone) continue;
        if (feedsFromPaused(program_.compiled()[e.generator].fork->dependencies)) {
            keep.push_back(e);
            continue;
        }
        // No running generator can give it a new key: it spawns no more forks.
        gs.spawnerDone = true;
        gs.spawnerQueued = false;
        if (gs.live == 0) finishGenerator(e.generator);
        progressed = true;
    }
    blocked_ = std::move(keep);
    if (progressed) return Status::Event;
    if (blocked_.empty()) return Status::Idle;  // paused generators hold the rest
    bool waitsOnPaused = false;
    std::string names;
    std::vector<bool> named(infos.size(), false);
    for (const Entry& e : blocked_) {
        const std::size_t g = e.generator;
        if (e.kind == EntryKind::Spawner) {
            waitsOnPaused = true;
            continue;
        }
        std::string why;
        if (!canEverSatisfy(g, why)) {
            error_ = why;
            return Status::Failed;
        }
        waitsOnPaused = waitsOnPaused || feedsFromPaused(program_.compiled()[g].dependencies);
        if (named[g]) continue;
        named[g] = true;
        if (!names.empty()) names += ", ";
        names += '"' + infos[g].name + '"';
    }
    if (waitsOnPaused || awaitsAcknowledgement()) return Status::Idle;
    error_ = fmt::format(
        "generators {} wait on each other's lookups and none has emitted an "
        "event yet",
        names);
    return Status::Failed;
}

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
    if (f.keyNode == nullptr && gs.nextArrayKey >= f.keys.size()) {
        gs.spawnerDone = true;
        gs.spawnerQueued = false;
    } else if (!f.keepAlive && f.maxForks && gs.spawned >= *f.maxForks) {
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

void Session::finishGenerator(std::size_t g) {
    GenState& gs = gens_[g];
    if (gs.finished) return;
    gs.finished = true;
    gs.paused = false;
    gs.parked.clear();
    if (program_.generators()[g].stage == stage_ && remaining_ > 0) --remaining_;
}

Value Session::wholeEvent(std::size_t g, const Value& key, const Value& payload) {
    const auto& info = program_.generators()[g];
    const Value target = Value::ofString(info.target);
    if (info.kind == TargetKind::Topic) {
        Member* ms = eventArena_.members(3);
        new (&ms[0]) Member{"topic", target};
        new (&ms[1]) Member{"key", key};
        new (&ms[2]) Member{"value", payload};
        return Value::ofObject(ms, 3);
    }
    Member* ms = eventArena_.members(2);
    new (&ms[0]) Member{"table", target};
    new (&ms[1]) Member{"row", payload};
    return Value::ofObject(ms, 2);
}

void Session::record(std::size_t g, const Value& key, const Value& payload, const Value* vars) {
    GeneratorHistory* h = histories_.of(g);
    if (h == nullptr) return;
    const auto& c = program_.compiled()[g];
    pathValues_.resize(c.recordedPaths.size());
    Value whole, varsObject;
    bool haveWhole = false, haveVars = false;
    for (std::size_t i = 0; i < c.recordedPaths.size(); ++i) {
        const auto& rp = c.recordedPaths[i];
        const Value* root = &payload;
        switch (rp.root) {
            case Program::RecordRoot::Key:
                root = &key;
                break;
            case Program::RecordRoot::Payload:
                break;
            case Program::RecordRoot::Whole:
                if (!haveWhole) whole = wholeEvent(g, key, payload);
                haveWhole = true;
                root = &whole;
                break;
            case Program::RecordRoot::Vars:
                if (!haveVars && vars != nullptr) {
                    const std::size_t n = c.varsOnce.size() + c.vars.size();
                    Member* ms = eventArena_.members(n);
                    std::size_t k = 0;
                    for (const auto* list : {&c.varsOnce, &c.vars}) {
                        for (const auto& d : *list)
                            new (&ms[k++]) Member{d.name, vars[d.slot]};
                    }
                    varsObject = Value::ofObject(ms, static_cast<std::uint32_t>(n));
                }
                haveVars = true;
                root = &varsObject;
                break;
        }
        pathValues_[i] = navigate(*root, rp.path);
    }
    if (!committed_.empty()) {  // held until the sink acknowledges the event (see fill)
        GeneratorHistory::encodeEntry(entry_, pathValues_.data(), pathValues_.size());
        entryHeld_ = true;
        return;
    }
    h->record(pathValues_.data());
}

void Session::fill(Event& ev, std::size_t g, std::uint64_t sequence, double due, std::int64_t nowMs,
                   const Value& key, const Value& payload, RowOp op, const Value& where) {
    out_.clear();
    ValueJsonWriter writer(out_);
    writer.value(key);
    const std::size_t keyEnd = out_.size();
    writer.value(payload);
    ev.generator = g;
    ev.stage = stage_;
    ev.sequence = sequence;
    ev.dueMs = due;
    ev.nowMs = nowMs;
    ev.firstOfStage = stageJustStarted_;
    stageJustStarted_ = false;
    ev.key = key;
    ev.payload = payload;
    ev.op = op;
    ev.where = where;
    ev.keyJson = std::string_view(out_.data(), keyEnd);
    ev.payloadJson = std::string_view(out_.data() + keyEnd, out_.size() - keyEnd);
    gens_[g].bytes += (key.isNull() ? 0 : keyEnd) + (out_.size() - keyEnd);
    if (!committed_.empty() && histories_.generators[g]) {
        if (entryHeld_) {
            committed_[g].hold(std::move(entry_));
            entry_.clear();
        } else {
            committed_[g].skip();
        }
    }
    entryHeld_ = false;
}

std::uint32_t Session::store(std::size_t g, std::uint64_t sequence, std::int64_t nowMs,
                             const Value& key, const Value& payload, RowOp op, const Value& where) {
    std::uint32_t index;
    if (!freeStored_.empty()) {
        index = freeStored_.back();
        freeStored_.pop_back();
    } else {
        index = static_cast<std::uint32_t>(stored_.size());
        stored_.emplace_back();
    }
    Stored& s = stored_[index];
    s.generator = g;
    s.sequence = sequence;
    s.nowMs = nowMs;
    s.op = op;
    s.key.clear();
    s.payload.clear();
    s.where.clear();
    encodeValue(s.key, key);
    encodeValue(s.payload, payload);
    encodeValue(s.where, where);
    s.entryHeld = false;
    return index;
}

void Session::emitStored(std::uint32_t index, double due, Event& ev) {
    eventArena_.reset();
    const Stored& s = stored_[index];
    const char* p = s.key.data();
    const Value key = decodeValue(p, eventArena_);
    p = s.payload.data();
    const Value payload = decodeValue(p, eventArena_);
    p = s.where.data();
    const Value where = decodeValue(p, eventArena_);
    entryHeld_ = s.entryHeld;
    if (entryHeld_) entry_.swap(stored_[index].entry);
    fill(ev, s.generator, s.sequence, due, s.nowMs, key, payload, s.op, where);
    freeStored_.push_back(index);
    if (delayedPending_ > 0) --delayedPending_;
    if (reachedMaxBytes(s.generator)) finishGenerator(s.generator);
}

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
        const char* p = s.key.data();
        const Value key = decodeValue(p, eventArena_);
        p = s.payload.data();
        const Value payload = decodeValue(p, eventArena_);
        p = s.where.data();
        const Value where = decodeValue(p, eventArena_);
        fill(ev, g, gs.emitted, in.due, ctx.nowMs, key, payload, s.op, where);
        record(g, key, payload, nullptr);
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

void Session::setUncapped(std::size_t g, bool uncapped) {
    if (g < gens_.size()) gens_[g].uncapped = uncapped;
}

void Session::pause(std::size_t g) {
    if (g < gens_.size() && !gens_[g].finished) gens_[g].paused = true;
}

void Session::resume(std::size_t g) {
    if (g >= gens_.size() || !gens_[g].paused) return;
    GenState& gs = gens_[g];
    gs.paused = false;
    for (Entry e : gs.parked) {
        if (e.kind == EntryKind::Instance) {
            if (e.slot >= gs.instances.size()) continue;
            Instance& in = gs.instances[e.slot];
            if (!in.alive || in.generation != e.generation) continue;
            in.due = std::max(in.due, clock_);
            e.due = in.due;
        } else if (e.kind == EntryKind::Spawner) {
            gs.spawnerDue = std::max(gs.spawnerDue, clock_);
            e.due = gs.spawnerDue;
        }
        push(e);
    }
    gs.parked.clear();
}

void Session::finish(std::size_t g) {
    if (g >= gens_.size()) return;
    gens_[g].retired = true;
    finishGenerator(g);
}

bool Session::reachedMaxBytes(std::size_t g) const {
    const auto& limit = program_.compiled()[g].maxBytes;
    return limit && gens_[g].bytes >= *limit;
}

std::uint64_t Session::bytesEmitted(std::size_t g) const {
    return gens_.at(g).bytes;
}

void Session::acknowledge(std::size_t g, std::uint64_t resolved, std::uint64_t failed,
                          bool inOrder) {
    if (g >= committed_.size() || committed_[g].empty()) return;
    GeneratorHistory* h = histories_.of(g);
    if (h == nullptr) return;
    if (committed_[g].release(resolved, failed, inOrder, *h) > 0) unblock();
}

bool Session::awaitsAcknowledgement() const {
    for (const auto& c : committed_)
        if (!c.empty()) return true;
    return false;
}

void Session::restartPass() {
    ++passes_;
    passStartOrdinal_ = ordinal_;
    queue_ = {};  // stale entries of the finished pass (delayed events are all out by now)
    blocked_.clear();
    for (std::size_t g = 0; g < gens_.size(); ++g) {
        GenState& gs = gens_[g];
        const auto& c = program_.compiled()[g];
        if (gs.retired || program_.generators()[g].stage < 0) continue;
        gs.finished = !c.fork && c.maxEventsLiteral && *c.maxEventsLiteral == 0;
        gs.bytes = 0;
        if (c.fork) {
            gs.spawnedEarlier += gs.spawned;
            gs.spawned = 0;
            gs.nextArrayKey = 0;
            gs.spawnerDone = false;
            gs.spawnerQueued = false;
            gs.liveKeys.clear();
            gs.usedKeys.clear();
            continue;
        }
        // A new run of the generator: its rng stream and varsOnce go on, the rest restarts.
        Instance& in = gs.instances[0];
        if (in.repeatStored != kNone) freeStored_.push_back(in.repeatStored);
        Instance fresh;
        fresh.rng = in.rng;
        fresh.once = std::move(in.once);
        fresh.generation = in.generation + 1;
        fresh.alive = true;
        in = std::move(fresh);
    }
}

GeneratorStatus Session::status(std::size_t g) const {
    const GenState& st = gens_.at(g);
    if (st.finished) return GeneratorStatus::Finished;
    if (st.paused) return GeneratorStatus::Paused;
    const int s = program_.generators()[g].stage;
    if (s >= 0 && s == stage_) return GeneratorStatus::Running;
    if (s >= 0 && s < stage_) return GeneratorStatus::Finished;
    return GeneratorStatus::Waiting;
}

std::uint64_t Session::emitted(std::size_t g) const {
    return gens_.at(g).emitted;
}

std::size_t Session::liveForks(std::size_t g) const {
    return gens_.at(g).live;
}

std::uint64_t Session::forksSpawned(std::size_t g) const {
    return gens_.at(g).spawnedEarlier + gens_.at(g).spawned;
}

bool Session::stageFinished(int stage) const {
    if (stage < 0 || stage >= static_cast<int>(program_.stages().size())) return false;
    if (stage < stage_) return true;
    for (std::size_t g : program_.stages()[static_cast<std::size_t>(stage)].generators) {
        if (!gens_[g].finished) return false;
    }
    return stage != stage_ || delayedPending_ == 0;
}

const GeneratorHistory* Session::history(std::size_t g) const {
    return g < histories_.generators.size() ? histories_.generators[g].get() : nullptr;
}

}  // namespace riverdelta::generate
