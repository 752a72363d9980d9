#include "engine/run/run_sinks.h"

#include <fmt/format.h>

#include "engine/core/background_worker.h"
#include "engine/core/error.h"
#include "engine/core/log.h"
#include "engine/generate/program.h"
#include "engine/generate/session.h"
#include "engine/run/bucket_store.h"
#include "engine/run/kafka_sink.h"
#include "engine/run/local_directory_store.h"
#include "engine/run/object_sink.h"
#include "engine/run/run_targets.h"
#include "engine/run/run_topics.h"
#include "engine/run/scenario_run.h"
#include "engine/run/table_sink.h"
#include "engine/run/webhook_sink.h"
#include "engine/s3/s3_error.h"

namespace riverdelta::run {

namespace {

std::string connectionName(const std::string& name) {
    return "'" + (name.empty() ? std::string("default") : name) + "'";
}

}  // namespace

RunSinks::RunSinks(const generate::Program& program, const RunTargets& targets,
                   const RunOptions& options, std::span<StreamCounters> counters,
                   std::stop_token stop)
    : program_(program),
      targets_(targets),
      options_(options),
      counters_(counters),
      stop_(std::move(stop)),
      sinks_(program.generators().size()) {}

RunSinks::~RunSinks() = default;

void RunSinks::open(const Observer& observer) {
    const auto& gens = program_.generators();
    std::map<std::string, std::vector<std::size_t>> topicsByCluster;
    std::size_t scheduled = 0;
    // Generators that only update or delete rows open after the ones that insert them, so
    // the table exists by then (they never create or drop it).
    std::vector<std::size_t> order;
    for (std::size_t g = 0; g < gens.size(); ++g)
        if (!gens[g].changesRowsOnly()) order.push_back(g);
    for (std::size_t g = 0; g < gens.size(); ++g)
        if (gens[g].changesRowsOnly()) order.push_back(g);
    for (std::size_t g : order) {
        const auto& info = gens[g];
        if (info.stage < 0) continue;  // never scheduled
        ++scheduled;
        try {
            openSink(g, topicsByCluster, observer);
        } catch (const SinkUnavailable& e) {
            undelivered_.push_back(g);
            undeliveredWhy_.emplace_back(e.what());
            if (observer.notDelivered) observer.notDelivered(g, e.what());
        }
    }
    for (auto& [name, generators] : topicsByCluster) {
        KafkaCluster& cluster = *clusters_.at(name);
        std::vector<kafka::TopicSpec> topics;
        for (auto g : generators)
            addTopicSpec(topics, gens[g], cluster.target().partitions);
        try {
            if (stop_.stop_requested()) throw core::StopRequested{};
            cluster.prepareTopics(topics, std::chrono::seconds(30));
            for (auto g : generators)
                sinks_[g] = std::make_unique<KafkaSink>(cluster, gens[g], counters_[g]);
        } catch (const core::StopRequested&) {
            throw;
        } catch (const std::exception& e) {
            throw Error("connection " + connectionName(name) + ": " + cluster.failureReason(e));
        }
    }
    if (scheduled > 0 && undelivered_.size() == scheduled)
        throw Error("nothing can be delivered: " + undeliveredSummary());
}

void RunSinks::openSink(std::size_t g,
                        std::map<std::string, std::vector<std::size_t>>& topicsByCluster,
                        const Observer& observer) {
    const auto& info = program_.generators()[g];
    const std::string& kind = info.connectionKind;
    if (info.kind == generate::TargetKind::Topic) {
        auto it = targets_.kafka.find(info.connection);
        if (it == targets_.kafka.end()) it = targets_.kafka.find("");
        if (it == targets_.kafka.end())
            throw Error("generator " + info.name + ": no Kafka connection \"" + info.connection +
                        "\"");
        auto& cluster = clusters_[it->first];
        if (!cluster) {
            try {
                cluster = std::make_unique<KafkaCluster>(it->first, it->second, options_.log);
            } catch (const std::exception& e) {
                clusters_.erase(it->first);
                throw Error("connection " + connectionName(it->first) + ": Kafka " +
                            it->second.label + ": " + e.what());
            }
        }
        topicsByCluster[it->first].push_back(g);
        return;
    }
    if (info.kind == generate::TargetKind::Table) {
        if (kind != "postgres" && !kind.empty())
            throw SinkUnavailable("table \"" + info.target + "\" on a " + kind +
                                  " connection (Riverdelta writes tables to PostgreSQL only)");
        auto it = targets_.postgres.find(info.connection);
        if (it == targets_.postgres.end()) it = targets_.postgres.find("");
        if (it == targets_.postgres.end())
            throw Error("generator " + info.name + ": no PostgreSQL connection \"" +
                        info.connection + "\"");
        try {
            auto sink = std::make_unique<TableSink>(
                it->second, info, fmt::format("{}/{}/{}", options_.runId, info.name, options_.seed),
                options_.log, counters_[g]);
            if (sink->resumeAfter() > 0) {
                const auto rows = static_cast<std::uint64_t>(sink->resumeAfter());
                counters_[g].acknowledged = rows;
                if (observer.resumed) observer.resumed(g, rows);
                if (options_.log)
                    options_.log->write(core::LogLevel::Info, "run",
                                        fmt::format("{}: resuming after {} rows committed earlier",
                                                    info.name, sink->resumeAfter()));
            }
            sinks_[g] = std::move(sink);
        } catch (const std::exception& e) {
            // libpq's reason, with host, port and database but never the password.
            throw Error("connection " + connectionName(it->first) + ": " + e.what());
        }
        return;
    }
    const auto* conn = program_.findConnection(info.connection);
    const nlohmann::json settings = conn ? conn->settings : nlohmann::json::object();
    if (kind == "fileSystem") {
        sinks_[g] =
            std::make_unique<ObjectSink>(std::make_unique<LocalDirectoryStore>(info.target),
                                         ObjectSinkSettings::from(info, settings), counters_[g]);
    } else if (kind == "webhook") {
        sinks_[g] = std::make_unique<WebhookSink>(info, WebhookSettings::from(settings),
                                                  counters_[g], options_.log, stop_);
    } else if (kind == "s3") {
        auto store = [&] {
            try {
                return std::make_unique<BucketStore>(BucketStore::settingsFor(settings),
                                                     info.target);
            } catch (const s3::S3Error& e) {
                // Names the endpoint and bucket, never a secret.
                throw Error("connection " + connectionName(info.connection) + ": " + e.what());
            }
        }();
        sinks_[g] = std::make_unique<ObjectSink>(
            std::move(store), ObjectSinkSettings::from(info, settings), counters_[g]);
    } else {
        throw SinkUnavailable(info.targetKey + " \"" + info.target + "\" (" + kind +
                              "): Riverdelta does not deliver " + kind + " connections");
    }
}

std::string RunSinks::undeliveredSummary() const {
    std::string out;
    for (std::size_t i = 0; i < undelivered_.size(); ++i)
        out += (out.empty() ? "" : "; ") + program_.generators()[undelivered_[i]].name + ": " +
               undeliveredWhy_[i];
    return out;
}

void RunSinks::deliver(const generate::Event& event) {
    if (auto& sink = sinks_[event.generator]) sink->deliver(event);
}

void RunSinks::acknowledge(generate::Session& session) const {
    const auto& gens = program_.generators();
    for (std::size_t g = 0; g < gens.size(); ++g) {
        if (!sinks_[g]) continue;
        const std::uint64_t acked = counters_[g].acknowledged.load(std::memory_order_acquire);
        const std::uint64_t failed = counters_[g].failed.load(std::memory_order_acquire);
        session.acknowledge(g, acked + failed, failed, gens[g].kind != generate::TargetKind::Topic);
    }
}

void RunSinks::writeDueBatches(bool all) {
    for (auto& sink : sinks_)
        if (sink) sink->flushDue(all);
}

void RunSinks::flushAll(std::chrono::milliseconds timeout) {
    writeDueBatches(true);
    for (auto& [name, cluster] : clusters_)
        cluster->flush(timeout);
}

}  // namespace riverdelta::run
