// Start latency: how soon a run of the built-in River Hotels scenario has its first seed rows
// committed (what the console's seed bar shows at its next 100 ms poll), and how long its seed
// stage takes, beside the floor a hand-written loader cannot beat on the same server: connect,
// CREATE TABLE, COPY the same 1,000 customer rows, COMMIT. Each repetition runs on a fresh
// database; Kafka is the sandbox's in-process cluster (the seed writes PostgreSQL only, but the
// run opens every sink before its first event).
//
// Usage: bench_run_start [REPETITIONS]   (default 7)
// Needs RIVERDELTA_TEST_PG_CONNINFO (scripts/test-services.sh).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "engine/generate/compiler.h"
#include "engine/kafka/embedded_cluster.h"
#include "engine/postgres/connection.h"
#include "engine/run/scenario_run.h"
#include "engine/scenario/builtin_scenarios.h"
#include "engine/scenario/diagnostic.h"

using namespace riverdelta;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::string withDatabase(const std::string& conninfo, const std::string& db) {
    return conninfo + " dbname=" + db;  // a later keyword wins in a libpq conninfo
}

struct RunTimes {
    double firstRows = -1;  // the customer stream's first acknowledged (committed) rows
    double seedDone = -1;   // the seed stage finished
};

RunTimes timeRun(const generate::Program& program, const std::string& conninfo,
                 kafka::EmbeddedCluster& cluster, const std::string& runId) {
    run::TargetOverrides overrides;
    kafka::ClientConfig kc;
    kc.bootstrapServers = cluster.bootstrapServers();
    overrides.kafka = run::KafkaTarget{.config = kc, .embedded = &cluster, .label = "sandbox"};
    overrides.postgres = run::PostgresTarget{.conninfo = conninfo, .label = "bench"};
    run::ScenarioRun scenario(program, run::resolveTargets(program, overrides),
                              {.seed = 7, .lastStage = 0, .runId = runId});
    std::size_t customer = 0;
    for (std::size_t g = 0; g < program.generators().size(); ++g)
        if (program.generators()[g].name == "customer") customer = g;
    RunTimes t;
    const auto t0 = Clock::now();
    scenario.start();
    for (;;) {
        const auto status = scenario.status();
        if (t.firstRows < 0 && status.streams.size() > customer &&
            status.streams[customer].acknowledged > 0)
            t.firstRows = msSince(t0);
        if (status.state == run::RunState::Failed) {
            std::fprintf(stderr, "run failed: %s\n", status.error.c_str());
            std::exit(1);
        }
        if (status.state == run::RunState::Finished) break;
        if (msSince(t0) > 120000) {
            std::fprintf(stderr, "the seed did not finish within 120 s\n");
            std::exit(1);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    t.seedDone = msSince(t0);
    return t;
}

// The floor: one connection, the customer table, one COPY of 1,000 rows, one commit.
double timeFloor(const std::string& conninfo) {
    std::string data;
    for (int i = 0; i < 1000; ++i)
        data += "C" + std::to_string(1000 + i) + "\tfirst" + std::to_string(i) + ".last" +
                std::to_string(i) + "@example.com\tFirst" + std::to_string(i) + "\tLast" +
                std::to_string(i) + "\t1980-01-01\tmember\t1780000000000\t1780000000000\n";
    const auto t0 = Clock::now();
    postgres::Connection db(conninfo);
    db.exec("BEGIN");
    db.exec(
        "CREATE TABLE customer (customer_id VARCHAR(16) NOT NULL UNIQUE, email VARCHAR(128) "
        "PRIMARY KEY, first_name VARCHAR(64) NOT NULL, last_name VARCHAR(64) NOT NULL, "
        "birth_date VARCHAR(10), loyalty_tier VARCHAR(16) NOT NULL, created_at BIGINT NOT NULL, "
        "updated_at BIGINT NOT NULL)");
    db.copyIn("COPY customer FROM STDIN", data);
    db.exec("COMMIT");
    return msSince(t0);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const char* conninfo = std::getenv("RIVERDELTA_TEST_PG_CONNINFO");
    if (!conninfo) {
        std::fprintf(stderr,
                     "bench_run_start: source the test services' env.sh first "
                     "(RIVERDELTA_TEST_PG_CONNINFO)\n");
        return 2;
    }
    const int repetitions = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
    scenario::Diagnostics diags;
    const auto program = generate::loadProgram(scenario::builtinScenarioPath(), {}, diags);
    if (!program) {
        std::fprintf(stderr, "built-in scenario: %s\n", diags.format().c_str());
        return 1;
    }
    kafka::EmbeddedCluster cluster;
    postgres::Connection admin(conninfo);
    const std::string prefix = "bench_start_" + std::to_string(::getpid()) + "_";
    std::vector<double> floor, first, seed;
    for (int i = 0; i < repetitions; ++i) {
        const std::string floorDb = prefix + "floor" + std::to_string(i);
        const std::string runDb = prefix + "run" + std::to_string(i);
        admin.exec("CREATE DATABASE " + floorDb);
        admin.exec("CREATE DATABASE " + runDb);
        floor.push_back(timeFloor(withDatabase(conninfo, floorDb)));
        const auto t = timeRun(*program, withDatabase(conninfo, runDb), cluster, runDb);
        first.push_back(t.firstRows);
        seed.push_back(t.seedDone);
        admin.exec("DROP DATABASE " + floorDb);
        admin.exec("DROP DATABASE " + runDb + " WITH (FORCE)");
        std::printf("  run %d: floor %.0f ms, first seed rows %.0f ms, seed done %.0f ms\n", i + 1,
                    floor.back(), first.back(), seed.back());
    }
    std::printf(
        "built-in River Hotels, seed stage (1,000 customers, 30 hotels), %d runs, medians:\n",
        repetitions);
    std::printf("floor: connect, CREATE TABLE, COPY 1,000 rows, COMMIT  %6.0f ms\n", median(floor));
    std::printf(
        "run start -> first seed rows committed               %6.0f ms  (%.1fx the floor)\n",
        median(first), median(first) / median(floor));
    std::printf("run start -> seed stage done (every sink opened)     %6.0f ms\n", median(seed));
    std::printf("target: the console shows the seed's rows within 1 s of Start all: %s\n",
                median(first) + 100 < 1000 ? "met" : "MISSED");
    return 0;
}
