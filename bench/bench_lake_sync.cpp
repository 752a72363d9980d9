// End-to-end Kafka (real broker) → Delta figures of the lake sync job, each beside baselines
// measured in the same run (issue 18):
//   throughput, on a 1-partition and on a 3-partition topic of the same records:
//     - a bare librdkafka consumer reading every record once: the ceiling (the sync job's fetch
//       settings, lake::sync::bulkReaderSettings, printed: what this client does with them);
//     - the sync job (consume + decode + Parquet + Delta commit with txn actions) in a child
//       process (this executable, --child-sync), until it caught up: rows/s wall, rows per
//       CPU-second and peak RSS (VmHWM, read by the child itself) of that process alone;
//     - the same sync job without its encoder thread (SyncOptions::encoderThread false): what
//       the decode | encode pipeline over two cores gains;
//     - the Python peer (bench/bench_lake_sync_python.py: confluent-kafka + pyarrow.json +
//       deltalake.write_deltalake with app transactions), started by this bench with the test
//       venv's python, measured the same way. Its consumer gets the sync job's fetch settings
//       (--fetch-setting KEY=VALUE each): librdkafka's defaults made it 2.3x slower.
//   S3: with --s3 s3://BUCKET/PREFIX (default: the test services' S3 server when
//       $RIVERDELTA_TEST_S3_ENDPOINT is set), the same sync job into that bucket vs into a local
//       folder, each in a child process, 1 partition; the goal is >= 0.7x local rows/s. (In this
//       process, after the runs before it, the bucket's job measured 0.62x; in a child 0.8-0.96x.)
//   freshness: 2,000 records/s for N seconds, produce → visible in the table at the job's
//       default commit policy (child process, --child-stream; its peak RSS is the streaming
//       one) and the Python peer at the same commit interval, beside produce → consumed by a
//       bare consumer (Kafka's own latency).
//   streaming (--streaming-minutes M; 0 prints the line as not measured): the same 2,000
//       records/s for M minutes with background maintenance (compaction) on at its defaults:
//       files in the table at the end (issue 18 asks for M = 10).
// The throughput runs come in rounds (--rounds, default 5), each a ceiling, a job, a job on one
// thread and, on 3 partitions, one job per partition, back to back: this machine's speed drifts
// by tens of percent from run to run, so a ratio is taken within its round, and its median is
// printed with the lowest and highest; the other figures are those of the median round. The
// "CPU bound" line says what the job's CPU per row (with what the machine spent beside it,
// mostly the broker) allows on these cores if no core were ever idle.
// Wall and CPU are measured inside each process around its work (interpreter start and imports
// not counted), up to the last record read or the last row in the table: closing the Kafka
// clients after that is not counted for any of them (the job prints its own as "closed"). The
// machine may be shared: the load average is printed, and for the ceiling and our job the seconds
// their threads waited for a CPU (summed over threads, from schedstat). Usage: bench_lake_sync
// [BOOTSTRAP] [ROWS] [--rounds N] [--freshness-seconds N] [--streaming-minutes M]
//                        [--s3 URL] [--python PATH | --no-python]
// BOOTSTRAP defaults to $RIVERDELTA_TEST_KAFKA_BOOTSTRAP, the python to $RIVERDELTA_TEST_PYTHON;
// S3 endpoint and credentials from $RIVERDELTA_TEST_S3_* when set, else the AWS environment.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "engine/kafka/consumer.h"
#include "engine/kafka/producer.h"
#include "engine/kafka/topic_admin.h"
#include "engine/lake/storage/lake_location.h"
#include "engine/lake/sync/bulk_reader.h"
#include "engine/lake/sync/sync_job.h"
#include "engine/s3/s3_settings.h"

extern char** environ;

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

// The sync job's fetch settings at its default prefetch, for the ceiling and the Python peer.
std::vector<std::pair<std::string, std::string>> jobFetchSettings() {
    return lake::sync::bulkReaderSettings(lake::sync::SyncOptions{}.prefetchBytes);
}

