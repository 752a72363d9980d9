#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/lake/sync/sync_job.h"
#include "engine/report/run_report.h"
#include "engine/run/run_status.h"

namespace riverdelta::core {
class Log;
}

namespace riverdelta::report {

struct RecorderOptions {
    std::chrono::milliseconds interval{1000};  // samples closer together than ~this are ignored
    std::size_t maxPoints = 1800;              // per series, then merged pairwise (TimeSeries)
    std::size_t maxLogLines = 200;             // warnings and errors kept (the first ones)
};

// Samples a run while it goes (call sample() about once a second; the CLI's status loop and the
// console's refresh timer both do) into bounded time series, and turns what it saw into the
// run part of a RunReport. Thread-safe: the console may export from another thread.
class RunRecorder {
  public:
    explicit RunRecorder(RecorderOptions options = {});

    // Warnings and errors of this log (from now on) go into the report.
    void watchLog(const core::Log* log);
    void sample(const run::RunStatus& status,
                std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());
    void sampleSync(const std::vector<lake::sync::SyncStatus>& syncs);
    void setCdc(CdcReport cdc);

    // Generators, topics (acknowledged counts, bytes, series), stages, Delta tables, CDC and the
    // log, from the last sample. Endpoints, scenario and server read-back are the caller's.
    [[nodiscard]] RunReport report();

  private:
    void collectLog();

    struct StreamTrack {
        TimeSeries rate;
        std::vector<double> runningRates;
        std::uint64_t lastAcked = 0;
    };
    struct TopicTrack {
        TimeSeries messages, bytes;
        std::uint64_t lastAcked = 0, lastBytes = 0;
    };

    RecorderOptions options_;
    std::mutex mutex_;
    const core::Log* log_ = nullptr;
    std::uint64_t logSeen_ = 0;
    std::vector<LogLine> logLines_;
    std::uint64_t logOmitted_ = 0;
    std::optional<run::RunStatus> last_;
    std::optional<std::chrono::steady_clock::time_point> lastAt_, firstAt_;
    std::vector<StreamTrack> streams_;
    std::map<std::string, TopicTrack> topics_;
    std::vector<lake::sync::SyncStatus> syncs_;
    std::optional<CdcReport> cdc_;
};

}  // namespace riverdelta::report
