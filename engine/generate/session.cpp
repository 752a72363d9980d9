#include "engine/generate/session.h"

#include <fmt/format.h>

#include <cmath>

#include "engine/generate/json_writer.h"
#include "engine/generate/node.h"

namespace riverdelta::generate {

struct Session::GenState {
    Rng rng;
    double due = 0;
    std::uint64_t emitted = 0;
    std::uint64_t lastOrdinal = 0;
    bool paused = false;
    bool finished = false;
    bool onceDone = false;
    std::vector<Value> vars;
};

Session::Session(const Program& program, SessionOptions options)
    : program_(program), options_(options) {
    if (!(options_.speed > 0) || !std::isfinite(options_.speed)) options_.speed = 1.0;
    runClock_ = options_.clock != nullptr ? options_.clock : &systemClock_;
    const auto& infos = program_.generators();
    const auto& compiled = program_.compiled();
    gens_.resize(infos.size());
    histories_.generators.resize(infos.size());
    for (std::size_t g = 0; g < infos.size(); ++g) {
        gens_[g].rng = Rng::forStream(options_.seed, infos[g].name);
        gens_[g].vars.resize(compiled[g].slotCount);
        if (infos[g].maxEvents && *infos[g].maxEvents == 0) gens_[g].finished = true;
        if (!compiled[g].recordedPaths.empty()) {
            histories_.generators[g] = std::make_unique<GeneratorHistory>(
                compiled[g].recordedPaths.size(), options_.maxHistory, compiled[g].uniqueTarget);
        }
    }
    state_.assign(program_.stateSlots(), 0);
    nodeStates_.resize(program_.nodeStateSlots());
}

Session::~Session() = default;

void Session::startStage(int stage) {
    stage_ = stage;
    if (stage_ >= static_cast<int>(program_.stages().size())) return;
    for (std::size_t g : program_.stages()[static_cast<std::size_t>(stage_)].generators) {
        gens_[g].due = clock_;
    }
    stageJustStarted_ = true;
}

bool Session::ready(std::size_t g) {
    for (const auto& dep : program_.compiled()[g].dependencies) {
        bool ok = false;
        for (std::uint32_t s : dep.sources) {
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
            const GeneratorHistory* h = histories_.generators[s].get();
            const bool has = h != nullptr && (dep.unique ? h->unclaimedCount() > 0 : h->size() > 0);
            satisfiedNow = satisfiedNow || has;
            couldLater = couldLater || !gens_[s].finished;
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

Session::Status Session::next(Event& event) {
    if (!error_.empty()) return Status::Failed;
    if (stage_ < 0) startStage(0);
    const auto& stages = program_.stages();
    for (;;) {
        if (stage_ >= static_cast<int>(stages.size())) return Status::Finished;
        const auto& list = stages[static_cast<std::size_t>(stage_)].generators;
        bool allFinished = true;
        for (std::size_t g : list)
            allFinished = allFinished && gens_[g].finished;
        if (allFinished) {
            startStage(stage_ + 1);
            continue;
        }
        std::size_t best = SIZE_MAX;
        bool anyRunnable = false;
        for (std::size_t g : list) {
            const GenState& st = gens_[g];
            if (st.finished || st.paused) continue;
            anyRunnable = true;
            if (!ready(g)) continue;
            if (best == SIZE_MAX || st.due < gens_[best].due ||
                (st.due == gens_[best].due && st.lastOrdinal < gens_[best].lastOrdinal)) {
                best = g;
            }
        }
        if (best != SIZE_MAX) {
            produce(best, event);
            return Status::Event;
        }
        if (!anyRunnable) return Status::Idle;
        // Every runnable generator waits for a lookup.
        bool waitsOnPaused = false;
        std::string names;
        for (std::size_t g : list) {
            if (gens_[g].finished || gens_[g].paused) continue;
            std::string why;
            if (!canEverSatisfy(g, why)) {
                error_ = why;
                return Status::Failed;
            }
            for (const auto& dep : program_.compiled()[g].dependencies) {
                for (std::uint32_t s : dep.sources)
                    waitsOnPaused = waitsOnPaused || gens_[s].paused;
            }
            if (!names.empty()) names += ", ";
            names += '"' + program_.generators()[g].name + '"';
        }
        if (waitsOnPaused) return Status::Idle;
        error_ = fmt::format(
            "generators {} wait on each other's lookups and none has emitted an "
            "event yet",
            names);
        return Status::Failed;
    }
}

void Session::produce(std::size_t g, Event& ev) {
    GenState& st = gens_[g];
    const auto& c = program_.compiled()[g];
    eventArena_.reset();
    out_.clear();
    EvalContext ctx;
    ctx.arena = &eventArena_;
    ctx.rng = &st.rng;
    ctx.vars = st.vars.data();
    ctx.varSlots = st.vars.data();
    ctx.nodeStates = nodeStates_.data();
    ctx.state = state_.data();
    ctx.history = &histories_;
    ctx.scratch = &scratch_;
    ctx.nowMs = runClock_->nowMs();
    if (!st.onceDone) {
        ctx.arena = &onceArena_;
        for (const auto& v : c.varsOnce)
            v.node->eval(ctx, st.vars[v.slot]);
        ctx.arena = &eventArena_;
        st.onceDone = true;
    }
    for (const auto& v : c.vars)
        v.node->eval(ctx, st.vars[v.slot]);
    Value key, payload;
    if (c.key != nullptr) c.key->eval(ctx, key);
    if (c.payload != nullptr) c.payload->eval(ctx, payload);

    JsonWriter writer(out_);
    writer.value(key);
    const std::size_t keyEnd = out_.size();
    writer.value(payload);

    if (GeneratorHistory* h = histories_.of(g)) {
        pathValues_.resize(c.recordedPaths.size());
        for (std::size_t i = 0; i < c.recordedPaths.size(); ++i) {
            const Path& path = c.recordedPaths[i];
            const Value& root = path[0].key == "key" ? key : payload;
            pathValues_[i] = navigate(root, path, 1);
        }
        h->record(pathValues_.data());
    }

    ev.generator = g;
    ev.stage = stage_;
    ev.sequence = st.emitted;
    ev.dueMs = st.due;
    ev.nowMs = ctx.nowMs;
    ev.firstOfStage = stageJustStarted_;
    stageJustStarted_ = false;
    ev.key = key;
    ev.payload = payload;
    ev.keyJson = std::string_view(out_.data(), keyEnd);
    ev.payloadJson = std::string_view(out_.data() + keyEnd, out_.size() - keyEnd);

    if (st.due > clock_) clock_ = st.due;
    double throttle = 0;
    if (c.throttle != nullptr) {
        throttle = evalNumber(c.throttle, ctx);
        if (!(throttle > 0) || !std::isfinite(throttle)) throttle = 0;
    }
    st.due += throttle / options_.speed;
    ++st.emitted;
    st.lastOrdinal = ++ordinal_;
    const auto& maxEvents = program_.generators()[g].maxEvents;
    if (maxEvents && st.emitted >= *maxEvents) st.finished = true;
}

void Session::pause(std::size_t g) {
    if (g < gens_.size() && !gens_[g].finished) gens_[g].paused = true;
}

void Session::resume(std::size_t g) {
    if (g >= gens_.size() || !gens_[g].paused) return;
    gens_[g].paused = false;
    if (gens_[g].due < clock_) gens_[g].due = clock_;
}

void Session::finish(std::size_t g) {
    if (g >= gens_.size()) return;
    gens_[g].finished = true;
    gens_[g].paused = false;
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

bool Session::stageFinished(int stage) const {
    if (stage < 0 || stage >= static_cast<int>(program_.stages().size())) return false;
    for (std::size_t g : program_.stages()[static_cast<std::size_t>(stage)].generators) {
        if (!gens_[g].finished) return false;
    }
    return true;
}

const GeneratorHistory* Session::history(std::size_t g) const {
    return g < histories_.generators.size() ? histories_.generators[g].get() : nullptr;
}

}  // namespace riverdelta::generate
