// Parquet encode throughput for a clickstream-like schema (the Tableflow workshop topic plus
// the Kafka metadata columns), ours vs pyarrow writing the same rows with the same codec in the
// same run. Both write a file into --dir (default /dev/shm, so the disk does not dominate; no
// fsync in either); only the write is timed; best of N runs each.
//
//   bench_parquet [--rows N] [--runs N] [--codec snappy|zstd|none] [--python PATH] [--dir DIR]
//                 [--threads N (compression threads for the second figure, default 1)]
//                 [--row-group-rows N] [--keep yes]
// The pyarrow baseline runs bench/bench_parquet_pyarrow.py with --python or
// RIVERDELTA_TEST_PYTHON; it reads our file back (checking the row count) and writes it again.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lake/parquet/byte_sink.h"
#include "engine/lake/parquet/file_sink.h"
#include "engine/lake/parquet/file_writer.h"

namespace pq = riverdelta::lake::parquet;
using Clock = std::chrono::steady_clock;

namespace {

// Strings live in one arena per column with offsets, like an Arrow string array or the column
// buffers a decoder fills: no per-value allocation on either side of the comparison.
class StringColumn {
  public:
    void push_back(std::string_view v) {
        data_.append(v);
        offsets_.push_back(data_.size());
    }
    template <typename... A>
    void emplace_back(A&&... a) {
        push_back(std::string_view(std::forward<A>(a)...));
    }
    std::string_view operator[](std::size_t i) const {
        const std::size_t begin = i == 0 ? 0 : offsets_[i - 1];
        return std::string_view(data_).substr(begin, offsets_[i] - begin);
    }
    [[nodiscard]] std::size_t size() const { return offsets_.size(); }

  private:
    std::string data_;
    std::vector<std::size_t> offsets_;
};

struct Columns {
    StringColumn activityId, email, hotelId, action, url, key;
    std::vector<std::int32_t> duration, partition;
    std::vector<std::int64_t> createdAt, offset, kafkaTs;
};

std::string uuid(std::mt19937_64& rng) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s(36, '-');
    std::uint64_t a = rng();
    std::uint64_t b = rng();
    for (int i = 0; i < 36; ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) continue;
        std::uint64_t& src = i < 18 ? a : b;
        s[static_cast<std::size_t>(i)] = kHex[src & 15U];
        src >>= 4;
    }
    return s;
}

Columns generate(std::size_t rows) {
    std::mt19937_64 rng(20240501);
    Columns c;
    std::vector<std::string> emails;
    for (int i = 0; i < 50'000; ++i) {
        emails.push_back("guest" + std::to_string(i * 7919 % 1'000'003) + "@mail" +
                         std::to_string(i % 17) + ".example.com");
    }
    std::vector<std::string> hotels;
    for (int i = 0; i < 2'000; ++i) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "H-%05d", i);
        hotels.emplace_back(buf);
    }
    const char* actions[] = {"page_view", "booking_click", "cancel_click"};
    std::int64_t offsets[4] = {0, 0, 0, 0};
    std::int64_t t = 1'714'000'000'000'000;
    for (std::size_t i = 0; i < rows; ++i) {
        const std::uint64_t r = rng();
        c.activityId.push_back(uuid(rng));
        const auto& email = emails[r % emails.size()];
        c.email.push_back(email);
        const auto& hotel = hotels[(r >> 20) % hotels.size()];
        c.hotelId.push_back(hotel);
        const std::size_t a = (r >> 40) % 10 < 7 ? 0 : ((r >> 40) % 10 < 9 ? 1 : 2);
        c.action.emplace_back(actions[a]);
        c.duration.push_back(static_cast<std::int32_t>((r >> 8) % 3600));
        c.url.push_back("https://riverhotels.example/hotels/" + hotel + "?utm_source=" +
                        std::to_string((r >> 33) % 40) + "&page=" + std::to_string((r >> 50) % 25));
        t += 1000 + static_cast<std::int64_t>((r >> 12) % 1000);
        c.createdAt.push_back(t);
        const auto p = static_cast<std::int32_t>((r >> 60) % 4);
        c.partition.push_back(p);
        c.offset.push_back(offsets[p]++);
        c.kafkaTs.push_back((t / 1000 + 3 + static_cast<std::int64_t>((r >> 3) % 50)) * 1000);
        c.key.push_back(email);
    }
    return c;
}

