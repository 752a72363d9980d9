// End-to-end Kafka (real broker) → Delta throughput and freshness of the lake sync job, each
// beside a baseline measured in the same run:
//   throughput: rows/s of SyncJob (consume + decode + Parquet + Delta commit) vs a bare
//               librdkafka consumer reading the same records (the ceiling)
//   freshness:  produce → visible in the table at the default commit policy vs produce →
//               consumed by a bare consumer (Kafka's own latency)
// Throughput is printed per wall second and per CPU second of this process (all its threads:
// the sync thread and librdkafka's), with the load average, since the machine may be shared.
//   S3:         with --s3 s3://BUCKET/PREFIX (default: the test services' S3 server when
//               $RIVERDELTA_TEST_S3_ENDPOINT is set), the same sync job into that bucket vs into
//               a local folder (above), same records, same run; the goal is >= 0.7x local rows/s
// Usage: bench_lake_sync [BOOTSTRAP] [ROWS] [--freshness-seconds N] [--s3 URL]  (BOOTSTRAP
// defaults to $RIVERDELTA_TEST_KAFKA_BOOTSTRAP; S3 endpoint and credentials from
// $RIVERDELTA_TEST_S3_* when set, else the AWS environment and ~/.aws)
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "engine/kafka/consumer.h"
#include "engine/kafka/producer.h"
#include "engine/lake/storage/lake_location.h"
#include "engine/lake/sync/sync_job.h"
#include "engine/s3/s3_settings.h"

using namespace riverdelta;
using Clock = std::chrono::steady_clock;

namespace {

std::string click(std::mt19937_64& rng, long i) {
    static const char* actions[] = {"page-view", "page-click", "booking-click"};
    char buf[320];
    const int hotel = static_cast<int>(rng() % 30);
    const int n = std::snprintf(
        buf, sizeof buf,
        R"({"activity_id":"A%07ld","customer_email":"guest.%03d.%ld@example.com","hotel_id":"H%03d",)"
        R"("action":"%s","event_duration":%d,"url":"/hotels/H%03d/rooms/%d","created_at":%lld})",
        i, static_cast<int>(rng() % 1000), i % 1000, hotel, actions[rng() % 3],
        120 + static_cast<int>(rng() % 120), hotel, static_cast<int>(rng() % 400),
        1'790'000'000'000LL + i * 37);
    return std::string(buf, static_cast<std::size_t>(n));
}

const char* kSchema = R"({"type":"record","name":"clickstream","fields":[
  {"name":"activity_id","type":"string"},{"name":"customer_email","type":"string"},
  {"name":"hotel_id","type":"string"},{"name":"action","type":"string"},
  {"name":"event_duration","type":"int"},{"name":"url","type":"string"},
  {"name":"created_at","type":{"type":"long","logicalType":"timestamp-millis"}}]})";

