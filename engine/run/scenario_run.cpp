#include "engine/run/scenario_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "engine/core/error.h"
#include "engine/core/log.h"
#include "engine/generate/program.h"
#include "engine/generate/session.h"
#include "engine/run/bucket_store.h"
#include "engine/run/event_sink.h"
#include "engine/run/kafka_cluster.h"
#include "engine/run/kafka_sink.h"
#include "engine/run/local_directory_store.h"
#include "engine/run/object_sink.h"
#include "engine/run/run_topics.h"
#include "engine/run/stream_counters.h"
#include "engine/run/table_sink.h"
#include "engine/run/webhook_sink.h"
#include "engine/s3/s3_error.h"

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

namespace {

class StopRequested {};

}  // namespace

class ScenarioRun::Worker {
  public:
    Worker(ScenarioRun& run, std::stop_token stop)
        : run_(run),
          program_(run.program_),
          options_(run.options_),
          stop_(std::move(stop)),
          counters_(program_.generators().size()),
          sinks_(program_.generators().size()) {}

    void run() {
        try {
            openSinks();
            generateAll();
        } catch (const StopRequested&) {
            try {
                flushAll(std::chrono::seconds(60));  // what is in flight is delivered and counted
            } catch (const std::exception& e) {
                return finish(RunState::Failed, e.what());
            }
            finish(RunState::Stopped, {});
        } catch (const std::exception& e) {
            try {
                flushAll(std::chrono::seconds(30));
            } catch (...) {  // the original error is the one to report
            }
            finish(RunState::Failed, e.what());
        }
    }

  private:
    void log(core::LogLevel level, const std::string& message) {
        if (options_.log) options_.log->write(level, "run", message);
    }

    static std::string connectionName(const std::string& name) {
        return "'" + (name.empty() ? std::string("default") : name) + "'";
    }

    // One sink per scheduled generator. Kafka clusters are opened once each (a broker must
    // answer, the run's topics are created); a generator Riverdelta cannot deliver is left
    // out with its reason, and the run fails only when nothing can be delivered.
    void openSinks() {
        const auto& gens = program_.generators();
        std::map<std::string, std::vector<std::size_t>> topicsByCluster;
        std::size_t scheduled = 0;
        // Generators that only update or delete rows open after the ones that insert them, so
        // the table exists by then (they never create or drop it).
        std::vector<std::size_t> order;
        for (std::size_t g = 0; g < gens.size(); ++g)
            if (!gens[g].changesRowsOnly()) order.push_back(g);
        for (std::size_t g = 0; g < gens.size(); ++g)
            if (gens[g].changesRowsOnly()) order.push_back(g);
        for (std::size_t g : order) {
            const auto& info = gens[g];
            if (info.stage < 0) continue;  // never scheduled
            ++scheduled;
            try {
                openSink(g, topicsByCluster);
            } catch (const SinkUnavailable& e) {
                notDelivered(g, e.what());
            }
        }
        for (auto& [name, generators] : topicsByCluster) {
            KafkaCluster& cluster = *clusters_.at(name);
            std::vector<kafka::TopicSpec> topics;
            for (auto g : generators)
                addTopicSpec(topics, gens[g], cluster.target().partitions);
            try {
                if (stop_.stop_requested()) throw StopRequested{};
                cluster.prepareTopics(topics, std::chrono::seconds(30));
                for (auto g : generators)
                    sinks_[g] = std::make_unique<KafkaSink>(cluster, gens[g], counters_[g]);
            } catch (const StopRequested&) {
                throw;
            } catch (const std::exception& e) {
                throw Error("connection " + connectionName(name) + ": " + cluster.failureReason(e));
            }
        }
        if (scheduled > 0 && undelivered_.size() == scheduled)
            throw Error("nothing can be delivered: " + undeliveredSummary());
    }

