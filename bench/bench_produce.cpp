// Produce throughput: the built-in River Hotels clickstream generator run through our real path
// (run::ScenarioRun: generation, JSON serialisation, kafka::Producer with the run's defaults)
// into a real broker, against a raw librdkafka producer (plain C API) sending the same
// pre-serialised keys and values with the same producer properties, in the same process and
// run. Rounds alternate raw / ours; the best round of each counts (the machine is shared).
//
// Our figure is the clickstream stage of a scenario (customers and hotels seeded into
// PostgreSQL first, as the lookups need them; not timed): from the stage's start to the last
// delivery report. The raw figure: from the first produce to the end of flush(). CPU time is
// the whole process's (librdkafka's threads included) over the same interval.
//
// Usage: bench_produce [--events N] [--rounds R] [--bootstrap HOST:PORT] [--postgres CONNINFO]
// Defaults: 500,000 events, 3 rounds, RIVERDELTA_TEST_KAFKA_BOOTSTRAP and
// RIVERDELTA_TEST_PG_CONNINFO (source the test services' env.sh).
#include <fmt/format.h>
#include <librdkafka/rdkafka.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/thread_cpu_timer.h"
#include "engine/generate/clock.h"
#include "engine/generate/compiler.h"
#include "engine/generate/session.h"
#include "engine/kafka/producer.h"
#include "engine/kafka/topic_admin.h"
#include "engine/postgres/connection.h"
#include "engine/run/scenario_run.h"
#include "engine/scenario/builtin_scenarios.h"

using namespace riverdelta;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::int64_t kNowMs = 1'790'000'000'000;
constexpr std::uint64_t kSeed = 11;

double processCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string builtinText(const std::string& path) {
    std::string error;
    auto text = scenario::builtinFiles()->read(path, error);
    if (!text) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), error.c_str());
        std::exit(1);
    }
    return *text;
}

// The built-in scenario cut down to its seed stage and the historical clickstream generator,
// with `events` clicks into `topic` and no throttle.
std::unique_ptr<generate::Program> clickstreamProgram(std::uint64_t events,
                                                      const std::string& topic) {
    const std::string dir = "builtin:/river-hotels/";
    auto clicks =
        nlohmann::json::parse(builtinText(dir + "generators/clickstream_historical.json"));
    clicks["topic"] = topic;
    clicks["localConfigs"]["maxEvents"] = events;
    clicks["localConfigs"].erase("throttleMs");
    clicks["localConfigs"]["avroSchemaHint"]["value"]["file"] =
        dir + "schemas/clickstream.avsc.json";
    auto scenario = nlohmann::json::parse(R"json({
      "generators": [
        { "_gen": "loadJsonFile", "file": "generators/customer.json" },
        { "_gen": "loadJsonFile", "file": "generators/hotel.json" }
      ],
      "schedule": { "stages": [ { "generators": ["customer", "hotel"] },
                                { "generators": ["clickstream_historical"] } ] },
      "connections": {
        "postgres": { "_gen": "loadJsonFile", "file": "connections/postgres.json" },
        "kafka": { "_gen": "loadJsonFile", "file": "connections/kafka.json" }
      }
    })json");
    scenario["generators"].push_back(clicks);
    auto resolver = scenario::makeResolver();
    scenario::Diagnostics diagnostics;
    auto program =
        generate::compileText(dir + "bench-produce.json", scenario.dump(), resolver, diagnostics);
    if (!program) {
        std::fprintf(stderr, "%s", diagnostics.format().c_str());
        std::exit(1);
    }
    return program;
}

struct Payload {
    std::string key, value;
};

// The clickstream events the run will produce (same program, seed and clock).
std::vector<Payload> pregenerate(const generate::Program& program,
                                 const generate::RunClock& clock) {
    generate::Session session(program, {.seed = kSeed, .clock = &clock});
    generate::Event ev;
    std::vector<Payload> out;
    while (session.next(ev) == generate::Session::Status::Event) {
        if (program.generators()[ev.generator].kind != generate::TargetKind::Topic) continue;
        out.push_back({ev.keyJson == "null" ? std::string() : std::string(ev.keyJson),
                       std::string(ev.payloadJson)});
    }
    return out;
}

struct Result {
    double seconds = 0;
    double cpuSeconds = 0;
    std::uint64_t events = 0;
    std::uint64_t bytes = 0;
    [[nodiscard]] double rate() const { return static_cast<double>(events) / seconds; }
    [[nodiscard]] double cpuRate() const { return static_cast<double>(events) / cpuSeconds; }
};