// CPU seconds of the whole process (every thread) so far.
double processCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// CPU seconds the whole machine has spent busy so far (/proc/stat, every core, every process:
// the broker and the S3 server share these cores with the job).
double machineBusySeconds() {
    std::ifstream in("/proc/stat");
    std::string cpu;
    double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
    return (user + nice + system + irq + softirq + steal) /
           static_cast<double>(::sysconf(_SC_CLK_TCK));
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

// Seconds this process's threads spent runnable but waiting for a CPU (/proc/self/task/*/
// schedstat, second field), sampled every 50 ms so threads that end early still count. On a
// shared machine this is the wall time other processes took from us.
class RunQueueWait {
  public:
    RunQueueWait()
        : thread_([this](std::stop_token st) {
              while (!st.stop_requested()) {
                  sample();
                  std::this_thread::sleep_for(std::chrono::milliseconds(50));
              }
          }) {}
    double stop() {
        thread_.request_stop();
        thread_.join();
        sample();
        double total = 0;
        for (const auto& [tid, wait] : last_)
            total += wait - first_[tid];
        return total;
    }

  private:
    void sample() {
        std::error_code ec;
        for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
            std::ifstream in(task.path() / "schedstat");
            double run = 0, wait = 0;
            if (!(in >> run >> wait)) continue;
            const std::string tid = task.path().filename().string();
            std::lock_guard lock(mutex_);
            first_.try_emplace(tid, wait / 1e9);
            last_[tid] = wait / 1e9;
        }
    }
    std::mutex mutex_;
    std::map<std::string, double> first_, last_;
    std::jthread thread_;
};

// This process's peak RSS (VmHWM) in MB. Measured by the child itself: a child started with
// posix_spawn (vfork) inherits the parent's high-water mark in getrusage's ru_maxrss.
double peakRssMb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with("VmHWM:")) return std::atof(line.c_str() + 6) / 1024.0;
    return -1;
}