    void openSink(std::size_t g, std::map<std::string, std::vector<std::size_t>>& topicsByCluster) {
        const auto& info = program_.generators()[g];
        const std::string& kind = info.connectionKind;
        if (info.kind == generate::TargetKind::Topic) {
            auto it = run_.targets_.kafka.find(info.connection);
            if (it == run_.targets_.kafka.end()) it = run_.targets_.kafka.find("");
            if (it == run_.targets_.kafka.end())
                throw Error("generator " + info.name + ": no Kafka connection \"" +
                            info.connection + "\"");
            auto& cluster = clusters_[it->first];
            if (!cluster) {
                try {
                    cluster = std::make_unique<KafkaCluster>(it->first, it->second, options_.log);
                } catch (const std::exception& e) {
                    clusters_.erase(it->first);
                    throw Error("connection " + connectionName(it->first) + ": Kafka " +
                                it->second.label + ": " + e.what());
                }
            }
            topicsByCluster[it->first].push_back(g);
            return;
        }
        if (info.kind == generate::TargetKind::Table) {
            if (kind != "postgres" && !kind.empty())
                throw SinkUnavailable("table \"" + info.target + "\" on a " + kind +
                                      " connection (Riverdelta writes tables to PostgreSQL only)");
            auto it = run_.targets_.postgres.find(info.connection);
            if (it == run_.targets_.postgres.end()) it = run_.targets_.postgres.find("");
            if (it == run_.targets_.postgres.end())
                throw Error("generator " + info.name + ": no PostgreSQL connection \"" +
                            info.connection + "\"");
            try {
                auto sink = std::make_unique<TableSink>(
                    it->second, info,
                    fmt::format("{}/{}/{}", options_.runId, info.name, options_.seed), options_.log,
                    counters_[g]);
                if (sink->resumeAfter() > 0) {
                    counters_[g].acknowledged = static_cast<std::uint64_t>(sink->resumeAfter());
                    {
                        std::lock_guard lock(run_.mutex_);
                        run_.status_.streams[g].resumedAfter =
                            static_cast<std::uint64_t>(sink->resumeAfter());
                    }
                    log(core::LogLevel::Info,
                        fmt::format("{}: resuming after {} rows committed earlier", info.name,
                                    sink->resumeAfter()));
                }
                sinks_[g] = std::move(sink);
            } catch (const std::exception& e) {
                // libpq's reason, with host, port and database but never the password.
                throw Error("connection " + connectionName(it->first) + ": " + e.what());
            }
            return;
        }
        const auto* conn = program_.findConnection(info.connection);
        const nlohmann::json settings = conn ? conn->settings : nlohmann::json::object();
        if (kind == "fileSystem") {
            sinks_[g] = std::make_unique<ObjectSink>(
                std::make_unique<LocalDirectoryStore>(info.target),
                ObjectSinkSettings::from(info, settings), counters_[g]);
        } else if (kind == "webhook") {
            sinks_[g] = std::make_unique<WebhookSink>(info, WebhookSettings::from(settings),
                                                      counters_[g], options_.log, stop_);
        } else if (kind == "s3") {
            auto store = [&] {
                try {
                    return std::make_unique<BucketStore>(BucketStore::settingsFor(settings),
                                                         info.target);
                } catch (const s3::S3Error& e) {
                    // Names the endpoint and bucket, never a secret.
                    throw Error("connection " + connectionName(info.connection) + ": " + e.what());
                }
            }();
            sinks_[g] = std::make_unique<ObjectSink>(
                std::move(store), ObjectSinkSettings::from(info, settings), counters_[g]);
        } else {
            throw SinkUnavailable(info.targetKey + " \"" + info.target + "\" (" + kind +
                                  "): Riverdelta does not deliver " + kind + " connections");
        }
    }

    // Leaves generator g out of the run: it finishes at once and its row says why.
    void notDelivered(std::size_t g, const std::string& reason) {
        undelivered_.push_back(g);
        std::lock_guard lock(run_.mutex_);
        run_.status_.streams[g].problem = "not delivered: " + reason;
        run_.status_.streams[g].state = StreamState::Failed;
    }

    std::string undeliveredSummary() const {
        std::string out;
        for (auto g : undelivered_)
            out += (out.empty() ? "" : "; ") + run_.status_.streams[g].name + ": " +
                   run_.status_.streams[g].problem.substr(15);
        return out;
    }

