// Parquet encode throughput for a clickstream-like schema (the Tableflow workshop topic plus
// the Kafka metadata columns), ours vs pyarrow writing the same rows with the same codec in the
// same run. Both write to memory; only the write is timed; best of N runs each.
//
//   bench_parquet [--rows N] [--runs N] [--codec snappy|zstd|none] [--python PATH]
//                 [--out FILE.parquet]
// The pyarrow baseline runs bench/bench_parquet_pyarrow.py with --python or
// RIVERDELTA_TEST_PYTHON; it reads our file back (checking the row count) and writes it again.
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

struct Columns {
    std::vector<std::string> activityId, email, hotelId, action, url, key;
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

void writeAll(const Columns& c, pq::ByteSink& sink, pq::Compression codec) {
    pq::WriterOptions o;
    o.compression = codec;
    pq::FileWriter w(schema(), sink, o);
    const std::size_t n = c.activityId.size();
    constexpr std::size_t kBatch = 4096;
    for (std::size_t start = 0; start < n; start += kBatch) {
        const std::size_t end = std::min(n, start + kBatch);
        // Column-wise within a batch, as a decoder filling column buffers would.
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
    const char* envPython = std::getenv("RIVERDELTA_TEST_PYTHON");
    const std::string python = argValue(argc, argv, "--python", envPython ? envPython : "");
    const std::string out = argValue(
        argc, argv, "--out",
        (std::filesystem::temp_directory_path() / "riverdelta_bench_parquet.parquet").string());
    pq::Compression codec = pq::Compression::Snappy;
    if (codecName == "zstd") codec = pq::Compression::Zstd;
    if (codecName == "none") codec = pq::Compression::Uncompressed;

    std::cout << "generating " << rows << " clickstream rows...\n";
    const Columns c = generate(rows);

    double best = 1e100;
    std::size_t bytes = 0;
    for (int r = 0; r < runs; ++r) {
        pq::MemorySink sink;
        const auto t0 = Clock::now();
        writeAll(c, sink, codec);
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        best = std::min(best, s);
        bytes = sink.data().size();
    }
    {
        pq::FileSink file(out);
        writeAll(c, file, codec);
    }
    const double ours = static_cast<double>(rows) / best;
    std::printf("riverdelta parquet (%s): %.3f s, %.0f rows/s, %zu bytes\n", codecName.c_str(),
                best, ours, bytes);

    if (python.empty()) {
        std::printf("pyarrow baseline skipped: pass --python or set RIVERDELTA_TEST_PYTHON\n");
        return 0;
    }
    const std::string script =
        std::string(RIVERDELTA_SOURCE_DIR) + "/bench/bench_parquet_pyarrow.py";
    const std::string cmd = "'" + python + "' '" + script + "' '" + out + "' " + codecName + " " +
                            std::to_string(runs) + " " + std::to_string(rows);
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
    std::printf("pyarrow %s (%s): %.3f s, %.0f rows/s, %lld bytes\n",
                j["version"].get<std::string>().c_str(), codecName.c_str(),
                j["seconds"].get<double>(), pyarrow, j["bytes"].get<long long>());
    std::printf("ratio riverdelta / pyarrow: %.2fx (target >= 1.0x)\n", ours / pyarrow);
    return 0;
}
