// Compaction throughput: riverdelta's Compactor (copies the column chunks of small files into
// one file, then an OPTIMIZE commit) in MB/s of input, beside pyarrow reading the same files
// and rewriting them into one file (bench_lake_maintenance_pyarrow.py), in the same run.
// Usage: bench_lake_maintenance [--files N] [--rows-per-file N] [--runs N] [--python PATH]
//                               [--dir DIR]
// The table is N commits of one file each, as the sync job writes them (snappy, dictionary).
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/table_writer.h"
#include "engine/lake/maintenance/compactor.h"
#include "engine/lake/storage/local_object_store.h"

using namespace riverdelta::lake;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

std::string argValue(int argc, char** argv, const std::string& name, const std::string& dflt) {
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == name) return argv[i + 1];
    return dflt;
}

double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Writes `files` commits of `rows` clickstream-like rows each into a fresh table at `dir`.
void buildTable(const fs::path& dir, int files, int rows) {
    fs::remove_all(dir);
    storage::LocalObjectStore store(dir);
    delta::TableWriter table(store, "");
    table.ensureSchema(delta::TableSchema({{"activity_id", delta::DeltaType::String, false},
                                           {"customer_email", delta::DeltaType::String},
                                           {"hotel_id", delta::DeltaType::String},
                                           {"event_duration", delta::DeltaType::Integer},
                                           {"amount", delta::DeltaType::Double},
                                           {"_kafka_offset", delta::DeltaType::Long, false},
                                           {"_kafka_timestamp", delta::DeltaType::Timestamp}}));
    std::mt19937_64 rng(42);
    std::int64_t id = 0;
    for (int f = 0; f < files; ++f) {
        auto file = table.newDataFile();
        for (int r = 0; r < rows; ++r, ++id) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "A%09lld", static_cast<long long>(id));
            file->column(0).appendBytes(buf);
            std::snprintf(buf, sizeof buf, "guest.%03d.%lld@example.com",
                          static_cast<int>(rng() % 1000), static_cast<long long>(id % 997));
            file->column(1).appendBytes(buf);
            std::snprintf(buf, sizeof buf, "H%03d", static_cast<int>(rng() % 30));
            file->column(2).appendBytes(buf);
            file->column(3).appendInt32(120 + static_cast<int>(rng() % 120));
            file->column(4).appendDouble(static_cast<double>(rng() % 100000) / 100.0);
            file->column(5).appendInt64(id);
            file->column(6).appendInt64(1'790'000'000'000'000LL + id * 37'000);
            if (r % 4096 == 4095) file->endRows();
        }
        file->endRows();
        const auto add = file->finish();
        const delta::Txn txn{"bench-0", id - 1};
        table.commit({&add, 1}, {&txn, 1});
    }
}

}  // namespace

int main(int argc, char** argv) {
    const int files = std::stoi(argValue(argc, argv, "--files", "400"));
    const int rowsPerFile = std::stoi(argValue(argc, argv, "--rows-per-file", "5000"));
    const int runs = std::stoi(argValue(argc, argv, "--runs", "3"));
    const char* envPython = std::getenv("RIVERDELTA_TEST_PYTHON");
    const std::string python = argValue(argc, argv, "--python", envPython ? envPython : "");
    const fs::path dir = argValue(argc, argv, "--dir", fs::temp_directory_path().string()) +
                         std::string("/riverdelta_bench_lake_maintenance");
    fs::create_directories(dir);
    const fs::path source = dir / "source";
    std::printf("building a table of %d commits x %d rows...\n", files, rowsPerFile);
    buildTable(source, files, rowsPerFile);

    std::uint64_t bytesIn = 0;
    {
        std::ofstream list(dir / "files.txt");
        for (const auto& e : fs::directory_iterator(source)) {
            if (e.path().extension() != ".parquet") continue;
            list << e.path().string() << "\n";
            bytesIn += e.file_size();
            std::ifstream warm(e.path(), std::ios::binary);  // page cache warm for both
            warm.ignore(std::numeric_limits<std::streamsize>::max());
        }
    }
    const double mb = static_cast<double>(bytesIn) / 1e6;
    std::printf("input: %d files, %.1f MB\n", files, mb);

    // Ours: each run compacts a fresh copy of the table (the compaction changes it).
    double best = 1e100, bestCpu = 1e100;
    std::int64_t written = 0;
    for (int r = 0; r < runs; ++r) {
        const fs::path copy = dir / "copy";
        fs::remove_all(copy);
        fs::copy(source, copy, fs::copy_options::recursive);
        storage::LocalObjectStore store(copy);
        maintenance::CompactionOptions o;
        o.targetFileSize = 1LL << 40;  // one output, as the pyarrow rewrite makes
        o.maxRowGroupsPerFile = 1u << 20;
        maintenance::Compactor compactor(store, "", o);
        const auto t0 = Clock::now();
        const double c0 = cpuSeconds();
        const auto result = compactor.run();
        bestCpu = std::min(bestCpu, cpuSeconds() - c0);
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
        if (!result.version || result.filesRemoved != files || result.filesAdded != 1) {
            std::fprintf(stderr, "compaction did not compact %d files into 1 (%lld → %lld)\n",
                         files, static_cast<long long>(result.filesRemoved),
                         static_cast<long long>(result.filesAdded));
            return 1;
        }
        written = result.bytesWritten;
    }
    std::printf(
        "riverdelta compaction (column-chunk copy + OPTIMIZE commit): %.3f s wall, "
        "%.1f MB/s; %.3f s CPU, %.1f MB/s; output %lld bytes\n",
        best, mb / best, bestCpu, mb / bestCpu, static_cast<long long>(written));

    if (python.empty()) {
        std::printf("pyarrow baseline skipped: pass --python or set RIVERDELTA_TEST_PYTHON\n");
        return 0;
    }
    const std::string script =
        std::string(RIVERDELTA_SOURCE_DIR) + "/bench/bench_lake_maintenance_pyarrow.py";
    const std::string cmd = "'" + python + "' '" + script + "' '" + (dir / "files.txt").string() +
                            "' '" + (dir / "pyarrow.parquet").string() + "' " +
                            std::to_string(runs);
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (pipe == nullptr) {
        std::fprintf(stderr, "cannot run %s\n", cmd.c_str());
        return 1;
    }
    std::string output;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe) != nullptr)
        output += buf;
    if (::pclose(pipe) != 0 || output.find('{') == std::string::npos) {
        std::fprintf(stderr, "pyarrow baseline failed:\n%s\n", output.c_str());
        return 1;
    }
    const auto j = nlohmann::json::parse(output.substr(output.rfind('{')));
    const double py = j["seconds"].get<double>();
    const double pyCpu = j["cpu_seconds"].get<double>();
    if (j["rows"].get<std::int64_t>() != static_cast<std::int64_t>(files) * rowsPerFile) {
        std::fprintf(stderr, "pyarrow read %lld rows\n",
                     static_cast<long long>(j["rows"].get<std::int64_t>()));
        return 1;
    }
    std::printf(
        "pyarrow %s read + rewrite (snappy): %.3f s wall, %.1f MB/s; %.3f s CPU, "
        "%.1f MB/s; output %lld bytes\n",
        j["version"].get<std::string>().c_str(), py, mb / py, pyCpu, mb / pyCpu,
        static_cast<long long>(j["bytes_out"].get<std::int64_t>()));
    std::printf("riverdelta / pyarrow: %.2fx wall, %.2fx CPU (goal >= 1.0x)\n", py / best,
                pyCpu / bestCpu);
    fs::remove_all(dir);
    return 0;
}
