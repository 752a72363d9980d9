#include "engine/cdc/change_producer.h"

#include <thread>

#include "engine/cdc/cdc_error.h"
#include "engine/cdc/pg_source.h"
#include "engine/cdc/replication_connection.h"
#include "engine/cdc/source_shared.h"
#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/kafka_error.h"
#include "engine/kafka/producer.h"
#include "engine/postgres/pg_error.h"
#include "riverdelta/version.h"

namespace riverdelta::cdc {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t nowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

ChangeProducer::ChangeProducer(const PgSourceOptions& options, detail::SourceShared& shared,
                               const std::vector<TableInfo>& tables, const std::string& database,
                               core::WorkerThread& thread)
    : options_(options), shared_(shared), tables_(tables), thread_(thread) {
    kafka::ClientConfig kafkaConfig = options_.kafka;
    // Change events are verbose JSON: lz4 shrinks them several-fold, which saves the broker
    // more work than it costs here. Settings given by the caller win.
    if (!kafkaConfig.find("compression.type")) kafkaConfig.set("compression.type", "lz4");
    if (!kafkaConfig.find("linger.ms")) kafkaConfig.set("linger.ms", "20");
    if (!kafkaConfig.find("batch.num.messages")) kafkaConfig.set("batch.num.messages", "10000");
    // The Java client's partitioner (Kafka Connect, hence Debezium): a key lands in the same
    // partition as it would from Debezium (librdkafka's default hashes with CRC32 instead).
    if (!kafkaConfig.find("partitioner")) kafkaConfig.set("partitioner", "murmur2_random");
    AckTracker& tracker = shared_.tracker;
    producer_ = std::make_unique<kafka::Producer>(
        kafkaConfig, [&tracker](const kafka::Producer::Delivery& d) {
            tracker.onDelivery(d.opaque, d.error == RD_KAFKA_RESP_ERR_NO_ERROR,
                               d.error == RD_KAFKA_RESP_ERR_NO_ERROR
                                   ? std::string()
                                   : std::string(d.topic) + ": " + rd_kafka_err2str(d.error));
        });
    // Announce the topics now: librdkafka fetches their metadata (and the broker auto-creates
    // them) while we set up, instead of holding the first events back for its next timer tick.
    for (const auto& t : tables_)
        topics_.emplace_back(rd_kafka_topic_new(producer_->handle(), t.topic.c_str(), nullptr));
    serializer_ = std::make_unique<EventSerializer>(EventSerializer::Options{
        options_.topicPrefix, database, std::string("riverdelta-") + kVersion});
}

ChangeProducer::~ChangeProducer() = default;

void ChangeProducer::log(core::LogLevel level, const std::string& message) {
    if (options_.log) options_.log->write(level, "cdc", message);
}

void ChangeProducer::checkDelivery() {
    if (shared_.tracker.failed())
        throw CdcError(CdcErrorKind::Kafka,
                       "Kafka did not accept a change event (" + shared_.tracker.failure() +
                           "); nothing after it was confirmed to PostgreSQL, so a restart "
                           "resends it");
    watchKafka();
}

void ChangeProducer::watchKafka() {
    const auto now = Clock::now();
    if (now < nextKafkaCheck_) return;
    nextKafkaCheck_ = now + std::chrono::seconds(1);
    const auto ps = producer_->status();
    if (ps.state == kafka::ProducerState::AuthenticationFailed ||
        ps.state == kafka::ProducerState::Fatal)
        throw CdcError(CdcErrorKind::Kafka, ps.detail);
    bool unreachable = ps.state == kafka::ProducerState::BrokerUnreachable;
    if (unreachable) {
        // The producer says so until its next delivery succeeds: an idle source asks a broker,
        // so that it sees the end of an outage too.
        try {
            kafka::fetchMetadata(producer_->handle(), std::chrono::milliseconds(500));
            unreachable = false;
        } catch (const kafka::KafkaError&) {
        }
    }
    if (!unreachable) {
        if (kafkaOutageSince_) {
            kafkaOutageSince_.reset();
            shared_.setWaiting({});
            log(core::LogLevel::Info, "Kafka " + producer_->clusterLabel() + " reachable again");
        }
        return;
    }
    if (!kafkaOutageSince_) kafkaOutageSince_ = now;
    const auto limit = options_.kafkaOutageLimit.value_or(producer_->deliveryTimeout());
    const auto limitS = std::chrono::duration_cast<std::chrono::seconds>(limit).count();
    const auto forS =
        std::chrono::duration_cast<std::chrono::seconds>(now - *kafkaOutageSince_).count();
    if (now - *kafkaOutageSince_ >= limit)
        throw CdcError(CdcErrorKind::Kafka,
                       "Kafka " + producer_->clusterLabel() + " unreachable for " +
                           std::to_string(forS) +
                           " s: giving up; the slot keeps every change Kafka has not "
                           "acknowledged, so the next start sends it");
    shared_.setWaiting("Kafka " + producer_->clusterLabel() + ": broker unreachable for " +
                       std::to_string(forS) + " s (capture fails after " + std::to_string(limitS) +
                       " s)");
}

void ChangeProducer::awaitKafka() {
    const auto waitS =
        std::chrono::duration_cast<std::chrono::seconds>(options_.kafkaConnectWait).count();
    shared_.setWaiting("Kafka " + producer_->clusterLabel() +
                       ": waiting for a broker to answer (up to " + std::to_string(waitS) + " s)");
    const auto deadline = Clock::now() + options_.kafkaConnectWait;
    for (;;) {
        try {
            // Short tries, so that stop() is honoured within a second.
            producer_->awaitCluster(std::chrono::seconds(1));
            break;
        } catch (const kafka::KafkaError& e) {
            if (e.code() == RD_KAFKA_RESP_ERR__AUTHENTICATION)
                throw CdcError(CdcErrorKind::Kafka, e.what());
        }
        if (thread_.stopRequested()) throw detail::StopRequested{};
        if (Clock::now() >= deadline) {
            const std::string why = producer_->lastError();
            throw CdcError(CdcErrorKind::Kafka,
                           "Kafka " + producer_->clusterLabel() +
                               " is unreachable: no broker "
                               "answered within " +
                               std::to_string(waitS) + " s" +
                               (why.empty() ? "" : " (" + why + ")") +
                               "; nothing was captured and the replication slot was not "
                               "touched");
        }
    }
    shared_.setWaiting({});
}

void ChangeProducer::produce(rd_kafka_topic_t* topic, std::string_view key, std::string_view value,
                             void* opaque, ReplicationConnection* repl) {
    for (;;) {
        try {
            producer_->produce(topic, key, value, RD_KAFKA_PARTITION_UA, opaque,
                               std::chrono::milliseconds(500));
            return;
        } catch (const kafka::KafkaError& e) {
            if (e.code() != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                AckTracker::release(opaque);
                throw CdcError(CdcErrorKind::Kafka, e.what());
            }
        }
        // Kafka is slow: keep the replication connection alive while we wait for room.
        checkDelivery();
        if (thread_.stopRequested()) {
            AckTracker::release(opaque);
            throw detail::StopRequested{};
        }
        if (repl) {
            if (auto c = shared_.tracker.advance()) shared_.confirm(*c);
            try {
                repl->sendStatus(shared_.confirmedLsn(), false);
            } catch (const postgres::PgError&) {
                // A lost connection shows at the next read, between changes, where the pipeline
                // reconnects; here it would cut a change in half.
            }
        }
    }
}

void ChangeProducer::emit(const TableInfo& table, Op op, const Row* before, const Row* after,
                          const SourceInfo& source, AckTracker::Transaction& txn,
                          ReplicationConnection* repl) {
    shared_.captured.fetch_add(1, std::memory_order_relaxed);
    const auto tableIndex = static_cast<std::size_t>(&table - tables_.data());
    shared_.tableEvents[tableIndex].fetch_add(1, std::memory_order_relaxed);
    std::string_view key;
    if (op != Op::Truncate) key = serializer_->key(table, after ? *after : *before);
    const std::string_view value =
        serializer_->value(table, op, before, after, source, nowMillis());
    // tables_ and topics_ run in parallel; `table` is an element of tables_.
    rd_kafka_topic_t* topic = topics_[tableIndex].get();
    produce(topic, key, value, shared_.tracker.tagEvent(txn), repl);
    shared_.produced.fetch_add(1, std::memory_order_relaxed);
    if (op == Op::Delete && options_.tombstones) {
        // The serializer's key buffer still holds this event's key.
        produce(topic, key, std::string_view(), shared_.tracker.tagTombstone(txn), repl);
        shared_.tombstones.fetch_add(1, std::memory_order_relaxed);
    }
}

bool ChangeProducer::flush() {
    return producer_->flush(options_.flushTimeout);
}

}  // namespace riverdelta::cdc
