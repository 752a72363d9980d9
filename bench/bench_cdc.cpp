// Change events per second from a bulk insert, PostgreSQL -> Kafka through cdc::PgSource,
// beside pg_recvlogical reading the same changes with pgoutput to /dev/null, in the same run.
//
//   bench_cdc [--postgres CONNINFO] [--kafka BOOTSTRAP] [--rows N] [--rounds R]
//             [--pg-bindir DIR] [--kafka-property key=value ...]
//
// Each round bulk-inserts N rows (default 200,000) in one transaction, then times
// pg_recvlogical and Riverdelta on it; the medians over R rounds (default 3) are compared, since a
// shared 2-core machine makes single runs noisy.
// Defaults come from the test services' environment (RIVERDELTA_TEST_PG_CONNINFO,
// RIVERDELTA_TEST_KAFKA_BOOTSTRAP, RIVERDELTA_TEST_PG_BINDIR). Both readers get their own slot,
// created before the insert, and read exactly the WAL of the bulk insert.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
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

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    core::CommandLine cl(
        args, {.valueOptions = {"--postgres", "--kafka", "--rows", "--rounds", "--pg-bindir"},
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
            conn.exec("CREATE TABLE cdc." + table +
                      " (customer_id text NOT NULL, email text PRIMARY KEY, first_name text, "
                      "last_name text, birth_date text, city text, score numeric, visits int, "
                      "created_at bigint, updated_at timestamp)");
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

            // Baseline: pg_recvlogical, pgoutput v1, to /dev/null, until the insert's end.
            const auto recvStart = Clock::now();
            auto recv = core::runProcess(
                {bindir + "/pg_recvlogical", "-d", db, "-S", baseline, "--start", "--no-loop", "-o",
                 "proto_version=1", "-o", "publication_names=" + publication, "-f", "/dev/null",
                 "-E", end.toString()},
                {.timeout = std::chrono::minutes(10)});
            const double recvSeconds = seconds(Clock::now() - recvStart);
            if (!recv.ok()) throw Error("pg_recvlogical failed: " + recv.output);

            // Ours: resume from our slot, decode, serialise, produce, wait for Kafka's acks.
            const auto oursStart = Clock::now();
            double oursSeconds = 0;
            {
                cdc::PgSource source(options);
                source.start();
                for (;;) {
                    const auto s = source.status();
                    if (s.eventsAcknowledged >= static_cast<std::uint64_t>(rows)) break;
                    if (s.state == cdc::SourceState::Failed) throw Error(s.failureReason);
                    if (seconds(Clock::now() - oursStart) > 600) throw Error("timed out");
                    std::this_thread::sleep_for(std::chrono::milliseconds(2));
                }
                oursSeconds = seconds(Clock::now() - oursStart);
            }
            for (const auto& slot : {ours, baseline})
                conn.exec("SELECT pg_drop_replication_slot('" + slot + "')");
            conn.exec("DROP TABLE cdc." + table);

            recvRates.push_back(static_cast<double>(rows) / recvSeconds);
            oursRates.push_back(static_cast<double>(rows) / oursSeconds);
            ratios.push_back(oursRates.back() / recvRates.back());
            std::printf(
                "round %d: insert %ld rows %.2f s | pg_recvlogical %.2f s = %.0f events/s | "
                "riverdelta cdc %.2f s = %.0f events/s | ratio %.2f\n",
                round, rows, insertSeconds, recvSeconds, recvRates.back(), oursSeconds,
                oursRates.back(), ratios.back());
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