// The properties both producers use: the run's defaults plus the Producer's own.
kafka::ClientConfig producerConfig(const std::string& bootstrap) {
    kafka::ClientConfig config;
    config.bootstrapServers = bootstrap;
    run::applyProducerDefaults(config);
    config.set("enable.idempotence", "true");
    config.set("message.timeout.ms",
               std::to_string(kafka::Producer::kDefaultDeliveryTimeout.count()));
    return config;
}

struct RawCounters {
    std::atomic<std::uint64_t> acked{0}, failed{0}, bytes{0};
};

void rawDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    auto* c = static_cast<RawCounters*>(opaque);
    if (msg->err) {
        c->failed.fetch_add(1, std::memory_order_relaxed);
    } else {
        c->acked.fetch_add(1, std::memory_order_relaxed);
        c->bytes.fetch_add(msg->len + msg->key_len, std::memory_order_relaxed);
    }
}

Result rawRun(const std::string& bootstrap, const std::string& topic,
              const std::vector<Payload>& payloads) {
    RawCounters counters;
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[512];
    const auto config = producerConfig(bootstrap);
    auto set = [&](const std::string& k, const std::string& v) {
        if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
            std::fprintf(stderr, "raw producer: %s\n", err);
            std::exit(1);
        }
    };
    set("bootstrap.servers", bootstrap);
    for (const auto& [k, v] : config.properties)
        set(k, v);
    rd_kafka_conf_set_dr_msg_cb(conf, rawDelivery);
    rd_kafka_conf_set_opaque(conf, &counters);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) {
        std::fprintf(stderr, "raw producer: %s\n", err);
        std::exit(1);
    }
    const kafka::TopicSpec spec{topic, 1};
    kafka::ensureTopics(rk, std::span(&spec, 1), std::chrono::seconds(30));
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
    // One delivered message before timing: connections and the idempotent producer id are in
    // place, as they are for our producer once the seed stage has run.
    const auto& first = payloads.front();
    if (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                         const_cast<char*>(first.value.data()), first.value.size(),
                         first.key.data(), first.key.size(), nullptr) != 0 ||
        rd_kafka_flush(rk, 60'000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        std::fprintf(stderr, "raw producer: warm-up message not delivered\n");
        std::exit(1);
    }
    counters.acked = 0;
    counters.bytes = 0;

    const auto t0 = Clock::now();
    const double cpu0 = processCpuSeconds();
    for (const auto& p : payloads) {
        while (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                                const_cast<char*>(p.value.data()), p.value.size(),
                                p.key.empty() ? nullptr : p.key.data(), p.key.size(),
                                nullptr) != 0) {
            if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                std::fprintf(stderr, "raw produce: %s\n", rd_kafka_err2str(rd_kafka_last_error()));
                std::exit(1);
            }
            rd_kafka_poll(rk, 1);
        }
        rd_kafka_poll(rk, 0);
    }
    if (rd_kafka_flush(rk, 120'000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        std::fprintf(stderr, "raw producer: flush timed out\n");
        std::exit(1);
    }
    Result r;
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    r.cpuSeconds = processCpuSeconds() - cpu0;
    r.events = counters.acked.load();
    r.bytes = counters.bytes.load();
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    if (counters.failed.load() != 0 || r.events != payloads.size()) {
        std::fprintf(stderr, "raw producer: %llu acknowledged, %llu failed of %zu\n",
                     static_cast<unsigned long long>(r.events),
                     static_cast<unsigned long long>(counters.failed.load()), payloads.size());
        std::exit(1);
    }
    return r;
}

// Diagnostics: our kafka::Producer alone with the pre-serialised payloads, and generation
// alone (the clickstream stage into a null sink, this thread's CPU time).
Result producerOnlyRun(const std::string& bootstrap, const std::string& topic,
                       const std::vector<Payload>& payloads) {
    kafka::Producer producer(producerConfig(bootstrap));
    const kafka::TopicSpec spec{topic, 1};
    kafka::ensureTopics(producer.handle(), std::span(&spec, 1), std::chrono::seconds(30));
    producer.produce(topic, payloads.front().key, payloads.front().value);
    producer.flush(std::chrono::seconds(60));
    const auto before = producer.counters();
    const auto t0 = Clock::now();
    const double cpu0 = processCpuSeconds();
    for (const auto& p : payloads)
        producer.produce(topic, p.key, p.value);
    if (!producer.flush(std::chrono::minutes(2))) {
        std::fprintf(stderr, "our producer: flush timed out\n");
        std::exit(1);
    }
    Result r;
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    r.cpuSeconds = processCpuSeconds() - cpu0;
    const auto after = producer.counters();
    r.events = after.acknowledged - before.acknowledged;
    r.bytes = after.bytes - before.bytes;
    return r;
}