// CPU seconds of the whole process (every thread) so far.
double processCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
    std::string bootstrap;
    long rows = 1'000'000;
    int freshnessSeconds = 30;
    std::string s3Lake;
    std::optional<s3::S3Settings> s3Settings;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--freshness-seconds" && i + 1 < argc)
            freshnessSeconds = std::atoi(argv[++i]);
        else if (a == "--s3" && i + 1 < argc)
            s3Lake = argv[++i];
        else
            positional.push_back(a);
    }
    if (!positional.empty()) bootstrap = positional[0];
    if (positional.size() > 1) rows = std::atol(positional[1].c_str());
    if (bootstrap.empty())
        if (const char* env = std::getenv("RIVERDELTA_TEST_KAFKA_BOOTSTRAP")) bootstrap = env;
    if (bootstrap.empty()) {
        std::fprintf(stderr, "usage: bench_lake_sync BOOTSTRAP [ROWS] [--freshness-seconds N]\n");
        return 2;
    }
    if (const char* endpoint = std::getenv("RIVERDELTA_TEST_S3_ENDPOINT"); endpoint && *endpoint) {
        const auto env = [](const char* name) {
            const char* v = std::getenv(name);
            return std::string(v ? v : "");
        };
        s3::S3Settings t;
        t.endpoint = endpoint;
        t.region = env("RIVERDELTA_TEST_S3_REGION");
        t.accessKeyId = env("RIVERDELTA_TEST_S3_ACCESS_KEY");
        t.secretAccessKey = env("RIVERDELTA_TEST_S3_SECRET_KEY");
        s3Settings = t;
        if (s3Lake.empty()) s3Lake = "s3://" + env("RIVERDELTA_TEST_S3_BUCKET") + "/bench";
    }
    kafka::ClientConfig config;
    config.bootstrapServers = bootstrap;
    const std::string topic = "bench-sync-" + std::to_string(std::time(nullptr));
    const auto lake = std::filesystem::temp_directory_path() / ("riverdelta-bench-" + topic);

    // Setup (untimed): the records both readers will read.
    {
        kafka::ClientConfig pc = config;
        pc.set("linger.ms", "20").set("batch.size", "1000000").set("compression.type", "lz4");
        kafka::Producer producer(pc);
        std::mt19937_64 rng(42);
        for (long i = 0; i < rows; ++i)
            producer.produce(topic, {}, click(rng, i), 0);
        if (!producer.flush(std::chrono::minutes(5)) ||
            producer.counters().acknowledged != std::uint64_t(rows)) {
            std::fprintf(stderr, "setup: producing failed: %s\n", producer.lastError().c_str());
            return 1;
        }
    }

    // Baseline: a bare consumer reading every record once.
    double baselineRate = 0, baselineCpuRate = 0;
    const std::string loadBefore = loadAverage();
    {
        kafka::Consumer consumer(config);
        consumer.assign(
            std::vector<kafka::TopicPartitionOffset>{{topic, 0, RD_KAFKA_OFFSET_BEGINNING}});
        long seen = 0;
        std::size_t bytes = 0;
        const auto t0 = Clock::now();
        const double cpu0 = processCpuSeconds();
        while (seen < rows) {
            auto m = consumer.poll(std::chrono::seconds(5));
            if (!m) break;
            if (m->error() == RD_KAFKA_RESP_ERR_NO_ERROR) {
                ++seen;
                bytes += m->payload().size();
            }
        }
        baselineRate =
            static_cast<double>(seen) / std::chrono::duration<double>(Clock::now() - t0).count();
        baselineCpuRate = static_cast<double>(seen) / (processCpuSeconds() - cpu0);
    }

    // Ours: the sync job end to end, until the table holds every record.
    double ourRate = 0, ourCpuRate = 0, ourCpuSeconds = 0, ourWallSeconds = 0;
    std::int64_t files = 0, tableBytes = 0;
    {
        lake::sync::SyncOptions o;
        o.topic = topic;
        o.tableLocation = lake / "throughput";
        o.kafka = config;
        o.avroSchema = nlohmann::json::parse(kSchema);
        o.untilCaughtUp = true;
        const auto t0 = Clock::now();
        const double cpu0 = processCpuSeconds();
        lake::sync::SyncJob job(o);
        job.start();
        job.waitFinished(std::chrono::minutes(10));
        const auto s = job.status();
        const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
        ourCpuSeconds = processCpuSeconds() - cpu0;
        ourWallSeconds = secs;
        if (s.rows != rows) {
            std::fprintf(stderr, "sync ended with %lld rows (%s): %s\n",
                         static_cast<long long>(s.rows), lake::sync::toString(s.state),
                         s.reason.c_str());
            return 1;
        }
        ourRate = static_cast<double>(rows) / secs;
        ourCpuRate = static_cast<double>(rows) / ourCpuSeconds;
        files = s.files;
        tableBytes = s.bytes;
    }

    // The same job into the bucket.
    double s3Rate = 0, s3CpuRate = 0, s3WallSeconds = 0;
    std::string s3Table;
    if (!s3Lake.empty()) {
        s3Table = lake::storage::LakeLocation::parse(s3Lake).child(topic).toString();
        lake::sync::SyncOptions o;
        o.topic = topic;
        o.tableLocation = s3Table;
        o.s3 = s3Settings;
        o.kafka = config;
        o.avroSchema = nlohmann::json::parse(kSchema);
        o.untilCaughtUp = true;
        const auto t0 = Clock::now();
        const double cpu0 = processCpuSeconds();
        lake::sync::SyncJob job(o);
        job.start();
        job.waitFinished(std::chrono::minutes(10));
        const auto s = job.status();
        s3WallSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
        if (s.rows != rows) {
            std::fprintf(stderr, "S3 sync ended with %lld rows (%s): %s\n",
                         static_cast<long long>(s.rows), lake::sync::toString(s.state),
                         s.reason.c_str());
            return 1;
        }
        s3Rate = static_cast<double>(rows) / s3WallSeconds;
        s3CpuRate = static_cast<double>(rows) / (processCpuSeconds() - cpu0);
    }

    std::printf("Kafka → Delta, %ld clickstream records (~%zu bytes JSON each), real broker %s\n",
                rows, std::size_t(190), bootstrap.c_str());
    std::printf("  load average before: %s, after: %s\n", loadBefore.c_str(),
                loadAverage().c_str());
    std::printf("  bare consumer (baseline)   %12.0f records/s wall  %12.0f records/CPU-s\n",
                baselineRate, baselineCpuRate);
    std::printf(
        "  Riverdelta sync job        %12.0f rows/s wall     %12.0f rows/CPU-s  (%.2f s wall, "
        "%.2f CPU-s; %.2f of baseline wall; %lld files, %.1f MB)\n",
        ourRate, ourCpuRate, ourWallSeconds, ourCpuSeconds, ourRate / baselineRate,
        static_cast<long long>(files), static_cast<double>(tableBytes) / 1e6);

    if (!s3Lake.empty())
        std::printf(
            "  sync job into S3 (%s)  %12.0f rows/s wall     %12.0f rows/CPU-s  (%.2f s wall; "
            "%.2f of the local folder's rows/s, goal >= 0.70)\n",
            s3Table.c_str(), s3Rate, s3CpuRate, s3WallSeconds, s3Rate / ourRate);

    // Freshness at the default policy (commit every 5 s): a steady 2,000 records/s for N seconds.
    if (freshnessSeconds > 0) {
        const std::string ftopic = topic + "-fresh";
        lake::sync::SyncOptions o;
        o.topic = ftopic;
        o.tableLocation = lake / "freshness";
        o.kafka = config;
        o.avroSchema = nlohmann::json::parse(kSchema);
        kafka::Producer producer(config);
        std::mt19937_64 rng(7);
        producer.produce(ftopic, {}, click(rng, 0), 0);
        producer.flush(std::chrono::seconds(10));
        lake::sync::SyncJob job(o);
        job.start();
        kafka::Consumer consumer(config);
        consumer.assign(std::vector<kafka::TopicPartitionOffset>{{ftopic, 0, RD_KAFKA_OFFSET_END}});
        std::vector<double> kafkaLatency;
        std::jthread reader([&](std::stop_token st) {
            while (!st.stop_requested()) {
                auto m = consumer.poll(std::chrono::milliseconds(100));
                if (m && m->error() == RD_KAFKA_RESP_ERR_NO_ERROR && m->timestampMs() > 0) {
                    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count();
                    kafkaLatency.push_back(static_cast<double>(now - m->timestampMs()));
                }
            }
        });
        const auto end = Clock::now() + std::chrono::seconds(freshnessSeconds);
        long i = 1;
        auto next = Clock::now();
        while (Clock::now() < end) {
            for (int k = 0; k < 20; ++k)
                producer.produce(ftopic, {}, click(rng, i++), 0);
            next += std::chrono::milliseconds(10);
            std::this_thread::sleep_until(next);
        }
        producer.flush(std::chrono::seconds(10));
        std::this_thread::sleep_for(std::chrono::seconds(6));  // let the last commit land
        reader.request_stop();
        reader.join();
        const auto s = job.status();
        job.stop();
        std::printf("Freshness at the default policy (commit every 5 s), %d s at 2,000 records/s\n",
                    freshnessSeconds);
        std::printf("  produce → consumed (baseline)      p50 %7.0f ms  p95 %7.0f ms\n",
                    percentile(kafkaLatency, 50), percentile(kafkaLatency, 95));
        std::printf(
            "  produce → visible in Delta table   p50 %7.0f ms  p95 %7.0f ms  (%lld commits)\n",
            s.freshnessP50Ms.value_or(-1), s.freshnessP95Ms.value_or(-1),
            static_cast<long long>(s.version));
    }
    std::filesystem::remove_all(lake);
    return 0;
}
