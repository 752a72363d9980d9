#include "engine/run/scenario_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "engine/core/error.h"
#include "engine/core/log.h"
#include "engine/generate/program.h"
#include "engine/generate/session.h"
#include "engine/run/pacer.h"
#include "engine/run/run_progress.h"
#include "engine/run/run_sinks.h"

namespace riverdelta::run {

using Clock = std::chrono::steady_clock;

const char* toString(RunState state) {
    switch (state) {
        case RunState::Starting:
            return "starting";
        case RunState::Running:
            return "running";
        case RunState::Finished:
            return "finished";
        case RunState::Stopped:
            return "stopped";
        case RunState::Failed:
            return "failed";
    }
    return "starting";
}

const char* toString(StreamState state) {
    switch (state) {
        case StreamState::Waiting:
            return "waiting";
        case StreamState::Running:
            return "running";
        case StreamState::Paused:
            return "paused";
        case StreamState::Done:
            return "done";
        case StreamState::Failed:
            return "failed";
    }
    return "waiting";
}

// Orchestrates one run on the worker's thread: opens the sinks, generates and paces the
// events, holds each stage until the earlier ones are acknowledged, takes the owner's pause /
// resume requests between events, and publishes the status.
class ScenarioRun::Worker {
  public:
    explicit Worker(ScenarioRun& run)
        : run_(run),
          program_(run.program_),
          options_(run.options_),
          progress_(program_.generators().size()),
          sinks_(program_, run.targets_, options_, progress_.counters(), run.worker_.stopToken()),
          pacer_(options_.speed, run.speed_, run.worker_,
                 {.releaseNow = [this](std::size_t g) { return pausePending(g); },
                  .meanwhile = [this] { whileWaiting(); }}) {}

    void run() {
        try {
            sinks_.open({.resumed =
                             [this](std::size_t g, std::uint64_t rows) {
                                 run_.worker_.publish(
                                     [&](Shared& s) { s.status.streams[g].resumedAfter = rows; });
                             },
                         .notDelivered =
                             [this](std::size_t g, const std::string& reason) {
                                 run_.worker_.publish([&](Shared& s) {
                                     RunProgress::notDelivered(s.status, g, reason);
                                 });
                             }});
            generateAll();
        } catch (const core::StopRequested&) {
            try {
                sinks_.flushAll(std::chrono::seconds(60));  // in flight: delivered and counted
            } catch (const std::exception& e) {
                return finish(RunState::Failed, e.what());
            }
            finish(RunState::Stopped, {});
        } catch (const std::exception& e) {
            try {
                sinks_.flushAll(std::chrono::seconds(30));
            } catch (...) {  // the original error is the one to report
            }
            finish(RunState::Failed, e.what());
        }
    }

  private:
    void log(core::LogLevel level, const std::string& message) {
        if (options_.log) options_.log->write(level, "run", message);
    }

    void checkControl(generate::Session& session) {
        if (!run_.controlPending_.load(std::memory_order_acquire)) return;
        ScenarioRun::Control control;
        run_.worker_.publish([&](Shared& s) {
            std::swap(control, s.control);
            run_.controlPending_.store(false, std::memory_order_release);
        });
        for (auto g : control.pause)
            session.pause(g);
        for (auto g : control.resume)
            session.resume(g);
        for (auto [g, uncapped] : control.uncapped)
            session.setUncapped(g, uncapped);
        if (!control.pause.empty() || !control.resume.empty()) publish(session);
    }