Result generationOnlyRun(const generate::Program& program, const generate::RunClock& clock) {
    generate::Session session(program, {.seed = kSeed, .clock = &clock});
    generate::Event ev;
    Result r;
    std::optional<ThreadCpuTimer> cpu;
    auto t0 = Clock::now();
    while (session.next(ev) == generate::Session::Status::Event) {
        if (program.generators()[ev.generator].kind != generate::TargetKind::Topic) continue;
        if (!cpu) {
            cpu.emplace();
            t0 = Clock::now();
        }
        ++r.events;
        r.bytes += ev.keyJson.size() + ev.payloadJson.size();
    }
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    r.cpuSeconds = cpu ? cpu->seconds() : 0;
    return r;
}

Result ourRun(const generate::Program& program, const generate::RunClock& clock,
              const std::string& bootstrap, const std::string& conninfo, int round,
              std::uint64_t events) {
    run::TargetOverrides overrides;
    kafka::ClientConfig kc;
    kc.bootstrapServers = bootstrap;
    overrides.kafka = run::KafkaTarget{.config = kc, .label = bootstrap};
    overrides.postgres = run::PostgresTarget{conninfo, postgres::TablePolicy::DropAndCreate};
    run::ScenarioRun scenario(program, run::resolveTargets(program, overrides),
                              {.seed = kSeed,
                               .runId = fmt::format("bench-produce-{}-{}", ::getpid(), round),
                               .clock = &clock});
    scenario.start();
    // The clickstream stage starts once the seed stage is committed.
    double cpu0 = 0;
    for (;;) {
        const auto s = scenario.status();
        if (s.stageStarted.size() >= 2 || s.state == run::RunState::Failed ||
            s.state == run::RunState::Finished) {
            cpu0 = processCpuSeconds();
            break;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    scenario.waitFinished(std::chrono::minutes(10));
    const double cpu1 = processCpuSeconds();
    const auto s = scenario.status();
    if (s.state != run::RunState::Finished || s.stageStarted.size() < 2 || !s.endedAt) {
        std::fprintf(stderr, "our run: %s %s\n", run::toString(s.state), s.error.c_str());
        std::exit(1);
    }
    Result r;
    r.seconds = std::chrono::duration<double>(*s.endedAt - s.stageStarted[1]).count();
    r.cpuSeconds = cpu1 - cpu0;
    for (const auto& st : s.streams)
        if (!st.table) {
            r.events += st.acknowledged;
            r.bytes += st.bytes;
            if (st.failed) {
                std::fprintf(stderr, "our run: %llu failed deliveries\n",
                             static_cast<unsigned long long>(st.failed));
                std::exit(1);
            }
        }
    if (r.events != events) {
        std::fprintf(stderr, "our run: %llu acknowledged of %llu\n",
                     static_cast<unsigned long long>(r.events),
                     static_cast<unsigned long long>(events));
        std::exit(1);
    }
    return r;
}

std::string withDatabase(std::string conninfo, const std::string& db) {
    const auto at = conninfo.find("dbname=");
    if (at != std::string::npos) {
        const auto end = conninfo.find(' ', at);
        conninfo.erase(at, end == std::string::npos ? std::string::npos : end - at + 1);
    }
    return conninfo + " dbname=" + db;
}

void print(const char* name, const Result& r) {
    std::printf("  %-34s %8.2f s %11.0f msg/s %8.2f CPU-s %11.0f msg/CPU-s %6.1f B/msg\n", name,
                r.seconds, r.rate(), r.cpuSeconds, r.cpuRate(),
                static_cast<double>(r.bytes) / static_cast<double>(r.events));
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t events = 500'000;
    int rounds = 3;
    std::string bootstrap = std::getenv("RIVERDELTA_TEST_KAFKA_BOOTSTRAP")
                                ? std::getenv("RIVERDELTA_TEST_KAFKA_BOOTSTRAP")
                                : "";
    std::string conninfo = std::getenv("RIVERDELTA_TEST_PG_CONNINFO")
                               ? std::getenv("RIVERDELTA_TEST_PG_CONNINFO")
                               : "";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string opt = argv[i];
        if (opt == "--events")
            events = std::strtoull(argv[i + 1], nullptr, 10);
        else if (opt == "--rounds")
            rounds = std::max(1, std::atoi(argv[i + 1]));
        else if (opt == "--bootstrap")
            bootstrap = argv[i + 1];
        else if (opt == "--postgres")
            conninfo = argv[i + 1];
        else {
            std::fprintf(stderr, "bench_produce: unknown option %s\n", opt.c_str());
            return 2;
        }
    }
    if (bootstrap.empty() || conninfo.empty() || events == 0) {
        std::fprintf(stderr,
                     "usage: bench_produce [--events N] [--rounds R] [--bootstrap HOST:PORT] "
                     "[--postgres CONNINFO]\n(defaults from the test services' env.sh: "
                     "RIVERDELTA_TEST_KAFKA_BOOTSTRAP, RIVERDELTA_TEST_PG_CONNINFO)\n");
        return 2;
    }
    const std::string stamp = fmt::format("{}_{}", ::getpid(), std::time(nullptr));
    const std::string ourTopic = "bench_produce_ours_" + stamp;
    const std::string rawTopic = "bench_produce_raw_" + stamp;
    const std::string db = "bench_produce_" + stamp;
    postgres::Connection(conninfo).exec("CREATE DATABASE " + db);
    const std::string target = withDatabase(conninfo, db);

    const generate::FixedClock clock(kNowMs);
    auto program = clickstreamProgram(events, ourTopic);
    const auto payloads = pregenerate(*program, clock);
    if (payloads.size() != events) {
        std::fprintf(stderr, "pre-generated %zu events, expected %llu\n", payloads.size(),
                     static_cast<unsigned long long>(events));
        return 1;
    }
    std::vector<Result> ours, raw, producerOnly, generationOnly;
    for (int round = 0; round < rounds; ++round) {
        raw.push_back(rawRun(bootstrap, rawTopic, payloads));
        ours.push_back(ourRun(*program, clock, bootstrap, target, round, events));
        producerOnly.push_back(producerOnlyRun(bootstrap, rawTopic, payloads));
        generationOnly.push_back(generationOnlyRun(*program, clock));
        std::printf(
            "round %d: raw %.0f msg/s (%.2f CPU-s), ours %.0f msg/s (%.2f CPU-s), ratio "
            "%.2f; kafka::Producer alone %.0f msg/s (%.2f CPU-s)\n",
            round + 1, raw.back().rate(), raw.back().cpuSeconds, ours.back().rate(),
            ours.back().cpuSeconds, ours.back().rate() / raw.back().rate(),
            producerOnly.back().rate(), producerOnly.back().cpuSeconds);
        std::fflush(stdout);
    }
    postgres::Connection(conninfo).exec("DROP DATABASE " + db);

    auto best = [](const std::vector<Result>& rs) {
        return *std::max_element(rs.begin(), rs.end(), [](const Result& a, const Result& b) {
            return a.rate() < b.rate();
        });
    };
    const Result o = best(ours), r = best(raw);
    const auto config = producerConfig(bootstrap);
    std::string settings;
    for (const auto& [k, v] : config.properties)
        settings += (settings.empty() ? "" : ", ") + k + "=" + v;
    std::printf("\nbuilt-in clickstream generator, %llu events, 1 partition, broker %s\n",
                static_cast<unsigned long long>(events), bootstrap.c_str());
    std::printf("producer settings (both): %s\n", settings.c_str());
    std::printf("best of %d rounds:\n", rounds);
    print("riverdelta run (generate+produce)", o);
    print("raw librdkafka (pre-serialised)", r);
    std::printf("diagnostics (best rounds):\n");
    print("kafka::Producer alone (pre-ser.)", best(producerOnly));
    const Result gen = best(generationOnly);
    std::printf("  %-34s %8.2f s %11.0f ev/s  %8.2f CPU-s (this thread)\n",
                "generation alone (null sink)", gen.seconds, gen.rate(), gen.cpuSeconds);
    std::printf("  ratio ours / raw: %.2f wall, %.2f per CPU-second   target >= 0.8 wall: %s\n",
                o.rate() / r.rate(), o.cpuRate() / r.cpuRate(),
                o.rate() / r.rate() >= 0.8 ? "met" : "NOT met");
    return 0;
}