pq::Schema schema() {
    using pq::SchemaNode;
    const auto ts = pq::LogicalType::timestamp(pq::TimeUnit::Micros, true);
    std::vector<SchemaNode> f;
    f.push_back(SchemaNode::string("activity_id"));
    f.push_back(SchemaNode::string("customer_email"));
    f.push_back(SchemaNode::string("hotel_id"));
    f.push_back(SchemaNode::string("action"));
    f.push_back(SchemaNode::int32("event_duration"));
    f.push_back(SchemaNode::string("url"));
    f.push_back(
        SchemaNode::primitive("created_at", pq::Repetition::Optional, pq::PhysicalType::Int64, ts));
    f.push_back(SchemaNode::int32("partition"));
    f.push_back(SchemaNode::int64("offset"));
    f.push_back(
        SchemaNode::primitive("timestamp", pq::Repetition::Optional, pq::PhysicalType::Int64, ts));
    f.push_back(SchemaNode::string("key"));
    return pq::Schema(std::move(f));
}

void writeAll(const Columns& c, pq::ByteSink& sink, pq::Compression codec, std::int64_t rgRows,
              std::size_t threads) {
    pq::WriterOptions o;
    o.compression = codec;
    o.compressionThreads = threads;
    if (rgRows > 0) o.rowGroupRows = rgRows;
    pq::FileWriter w(schema(), sink, o);
    const std::size_t n = c.activityId.size();
    constexpr std::size_t kBatch = 4096;
    for (std::size_t start = 0; start < n; start += kBatch) {
        const std::size_t end = std::min(n, start + kBatch);
        // Column-wise within a batch, as a decoder filling column buffers would: strings per
        // value, numbers as spans.
        for (std::size_t i = start; i < end; ++i)
            w.column(0).appendBytes(c.activityId[i]);
        for (std::size_t i = start; i < end; ++i)
            w.column(1).appendBytes(c.email[i]);
        for (std::size_t i = start; i < end; ++i)
            w.column(2).appendBytes(c.hotelId[i]);
        for (std::size_t i = start; i < end; ++i)
            w.column(3).appendBytes(c.action[i]);
        for (std::size_t i = start; i < end; ++i)
            w.column(4).appendInt32(c.duration[i]);
        for (std::size_t i = start; i < end; ++i)
            w.column(5).appendBytes(c.url[i]);
        for (std::size_t i = start; i < end; ++i)
            w.column(6).appendInt64(c.createdAt[i]);
        for (std::size_t i = start; i < end; ++i)
            w.column(7).appendInt32(c.partition[i]);
        for (std::size_t i = start; i < end; ++i)
            w.column(8).appendInt64(c.offset[i]);
        for (std::size_t i = start; i < end; ++i)
            w.column(9).appendInt64(c.kafkaTs[i]);
        for (std::size_t i = start; i < end; ++i)
            w.column(10).appendBytes(c.key[i]);
        w.endRows();
    }
    w.close();
}

