#include "engine/run/scenario_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "engine/avro/confluent_serializer.h"
#include "engine/core/error.h"
#include "engine/core/log.h"
#include "engine/generate/program.h"
#include "engine/generate/session.h"
#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/producer.h"
#include "engine/kafka/topic_admin.h"
#include "engine/postgres/copy_batch.h"
#include "engine/postgres/table_writer.h"
#include "engine/registry/schema_registry.h"

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

std::string upper(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(std::string s) {
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    while (!s.empty() && s.front() == ' ')
        s.erase(0, 1);
    return s;
}

// A column from a generator field: its pgHint ("VARCHAR(16) PRIMARY KEY", "BIGINT NOT NULL"),
// else a type from the values the field yields.
postgres::ColumnSpec columnFor(const generate::ColumnInfo& info, bool& primaryKey) {
    postgres::ColumnSpec col{info.name, "text", false};
    primaryKey = false;
    if (!info.pgHint.empty()) {
        std::string hint = info.pgHint;
        auto strip = [&](const std::string& phrase) {
            const auto at = upper(hint).find(phrase);
            if (at == std::string::npos) return false;
            hint.erase(at, phrase.size());
            return true;
        };
        primaryKey = strip("PRIMARY KEY");
        col.notNull = strip("NOT NULL") || primaryKey;
        // The type ends where the first other column constraint begins.
        const std::string upperHint = upper(hint);
        std::size_t typeEnd = hint.size();
        for (const char* keyword : {" UNIQUE", " DEFAULT ", " CHECK", " REFERENCES ",
                                    " CONSTRAINT ", " GENERATED ", " COLLATE ", " NULL"}) {
            const auto at = upperHint.find(keyword);
            if (at != std::string::npos) typeEnd = std::min(typeEnd, at);
        }
        col.constraints = trim(hint.substr(typeEnd));
        hint = trim(hint.substr(0, typeEnd));
        if (!hint.empty()) col.pgType = hint;
        return col;
    }
    switch (info.kind.value_or(generate::ValueKind::String)) {
        case generate::ValueKind::Bool:
            col.pgType = "boolean";
            break;
        case generate::ValueKind::Int:
            col.pgType = "bigint";
            break;
        case generate::ValueKind::Double:
            col.pgType = "double precision";
            break;
        case generate::ValueKind::Array:
        case generate::ValueKind::Object:
            col.pgType = "jsonb";
            break;
        default:
            col.pgType = "text";
            break;
    }
    return col;
}

postgres::TableSpec tableSpecFor(const generate::GeneratorInfo& info) {
    postgres::TableSpec spec;
    const auto dot = info.target.find('.');
    if (dot != std::string::npos) {
        spec.schema = info.target.substr(0, dot);
        spec.table = info.target.substr(dot + 1);
    } else {
        spec.table = info.target;
    }
    for (const auto& c : info.columns) {
        bool pk = false;
        spec.columns.push_back(columnFor(c, pk));
        if (pk) spec.primaryKey.push_back(c.name);
    }
    return spec;
}

nlohmann::json toJson(const generate::Value& v) {
    switch (v.kind) {
        case generate::ValueKind::Null:
            return nullptr;
        case generate::ValueKind::Bool:
            return v.boolean;
        case generate::ValueKind::Int:
            return v.integer;
        case generate::ValueKind::Double:
            return v.number;
        case generate::ValueKind::String:
            return std::string(v.string());
        case generate::ValueKind::Array: {
            auto a = nlohmann::json::array();
            for (const auto& item : v.array())
                a.push_back(toJson(item));
            return a;
        }
        case generate::ValueKind::Object: {
            auto o = nlohmann::json::object();
            for (const auto& m : v.object())
                o[std::string(m.key)] = toJson(m.value);
            return o;
        }
    }
    return nullptr;
}

}  // namespace

