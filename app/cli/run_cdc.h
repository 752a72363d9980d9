#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "engine/cdc/pg_source.h"
#include "engine/generate/program.h"
#include "engine/run/run_targets.h"

namespace riverdelta::core {
class Log;
}

namespace riverdelta::cli {

// Change data capture for `riverdelta-cli run`: when the scenario writes PostgreSQL tables and
// the run has a Kafka target, one cdc::PgSource per PostgreSQL connection captures those tables
// into <prefix>.<schema>.<table>. Each source starts once the run has created its tables (its
// snapshot, on the slot's exported snapshot, then streaming, sees every row exactly once);
// finish() waits until every change committed so far is acknowledged by Kafka, then stops.
class RunCdc {
  public:
    struct Options {
        std::string prefix = "riverhotel";
        // Drop the slot when the run ends: on the sandbox's in-memory Kafka the next run starts
        // with empty topics, so it must snapshot again.
        bool dropSlotOnStop = false;
        core::Log* log = nullptr;
    };

    RunCdc(const generate::Program& program, const run::RunTargets& targets, Options options);
    RunCdc(const RunCdc&) = delete;
    RunCdc& operator=(const RunCdc&) = delete;
    ~RunCdc();

    // Nothing to capture: no table generators, or no Kafka to capture into.
    [[nodiscard]] bool empty() const { return captures_.empty(); }
    // Topics the sources write (for topic creation on the embedded cluster and messages).
    [[nodiscard]] std::vector<std::string> topics() const;
    // Starts every source whose tables all exist now; cheap to call often.
    void poll();
    // Starts what has not started (with the tables that exist), waits until each source has
    // confirmed the server's WAL position as it is now (everything the run wrote is in Kafka),
    // at most `timeout`, then stops them. Returns false when that position was not reached.
    bool finish(std::chrono::milliseconds timeout, bool (*interrupted)());
    // One line per source: state, counters, rate, lag, snapshot progress.
    [[nodiscard]] std::vector<std::string> statusLines() const;
    // A failure reason, empty when none failed.
    [[nodiscard]] std::string failure() const;

  private:
    struct Capture {
        std::string connection;  // scenario connection name
        std::string conninfo;
        std::vector<std::string> tables;  // "schema.table"
        std::unique_ptr<cdc::PgSource> source;
        std::string note;  // why it did not start
    };
    void startCapture(Capture& c, const std::vector<std::string>& tables);
    static std::vector<std::string> existingTables(const Capture& c);

    Options options_;
    kafka::ClientConfig kafka_;
    std::vector<Capture> captures_;
    std::chrono::steady_clock::time_point lastPoll_{};
};

}  // namespace riverdelta::cli