    void generateAll() {
        generate::Session session(program_, {.seed = options_.seed,
                                             .speed = options_.speed,
                                             .clock = options_.clock,
                                             .acknowledgements = true});
        for (auto g : sinks_.undelivered())
            session.finish(g);  // left out of the run: its stage need not wait for it
        const auto t0 = Clock::now();
        const auto deadline =
            options_.duration ? std::optional(t0 + *options_.duration) : std::nullopt;
        run_.worker_.publish([](Shared& s) { s.status.state = RunState::Running; });
        generate::Event ev;
        // The first event publishes at once: the console shows the run moving from its start.
        session_ = &session;
        lastPublish_ = Clock::time_point{};
        pacer_.anchor(0, t0);
        bool idle = false;
        for (;;) {
            if (run_.worker_.stopRequested()) return stopNow(session, RunState::Stopped);
            if (deadline && Clock::now() >= *deadline) return stopNow(session, RunState::Stopped);
            checkControl(session);
            if (session.holdsForAcknowledgement()) sinks_.acknowledge(session);
            const auto status = session.next(ev);
            if (status == generate::Session::Status::Failed) throw Error(session.error());
            if (status == generate::Session::Status::Finished) {
                sinks_.flushAll(std::chrono::minutes(5));
                publish(session);
                return finish(RunState::Finished, {});
            }
            if (status == generate::Session::Status::Idle) {
                idle = true;
                sinks_.writeDueBatches(false);
                publish(session);
                if (run_.worker_.stoppedBefore(Clock::now() + std::chrono::milliseconds(50)))
                    return stopNow(session, RunState::Stopped);
                continue;
            }
            if (ev.firstOfStage) {
                // Every event of the earlier stages is acknowledged before this stage begins.
                sinks_.flushAll(std::chrono::minutes(5));
                if (options_.lastStage && ev.stage > *options_.lastStage) {
                    publish(session);
                    // The session has begun the next stage; this run ends before it.
                    run_.worker_.publish([&](Shared& s) {
                        for (auto& st : s.status.streams)
                            if (st.stage > *options_.lastStage) st.state = StreamState::Waiting;
                    });
                    return finish(RunState::Finished, {});
                }
                run_.worker_.publish([&](Shared& s) {
                    s.status.stage = ev.stage;
                    s.status.stageStarted.push_back(std::chrono::system_clock::now());
                });
                // The earlier stages are complete now: say so before anything else waits.
                publish(session);
                lastPublish_ = Clock::now();
                idle = true;  // the flush took real time: the new stage paces from now on
            }
            if (idle) {
                // After a pause of everything (or a stage barrier) the throttles continue from
                // now instead of catching up on the time spent waiting.
                pacer_.anchor(ev.dueMs);
                idle = false;
            }
            if (ev.op != generate::RowOp::Insert && !changesReleased_) {
                awaitCapture(session);
                changesReleased_ = true;
                pacer_.anchor(ev.dueMs);  // the wait does not count as lateness
            }
            const auto now = pacer_.wait(ev.dueMs, ev.generator, deadline,
                                         progress_.counters(ev.generator).throttledUs);
            progress_.countGenerated(ev.generator);
            sinks_.deliver(ev);
            if (now - lastPublish_ >= std::chrono::milliseconds(100)) {
                sinks_.writeDueBatches(false);
                publish(session);
                lastPublish_ = Clock::now();
            }
        }
    }

    // Rows written so far are committed (the capture's snapshot holds them), then the run
    // waits for the capture's slot, so what follows reaches it as change events.
    // The status says so meanwhile (and shows what the earlier stages wrote): the console
    // must not look stuck on an earlier stage that is in fact done.
    void awaitCapture(const generate::Session& session) {
        if (!options_.changesMayStart) return;
        sinks_.flushAll(std::chrono::minutes(5));
        const auto started = Clock::now();
        const auto deadline = started + std::chrono::seconds(60);
        auto lastPublish = Clock::time_point{};
        const auto waiting = [&](bool on) {
            run_.worker_.publish([&](Shared& s) { s.status.awaitingCapture = on; });
        };
        waiting(true);
        while (!options_.changesMayStart()) {
            if (run_.worker_.stopRequested()) {
                waiting(false);
                throw core::StopRequested{};
            }
            if (Clock::now() >= deadline) {
                waiting(false);
                log(core::LogLevel::Warning,
                    "change data capture did not start within 60 s; updates and deletes go "
                    "ahead and may reach it as snapshot rows instead of change events");
                return;
            }
            if (Clock::now() - lastPublish >= std::chrono::milliseconds(100)) {
                publish(session);
                lastPublish = Clock::now();
            }
            // The capture cannot say when its slot is ready: ask again soon; stop wakes it.
            (void)run_.worker_.stoppedBefore(Clock::now() + std::chrono::milliseconds(10));
        }
        waiting(false);
        log(core::LogLevel::Debug,
            fmt::format(
                "updates released after waiting {} ms for change data capture",
                std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started)
                    .count()));
    }

    // True when the user paused this generator since its event was made: the event is sent
    // right away (it exists, so it must not be lost) and the pause applies after it.
    bool pausePending(std::size_t generator) {
        if (!run_.controlPending_.load(std::memory_order_acquire)) return false;
        return run_.worker_.read([&](const Shared& s) {
            const auto& p = s.control.pause;
            return std::find(p.begin(), p.end(), generator) != p.end();
        });
    }

