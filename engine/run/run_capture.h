#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/cdc/source_status.h"
#include "engine/run/run_targets.h"

namespace riverdelta::core {
class Log;
}
namespace riverdelta::generate {
class Program;
}
namespace riverdelta::cdc {
class PgSource;
}
namespace riverdelta::kafka {
class EmbeddedCluster;
}

namespace riverdelta::run {

// One capture as it looks now: a PostgreSQL connection's tables and its source, if started.
struct CaptureStatus {
    std::string connection;  // the scenario's PostgreSQL connection ("" when it names none)
    std::vector<std::string> tables;  // "schema.table"
    std::vector<std::string> topics;  // <prefix>.<schema>.<table>
    bool wanted = true;               // started and not stopped
    std::string note;                 // why it has not started yet (e.g. waiting for tables)
    std::string failure;              // why it never started, once finish() gave up on it
    std::optional<cdc::SourceStatus> source;  // once started (its last status after a stop)
    // Over every start of this run's capture (a source's own counters begin at each start).
    std::uint64_t eventsCaptured = 0, eventsAcknowledged = 0;
    std::vector<cdc::TableEvents> tableEvents;  // per table, in `tables` order

    bool operator==(const CaptureStatus&) const = default;
};

// Change data capture of the PostgreSQL tables a scenario writes, into the run's Kafka: one
// cdc::PgSource per PostgreSQL connection, topics <prefix>.<schema>.<table>. A source starts
// once the run has created all its tables, so its snapshot (on the slot's exported snapshot)
// plus the stream hold every row exactly once. The slot is riverdelta_<database>: slots are
// server-wide, so runs into two databases of one server never share one.
//
// `riverdelta-cli run` and the console both drive it: poll() often (it starts what is due;
// it may wait on PostgreSQL, so never from a UI thread), stop()/resume() to pause and continue
// (the slot keeps the position: nothing lost, nothing twice), finish() at a run's normal end.
// status() may be called from any thread at any time and never wait on a server.
class RunCapture {
  public:
    struct Options {
        std::string prefix = "riverhotel";
        // The run's Kafka topics are new (the sandbox's in-memory cluster): the first start
        // drops an existing slot so the tables are snapshotted into them again, and the slot
        // is dropped when the capture ends (it would hold the server's WAL for nobody).
        bool freshTopics = false;
        core::Log* log = nullptr;
    };

    // The capture topics (one partition each) are made on the run's Kafka before the first
    // source starts; a failure to make them shows as the capture's note and is tried again.
    RunCapture(const generate::Program& program, const RunTargets& targets, Options options);
    RunCapture(const RunCapture&) = delete;
    RunCapture& operator=(const RunCapture&) = delete;
    ~RunCapture();  // stops the sources (and drops their slots when freshTopics)

    // The tables of the scenario's scheduled table generators, schema-qualified, each once.
    static std::vector<std::string> tablesOf(const generate::Program& program);

    // Nothing to capture: no table generators, or no Kafka to capture into.
    [[nodiscard]] bool empty() const { return captures_.empty(); }
    [[nodiscard]] std::vector<std::string> topics() const;
    // Starts each wanted source whose tables all exist now; at most every 100 ms.
    void poll();
    // Stops the sources, keeping their slots; resume() makes poll() start them again.
    void stop();
    void resume();
    // Starts what has not started (with the tables that exist), waits until each source has
    // confirmed the server's WAL position as it is now (everything the run wrote is in Kafka),
    // at most `timeout`, then stops them. False when that position was not reached: then
    // failure() names a capture that failed or never started, else shortfall() says what the
    // timeout left behind. A capture that cannot start (its topics cannot be made, Kafka is
    // down) is tried again for as long as a run's own events wait for Kafka (the producer's
    // delivery timeout, message.timeout.ms), whatever `timeout` is — unless the run was
    // stopped (StartMissing::No): then only what started delivers what it has.
    enum class StartMissing { Yes, No };
    bool finish(std::chrono::milliseconds timeout, bool (*interrupted)() = nullptr,
                StartMissing startMissing = StartMissing::Yes);
    // After finish() returned false with no failure(): "cdc did not deliver every change
    // within N s; ..." naming whether a slot keeps the rest. Empty otherwise.
    [[nodiscard]] std::string shortfall() const;

    // Every wanted source has its slot (it snapshots or streams) or has ended: changes made
    // from now on reach Kafka as change events, not as snapshot rows. Any thread.
    [[nodiscard]] bool readyForChanges() const;
    // A source has started at least once (there is something to report).
    [[nodiscard]] bool started() const;
    [[nodiscard]] std::vector<CaptureStatus> status() const;
    // A failure reason, empty when none failed.
    [[nodiscard]] std::string failure() const;

  private:
    struct Capture {
        std::string connection;
        std::string conninfo;
        std::vector<std::string> tables;
        std::shared_ptr<cdc::PgSource> source;  // shared: status() copies it out of the lock
        std::string note;
        std::string failure;  // why it never started, once finish() gave up on it
        bool startedOnce = false;
        // What the sources before this one counted.
        std::uint64_t carriedCaptured = 0, carriedAcknowledged = 0;
        std::map<std::string, std::uint64_t> carriedTableEvents;
    };
    // Makes the topics (waiting at most topicWait for a broker) and starts the source, which
    // waits at most sourceWait (unset: as long as the run's own events wait for Kafka).
    void startCapture(std::size_t index, const std::vector<std::string>& tables,
                      std::chrono::milliseconds topicWait = std::chrono::seconds(30),
                      std::optional<std::chrono::milliseconds> sourceWait = std::nullopt);
    void ensureTopics(std::chrono::milliseconds timeout);  // throws kafka::KafkaError
    // Folds the source's counts into the capture's totals and lets it go; mutex_ held.
    static void retire(Capture& c);
    void stopSources(bool dropSlots);
    static std::vector<std::string> existingTables(const std::string& conninfo,
                                                   const std::vector<std::string>& tables);

    Options options_;
    kafka::ClientConfig kafka_;
    kafka::EmbeddedCluster* embedded_ = nullptr;  // the sandbox's cluster (no CreateTopics API)
    bool topicsMade_ = false;
    std::chrono::milliseconds deliveryTimeout_;  // how long the run's own events wait for Kafka
    std::string shortfall_;
    mutable std::mutex mutex_;  // captures_' sources and notes, wanted_; never held on a server
    std::vector<Capture> captures_;
    bool wanted_ = true;
    std::chrono::steady_clock::time_point lastPoll_{};
};

}  // namespace riverdelta::run
