#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "engine/run/event_sink.h"
#include "engine/run/kafka_cluster.h"
#include "engine/run/stream_counters.h"

namespace riverdelta::generate {
class Program;
class Session;
}  // namespace riverdelta::generate

namespace riverdelta::run {

struct RunOptions;
struct RunTargets;

// Where a run's events go: one EventSink per scheduled generator (a Kafka topic through its
// cluster's producer, a PostgreSQL table, files, a bucket, a webhook), opened together, fed
// event by event and flushed together. Everything runs on the generating thread.
class RunSinks {
  public:
    // What opening learns per generator, for the status as it happens.
    struct Observer {
        // A table continues after rows an earlier run of the same id and seed committed.
        std::function<void(std::size_t generator, std::uint64_t rows)> resumed;
        // A generator Riverdelta cannot deliver is left out of the run, with why.
        std::function<void(std::size_t generator, const std::string& reason)> notDelivered;
    };

    RunSinks(const generate::Program& program, const RunTargets& targets, const RunOptions& options,
             std::span<StreamCounters> counters, std::stop_token stop);
    RunSinks(const RunSinks&) = delete;
    RunSinks& operator=(const RunSinks&) = delete;
    ~RunSinks();

    // Kafka clusters are opened once each (a broker must answer, the run's topics are
    // created); a generator that cannot be delivered is left out with its reason, and opening
    // fails only when nothing can be delivered. Throws core::StopRequested on stop.
    void open(const Observer& observer);
    [[nodiscard]] const std::vector<std::size_t>& undelivered() const { return undelivered_; }

    void deliver(const generate::Event& event);
    // lookupScope "committed": lookups see what the sinks confirmed. Kafka acknowledges
    // partitions independently; the other sinks in the order events were handed to them.
    void acknowledge(generate::Session& session) const;
    // Writes what is buffered: all of it, or only what has waited long enough.
    void writeDueBatches(bool all);
    // Writes everything and waits (at most `timeout`) until Kafka acknowledged it all.
    void flushAll(std::chrono::milliseconds timeout);

  private:
    void openSink(std::size_t g, std::map<std::string, std::vector<std::size_t>>& topicsByCluster,
                  const Observer& observer);
    [[nodiscard]] std::string undeliveredSummary() const;

    const generate::Program& program_;
    const RunTargets& targets_;
    const RunOptions& options_;
    std::span<StreamCounters> counters_;
    std::stop_token stop_;
    std::map<std::string, std::unique_ptr<KafkaCluster>> clusters_;  // before the sinks using them
    std::vector<std::unique_ptr<EventSink>> sinks_;                  // by generator; null: none
    std::vector<std::size_t> undelivered_;                           // generators left out
    std::vector<std::string> undeliveredWhy_;                        // in step with undelivered_
};

}  // namespace riverdelta::run