// Per-stream counters written by the generating thread and by delivery reports, on separate
// cache lines (the two threads touch them for every event).
struct StreamCounters {
    alignas(64) std::atomic<std::uint64_t> generated{0};
    std::atomic<std::uint64_t> throttledUs{0};  // waiting for this generator's next due event
    alignas(64) std::atomic<std::uint64_t> acknowledged{0}, failed{0}, bytes{0};
};

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
    struct KafkaCluster {
        std::unique_ptr<registry::SchemaRegistryClient> registry;
        std::unique_ptr<kafka::Producer> producer;
        const KafkaTarget* target = nullptr;
        bool reachable = false;  // answered a metadata request
    };
    struct Sink {
        KafkaCluster* cluster = nullptr;
        std::unique_ptr<avro::ConfluentAvroSerializer> avro;
        std::unique_ptr<postgres::TableWriter> table;
        postgres::CopyBatch batch;
        std::int64_t resumeAfter = 0;  // PostgreSQL rows up to this sequence were committed before
    };

    void log(core::LogLevel level, const std::string& message) {
        if (options_.log) options_.log->write(level, "run", message);
    }

    void openSinks() {
        const auto& gens = program_.generators();
        for (std::size_t g = 0; g < gens.size(); ++g) {
            const auto& info = gens[g];
            if (info.stage < 0) continue;  // never scheduled
            if (info.kind == generate::TargetKind::Topic) {
                auto it = run_.targets_.kafka.find(info.connection);
                if (it == run_.targets_.kafka.end()) it = run_.targets_.kafka.find("");
                if (it == run_.targets_.kafka.end())
                    throw Error("generator " + info.name + ": no Kafka connection \"" +
                                info.connection + "\"");
                try {
                    openKafkaSink(g, it->first, it->second);
                } catch (const std::exception& e) {
                    throw Error("connection " + connectionName(it->first) + ": " +
                                kafkaReason(it->first, it->second, e));
                }
            } else {
                auto it = run_.targets_.postgres.find(info.connection);
                if (it == run_.targets_.postgres.end()) it = run_.targets_.postgres.find("");
                if (it == run_.targets_.postgres.end())
                    throw Error("generator " + info.name + ": no PostgreSQL connection \"" +
                                info.connection + "\"");
                try {
                    openTableSink(g, it->second);
                } catch (const std::exception& e) {
                    // libpq's reason, with host, port and database but never the password.
                    throw Error("connection " + connectionName(it->first) + ": " + e.what());
                }
            }
        }
    }

    static std::string connectionName(const std::string& name) {
        return "'" + (name.empty() ? std::string("default") : name) + "'";
    }

    // Why a Kafka sink could not open: the producer's own status when it knows better (an
    // authentication failure, brokers that cannot be reached) than the call that failed.
    std::string kafkaReason(const std::string& name, const KafkaTarget& target,
                            const std::exception& e) const {
        const auto c = clusters_.find(name);
        if (c != clusters_.end() && c->second.producer) {
            const auto st = c->second.producer->status();
            if (st.state == kafka::ProducerState::AuthenticationFailed ||
                st.state == kafka::ProducerState::Fatal)
                return st.detail;
            const auto last = c->second.producer->lastError();
            return "Kafka " + c->second.producer->clusterLabel() + ": " + e.what() +
                   (last.empty() ? "" : " (last error: " + last + ")");
        }
        return "Kafka " + target.label + ": " + e.what();
    }

    // Waits until the cluster answers a metadata request. Fails at once on an authentication
    // (or other fatal) error, and after `timeout` when no broker can be reached.
    void awaitCluster(KafkaCluster& cluster, std::chrono::milliseconds timeout) {
        const auto deadline = Clock::now() + timeout;
        for (;;) {
            if (stop_.stop_requested()) throw StopRequested{};
            const auto st = cluster.producer->status();
            if (st.state == kafka::ProducerState::AuthenticationFailed ||
                st.state == kafka::ProducerState::Fatal)
                throw Error(st.detail);
            try {
                kafka::fetchMetadata(cluster.producer->handle(), std::chrono::milliseconds(500));
                return;
            } catch (const std::exception& e) {
                if (Clock::now() >= deadline)
                    throw Error("no broker answered within " +
                                std::to_string(timeout.count() / 1000) + " s");
            }
        }
    }

    void openKafkaSink(std::size_t g, const std::string& name, const KafkaTarget& target) {
        const auto& info = program_.generators()[g];
        KafkaCluster& cluster = clusterFor(name, target);
        sinks_[g].cluster = &cluster;
        kafka::TopicSpec topic{info.target, target.partitions};
        if (target.embedded) {
            kafka::ensureTopics(*target.embedded, std::span(&topic, 1));
        } else {
            if (!cluster.reachable) {
                awaitCluster(cluster, std::chrono::seconds(30));
                cluster.reachable = true;
            }
            kafka::ensureTopics(cluster.producer->handle(), std::span(&topic, 1),
                                std::chrono::seconds(30));
        }
        if (target.valueSerializer == kafka::Serializer::Avro) {
            if (!cluster.registry)
                throw Error("generator " + info.name +
                            ": Avro needs schema.registry.url on its connection");
            const auto& hint = info.avroSchemaHint;
            if (!hint.is_object() || !hint.contains("value"))
                throw Error("generator " + info.name +
                            ": Avro needs localConfigs.avroSchemaHint.value");
            sinks_[g].avro = std::make_unique<avro::ConfluentAvroSerializer>(
                *cluster.registry, avro::topicSubject(info.target, avro::SubjectPart::Value),
                avro::Schema::parse(hint["value"].dump()), target.autoRegisterSchemas);
        }
    }

    void openTableSink(std::size_t g, const PostgresTarget& target) {
        const auto& info = program_.generators()[g];
        postgres::TableWriterOptions o;
        o.writerId = fmt::format("{}/{}/{}", options_.runId, info.name, options_.seed);
        o.policy = target.policy.value_or(postgres::TablePolicy::Create);
        o.log = options_.log;
        sinks_[g].table =
            std::make_unique<postgres::TableWriter>(target.conninfo, tableSpecFor(info), o);
        sinks_[g].resumeAfter = sinks_[g].table->committedSequence();
        if (sinks_[g].resumeAfter > 0) {
            counters_[g].acknowledged = static_cast<std::uint64_t>(sinks_[g].resumeAfter);
            log(core::LogLevel::Info, fmt::format("{}: resuming after {} rows committed earlier",
                                                  info.name, sinks_[g].resumeAfter));
        }
    }

    KafkaCluster& clusterFor(const std::string& name, const KafkaTarget& target) {
        auto& c = clusters_[name];
        if (c.producer) return c;
        c.target = &target;
        kafka::ClientConfig config = target.config;
        applyProducerDefaults(config);  // throughput settings the connection did not set
        c.producer = std::make_unique<kafka::Producer>(
            config,
            [](const kafka::Producer::Delivery& d) {
                auto* counters = static_cast<StreamCounters*>(d.opaque);
                if (!counters) return;
                if (d.error == RD_KAFKA_RESP_ERR_NO_ERROR) {
                    counters->acknowledged.fetch_add(1, std::memory_order_relaxed);
                    counters->bytes.fetch_add(d.bytes, std::memory_order_relaxed);
                } else {
                    counters->failed.fetch_add(1, std::memory_order_relaxed);
                }
            },
            kafka::ProducerOptions{.log = options_.log});
        if (!target.registry.url.empty())
            c.registry = std::make_unique<registry::SchemaRegistryClient>(target.registry);
        return c;
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
        if (!control.pause.empty() || !control.resume.empty()) publish(session);
    }

    void generateAll() {
        generate::Session session(
            program_, {.seed = options_.seed, .speed = options_.speed, .clock = options_.clock});
        const auto t0 = Clock::now();
        const auto deadline =
            options_.duration ? std::optional(t0 + *options_.duration) : std::nullopt;
        {
            std::lock_guard lock(run_.mutex_);
            run_.status_.state = RunState::Running;
        }
        generate::Event ev;
        auto lastPublish = Clock::now();
        anchorReal_ = t0;
        anchorDueMs_ = 0;
        pace_ = 1.0;
        bool idle = false;
        for (;;) {
            if (stop_.stop_requested()) return stopNow(session, RunState::Stopped);
            if (deadline && Clock::now() >= *deadline) return stopNow(session, RunState::Stopped);
            checkControl(session);
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
                idle = true;  // the flush took real time: the new stage paces from now on
            }
            if (idle) {
                // After a pause of everything (or a stage barrier) the throttles continue from
                // now instead of catching up on the time spent waiting.
                anchorReal_ = Clock::now();
                anchorDueMs_ = ev.dueMs;
                idle = false;
            }
            const auto now = pace(ev, deadline, counters_[ev.generator].throttledUs);
            dispatch(ev);
            if (now - lastPublish >= std::chrono::milliseconds(100)) {
                writeDueBatches(false);
                publish(session);
                lastPublish = Clock::now();
            }
        }
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
            const auto step =
                std::min<Clock::duration>(due - Clock::now(), std::chrono::milliseconds(20));
            if (step > Clock::duration::zero()) std::this_thread::sleep_for(step);
        }
    }

    void dispatch(const generate::Event& ev) {
        Sink& sink = sinks_[ev.generator];
        StreamCounters& counters = counters_[ev.generator];
        const auto& info = program_.generators()[ev.generator];
        // Only this thread writes `generated`: a plain store, no locked read-modify-write.
        counters.generated.store(counters.generated.load(std::memory_order_relaxed) + 1,
                                 std::memory_order_relaxed);
        if (sink.cluster) {
            const std::string_view key = ev.keyJson == "null" ? std::string_view{} : ev.keyJson;
            std::string_view value = ev.payloadJson;
            if (sink.avro) {
                avroBuffer_.clear();
                sink.avro->serialize(toJson(ev.payload), avroBuffer_);
                value = avroBuffer_.view();
            }
            sink.cluster->producer->produce(info.target, key, value, RD_KAFKA_PARTITION_UA,
                                            &counters);
            return;
        }
        // PostgreSQL: sequence numbers start at 1; rows a previous run committed are skipped.
        const auto sequence = static_cast<std::int64_t>(ev.sequence) + 1;
        if (sequence <= sink.resumeAfter) return;
        const auto fields = ev.fields();
        sink.batch.beginRow(sequence);
        const auto& spec = sink.table->spec();
        for (std::size_t c = 0; c < spec.columns.size(); ++c) {
            const generate::Value* v = nullptr;
            if (c < fields.size() && fields[c].key == spec.columns[c].name) {
                v = &fields[c].value;
            } else {
                for (const auto& m : fields)
                    if (m.key == spec.columns[c].name) v = &m.value;
            }
            if (!v || v->isNull()) {
                sink.batch.addNull();
                continue;
            }
            switch (v->kind) {
                case generate::ValueKind::Bool:
                    sink.batch.addBool(v->boolean);
                    break;
                case generate::ValueKind::Int:
                    sink.batch.addInt(v->integer);
                    break;
                case generate::ValueKind::Double:
                    sink.batch.addDouble(v->number);
                    break;
                case generate::ValueKind::String:
                    sink.batch.addText(v->string());
                    break;
                default:
                    sink.batch.addJson(toJson(*v));
                    break;
            }
        }
        sink.batch.endRow();
        if (sink.table->batchDue(sink.batch)) writeBatch(ev.generator);
    }

    void writeBatch(std::size_t g) {
        Sink& sink = sinks_[g];
        if (sink.batch.empty()) return;
        const std::size_t committed = sink.table->write(sink.batch);
        counters_[g].acknowledged.fetch_add(committed, std::memory_order_relaxed);
        counters_[g].bytes.fetch_add(sink.batch.bytes(), std::memory_order_relaxed);
        sink.batch.clear();
    }

    void writeDueBatches(bool all) {
        for (std::size_t g = 0; g < sinks_.size(); ++g)
            if (sinks_[g].table && !sinks_[g].batch.empty() &&
                (all || sinks_[g].table->batchDue(sinks_[g].batch)))
                writeBatch(g);
    }

    void flushAll(std::chrono::milliseconds timeout) {
        writeDueBatches(true);
        for (auto& [name, cluster] : clusters_) {
            if (!cluster.producer->flush(timeout))
                throw Error("Kafka (" + cluster.target->label +
                            ") did not acknowledge everything within " +
                            std::to_string(timeout.count() / 1000) +
                            " s: " + cluster.producer->lastError());
        }
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
            s.throttledSeconds =
                static_cast<double>(c.throttledUs.load(std::memory_order_relaxed)) / 1e6;
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
    std::vector<Sink> sinks_;
    std::map<std::string, KafkaCluster> clusters_;
    avro::Buffer avroBuffer_;
    std::map<std::size_t, std::uint64_t> lastAcked_;
    Clock::time_point lastRateAt_ = Clock::now();
    // Pacing: logical time anchorDueMs_ is due at anchorReal_; later times scale by pace_.
    Clock::time_point anchorReal_ = Clock::now();
    double anchorDueMs_ = 0;
    double pace_ = 1.0;
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