std::int64_t epochMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A child process whose stdout we read line by line.
class Child {
  public:
    explicit Child(const std::vector<std::string>& args) {
        int fds[2];
        if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
        posix_spawn_file_actions_addclose(&actions, fds[1]);
        std::vector<char*> argv;
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        if (rc != 0) {
            ::close(fds[0]);
            throw std::runtime_error("cannot start " + args[0]);
        }
        out_ = ::fdopen(fds[0], "r");
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child() {
        if (out_) std::fclose(out_);
        if (pid_ > 0 && !waited_) ::waitpid(pid_, nullptr, 0);
    }

    // The next line of its stdout, or nullopt at its end.
    std::optional<std::string> readLine() {
        char buf[8192];
        if (!out_ || !std::fgets(buf, sizeof buf, out_)) return std::nullopt;
        std::string line(buf);
        while (!line.empty() && line.back() == '\n')
            line.pop_back();
        return line;
    }

    struct Exit {
        bool ok = false;
        double cpuSeconds = 0;
    };
    Exit wait() {
        int status = 0;
        rusage usage{};
        ::wait4(pid_, &status, 0, &usage);
        waited_ = true;
        Exit e;
        e.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        e.cpuSeconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
        return e;
    }

  private:
    pid_t pid_ = -1;
    FILE* out_ = nullptr;
    bool waited_ = false;
};

// What a child printed last (one JSON object) and how its process ended.
struct ChildFigures {
    nlohmann::json result;
    Child::Exit exit;
    [[nodiscard]] double rate() const {
        return result.value("rows", 0.0) / std::max(1e-9, result.value("wall", 0.0));
    }
    [[nodiscard]] double peakRssMb() const { return result.value("rss_mb", -1.0); }
    [[nodiscard]] double cpuRate() const {
        return result.value("rows", 0.0) / std::max(1e-9, result.value("cpu", 0.0));
    }
};

std::optional<ChildFigures> finishChild(Child& child, const char* what) {
    std::string last;
    while (auto line = child.readLine())
        if (!line->empty() && line->front() == '{') last = *line;
    ChildFigures f;
    f.exit = child.wait();
    if (!f.exit.ok || last.empty()) {
        std::fprintf(stderr, "%s failed (see its errors above)\n", what);
        return std::nullopt;
    }
    f.result = nlohmann::json::parse(last);
    return f;
}

// Waits for the child's "ready" line (it reads the topic from then on).
bool awaitReady(Child& child) {
    while (auto line = child.readLine())
        if (*line == "ready") return true;
    return false;
}

lake::sync::SyncOptions syncOptions(const std::string& bootstrap, const std::string& topic,
                                    const std::string& table) {
    lake::sync::SyncOptions o;
    o.topic = topic;
    o.tableLocation = table;
    o.kafka.bootstrapServers = bootstrap;
    o.avroSchema = nlohmann::json::parse(kSchema);
    return o;
}

// The test services' S3 server ($RIVERDELTA_TEST_S3_*), when set; otherwise an s3:// table
// resolves its settings like AWS tools (AWS_* variables, ~/.aws).
std::optional<s3::S3Settings> testServicesS3() {
    const char* endpoint = std::getenv("RIVERDELTA_TEST_S3_ENDPOINT");
    if (endpoint == nullptr || *endpoint == '\0') return std::nullopt;
    const auto env = [](const char* name) {
        const char* v = std::getenv(name);
        return std::string(v ? v : "");
    };
    s3::S3Settings t;
    t.endpoint = endpoint;
    t.region = env("RIVERDELTA_TEST_S3_REGION");
    t.accessKeyId = env("RIVERDELTA_TEST_S3_ACCESS_KEY");
    t.secretAccessKey = env("RIVERDELTA_TEST_S3_SECRET_KEY");
    return t;
}

// --child-sync BOOTSTRAP TOPIC TABLE ROWS [one-thread|two-thread [PARTITION]]: the sync job until
// caught up, alone in a process (one-thread: without its encoder thread). With PARTITION: that
// partition only, ROWS of it, beside jobs of the other partitions writing the same table.
int childSync(const std::string& bootstrap, const std::string& topic, const std::string& table,
              long rows, bool encoderThread, std::optional<std::int32_t> partition) {
    auto o = syncOptions(bootstrap, topic, table);
    if (table.starts_with("s3://")) o.s3 = testServicesS3();
    o.untilCaughtUp = true;
    o.encoderThread = encoderThread;
    if (partition) o.partitions = {*partition};
    RunQueueWait runQueue;
    const auto t0 = Clock::now();
    const double cpu0 = processCpuSeconds();
    const double machine0 = machineBusySeconds();
    lake::sync::SyncJob job(o);
    job.start();
    // Like the ceiling's clock, which stops at its last record and not after its consumer is
    // destroyed, this one stops when the table holds the last row (the job's last state), not
    // after the job has closed its Kafka clients: that is printed apart ("closed").
    job.waitLastState(std::chrono::minutes(10));
    const auto s = job.status();
    const auto lastState = Clock::now();
    const double wall = std::chrono::duration<double>(lastState - t0).count();
    const double cpu = processCpuSeconds() - cpu0;
    const double machine = machineBusySeconds() - machine0;
    const double waited = runQueue.stop();
    job.waitFinished(std::chrono::minutes(1));
    const double closed = std::chrono::duration<double>(Clock::now() - lastState).count();
    // Alone, the table holds what the job wrote; beside others, only the job's own count says.
    const std::int64_t written = partition ? s.rowsThisRun : s.rows;
    if (written != rows) {
        std::fprintf(stderr, "sync ended with %lld rows of %ld (%s): %s\n",
                     static_cast<long long>(written), rows, lake::sync::toString(s.state),
                     s.reason.c_str());
        return 1;
    }
    std::printf("%s\n", nlohmann::json{{"rows", written},
                                       {"wall", wall},
                                       {"closed", closed},
                                       {"cpu", cpu},
                                       {"runq", waited},
                                       {"machine_cpu", machine},
                                       {"rss_mb", peakRssMb()},
                                       {"files", s.files},
                                       {"bytes", s.bytes}}
                            .dump()
                            .c_str());
    return 0;
}

// --child-stream BOOTSTRAP TOPIC TABLE SECONDS: the sync job at its default policy for SECONDS
// (says "ready" once it reads the topic), then its freshness and the table's files.
int childStream(const std::string& bootstrap, const std::string& topic, const std::string& table,
                double seconds) {
    lake::sync::SyncJob job(syncOptions(bootstrap, topic, table));
    job.start();
    const auto readyBy = Clock::now() + std::chrono::seconds(60);
    for (;;) {
        const auto state = job.status().state;
        if (state == lake::sync::SyncState::Syncing || state == lake::sync::SyncState::CaughtUp)
            break;
        if (state == lake::sync::SyncState::Failed || Clock::now() > readyBy) {
            std::fprintf(stderr, "streaming sync did not start: %s\n", job.status().reason.c_str());
            return 1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::printf("ready\n");
    std::fflush(stdout);
    const double cpu0 = processCpuSeconds();
    job.waitFinished(std::chrono::milliseconds(static_cast<long>(seconds * 1000)));
    const auto s = job.status();  // before stop(): its final commit would add a late sample
    job.stop();
    const auto end = job.status();
    std::printf(
        "%s\n",
        nlohmann::json{{"rows", end.rows},
                       {"wall", seconds},
                       {"cpu", processCpuSeconds() - cpu0},
                       {"rss_mb", peakRssMb()},
                       {"version", s.version},
                       {"files", end.files},
                       {"p50_ms", s.freshnessP50Ms.value_or(-1)},
                       {"p95_ms", s.freshnessP95Ms.value_or(-1)},
                       {"compacted", end.lastMaintenance ? end.lastMaintenance->compactedFiles : 0}}
            .dump()
            .c_str());
    return end.state == lake::sync::SyncState::Stopped ? 0 : 1;
}

struct Ceiling {
    double rate = 0, cpuRate = 0, runQueueWait = 0;
    double cores = 0, otherCores = 0;  // the machine's busy cores; those not this process's
};

// A bare consumer reading every record of the topic's partitions once.
// `prefetchBytes`: the sync job's fetch settings at that prefetch (bulkReaderSettings).
Ceiling bareConsumer(const kafka::ClientConfig& config, const std::string& topic, int partitions,
                     long rows, std::size_t prefetchBytes) {
    RunQueueWait runQueue;
    kafka::Consumer consumer(lake::sync::bulkReaderConfig(config, prefetchBytes));
    std::vector<kafka::TopicPartitionOffset> assignment;
    for (int p = 0; p < partitions; ++p)
        assignment.push_back({topic, p, RD_KAFKA_OFFSET_BEGINNING});
    const auto t0 = Clock::now();
    const double cpu0 = processCpuSeconds();
    const double machine0 = machineBusySeconds();
    consumer.assign(assignment);
    long seen = 0;
    std::vector<kafka::Message> batch;
    // The sync job's poll: up to 2048 records, waiting at most 100 ms for a full batch.
    const auto deadline = Clock::now() + std::chrono::minutes(5);
    while (seen < rows && Clock::now() < deadline) {
        batch.clear();
        consumer.pollBatch(batch, 2048, std::chrono::milliseconds(100));
        for (const auto& m : batch)
            if (m.error() == RD_KAFKA_RESP_ERR_NO_ERROR) ++seen;
    }
    const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
    const double cpu = processCpuSeconds() - cpu0;
    const double machine = machineBusySeconds() - machine0;
    return {static_cast<double>(seen) / wall, static_cast<double>(seen) / cpu, runQueue.stop(),
            machine / wall, (machine - cpu) / wall};
}

// One round of the throughput comparison (see main).
struct Round {
    Ceiling ceiling;
    ChildFigures ours, oneThread;
    struct Groups {
        double wall = 0, cpu = 0, rssMb = 0;
        long files = 0;
    };
    std::optional<Groups> groups;  // one job per partition, on more than one partition
};

std::string formatted(const char* format, double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, value);
    return buf;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    if (argc >= 6 && argc <= 8 && std::string(argv[1]) == "--child-sync")
        return childSync(
            argv[2], argv[3], argv[4], std::atol(argv[5]),
            argc == 6 || std::string(argv[6]) != "one-thread",
            argc == 8 ? std::optional<std::int32_t>(std::atoi(argv[7])) : std::nullopt);
    if (argc == 6 && std::string(argv[1]) == "--child-stream")
        return childStream(argv[2], argv[3], argv[4], std::atof(argv[5]));

    std::string bootstrap;
    long rows = 1'000'000;
    int freshnessSeconds = 30;
    int streamingMinutes = 0;
    int rounds = 5;
    std::string s3Lake;
    const char* envPython = std::getenv("RIVERDELTA_TEST_PYTHON");
    std::string python = envPython ? envPython : "";
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--freshness-seconds" && i + 1 < argc)
            freshnessSeconds = std::atoi(argv[++i]);
        else if (a == "--streaming-minutes" && i + 1 < argc)
            streamingMinutes = std::atoi(argv[++i]);
        else if (a == "--rounds" && i + 1 < argc)
            rounds = std::max(1, std::atoi(argv[++i]));
        else if (a == "--s3" && i + 1 < argc)
            s3Lake = argv[++i];
        else if (a == "--python" && i + 1 < argc)
            python = argv[++i];
        else if (a == "--no-python")
            python.clear();
        else
            positional.push_back(a);
    }
    if (!positional.empty()) bootstrap = positional[0];
    if (positional.size() > 1) rows = std::atol(positional[1].c_str());
    if (bootstrap.empty())
        if (const char* env = std::getenv("RIVERDELTA_TEST_KAFKA_BOOTSTRAP")) bootstrap = env;
    if (bootstrap.empty()) {
        std::fprintf(stderr,
                     "usage: bench_lake_sync BOOTSTRAP [ROWS] [--rounds N] [--freshness-seconds N] "
                     "[--streaming-minutes M] [--s3 URL] [--python PATH | --no-python]\n");
        return 2;
    }
    if (const char* bucket = std::getenv("RIVERDELTA_TEST_S3_BUCKET");
        s3Lake.empty() && testServicesS3() && bucket && *bucket)
        s3Lake = "s3://" + std::string(bucket) + "/bench";
    const std::string pythonScript =
        std::string(RIVERDELTA_SOURCE_DIR) + "/bench/bench_lake_sync_python.py";
    kafka::ClientConfig config;
    config.bootstrapServers = bootstrap;
    const std::string topic = "bench-sync-" + std::to_string(std::time(nullptr));
    const auto lake = std::filesystem::temp_directory_path() / ("riverdelta-bench-" + topic);
    const auto topicOf = [&](int partitions) { return topic + "-p" + std::to_string(partitions); };
    const std::vector<int> partitionCounts = {1, 3};

    // Setup (untimed): the same records into a 1-partition and a 3-partition topic.
    {
        kafka::ClientConfig pc = config;
        pc.set("linger.ms", "20").set("batch.size", "1000000").set("compression.type", "lz4");
        kafka::Producer producer(pc);
        std::vector<kafka::TopicSpec> specs;
        for (int n : partitionCounts)
            specs.push_back({topicOf(n), n, -1, {}});
        kafka::ensureTopics(producer.handle(), specs, std::chrono::seconds(30));
        std::mt19937_64 rng(42);
        for (long i = 0; i < rows; ++i) {
            const std::string value = click(rng, i);
            for (int n : partitionCounts)
                producer.produce(topicOf(n), {}, value, static_cast<std::int32_t>(i % n));
        }
        if (!producer.flush(std::chrono::minutes(5)) ||
            producer.counters().acknowledged != std::uint64_t(rows * 2)) {
            std::fprintf(stderr, "setup: producing failed: %s\n", producer.lastError().c_str());
            return 1;
        }
    }

    std::printf("Kafka → Delta, %ld clickstream records (~%zu bytes JSON each), real broker %s\n",
                rows, std::size_t(190), bootstrap.c_str());
    std::string fetchSettings;
    std::vector<std::string> peerFetchArgs;
    for (const auto& [key, value] : jobFetchSettings()) {
        fetchSettings += (fetchSettings.empty() ? "" : ", ") + key + "=" + value;
        peerFetchArgs.insert(peerFetchArgs.end(), {"--fetch-setting", key + "=" + value});
    }
    std::printf("  fetch settings of the sync job, the ceiling and the Python peer: %s\n",
                fetchSettings.c_str());
    // The Python peer's command line for topic t: its table, its fetch settings, then `mode`.
    const auto peerArgs = [&](const std::string& t, std::initializer_list<std::string> mode) {
        std::vector<std::string> args{python,        pythonScript,
                                      "--bootstrap", bootstrap,
                                      "--topic",     t,
                                      "--table",     (lake / (t + "-python")).string()};
        args.insert(args.end(), mode);
        args.insert(args.end(), peerFetchArgs.begin(), peerFetchArgs.end());
        return args;
    };
    std::printf("  load average before: %s\n", loadAverage().c_str());
    std::fflush(stdout);
    // The sync job until caught up, in a child process (this executable, --child-sync);
    // oneThread: without its encoder thread.
    // A new table each round: a table that already holds the topic would be caught up at once.
    const auto syncChild = [&](const std::string& t, bool oneThread, int round) {
        std::vector<std::string> args{
            self,
            "--child-sync",
            bootstrap,
            t,
            (lake / (t + (oneThread ? "-one-thread-" : "-ours-") + std::to_string(round))).string(),
            std::to_string(rows)};
        if (oneThread) args.emplace_back("one-thread");
        Child child(args);
        return finishChild(child, oneThread ? "the sync job on one thread" : "the sync job");
    };
    double ourLocalRate = 0;
    for (int n : partitionCounts) {
        const std::string t = topicOf(n);
        // Rounds of ceiling, job, job on one thread and one job per partition, back to back:
        // the machine's speed drifts by tens of percent between runs, so each ratio is taken
        // within its round, and the medians are printed with their spread.
        std::vector<Round> measured;
        std::optional<Ceiling> deep;
        for (int r = 0; r < rounds; ++r) {
            Round round;
            round.ceiling =
                bareConsumer(config, t, n, rows, lake::sync::SyncOptions{}.prefetchBytes);
            // For reference, once: the settings the ceiling had before the job's prefetch was
            // bounded (128 MiB queue, 32 MiB fetches), which the job cannot use within its
            // memory goal.
            if (!deep) deep = bareConsumer(config, t, n, rows, std::size_t{128} << 20);
            auto ours = syncChild(t, false, r);
            if (!ours) return 1;
            round.ours = std::move(*ours);
            // The same job on one thread (no encoder thread): what the pipeline gains.
            auto oneThread = syncChild(t, true, r);
            if (!oneThread) return 1;
            round.oneThread = std::move(*oneThread);
            // The other way over the cores: one job per partition, each on one thread, all at
            // once into one table (SyncOptions::partitions). Rows/s over the slowest one's wall.
            if (n > 1) {
                const std::string table =
                    (lake / (t + "-per-partition-" + std::to_string(r))).string();
                std::vector<std::unique_ptr<Child>> jobs;
                for (int p = 0; p < n; ++p)
                    jobs.push_back(std::make_unique<Child>(std::vector<std::string>{
                        self, "--child-sync", bootstrap, t, table,
                        std::to_string((rows - p + n - 1) / n), "one-thread", std::to_string(p)}));
                round.groups.emplace();
                for (auto& job : jobs) {
                    const auto f = finishChild(*job, "a sync job of one partition");
                    if (!f) return 1;
                    round.groups->wall = std::max(round.groups->wall, f->result.value("wall", 0.0));
                    round.groups->cpu += f->result.value("cpu", 0.0);
                    round.groups->rssMb += f->peakRssMb();
                    round.groups->files =
                        std::max(round.groups->files, f->result.value("files", 0L));
                }
            }
            measured.push_back(std::move(round));
        }
        // The figures of the round whose job/ceiling ratio is the median; every ratio and rate
        // printed as "median (lowest-highest)" over the rounds.
        const auto spread = [&](auto figure, const char* format) {
            std::vector<double> v;
            for (const auto& r : measured)
                v.push_back(figure(r));
            std::sort(v.begin(), v.end());
            if (v.size() == 1) return formatted(format, v[0]);
            return formatted(format, v[v.size() / 2]) + " (" + formatted(format, v.front()) + "-" +
                   formatted(format, v.back()) + " over " + std::to_string(v.size()) + " rounds)";
        };
        const auto ratio = [](const Round& r) { return r.ours.rate() / r.ceiling.rate; };
        std::vector<const Round*> byRatio;
        for (const auto& r : measured)
            byRatio.push_back(&r);
        std::sort(byRatio.begin(), byRatio.end(),
                  [&](const Round* a, const Round* b) { return ratio(*a) < ratio(*b); });
        const Round& median = *byRatio[byRatio.size() / 2];
        const Ceiling& ceiling = median.ceiling;
        const ChildFigures* ours = &median.ours;
        const ChildFigures* oneThread = &median.oneThread;
        const auto& groups = median.groups;
        if (n == 1) ourLocalRate = ours->rate();
        std::optional<ChildFigures> peer;
        if (!python.empty()) {
            Child py(peerArgs(t, {"--until-caught-up"}));
            peer = finishChild(py, "the Python peer");
            if (!peer) return 1;
            if (peer->result.value("rows", 0L) != rows) {
                std::fprintf(stderr, "the Python peer wrote %ld rows of %ld\n",
                             peer->result.value("rows", 0L), rows);
                return 1;
            }
        }
        std::printf("%d partition%s:\n", n, n == 1 ? "" : "s");
        std::printf(
            "  bare consumer (ceiling)   %9.0f rows/s wall  %9.0f rows/CPU-s"
            "                    (waited %.2f s for a CPU; every round: %s rows/s)\n",
            ceiling.rate, ceiling.cpuRate, ceiling.runQueueWait,
            spread([](const Round& r) { return r.ceiling.rate; }, "%.0f").c_str());
        std::printf(
            "  ... with a 128 MiB prefetch %7.0f rows/s wall  %9.0f rows/CPU-s"
            "                    (waited %.2f s for a CPU; for reference, not the goal's)\n",
            deep->rate, deep->cpuRate, deep->runQueueWait);
        std::printf(
            "  Riverdelta sync job       %9.0f rows/s wall  %9.0f rows/CPU-s  peak RSS %5.0f MB"
            "  (%.2f s wall, closed %.3f s later, %.2f CPU-s, waited %.2f s for a CPU, %lld files, "
            "%.1f MB; %s of the ceiling, goal >= 0.80)\n",
            ours->rate(), ours->cpuRate(), ours->peakRssMb(), ours->result.value("wall", 0.0),
            ours->result.value("closed", 0.0), ours->result.value("cpu", 0.0),
            ours->result.value("runq", 0.0), ours->result.value("files", 0LL),
            ours->result.value("bytes", 0.0) / 1e6, spread(ratio, "%.2f").c_str());
        {
            // Whether the cores were the limit: the broker (a JVM) and the S3 server run here too.
            const double wall = std::max(1e-9, ours->result.value("wall", 0.0));
            const double machine = ours->result.value("machine_cpu", 0.0);
            const double mine = ours->result.value("cpu", 0.0);
            std::printf(
                "  busy cores (of %ld)        ceiling %.2f, of them %.2f the broker and the rest "
                "of "
                "the machine; sync job %.2f, of them %.2f the rest (%.2f CPU-us a row outside the "
                "job)\n",
                ::sysconf(_SC_NPROCESSORS_ONLN), ceiling.cores, ceiling.otherCores, machine / wall,
                (machine - mine) / wall,
                (machine - mine) / std::max(1.0, ours->result.value("rows", 0.0)) * 1e6);
            // What the cores allow at this demand: the job's CPU and what the machine spent
            // beside it (mostly the broker serving its fetches), spread over every core for the
            // whole run, with no core ever idle.
            const double cores = static_cast<double>(::sysconf(_SC_NPROCESSORS_ONLN));
            const double boundRate =
                ours->result.value("rows", 0.0) * cores / std::max(1e-9, machine);
            std::printf(
                "  CPU bound                 %9.0f rows/s wall at this CPU per row, every core "
                "busy throughout: %.2f of the ceiling at most (the job ran at %.2f of this "
                "bound)\n",
                boundRate, boundRate / ceiling.rate, ours->rate() / boundRate);
        }
        std::printf(
            "  ... on one thread         %9.0f rows/s wall  %9.0f rows/CPU-s  peak RSS %5.0f MB"
            "  (%.2f s wall, %.2f CPU-s, waited %.2f s for a CPU; %s of the ceiling)\n",
            oneThread->rate(), oneThread->cpuRate(), oneThread->peakRssMb(),
            oneThread->result.value("wall", 0.0), oneThread->result.value("cpu", 0.0),
            oneThread->result.value("runq", 0.0),
            spread([](const Round& r) { return r.oneThread.rate() / r.ceiling.rate; }, "%.2f")
                .c_str());
        if (groups)
            std::printf(
                "  ... one job per partition %9.0f rows/s wall  %9.0f rows/CPU-s  peak RSS %5.0f MB"
                "  (%d processes of one thread, RSS summed; %.2f s wall, %.2f CPU-s, %ld files; "
                "%s of the ceiling)\n",
                static_cast<double>(rows) / groups->wall, static_cast<double>(rows) / groups->cpu,
                groups->rssMb, n, groups->wall, groups->cpu, groups->files,
                spread(
                    [&](const Round& r) {
                        return static_cast<double>(rows) / r.groups->wall / r.ceiling.rate;
                    },
                    "%.2f")
                    .c_str());
        if (peer)
            std::printf(
                "  Python peer               %9.0f rows/s wall  %9.0f rows/CPU-s  peak RSS %5.0f "
                "MB  (%.2f s wall, %.2f CPU-s, %lld files; ours is %.1fx its rows/s, goal >= 5)\n",
                peer->rate(), peer->cpuRate(), peer->peakRssMb(), peer->result.value("wall", 0.0),
                peer->result.value("cpu", 0.0), peer->result.value("files", 0LL),
                ours->rate() / peer->rate());
        else
            std::printf("  Python peer skipped: pass --python or set RIVERDELTA_TEST_PYTHON\n");
        std::fflush(stdout);
    }

    // The same job into the bucket, in a child process like the local one.
    if (!s3Lake.empty()) {
        const std::string s3Table =
            lake::storage::LakeLocation::parse(s3Lake).child(topic).toString();
        Child child({self, "--child-sync", bootstrap, topicOf(1), s3Table, std::to_string(rows)});
        const auto inBucket = finishChild(child, "the sync job into S3");
        if (!inBucket) return 1;
        std::printf(
            "  sync job into S3 (%s)  %9.0f rows/s wall  %9.0f rows/CPU-s  peak RSS %5.0f MB  "
            "(%.2f s wall, waited %.2f s for a CPU; %.2f of the local folder's rows/s, goal >= "
            "0.70)\n",
            s3Table.c_str(), inBucket->rate(), inBucket->cpuRate(), inBucket->peakRssMb(),
            inBucket->result.value("wall", 0.0), inBucket->result.value("runq", 0.0),
            inBucket->rate() / ourLocalRate);
    }

    // 2,000 records/s into a new topic while the sync job (and the Python peer) read it.
    const auto stream = [&](const std::string& name, int seconds, bool withPeer,
                            std::vector<double>& kafkaLatency, std::optional<ChildFigures>& ours,
                            std::optional<ChildFigures>& peer) {
        const std::string t = topic + "-" + name;
        kafka::Producer producer(config);
        std::mt19937_64 rng(7);
        producer.produce(t, {}, click(rng, 0), 0);  // creates the topic
        producer.flush(std::chrono::seconds(10));
        // Our job commits at its default freshness target; the peer commits on that interval,
        // the closest it has. Both run past the production by two targets, so the last rows'
        // commits land.
        const auto target = lake::sync::SyncOptions{}.freshnessTarget;
        const int tail =
            2 * static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(target).count()) +
            2;
        Child sync({self, "--child-stream", bootstrap, t, (lake / (t + "-ours")).string(),
                    std::to_string(seconds + tail)});
        if (!awaitReady(sync)) return false;
        std::optional<Child> py;
        if (withPeer) {
            py.emplace(peerArgs(t, {"--seconds", std::to_string(seconds + tail),
                                    "--commit-interval-ms", std::to_string(target.count())}));
            if (!awaitReady(*py)) return false;
        }
        kafka::Consumer consumer(config);
        consumer.assign(std::vector<kafka::TopicPartitionOffset>{{t, 0, RD_KAFKA_OFFSET_END}});
        std::jthread reader([&](std::stop_token st) {
            while (!st.stop_requested()) {
                auto m = consumer.poll(std::chrono::milliseconds(100));
                if (m && m->error() == RD_KAFKA_RESP_ERR_NO_ERROR && m->timestampMs() > 0)
                    kafkaLatency.push_back(static_cast<double>(epochMs() - m->timestampMs()));
            }
        });
        const auto end = Clock::now() + std::chrono::seconds(seconds);
        long i = 1;
        auto next = Clock::now();
        while (Clock::now() < end) {
            for (int k = 0; k < 20; ++k)
                producer.produce(t, {}, click(rng, i++), 0);
            next += std::chrono::milliseconds(10);
            std::this_thread::sleep_until(next);
        }
        producer.flush(std::chrono::seconds(10));
        reader.request_stop();
        reader.join();
        ours = finishChild(sync, "the streaming sync job");
        if (py) peer = finishChild(*py, "the streaming Python peer");
        return ours.has_value() && (!withPeer || peer.has_value());
    };

