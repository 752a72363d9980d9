// Change events per second from a bulk insert, PostgreSQL -> Kafka through cdc::PgSource,
// beside pg_recvlogical reading the same changes with pgoutput to /dev/null, in the same run.
//
//   bench_cdc [--postgres CONNINFO] [--kafka BOOTSTRAP] [--rows N] [--rounds R]
//             [--pg-bindir DIR] [--kafka-property key=value ...] [--broker-pid PID]
//             [--postmaster-pid PID]
//
// Each round bulk-inserts N rows (default 200,000) in one transaction, then times
// pg_recvlogical and Riverdelta on it; the medians over R rounds (default 3) are compared, since a
// shared 2-core machine makes single runs noisy. Odd rounds run pg_recvlogical first, even rounds
// Riverdelta first.
// Defaults come from the test services' environment (RIVERDELTA_TEST_PG_CONNINFO,
// RIVERDELTA_TEST_KAFKA_BOOTSTRAP, RIVERDELTA_TEST_PG_BINDIR). Both readers get their own slot,
// created before the insert, and read exactly the WAL of the bulk insert.
//
// CPU time is printed beside wall time, since the machine is shared: each reader's own process
// (ours split per thread: rd-cdc decodes, serialises and enqueues; rdk:broker* batch, compress
// and send; rdk:main), the PostgreSQL server's processes (the walsender decodes for both
// readers) and, when its pid is known (--broker-pid, default from the test services), the
// Kafka broker.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/cdc/lsn.h"
#include "engine/cdc/pg_source.h"
#include "engine/core/command_line.h"
#include "engine/core/process.h"
#include "engine/kafka/producer.h"
#include "engine/postgres/connection.h"

using namespace riverdelta;
using Clock = std::chrono::steady_clock;