    // While the pacer waits for a throttled event: write batches whose latency is up, and at
    // ×1 the next event may be 10-60 s away, so what was acknowledged meanwhile (the last
    // events, earlier stages) shows now, not with that event.
    void whileWaiting() {
        sinks_.writeDueBatches(false);
        if (session_ && Clock::now() - lastPublish_ >= std::chrono::milliseconds(100)) {
            publish(*session_);
            lastPublish_ = Clock::now();
        }
    }

    void stopNow(generate::Session& session, RunState state) {
        sinks_.flushAll(std::chrono::seconds(60));  // in-flight events are delivered and counted
        publish(session);
        finish(state, {});
    }

    void publish(const generate::Session& session) {
        run_.worker_.publish([&](Shared& s) { progress_.update(s.status, session); });
    }

    void finish(RunState state, const std::string& error) {
        run_.worker_.publish([&](Shared& s) { progress_.end(s.status, state, error); });
        log(state == RunState::Failed ? core::LogLevel::Error : core::LogLevel::Info,
            std::string("run ") + toString(state) + (error.empty() ? "" : ": " + error));
    }

    ScenarioRun& run_;
    const generate::Program& program_;
    const RunOptions& options_;
    RunProgress progress_;  // before the sinks counting into it
    RunSinks sinks_;
    Pacer pacer_;
    bool changesReleased_ = false;                // the first update/delete waited for the capture
    const generate::Session* session_ = nullptr;  // generateAll()'s, for the pacer's waits
    Clock::time_point lastPublish_{};
};

ScenarioRun::ScenarioRun(const generate::Program& program, RunTargets targets, RunOptions options)
    : program_(program),
      targets_(std::move(targets)),
      options_(std::move(options)),
      speed_(options_.speed > 0 && std::isfinite(options_.speed) ? options_.speed : 1.0) {
    options_.speed = speed_.load();
    worker_.publish([&](Shared& shared) {
        shared.status.stageCount = static_cast<int>(program_.stages().size());
        for (const auto& info : program_.generators()) {
            StreamProgress s;
            s.name = info.name;
            s.target = info.target;
            s.table = info.kind == generate::TargetKind::Table;
            s.stage = info.stage;
            s.maxEvents = info.maxEvents;
            shared.status.streams.push_back(std::move(s));
        }
    });
}

ScenarioRun::~ScenarioRun() {
    stop();
}

void ScenarioRun::start() {
    if (worker_.running()) return;
    // From here, so a run that fails while connecting still has a start to measure from.
    worker_.publish([](Shared& s) { s.status.startedAt = std::chrono::system_clock::now(); });
    worker_.start(
        [this] {
#ifdef __linux__
            // Generation at full speed yields to interactive work (the console's UI thread): a
            // nice value of +5 for this thread and the producer threads it creates (they
            // inherit it).
            if (options_.yieldToInteractive)
                setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 5);
#endif
            Worker worker(*this);
            worker.run();
        },
        "rd-run");
}

void ScenarioRun::stop() {
    worker_.stop();
}

void ScenarioRun::pause(std::size_t generator) {
    worker_.publish([&](Shared& s) {
        std::erase(s.control.resume, generator);
        s.control.pause.push_back(generator);
        controlPending_.store(true, std::memory_order_release);
    });
}

void ScenarioRun::resume(std::size_t generator) {
    worker_.publish([&](Shared& s) {
        std::erase(s.control.pause, generator);
        s.control.resume.push_back(generator);
        controlPending_.store(true, std::memory_order_release);
    });
}

void ScenarioRun::setUncapped(std::size_t generator, bool uncapped) {
    worker_.publish([&](Shared& s) {
        s.control.uncapped.emplace_back(generator, uncapped);
        controlPending_.store(true, std::memory_order_release);
    });
}

void ScenarioRun::setSpeed(double speed) {
    if (!(speed > 0) || !std::isfinite(speed)) return;
    speed_.store(speed, std::memory_order_relaxed);
}

RunStatus ScenarioRun::status() const {
    return worker_.read([](const Shared& s) { return s.status; });
}

bool ScenarioRun::waitFinished(std::chrono::milliseconds timeout) const {
    return worker_.waitFor(timeout, [](const Shared& s) {
        return s.status.state == RunState::Finished || s.status.state == RunState::Stopped ||
               s.status.state == RunState::Failed;
    });
}

}  // namespace riverdelta::run
