#include "engine/generate/session.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/generate/node.h"
#include "engine/generate/session_state.h"

namespace riverdelta::generate {

using session_detail::kNone;

namespace {

// Iterations without an event (every event discarded, keys that never change) after which
// next() yields Idle instead of spinning; the caller retries.
constexpr int kMaxQuietIterations = 100000;

}  // namespace

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

void Session::finishGenerator(std::size_t g) {
    GenState& gs = gens_[g];
    if (gs.finished) return;
    gs.finished = true;
    gs.paused = false;
    gs.parked.clear();
    if (program_.generators()[g].stage == stage_ && remaining_ > 0) --remaining_;
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