    if (freshnessSeconds > 0) {
        std::vector<double> kafkaLatency;
        std::optional<ChildFigures> ours, peer;
        if (!stream("fresh", freshnessSeconds, !python.empty(), kafkaLatency, ours, peer)) return 1;
        std::printf("Freshness at the default policy, %d s at 2,000 records/s\n", freshnessSeconds);
        std::printf("  produce → consumed (baseline)      p50 %7.0f ms  p95 %7.0f ms\n",
                    percentile(kafkaLatency, 50), percentile(kafkaLatency, 95));
        std::printf(
            "  produce → visible, Riverdelta      p50 %7.0f ms  p95 %7.0f ms  (table version %lld; "
            "peak RSS %.0f MB, %.2f CPU-s)  goal p50 <= 1000, p95 <= 2000\n",
            ours->result.value("p50_ms", -1.0), ours->result.value("p95_ms", -1.0),
            ours->result.value("version", 0LL), ours->peakRssMb(), ours->result.value("cpu", 0.0));
        if (peer)
            std::printf(
                "  produce → visible, Python peer     p50 %7.0f ms  p95 %7.0f ms  (%lld commits; "
                "peak RSS %.0f MB, %.2f CPU-s)\n",
                peer->result.value("p50_ms", -1.0), peer->result.value("p95_ms", -1.0),
                peer->result.value("commits", 0LL), peer->peakRssMb(),
                peer->result.value("cpu", 0.0));
    }

    if (streamingMinutes > 0) {
        std::vector<double> kafkaLatency;
        std::optional<ChildFigures> ours, peer;
        if (!stream("streaming", streamingMinutes * 60, false, kafkaLatency, ours, peer)) return 1;
        std::printf(
            "Files after %d minutes of streaming with compaction on (2,000 records/s, maintenance "
            "defaults)\n"
            "  Riverdelta: %lld files in the table (the last compaction folded %lld), %lld rows, "
            "table "
            "version %lld, peak RSS %.0f MB (goal <= 64), freshness p50 %.0f ms p95 %.0f ms\n",
            streamingMinutes, ours->result.value("files", 0LL),
            ours->result.value("compacted", 0LL), ours->result.value("rows", 0LL),
            ours->result.value("version", 0LL), ours->peakRssMb(),
            ours->result.value("p50_ms", -1.0), ours->result.value("p95_ms", -1.0));
    } else {
        std::printf(
            "Files after N minutes of streaming with compaction on: not measured (pass "
            "--streaming-minutes 10)\n");
    }
    std::printf("  load average after: %s\n", loadAverage().c_str());
    std::filesystem::remove_all(lake);
    return 0;
}