double cpuSeconds() {
    timespec ts{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string argValue(int argc, char** argv, std::string_view name, std::string fallback) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (name == argv[i]) return argv[i + 1];
    }
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    const auto rows =
        static_cast<std::size_t>(std::stoll(argValue(argc, argv, "--rows", "1000000")));
    const int runs = std::stoi(argValue(argc, argv, "--runs", "3"));
    const std::string codecName = argValue(argc, argv, "--codec", "snappy");
    const std::int64_t rgRows = std::stoll(argValue(argc, argv, "--row-group-rows", "0"));
    const auto threads =
        static_cast<std::size_t>(std::stoul(argValue(argc, argv, "--threads", "1")));
    const char* envPython = std::getenv("RIVERDELTA_TEST_PYTHON");
    const std::string python = argValue(argc, argv, "--python", envPython ? envPython : "");
    const std::string dir = argValue(argc, argv, "--dir",
                                     std::filesystem::is_directory("/dev/shm")
                                         ? std::string("/dev/shm")
                                         : std::filesystem::temp_directory_path().string());
    const std::string out = dir + "/riverdelta_bench_parquet.parquet";
    const std::string pyOut = dir + "/riverdelta_bench_pyarrow.parquet";
    pq::Compression codec = pq::Compression::Snappy;
    if (codecName == "zstd") codec = pq::Compression::Zstd;
    if (codecName == "none") codec = pq::Compression::Uncompressed;

    std::cout << "generating " << rows << " clickstream rows...\n";
    const Columns c = generate(rows);

    struct Figures {
        double wall = 1e100;
        double cpu = 1e100;
        std::size_t bytes = 0;
    };
    auto measure = [&](std::size_t workerThreads) {
        Figures f;
        for (int r = 0; r < runs; ++r) {
            const auto t0 = Clock::now();
            const double c0 = cpuSeconds();
            pq::FileSink file(out, false, false);
            writeAll(c, file, codec, rgRows, workerThreads);
            f.cpu = std::min(f.cpu, cpuSeconds() - c0);
            f.wall = std::min(f.wall, std::chrono::duration<double>(Clock::now() - t0).count());
            f.bytes = static_cast<std::size_t>(file.position());
        }
        return f;
    };
    const double n = static_cast<double>(rows);
    const Figures inline0 = measure(0);
    std::printf(
        "riverdelta parquet (%s, inline compression): %.3f s wall, %.0f rows/s; %.3f s CPU, "
        "%.0f rows/s; %zu bytes\n",
        codecName.c_str(), inline0.wall, n / inline0.wall, inline0.cpu, n / inline0.cpu,
        inline0.bytes);
    const Figures threaded = measure(threads);
    std::printf(
        "riverdelta parquet (%s, %zu compression thread(s)): %.3f s wall, %.0f rows/s; %.3f s "
        "CPU; %zu bytes\n",
        codecName.c_str(), threads, threaded.wall, n / threaded.wall, threaded.cpu, threaded.bytes);

    if (python.empty()) {
        std::printf("pyarrow baseline skipped: pass --python or set RIVERDELTA_TEST_PYTHON\n");
        return 0;
    }
    const std::string script =
        std::string(RIVERDELTA_SOURCE_DIR) + "/bench/bench_parquet_pyarrow.py";
    const std::string cmd = "'" + python + "' '" + script + "' '" + out + "' '" + pyOut + "' " +
                            codecName + " " + std::to_string(runs) + " " + std::to_string(rows);
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (pipe == nullptr) {
        std::fprintf(stderr, "cannot run %s\n", cmd.c_str());
        return 1;
    }
    std::string output;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe) != nullptr)
        output += buf;
    if (::pclose(pipe) != 0) {
        std::fprintf(stderr, "pyarrow baseline failed:\n%s\n", output.c_str());
        return 1;
    }
    const auto j = nlohmann::json::parse(output.substr(output.rfind('{')));
    const double pyarrow = static_cast<double>(rows) / j["seconds"].get<double>();
    const double pyarrowCpu = static_cast<double>(rows) / j["cpu_seconds"].get<double>();
    std::printf("pyarrow %s (%s): %.3f s wall, %.0f rows/s; %.3f s CPU, %.0f rows/s; %lld bytes\n",
                j["version"].get<std::string>().c_str(), codecName.c_str(),
                j["seconds"].get<double>(), pyarrow, j["cpu_seconds"].get<double>(), pyarrowCpu,
                j["bytes"].get<long long>());
    std::printf(
        "ratio riverdelta / pyarrow: inline %.2fx wall, %.2fx CPU; with %zu compression "
        "thread(s) %.2fx wall (target >= 1.0x)\n",
        (n / inline0.wall) / pyarrow, (n / inline0.cpu) / pyarrowCpu, threads,
        (n / threaded.wall) / pyarrow);
    if (argValue(argc, argv, "--keep", "no") != "yes") {
        std::filesystem::remove(out);
        std::filesystem::remove(pyOut);
    }
    return 0;
}
