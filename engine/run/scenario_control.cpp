#include "engine/run/scenario_control.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "engine/core/log.h"
#include "engine/generate/compiler.h"
#include "engine/generate/program.h"
#include "engine/run/run_capture.h"
#include "engine/run/scenario_run.h"
#include "engine/scenario/builtin_scenarios.h"

namespace riverdelta::run {

namespace {

constexpr const char* kCapturePrefix = "riverhotel";

std::string displayName(const std::string& file) {
    std::string name = std::filesystem::path(file).filename().string();
    if (const auto dot = name.rfind('.'); dot != std::string::npos && dot > 0) name.resize(dot);
    return name.empty() ? file : name;
}

}  // namespace

std::string stageLabel(const generate::Program& program, std::size_t index) {
    const auto& stages = program.stages();
    if (index >= stages.size()) return fmt::format("Stage {}", index + 1);
    bool allTables = true, onlyChanges = true, allBoundedTopics = true, streaming = false;
    for (std::size_t g : stages[index].generators) {
        const auto& info = program.generators()[g];
        const bool table = info.kind == generate::TargetKind::Table;
        const bool throttled = program.compiled()[g].throttle != nullptr;
        allTables = allTables && table;
        // A stage that only updates or deletes rows the seed wrote.
        onlyChanges = onlyChanges && info.changesRowsOnly();
        allBoundedTopics = allBoundedTopics && !table && info.maxEvents && !throttled;
        streaming = streaming || (!table && (!info.maxEvents || throttled));
    }
    if (stages[index].generators.empty()) return fmt::format("Stage {}", index + 1);
    if (onlyChanges) return "Updates";
    if (allTables) return "Seed";
    if (allBoundedTopics) return "Historical";
    if (streaming) return "Streaming";
    return fmt::format("Stage {}", index + 1);
}

ScenarioControl::ScenarioControl(core::Log* log, RunStartingHook runStarting)
    : log_(log), runStarting_(std::move(runStarting)) {}

ScenarioControl::~ScenarioControl() {
    endRun();
}

void ScenarioControl::log(int level, const std::string& message) const {
    if (log_) log_->write(static_cast<core::LogLevel>(level), "scenario", message);
}

bool ScenarioControl::load(const ScenarioSource& source) {
    std::string path = source.config;
    if (path.empty()) {
        path = scenario::builtinScenarioPath();
    } else if (path.rfind("builtin:", 0) == 0 && path.find('/') == std::string::npos) {
        path = scenario::builtinScenarioPath(path.substr(8));
    }
    scenario::Diagnostics diagnostics;
    std::unique_ptr<generate::Program> program;
    try {
        program = generate::loadProgram(path, source.mounts, diagnostics);
    } catch (const std::exception& e) {
        diagnostics.add(path, "", e.what());
    }
    if (!program || !diagnostics.empty()) {
        if (diagnostics.empty()) diagnostics.add(path, "", "invalid scenario");
        {
            std::lock_guard lock(mutex_);
            loaded_.problems = diagnostics.items();
        }
        log(static_cast<int>(core::LogLevel::Error),
            fmt::format("{} has {} problem{}; nothing was started", path, diagnostics.size(),
                        diagnostics.size() == 1 ? "" : "s"));
        return false;
    }

    ScenarioStatus next;
    next.loaded = true;
    next.name = displayName(path);
    next.file = path;
    next.seed = source.seed;
    for (std::size_t i = 0; i < program->stages().size(); ++i)
        next.stages.push_back(stageLabel(*program, i));
    next.generators.resize(program->generators().size());
    for (std::size_t i = 0; i < next.generators.size(); ++i) {
        const auto& info = program->generators()[i];
        GeneratorStatus& g = next.generators[i];
        g.name = info.name;
        g.stage = info.stage;
        g.target = info.target;
        g.table = info.kind == generate::TargetKind::Table;
        g.maxEvents = info.maxEvents;
    }

    std::vector<CaptureStatus> outline;
    if (const auto tables = RunCapture::tablesOf(*program); !tables.empty()) {
        CaptureStatus c;
        c.tables = tables;
        for (const auto& t : tables)
            c.topics.push_back(std::string(kCapturePrefix) + "." + t);
        c.wanted = false;
        outline.push_back(std::move(c));
    }

    endRun();  // flushes what is in flight
    std::unique_ptr<generate::Program> oldProgram;
    {
        std::lock_guard lock(mutex_);
        oldProgram = std::move(program_);
        program_ = std::move(program);
        loaded_ = std::move(next);
        started_.assign(loaded_.generators.size(), false);
        everStarted_.assign(loaded_.generators.size(), false);
        streaming_.assign(loaded_.generators.size(), false);
        for (std::size_t g = 0; g < loaded_.generators.size(); ++g) {
            const int stage = loaded_.generators[g].stage;
            streaming_[g] = stage >= 0 && static_cast<std::size_t>(stage) < loaded_.stages.size() &&
                            loaded_.stages[static_cast<std::size_t>(stage)] == "Streaming";
        }
        captureOutline_ = std::move(outline);
    }
    captureWanted_ = false;
    log(static_cast<int>(core::LogLevel::Info),
        fmt::format("scenario {} loaded: {} generators in {} stages", path,
                    loaded_.generators.size(), loaded_.stages.size()));
    return true;
}

bool ScenarioControl::ensureRun(const TargetOverrides& targets) {
    if (run_ && run_->status().state == RunState::Failed) {
        log(static_cast<int>(core::LogLevel::Warning),
            "the previous run failed; starting a new run (sequences begin again)");
        std::unique_ptr<ScenarioRun> failed;
        std::shared_ptr<RunCapture> capture;
        {
            std::lock_guard lock(mutex_);
            failed = std::move(run_);
            capture = std::move(capture_);
            std::fill(everStarted_.begin(), everStarted_.end(), false);
        }
    }
    if (run_) return true;
    // The console writes to the current connection only, never to the scenario's own hosts.
    for (const auto& info : program_->generators()) {
        if (info.stage < 0) continue;
        const bool table = info.kind == generate::TargetKind::Table;
        if (table ? !targets.postgres : !targets.kafka) {
            log(static_cast<int>(core::LogLevel::Error),
                fmt::format("cannot start: {} is not connected (needed by {})",
                            table ? "PostgreSQL" : "Kafka", info.name));
            return false;
        }
    }
    RunTargets resolved;
    try {
        resolved = resolveTargets(*program_, targets);
    } catch (const std::exception& e) {
        log(static_cast<int>(core::LogLevel::Error), std::string("cannot start: ") + e.what());
        return false;
    }
    for (const auto& w : resolved.warnings)
        log(static_cast<int>(core::LogLevel::Warning), w);
    RunOptions options;
    options.seed = loaded_.seed;
    options.speed = speed_;
    options.log = log_;
    options.yieldToInteractive = true;  // the console's UI thread shares the machine
    // Whoever records the run (the run report) reads the topics' watermarks before its first
    // event.
    RunBeginning beginning;
    beginning.scenarioName = loaded_.name;
    beginning.scenarioFile = loaded_.file;
    beginning.seed = loaded_.seed;
    beginning.speed = speed_;
    beginning.kafkaSandbox = targets.kafka && targets.kafka->embedded;
    beginning.postgresSandbox = targets.postgres && targets.postgres->sandbox;
    try {
        if (runStarting_) runStarting_(*program_, resolved, beginning);
    } catch (const std::exception& e) {
        log(static_cast<int>(core::LogLevel::Error), std::string("cannot start: ") + e.what());
        return false;
    }
    // Change data capture of the tables the run writes, into its Kafka.
    std::shared_ptr<RunCapture> capture;
    if (!captureOutline_.empty()) {
        capture = std::make_shared<RunCapture>(
            *program_, resolved,
            RunCapture::Options{kCapturePrefix, targets.kafka && targets.kafka->embedded, log_});
        if (!captureWanted_) capture->stop();
        options.changesMayStart = [weak = std::weak_ptr<RunCapture>(capture)] {
            const auto c = weak.lock();
            return !c || c->readyForChanges();
        };
    }
    auto run = std::make_unique<ScenarioRun>(*program_, std::move(resolved), options);
    std::vector<bool> started;
    {
        std::lock_guard lock(mutex_);
        started = started_;
    }
    for (std::size_t g = 0; g < started.size(); ++g)
        if (!started[g]) run->pause(g);  // applied before the first event
    {
        std::lock_guard lock(mutex_);
        if (continuous_)
            for (std::size_t g = 0; g < streaming_.size(); ++g)
                if (streaming_[g]) run->setUncapped(g, true);
    }
    run->start();
    std::lock_guard lock(mutex_);
    run_ = std::move(run);
    capture_ = std::move(capture);
    return true;
}

bool ScenarioControl::startAll(const TargetOverrides& targets) {
    if (!program_) {
        log(static_cast<int>(core::LogLevel::Error), "no scenario is loaded");
        return false;
    }
    const bool existed = run_ && run_->status().state != RunState::Failed;
    {
        std::lock_guard lock(mutex_);
        std::fill(started_.begin(), started_.end(), true);
        std::fill(everStarted_.begin(), everStarted_.end(), true);
    }
    captureWanted_ = true;
    if (!ensureRun(targets)) {
        std::lock_guard lock(mutex_);
        std::fill(started_.begin(), started_.end(), false);
        captureWanted_ = false;
        return false;
    }
    if (existed)
        for (std::size_t g = 0; g < started_.size(); ++g)
            run_->resume(g);
    if (capture_) capture_->resume();
    return true;
}

bool ScenarioControl::start(const std::string& generator, const TargetOverrides& targets) {
    if (!program_) {
        log(static_cast<int>(core::LogLevel::Error), "no scenario is loaded");
        return false;
    }
    const auto g = program_->findGenerator(generator);
    if (!g) {
        log(static_cast<int>(core::LogLevel::Error), "no generator named " + generator);
        return false;
    }
    const bool existed = run_ && run_->status().state != RunState::Failed;
    {
        std::lock_guard lock(mutex_);
        started_[*g] = true;
    }
    if (!ensureRun(targets)) {
        std::lock_guard lock(mutex_);
        started_[*g] = false;
        return false;
    }
    {
        std::lock_guard lock(mutex_);
        everStarted_[*g] = true;
    }
    if (existed) run_->resume(*g);
    return true;
}

bool ScenarioControl::startCapture(const TargetOverrides& targets) {
    if (!program_) {
        log(static_cast<int>(core::LogLevel::Error), "no scenario is loaded");
        return false;
    }
    if (captureOutline_.empty()) {
        log(static_cast<int>(core::LogLevel::Error),
            "the scenario writes no PostgreSQL tables: there is nothing to capture");
        return false;
    }
    captureWanted_ = true;
    if (!ensureRun(targets)) {
        captureWanted_ = false;
        return false;
    }
    if (capture_) capture_->resume();
    return true;
}

void ScenarioControl::stopCapture() {
    captureWanted_ = false;
    if (capture_) capture_->stop();  // flushes Kafka; the slot keeps the position
}

void ScenarioControl::poll() {
    if (capture_) capture_->poll();
}

void ScenarioControl::stopAll() {
    {
        std::lock_guard lock(mutex_);
        std::fill(started_.begin(), started_.end(), false);
        if (run_)
            for (std::size_t g = 0; g < started_.size(); ++g)
                run_->pause(g);
    }
    stopCapture();
}

void ScenarioControl::stop(const std::string& generator) {
    std::lock_guard lock(mutex_);
    if (!program_) return;
    const auto g = program_->findGenerator(generator);
    if (!g) return;
    started_[*g] = false;
    if (run_) run_->pause(*g);
}

void ScenarioControl::setSpeed(double speed) {
    if (!(speed > 0) || !std::isfinite(speed)) return;
    speed = std::clamp(speed, 0.01, 1e6);
    std::lock_guard lock(mutex_);
    speed_ = speed;
    if (run_) run_->setSpeed(speed);
}

void ScenarioControl::setContinuous(bool continuous) {
    std::lock_guard lock(mutex_);
    if (continuous_ == continuous) return;
    continuous_ = continuous;
    if (run_)
        for (std::size_t g = 0; g < streaming_.size(); ++g)
            if (streaming_[g]) run_->setUncapped(g, continuous);
    log(static_cast<int>(core::LogLevel::Info),
        continuous ? "streaming is continuous: the streams run until stopped"
                   : "streaming stops at each stream's maxEvents again");
}

void ScenarioControl::endRun() {
    std::unique_ptr<ScenarioRun> run;
    std::shared_ptr<RunCapture> capture;
    {
        std::lock_guard lock(mutex_);
        run = std::move(run_);
        capture = std::move(capture_);
        std::fill(started_.begin(), started_.end(), false);
        std::fill(everStarted_.begin(), everStarted_.end(), false);
    }
    captureWanted_ = false;
    // Outside the lock so status() never waits: the run delivers what is in flight, then the
    // capture stops (it may still take the run's last rows).
    run.reset();
    capture.reset();
}

ScenarioStatus ScenarioControl::status() const {
    std::shared_ptr<RunCapture> capture;
    std::unique_lock lock(mutex_);
    ScenarioStatus s = loaded_;
    s.speed = speed_;
    s.continuous = continuous_;
    s.captures = captureOutline_;
    capture = capture_;
    std::optional<RunStatus> run;
    if (run_) run = run_->status();
    if (run) {
        s.runExists = true;
        s.runState = run->state;
        s.runError = run->error;
        s.currentStage = run->stage;
    }
    auto stageName = [&](int stage) {
        return stage >= 0 && stage < static_cast<int>(s.stages.size())
                   ? s.stages[static_cast<std::size_t>(stage)]
                   : fmt::format("stage {}", stage + 1);
    };
    std::map<std::string, TopicCounters> topics;
    // Per stage: every generator of it and of the stages before it is done (or failed), so
    // a generator of the next stage waits for nothing earlier.
    std::vector<bool> doneThrough(s.stages.size(), false);
    if (run) {
        bool allDone = true;
        for (std::size_t stage = 0; stage < s.stages.size(); ++stage) {
            for (std::size_t g = 0; g < run->streams.size(); ++g)
                if (run->streams[g].stage == static_cast<int>(stage) &&
                    run->streams[g].state != StreamState::Done &&
                    run->streams[g].state != StreamState::Failed)
                    allDone = false;
            doneThrough[stage] = allDone;
        }
    }
    for (std::size_t g = 0; g < s.generators.size(); ++g) {
        auto& gs = s.generators[g];
        gs.started = started_[g];
        gs.uncapped = continuous_ && streaming_[g];
        if (gs.uncapped) gs.maxEvents.reset();  // runs until stopped: no end to show
        if (run && g < run->streams.size()) {
            const auto& p = run->streams[g];
            gs.generated = p.generated;
            gs.acknowledged = p.acknowledged;
            gs.failed = p.failed;
            gs.bytes = p.bytes;
            gs.ratePerSecond = p.ratePerSecond;
            gs.unmatched = p.unmatched;
            gs.state = p.state;
        }
        if (gs.state == StreamState::Done && gs.acknowledged + gs.failed < gs.generated) {
            // Generated everything; done once the sink has confirmed it all.
            gs.state = StreamState::Running;
            gs.reason = "delivering";
        }
        if (gs.stage < 0) {
            gs.state = StreamState::Waiting;
            gs.reason = "not in the schedule";
        } else if (gs.state == StreamState::Done) {
            gs.ratePerSecond = 0;
        } else if (run && g < run->streams.size() && !run->streams[g].problem.empty()) {
            gs.state = StreamState::Failed;
            gs.reason = run->streams[g].problem;
        } else if (run && run->state == RunState::Failed) {
            gs.state = StreamState::Failed;
            gs.reason = run->error;
        } else if (!started_[g]) {
            // Stopped: "stopping" until the run's thread has taken the pause (it may still send
            // the event in hand) and the sink confirmed what was made, so "stopped" comes with
            // counts that no longer move.
            const bool halted = !run || g >= run->streams.size() ||
                                (run->streams[g].state != StreamState::Running &&
                                 gs.acknowledged + gs.failed >= gs.generated);
            gs.state = everStarted_[g] ? StreamState::Paused : StreamState::Waiting;
            gs.reason = !everStarted_[g] ? "not started" : halted ? "stopped" : "stopping";
            gs.ratePerSecond = 0;  // a stopped stream makes nothing, whatever it made before
        } else if (gs.state == StreamState::Waiting || gs.state == StreamState::Paused) {
            // Started by the user, held back by the stage barrier: name the earliest stage
            // not done yet, never one that is.
            gs.state = StreamState::Waiting;
            gs.ratePerSecond = 0;
            int awaited = -1;
            for (int stage = 0; stage < gs.stage; ++stage)
                if (!doneThrough[static_cast<std::size_t>(stage)]) {
                    awaited = stage;
                    break;
                }
            if (run && run->state == RunState::Starting)
                gs.reason = "connecting";
            else if (awaited >= 0)
                gs.reason = "starts after " + stageName(awaited);
            else if (run && run->awaitingCapture)
                gs.reason = "waiting for change data capture";
            else
                gs.reason = "starting";
        }
        if (!gs.table) {
            auto& t = topics[gs.target];
            t.topic = gs.target;
            t.messages += gs.acknowledged;
            t.bytes += gs.bytes;
        }
    }
    for (auto& [name, t] : topics)
        s.topics.push_back(std::move(t));
    if (run) {
        // The stage in progress: the first with a generator not done (a stage whose generators
        // are all paused has begun for ScenarioRun only once one of them emits).
        int current = static_cast<int>(s.stages.size());
        for (const auto& g : s.generators)
            if (g.stage >= 0 && g.state != StreamState::Done) current = std::min(current, g.stage);
        s.currentStage = std::max(s.currentStage, current);
    }
    lock.unlock();
    if (capture) s.captures = capture->status();
    return s;
}

std::optional<RunSample> ScenarioControl::sampleRun() const {
    std::shared_ptr<RunCapture> capture;
    RunSample sample;
    {
        std::lock_guard lock(mutex_);
        if (!run_) return std::nullopt;
        sample.run = run_->status();
        sample.speed = speed_;
        capture = capture_;
    }
    if (capture) {
        sample.captureStarted = capture->started();
        sample.captures = capture->status();
    }
    return sample;
}

}  // namespace riverdelta::run