    void checkControl(generate::Session& session) {
        if (!run_.controlPending_.load(std::memory_order_acquire)) return;
        ScenarioRun::Control control;
        if (!run_.controlPending_.load(std::memory_order_acquire)) return;
        {
            std::lock_guard lock(run_.mutex_);
            std::swap(control, run_.control_);
            run_.controlPending_.store(false, std::memory_order_release);
        }
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
        for (auto g : undelivered_)
            session.finish(g);  // left out of the run: its stage need not wait for it
        const auto t0 = Clock::now();
        const auto deadline =
            options_.duration ? std::optional(t0 + *options_.duration) : std::nullopt;
        {
            std::lock_guard lock(run_.mutex_);
            run_.status_.state = RunState::Running;
        }
        generate::Event ev;
        // The first event publishes at once: the console shows the run moving from its start.
        session_ = &session;
        lastPublish_ = Clock::time_point{};
        anchorReal_ = t0;
        anchorDueMs_ = 0;
        pace_ = 1.0;
        bool idle = false;
        for (;;) {
            if (stop_.stop_requested()) return stopNow(session, RunState::Stopped);
            if (deadline && Clock::now() >= *deadline) return stopNow(session, RunState::Stopped);
            checkControl(session);
            if (session.holdsForAcknowledgement()) acknowledge(session);
            const auto status = session.next(ev);
            if (status == generate::Session::Status::Failed) throw Error(session.error());
            if (status == generate::Session::Status::Finished) {
                flushAll(std::chrono::minutes(5));
                publish(session);
                return finish(RunState::Finished, {});
            }
            if (status == generate::Session::Status::Idle) {
                idle = true;
                writeDueBatches(false);
                publish(session);
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                continue;
            }
            if (ev.firstOfStage) {
                // Every event of the earlier stages is acknowledged before this stage begins.
                flushAll(std::chrono::minutes(5));
                if (options_.lastStage && ev.stage > *options_.lastStage) {
                    publish(session);
                    {
                        // The session has begun the next stage; this run ends before it.
                        std::lock_guard lock(run_.mutex_);
                        for (auto& st : run_.status_.streams)
                            if (st.stage > *options_.lastStage) st.state = StreamState::Waiting;
                    }
                    return finish(RunState::Finished, {});
                }
                {
                    std::lock_guard lock(run_.mutex_);
                    run_.status_.stage = ev.stage;
                    run_.status_.stageStarted.push_back(std::chrono::system_clock::now());
                }
                // The earlier stages are complete now: say so before anything else waits.
                publish(session);
                lastPublish_ = Clock::now();
                idle = true;  // the flush took real time: the new stage paces from now on
            }
            if (idle) {
                // After a pause of everything (or a stage barrier) the throttles continue from
                // now instead of catching up on the time spent waiting.
                anchorReal_ = Clock::now();
                anchorDueMs_ = ev.dueMs;
                idle = false;
            }
            if (ev.op != generate::RowOp::Insert && !changesReleased_) {
                awaitCapture(session);
                changesReleased_ = true;
                anchorReal_ = Clock::now();  // the wait does not count as lateness
                anchorDueMs_ = ev.dueMs;
            }
            const auto now = pace(ev, deadline, counters_[ev.generator].throttledUs);
            dispatch(ev);
            if (now - lastPublish_ >= std::chrono::milliseconds(100)) {
                writeDueBatches(false);
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
        flushAll(std::chrono::minutes(5));
        const auto started = Clock::now();
        const auto deadline = started + std::chrono::seconds(60);
        auto lastPublish = Clock::time_point{};
        const auto waiting = [&](bool on) {
            std::lock_guard lock(run_.mutex_);
            run_.status_.awaitingCapture = on;
        };
        waiting(true);
        while (!options_.changesMayStart()) {
            if (stop_.stop_requested()) {
                waiting(false);
                throw StopRequested{};
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
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        waiting(false);
        log(core::LogLevel::Debug,
            fmt::format(
                "updates released after waiting {} ms for change data capture",
                std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started)
                    .count()));
    }

    // When an event of logical time `dueMs` is due in real time. Logical time is already
    // divided by the starting speed; `pace_` rescales it after setSpeed() from the anchor on.
    Clock::time_point realDue(double dueMs) const {
        const double ms = (dueMs - anchorDueMs_) * pace_;
        return anchorReal_ + std::chrono::microseconds(static_cast<std::int64_t>(ms * 1000));
    }

    // Follows a speed change: the logical time reached now stays where it is, what comes
    // after runs at the new pace.
    void followSpeed() {
        const double speed = run_.speed_.load(std::memory_order_relaxed);
        const double pace = options_.speed / speed;
        if (pace == pace_) return;
        const auto now = Clock::now();
        const double elapsedMs =
            std::chrono::duration<double, std::milli>(now - anchorReal_).count();
        anchorDueMs_ += elapsedMs / pace_;
        anchorReal_ = now;
        pace_ = pace;
    }

    // True when the user paused this generator since its event was made: the event is sent
    // right away (it exists, so it must not be lost) and the pause applies after it.
    bool pausePending(std::size_t generator) {
        if (!run_.controlPending_.load(std::memory_order_acquire)) return false;
        std::lock_guard lock(run_.mutex_);
        const auto& p = run_.control_.pause;
        return std::find(p.begin(), p.end(), generator) != p.end();
    }

    // Sleeps until the event is due in short steps, writing PostgreSQL batches whose latency
    // is up and following speed changes. Returns the time it last read (one clock read per
    // event when nothing is throttled); the time spent waiting is added to `throttledUs`.
    Clock::time_point pace(const generate::Event& ev, std::optional<Clock::time_point> deadline,
                           std::atomic<std::uint64_t>& throttledUs) {
        const auto start = Clock::now();
        auto waited = [&](Clock::time_point now) {
            if (now != start)
                throttledUs.fetch_add(
                    static_cast<std::uint64_t>(
                        std::chrono::duration_cast<std::chrono::microseconds>(now - start).count()),
                    std::memory_order_relaxed);
            return now;
        };
        for (auto now = start;; now = Clock::now()) {
            followSpeed();
            const auto due = realDue(ev.dueMs);
            if (now >= due) return waited(now);
            if (stop_.stop_requested()) throw StopRequested{};
            if (deadline && now >= *deadline) throw StopRequested{};
            if (pausePending(ev.generator)) return waited(now);
            writeDueBatches(false);
            // At ×1 the next event may be 10-60 s away: what was acknowledged meanwhile (the
            // last events, earlier stages) shows now, not with that event.
            if (session_ && now - lastPublish_ >= std::chrono::milliseconds(100)) {
                publish(*session_);
                lastPublish_ = Clock::now();
            }
            const auto step =
                std::min<Clock::duration>(due - Clock::now(), std::chrono::milliseconds(20));
            if (step > Clock::duration::zero()) std::this_thread::sleep_for(step);
        }
    }

    void dispatch(const generate::Event& ev) {
        StreamCounters& counters = counters_[ev.generator];
        // Only this thread writes `generated`: a plain store, no locked read-modify-write.
        counters.generated.store(counters.generated.load(std::memory_order_relaxed) + 1,
                                 std::memory_order_relaxed);
        if (auto& sink = sinks_[ev.generator]) sink->deliver(ev);
    }

    // lookupScope "committed": lookups see what the sinks confirmed. Kafka acknowledges
    // partitions independently; the other sinks in the order events were handed to them.
    void acknowledge(generate::Session& session) {
        const auto& gens = program_.generators();
        for (std::size_t g = 0; g < gens.size(); ++g) {
            if (!sinks_[g]) continue;
            const std::uint64_t acked = counters_[g].acknowledged.load(std::memory_order_acquire);
            const std::uint64_t failed = counters_[g].failed.load(std::memory_order_acquire);
            session.acknowledge(g, acked + failed, failed,
                                gens[g].kind != generate::TargetKind::Topic);
        }
    }

    void writeDueBatches(bool all) {
        for (auto& sink : sinks_)
            if (sink) sink->flushDue(all);
    }

    void flushAll(std::chrono::milliseconds timeout) {
        writeDueBatches(true);
        for (auto& [name, cluster] : clusters_)
            cluster->flush(timeout);
    }

    void stopNow(generate::Session& session, RunState state) {
        flushAll(std::chrono::seconds(60));  // in-flight events are delivered and counted
        publish(session);
        finish(state, {});
    }

    void publish(const generate::Session& session) {
        const auto now = Clock::now();
        const double dt = std::chrono::duration<double>(now - lastRateAt_).count();
        const bool rateDue = dt >= 1.0;
        std::lock_guard lock(run_.mutex_);
        auto& streams = run_.status_.streams;
        for (std::size_t g = 0; g < streams.size(); ++g) {
            auto& s = streams[g];
            const auto& c = counters_[g];
            s.generated = c.generated.load(std::memory_order_relaxed);
            const auto acked = c.acknowledged.load(std::memory_order_relaxed);
            if (rateDue) {
                s.ratePerSecond = static_cast<double>(acked - lastAcked_[g]) / dt;
                lastAcked_[g] = acked;
            }
            s.acknowledged = acked;
            s.failed = c.failed.load(std::memory_order_relaxed);
            s.bytes = c.bytes.load(std::memory_order_relaxed);
            s.unmatched = c.unmatched.load(std::memory_order_relaxed);
            s.throttledSeconds =
                static_cast<double>(c.throttledUs.load(std::memory_order_relaxed)) / 1e6;
            if (!s.problem.empty()) continue;  // not delivered: stays failed with its reason
            switch (session.status(g)) {
                case generate::GeneratorStatus::Waiting:
                    s.state = StreamState::Waiting;
                    break;
                case generate::GeneratorStatus::Running:
                    s.state = StreamState::Running;
                    break;
                case generate::GeneratorStatus::Paused:
                    s.state = StreamState::Paused;
                    break;
                case generate::GeneratorStatus::Finished:
                    s.state = StreamState::Done;
                    break;
            }
        }
        if (rateDue) lastRateAt_ = now;
        run_.changed_.notify_all();
    }

    void finish(RunState state, const std::string& error) {
        {
            std::lock_guard lock(run_.mutex_);
            run_.status_.state = state;
            run_.status_.error = error;
            run_.status_.endedAt = std::chrono::system_clock::now();
            for (std::size_t g = 0; g < run_.status_.streams.size(); ++g) {
                auto& s = run_.status_.streams[g];
                s.generated = counters_[g].generated.load();
                s.acknowledged = counters_[g].acknowledged.load();
                s.failed = counters_[g].failed.load();
                s.bytes = counters_[g].bytes.load();
                s.unmatched = counters_[g].unmatched.load();
                if (state == RunState::Failed && s.state == StreamState::Running)
                    s.state = StreamState::Failed;
            }
        }
        run_.changed_.notify_all();
        log(state == RunState::Failed ? core::LogLevel::Error : core::LogLevel::Info,
            std::string("run ") + toString(state) + (error.empty() ? "" : ": " + error));
    }

    ScenarioRun& run_;
    const generate::Program& program_;
    const RunOptions& options_;
    std::stop_token stop_;
    std::vector<StreamCounters> counters_;
    std::map<std::string, std::unique_ptr<KafkaCluster>> clusters_;  // before the sinks using them
    std::vector<std::unique_ptr<EventSink>> sinks_;                  // by generator; null: none
    std::vector<std::size_t> undelivered_;                           // generators left out
    std::map<std::size_t, std::uint64_t> lastAcked_;
    Clock::time_point lastRateAt_ = Clock::now();
    // Pacing: logical time anchorDueMs_ is due at anchorReal_; later times scale by pace_.
    Clock::time_point anchorReal_ = Clock::now();
    double anchorDueMs_ = 0;
    double pace_ = 1.0;
    bool changesReleased_ = false;                // the first update/delete waited for the capture
    const generate::Session* session_ = nullptr;  // generateAll()'s, for pace() to publish
    Clock::time_point lastPublish_{};
};

ScenarioRun::ScenarioRun(const generate::Program& program, RunTargets targets, RunOptions options)
    : program_(program),
      targets_(std::move(targets)),
      options_(std::move(options)),
      speed_(options_.speed > 0 && std::isfinite(options_.speed) ? options_.speed : 1.0) {
    options_.speed = speed_.load();
    status_.stageCount = static_cast<int>(program_.stages().size());
    for (const auto& info : program_.generators()) {
        StreamProgress s;
        s.name = info.name;
        s.target = info.target;
        s.table = info.kind == generate::TargetKind::Table;
        s.stage = info.stage;
        s.maxEvents = info.maxEvents;
        status_.streams.push_back(std::move(s));
    }
}

ScenarioRun::~ScenarioRun() {
    stop();
}

void ScenarioRun::start() {
    if (thread_.joinable()) return;
    {
        // From here, so a run that fails while connecting still has a start to measure from.
        std::lock_guard lock(mutex_);
        status_.startedAt = std::chrono::system_clock::now();
    }
    thread_ = std::jthread([this](std::stop_token stop) {
#ifdef __linux__
        // Generation at full speed yields to interactive work (the console's UI thread): a nice
        // value of +5 for this thread and the producer threads it creates (they inherit it).
        if (options_.yieldToInteractive)
            setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 5);
#endif
        Worker worker(*this, std::move(stop));
        worker.run();
    });
}

void ScenarioRun::stop() {
    if (!thread_.joinable()) return;
    thread_.request_stop();
    thread_.join();
}

void ScenarioRun::pause(std::size_t generator) {
    std::lock_guard lock(mutex_);
    std::erase(control_.resume, generator);
    control_.pause.push_back(generator);
    controlPending_.store(true, std::memory_order_release);
}

void ScenarioRun::resume(std::size_t generator) {
    std::lock_guard lock(mutex_);
    std::erase(control_.pause, generator);
    control_.resume.push_back(generator);
    controlPending_.store(true, std::memory_order_release);
}

void ScenarioRun::setUncapped(std::size_t generator, bool uncapped) {
    std::lock_guard lock(mutex_);
    control_.uncapped.emplace_back(generator, uncapped);
    controlPending_.store(true, std::memory_order_release);
}

void ScenarioRun::setSpeed(double speed) {
    if (!(speed > 0) || !std::isfinite(speed)) return;
    speed_.store(speed, std::memory_order_relaxed);
}

RunStatus ScenarioRun::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

bool ScenarioRun::waitFinished(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] {
        return status_.state == RunState::Finished || status_.state == RunState::Stopped ||
               status_.state == RunState::Failed;
    });
}

}  // namespace riverdelta::run