namespace {

std::string envOr(const char* name, std::string fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

// utime + stime (and, with children, cutime + cstime: reaped children such as exited
// walsenders) of /proc/<path>/stat, in seconds; 0 when unreadable.
std::string readSmallFile(const std::string& path) {
    std::string out;
    if (std::FILE* f = std::fopen(path.c_str(), "r")) {
        char buffer[1024];
        std::size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0)
            out.append(buffer, n);
        std::fclose(f);
    }
    return out;
}

double procCpu(const std::string& statPath, bool withChildren) {
    const std::string stat = readSmallFile(statPath);
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    std::vector<std::string> f;
    while (fields >> field && f.size() < 16)
        f.push_back(field);
    if (f.size() < 15) return 0;
    // After "pid (comm) ": state is f[0]; utime f[11], stime f[12], cutime f[13], cstime f[14].
    double ticks = std::stod(f[11]) + std::stod(f[12]);
    if (withChildren) ticks += std::stod(f[13]) + std::stod(f[14]);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// CPU seconds of every thread of this process, summed by thread name.
std::map<std::string, double> threadCpu() {
    std::map<std::string, double> out;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream comm(task.path() / "comm");
        std::string name;
        std::getline(comm, name);
        if (name.rfind("rdk:broker", 0) == 0) name = "rdk:broker";
        out[name] += procCpu((task.path() / "stat").string(), false);
    }
    return out;
}

// CPU seconds of a server process tree: the process and its reaped children.
double treeCpu(long pid) {
    if (pid <= 0) return 0;
    double total = procCpu("/proc/" + std::to_string(pid) + "/stat", true);
    // Live children too (walsenders and backends still running).
    for (const auto& proc : std::filesystem::directory_iterator("/proc")) {
        const std::string name = proc.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        const std::string stat = readSmallFile((proc.path() / "stat").string());
        const auto close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream fields(stat.substr(close + 2));
        std::string state;
        long ppid = 0;
        fields >> state >> ppid;
        if (ppid == pid) total += procCpu((proc.path() / "stat").string(), false);
    }
    return total;
}

long pidFromFile(const std::string& path) {
    std::ifstream in(path);
    long pid = 0;
    in >> pid;
    return pid;
}

double selfCpu() {
    return procCpu("/proc/self/stat", false);
}
double childrenCpu() {
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    core::CommandLine cl(args, {.valueOptions = {"--postgres", "--kafka", "--rows", "--rounds",
                                                 "--pg-bindir", "--broker-pid", "--postmaster-pid"},
                                .flagOptions = {"--help"},
                                .repeatableOptions = {"--kafka-property"}});
    if (!cl.ok() || cl.flag("--help")) {
        std::fprintf(stderr,
                     "usage: bench_cdc [--postgres CONNINFO] [--kafka BOOTSTRAP] [--rows N] "
                     "[--rounds R] [--pg-bindir DIR] [--kafka-property key=value]\n%s\n",
                     cl.error().c_str());
        return cl.ok() ? 0 : 2;
    }
    const std::string conninfo =
        cl.value("--postgres").value_or(envOr("RIVERDELTA_TEST_PG_CONNINFO", ""));
    const std::string bootstrap =
        cl.value("--kafka").value_or(envOr("RIVERDELTA_TEST_KAFKA_BOOTSTRAP", ""));
    const std::string bindir =
        cl.value("--pg-bindir")
            .value_or(envOr("RIVERDELTA_TEST_PG_BINDIR", "/usr/lib/postgresql/15/bin"));
    const std::string servicesDir = envOr("RIVERDELTA_TEST_SERVICES_DIR", "");
    const long brokerPid = std::stol(
        cl.value("--broker-pid")
            .value_or(std::to_string(
                servicesDir.empty() ? 0 : pidFromFile(servicesDir + "/kafka/kafka.pid"))));
    const std::string pgData = envOr("RIVERDELTA_TEST_PG_DATADIR", "");
    const long postmasterPid =
        std::stol(cl.value("--postmaster-pid")
                      .value_or(std::to_string(
                          pgData.empty() ? 0 : pidFromFile(pgData + "/postmaster.pid"))));
    const long rows = std::stol(cl.value("--rows").value_or("200000"));
    const int rounds = std::stoi(cl.value("--rounds").value_or("3"));
    if (conninfo.empty() || bootstrap.empty()) {
        std::fprintf(stderr,
                     "bench_cdc: give --postgres and --kafka (or source the test services' "
                     "env.sh)\n");
        return 2;
    }

    const std::string suffix = std::to_string(std::chrono::system_clock::now().time_since_epoch() /
                                              std::chrono::milliseconds(1));
    const std::string database = "bench_cdc_" + suffix;
    const std::string prefix = "bench" + suffix;
    {
        postgres::Connection admin(conninfo);
        admin.exec("CREATE DATABASE " + database);
    }
    const std::string db = conninfo + " dbname=" + database;
    int status = 0;
    try {
        postgres::Connection conn(db);
        // Flush the insert's WAL at commit (the test services run with synchronous_commit=off):
        // both readers then see the whole transaction at once instead of after a WAL writer
        // cycle, and the end position below is where it ends.
        conn.exec("SET synchronous_commit = on");
        conn.exec("CREATE SCHEMA cdc");
        kafka::ClientConfig kafkaConfig;
        kafkaConfig.bootstrapServers = bootstrap;
        for (const auto& property : cl.values("--kafka-property")) {
            const auto eq = property.find('=');
            if (eq == std::string::npos) throw Error("--kafka-property wants key=value");
            kafkaConfig.set(property.substr(0, eq), property.substr(eq + 1));
        }

        // Create the topics up front and let the broker settle: a freshly auto-created topic
        // costs a new producer about a second before its first acknowledgement, which is not
        // what this measures.
        for (int round = 1; round <= rounds; ++round) {
            kafka::Producer warmup(kafkaConfig);
            warmup.produce(prefix + ".cdc.customer_r" + std::to_string(round), "warmup", "{}");
            if (!warmup.flush(std::chrono::seconds(30))) throw Error("Kafka warm-up failed");
        }
        std::this_thread::sleep_for(std::chrono::seconds(2));

        std::vector<double> recvRates, oursRates, ratios;
        for (int round = 1; round <= rounds; ++round) {
            // Fresh table, publication and slots per round: a reused slot would decode the
            // previous round's WAL again before reaching the new changes.
            const std::string table = "customer_r" + std::to_string(round);
            const std::string publication = "bench_pub_r" + std::to_string(round);
            const std::string ours = "bench_ours_" + suffix + "_r" + std::to_string(round);
            const std::string baseline = "bench_recv_" + suffix + "_r" + std::to_string(round);
            // No autovacuum on the bench table: its ANALYZE of the fresh rows would land in
            // whichever reader runs at that moment.
            conn.exec("CREATE TABLE cdc." + table +
                      " (customer_id text NOT NULL, email text PRIMARY KEY, first_name text, "
                      "last_name text, birth_date text, city text, score numeric, visits int, "
                      "created_at bigint, updated_at timestamp) WITH (autovacuum_enabled = false)");
            cdc::PgSourceOptions options;
            options.postgresConninfo = db;
            options.kafka = kafkaConfig;
            options.tables = {"cdc." + table};
            options.topicPrefix = prefix;
            options.slotName = ours;
            options.publicationName = publication;
            {
                // Creates the publication and our slot (empty table: an empty snapshot).
                cdc::PgSource source(options);
                source.start();
                while (source.status().state == cdc::SourceState::Starting ||
                       source.status().state == cdc::SourceState::Snapshotting)
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                if (source.status().state != cdc::SourceState::Streaming)
                    throw Error("source did not start: " + source.status().failureReason);
            }
            conn.exec("SELECT pg_create_logical_replication_slot('" + baseline + "', 'pgoutput')");
            const auto insertStart = Clock::now();
            conn.exec("INSERT INTO cdc." + table +
                      " SELECT 'C' || i, 'guest' || i || '@example.com', 'First' || i, "
                      "'Last' || i, (date '1950-01-01' + i % 20000)::text, 'City' || (i % 500), "
                      "(i % 1000) / 7.0, i % 50, 1700000000000 + i, "
                      "timestamp '2024-01-01' + i * interval '1 second' "
                      "FROM generate_series(1, " +
                      std::to_string(rows) + ") i");
            const double insertSeconds = seconds(Clock::now() - insertStart);
            const cdc::Lsn end =
                cdc::Lsn::fromString(conn.exec("SELECT pg_current_wal_lsn()").value(0, 0));

            // Alternate which reader goes first: the second one shares the machine with what the
            // insert left behind (checkpoint, WAL writer), so neither always gets it.
            double recvSeconds = 0, recvCpu = 0, recvServerCpu = 0;
            double oursSeconds = 0, oursCpu = 0, oursServerCpu = 0, brokerCpu = 0;
            std::map<std::string, double> threads0, threads1;
            // Stage timers: until streaming (connections, checks, producer), until the first
            // change event is produced (the walsender decodes the whole transaction first),
            // until the last is produced, until the last is acknowledged.
            double streamingAt = 0, firstAt = 0, producedAt = 0;
            // The server's share of a phase is complete once the reader's walsender has exited
            // and the postmaster has reaped it (its CPU then moves into the postmaster's cutime).
            auto settleServer = [&](const std::string& slot) {
                for (int i = 0; i < 100; ++i) {
                    if (conn.exec("SELECT active FROM pg_replication_slots WHERE slot_name = '" +
                                  slot + "'")
                            .value(0, 0) == "f")
                        break;
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
            };
            auto runBaseline = [&] {
                // Baseline: pg_recvlogical, pgoutput v1, to /dev/null, until the insert's end.
                const double recvChildCpu0 = childrenCpu(), recvServerCpu0 = treeCpu(postmasterPid);
                const auto recvStart = Clock::now();
                auto recv = core::runProcess(
                    {bindir + "/pg_recvlogical", "-d", db, "-S", baseline, "--start", "--no-loop",
                     "-o", "proto_version=1", "-o", "publication_names=" + publication, "-f",
                     "/dev/null", "-E", end.toString()},
                    {.timeout = std::chrono::minutes(10)});
                recvSeconds = seconds(Clock::now() - recvStart);
                if (!recv.ok()) throw Error("pg_recvlogical failed: " + recv.output);
                recvCpu = childrenCpu() - recvChildCpu0;
                settleServer(baseline);
                recvServerCpu = treeCpu(postmasterPid) - recvServerCpu0;
            };
            auto runOurs = [&] {
                // Ours: resume from our slot, decode, serialise, produce, wait for Kafka's acks.
                const double oursServerCpu0 = treeCpu(postmasterPid),
                             brokerCpu0 =
                                 brokerPid > 0
                                     ? procCpu("/proc/" + std::to_string(brokerPid) + "/stat",
                                               false)
                                     : 0;
                const double oursCpu0 = selfCpu();
                threads0 = threadCpu();
                const auto oursStart = Clock::now();
                {
                    cdc::PgSource source(options);
                    source.start();
                    for (;;) {
                        const auto s = source.status();
                        const double now = seconds(Clock::now() - oursStart);
                        if (!streamingAt && s.state == cdc::SourceState::Streaming)
                            streamingAt = now;
                        if (!firstAt && s.eventsProduced > 0) firstAt = now;
                        if (!producedAt && s.eventsProduced >= static_cast<std::uint64_t>(rows))
                            producedAt = now;
                        if (s.eventsAcknowledged >= static_cast<std::uint64_t>(rows)) break;
                        if (s.state == cdc::SourceState::Failed) throw Error(s.failureReason);
                        if (seconds(Clock::now() - oursStart) > 600) throw Error("timed out");
                        std::this_thread::sleep_for(std::chrono::milliseconds(2));
                    }
                    oursSeconds = seconds(Clock::now() - oursStart);
                    threads1 = threadCpu();  // before the source's threads end
                    oursCpu = selfCpu() - oursCpu0;
                }
                settleServer(ours);
                oursServerCpu = treeCpu(postmasterPid) - oursServerCpu0;
                brokerCpu = brokerPid > 0
                                ? procCpu("/proc/" + std::to_string(brokerPid) + "/stat", false) -
                                      brokerCpu0
                                : 0;
            };
            if (round % 2) {
                runBaseline();
                runOurs();
            } else {
                runOurs();
                runBaseline();
            }
            std::string perThread;
            for (const auto& [name, cpu] : threads1) {
                const auto before = threads0.find(name);
                const double delta = cpu - (before == threads0.end() ? 0 : before->second);
                if (delta >= 0.005) {
                    char part[64];
                    std::snprintf(part, sizeof part, "%s%s %.2f", perThread.empty() ? "" : ", ",
                                  name.c_str(), delta);
                    perThread += part;
                }
            }
            for (const auto& slot : {ours, baseline})
                conn.exec("SELECT pg_drop_replication_slot('" + slot + "')");
            conn.exec("DROP TABLE cdc." + table);

            recvRates.push_back(static_cast<double>(rows) / recvSeconds);
            oursRates.push_back(static_cast<double>(rows) / oursSeconds);
            ratios.push_back(oursRates.back() / recvRates.back());
            std::printf(
                "round %d (%s first): insert %ld rows %.2f s | pg_recvlogical %.2f s = %.0f "
                "events/s | "
                "riverdelta cdc %.2f s = %.0f events/s | ratio %.2f\n",
                round, round % 2 ? "pg_recvlogical" : "riverdelta", rows, insertSeconds,
                recvSeconds, recvRates.back(), oursSeconds, oursRates.back(), ratios.back());
            std::printf(
                "  riverdelta stages (s since start): streaming %.3f, first event produced %.3f, "
                "last produced %.3f, last acknowledged %.3f\n",
                streamingAt, firstAt, producedAt, oursSeconds);
            std::printf(
                "  CPU s: pg_recvlogical process %.2f, server %.2f | riverdelta process %.2f "
                "(%s), server %.2f, Kafka broker %s | events per CPU-s of the reader process: "
                "pg_recvlogical %.0f, riverdelta %.0f\n",
                recvCpu, recvServerCpu, oursCpu, perThread.c_str(), oursServerCpu,
                brokerPid > 0 ? std::to_string(brokerCpu).substr(0, 5).c_str() : "n/a",
                recvCpu > 0 ? static_cast<double>(rows) / recvCpu : 0,
                oursCpu > 0 ? static_cast<double>(rows) / oursCpu : 0);
            std::fflush(stdout);
        }
        const double recvRate = median(recvRates), oursRate = median(oursRates);
        const double ratio = median(ratios);
        std::printf(
            "pg_recvlogical (pgoutput v1 -> /dev/null): median %.0f events/s\n"
            "riverdelta cdc (pgoutput v1 -> Debezium JSON -> Kafka, acknowledged): median %.0f "
            "events/s\n"
            "ratio (median of rounds): %.2fx pg_recvlogical (target >= 0.5x): %s\n",
            recvRate, oursRate, ratio, ratio >= 0.5 ? "met" : "NOT met");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_cdc: %s\n", e.what());
        status = 1;
    }
    try {
        postgres::Connection admin(conninfo);
        admin.exec(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
            "WHERE database = '" +
            database + "' AND NOT active");
        admin.exec("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_cdc cleanup: %s\n", e.what());
    }
    return status;
}
