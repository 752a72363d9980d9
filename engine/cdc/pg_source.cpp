#include "engine/cdc/pg_source.h"

#include <pthread.h>

#include <deque>
#include <optional>
#include <unordered_map>

#include "engine/cdc/ack_tracker.h"
#include "engine/cdc/byte_reader.h"
#include "engine/cdc/catalog.h"
#include "engine/cdc/cdc_error.h"
#include "engine/cdc/event_serializer.h"
#include "engine/cdc/pgoutput.h"
#include "engine/cdc/replication_connection.h"
#include "engine/core/log.h"
#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/kafka_error.h"
#include "engine/kafka/producer.h"
#include "engine/postgres/connection.h"
#include "engine/postgres/pg_error.h"
#include "riverdelta/version.h"

namespace riverdelta::cdc {

const char* toString(SourceState state) {
    switch (state) {
        case SourceState::Starting:
            return "Starting";
        case SourceState::Snapshotting:
            return "Snapshotting";
        case SourceState::Streaming:
            return "Streaming";
        case SourceState::Stopped:
            return "Stopped";
        case SourceState::Failed:
            return "Failed";
    }
    return "?";
}

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t nowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Thrown inside the pipeline when stop() interrupts a blocking step; not an error.
struct StopRequested {};

// Session settings that fix the text forms type_mapping.h parses.
constexpr const char* kSessionSettings =
    "SET datestyle = 'ISO, YMD'; SET timezone = 'UTC'; SET intervalstyle = 'postgres'; "
    "SET extra_float_digits = 1";

}  // namespace

// State shared by the worker, the monitor and status().
namespace detail {
struct SourceShared {
    mutable std::mutex mutex;
    SourceStatus status;  // counters and LSNs below are folded in by status()

    explicit SourceShared(std::size_t tables)
        : tableEvents(std::make_unique<std::atomic<std::uint64_t>[]>(tables)) {}

    std::atomic<std::uint64_t> captured{0}, produced{0}, tombstones{0};
    // Per table, by its index in the status' snapshot list (the options' tables, deduplicated).
    std::unique_ptr<std::atomic<std::uint64_t>[]> tableEvents;
    std::atomic<std::uint64_t> confirmed{0};
    std::atomic<bool> dropSlotOnStop{false};
    std::atomic<bool> streaming{false};
    AckTracker tracker;

    void setState(SourceState state) {
        std::lock_guard lock(mutex);
        if (status.state != SourceState::Failed) status.state = state;
    }
};
}  // namespace detail

namespace {

// Everything one run does, on the worker thread.
class Pipeline {
  public:
    Pipeline(const PgSourceOptions& options, detail::SourceShared& shared, std::stop_token stop)
        : options_(options), shared_(shared), stop_(std::move(stop)) {}

    void run();

  private:
    void log(core::LogLevel level, const std::string& message) {
        if (options_.log) options_.log->write(level, "cdc", message);
    }
    void prepare(postgres::Connection& db);
    SlotInfo waitForSlot(postgres::Connection& db);
    // Reads every table in one REPEATABLE READ transaction, on the exported snapshot when given;
    // events carry `lsn` as their position.
    void snapshot(const std::string& exportedSnapshot, Lsn lsn);
    void stream(ReplicationConnection& repl);
    void streamUntilStopped(ReplicationConnection& repl);
    void handle(ReplicationConnection& repl, const StreamMessage& message);
    void emit(const TableInfo& table, Op op, const Row* before, const Row* after,
              const SourceInfo& source, AckTracker::Transaction& txn, ReplicationConnection* repl);
    void produce(rd_kafka_topic_t* topic, std::string_view key, std::string_view value,
                 void* opaque, ReplicationConnection* repl);
    // Fails the source when Kafka refused an event or has been unreachable past the outage
    // limit; keeps status().waitingFor naming an outage while it lasts.
    void checkDelivery();
    void watchKafka();
    // Waits (kafkaConnectWait at most) until a broker answers, before the slot is touched.
    void awaitKafka();
    void setWaiting(std::string what) {
        std::lock_guard lock(shared_.mutex);
        shared_.status.waitingFor = std::move(what);
    }
    void confirm(Lsn lsn) {
        if (lsn.value() > shared_.confirmed.load(std::memory_order_relaxed))
            shared_.confirmed.store(lsn.value(), std::memory_order_relaxed);
    }
    [[nodiscard]] Lsn confirmed() const { return Lsn(shared_.confirmed.load()); }
    void finish(ReplicationConnection* repl);
    // The included table a change refers to, or null for other tables of the publication.
    const TableInfo* lookup(std::uint32_t relationOid) const {
        if (!txn_) ByteReader::fail("change outside a transaction");
        auto it = byOid_.find(relationOid);
        if (it == byOid_.end())
            ByteReader::fail("change for relation " + std::to_string(relationOid) +
                             " before its Relation message");
        return it->second;
    }
    static Row checkedRow(const TableInfo& table, const pgoutput::TupleData& tuple) {
        if (tuple.columns.size() != table.columns.size())
            ByteReader::fail("row of " + table.name.display() + " has " +
                             std::to_string(tuple.columns.size()) + " columns, its relation " +
                             std::to_string(table.columns.size()));
        return Row(tuple.columns);
    }
    static bool keyChanged(const TableInfo& table, Row before, Row after) {
        for (std::size_t i : table.keyIndexes)
            if (before[i].kind != after[i].kind || before[i].data != after[i].data) return true;
        return false;
    }

    const PgSourceOptions& options_;
    detail::SourceShared& shared_;
    std::stop_token stop_;

    std::string database_;
    std::vector<TableInfo> tables_;
    std::unique_ptr<kafka::Producer> producer_;
    struct TopicDeleter {
        void operator()(rd_kafka_topic_t* t) const { rd_kafka_topic_destroy(t); }
    };
    std::vector<std::unique_ptr<rd_kafka_topic_t, TopicDeleter>> topics_;  // before producer_ dies
    std::unique_ptr<EventSerializer> serializer_;

    // Streaming state.
    pgoutput::Decoder decoder_;
    std::unordered_map<std::uint32_t, TableInfo*> byOid_;  // null: not an included table
    AckTracker::Transaction* txn_ = nullptr;
    std::uint32_t xid_ = 0;
    std::int64_t commitMs_ = 0;
    Lsn lastCommit_;
    Clock::time_point lastStatusSent_{};
    Lsn lastSentConfirmed_;
    static constexpr std::chrono::milliseconds kMinStatusGap{100};
    std::vector<pgoutput::ColumnValue> rowBuffer_;
    Clock::time_point nextKafkaCheck_{};
    std::optional<Clock::time_point> kafkaOutageSince_;
};

void Pipeline::checkDelivery() {
    if (shared_.tracker.failed())
        throw CdcError(CdcErrorKind::Kafka,
                       "Kafka did not accept a change event (" + shared_.tracker.failure() +
                           "); nothing after it was confirmed to PostgreSQL, so a restart "
                           "resends it");
    watchKafka();
}

void Pipeline::watchKafka() {
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
            setWaiting({});
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
    setWaiting("Kafka " + producer_->clusterLabel() + ": broker unreachable for " +
               std::to_string(forS) + " s (capture fails after " + std::to_string(limitS) + " s)");
}

void Pipeline::awaitKafka() {
    const auto waitS =
        std::chrono::duration_cast<std::chrono::seconds>(options_.kafkaConnectWait).count();
    setWaiting("Kafka " + producer_->clusterLabel() + ": waiting for a broker to answer (up to " +
               std::to_string(waitS) + " s)");
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
        if (stop_.stop_requested()) throw StopRequested{};
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
    setWaiting({});
}

void Pipeline::prepare(postgres::Connection& db) {
    if (!validSlotName(options_.slotName))
        throw CdcError(CdcErrorKind::Other,
                       "invalid slot name '" + options_.slotName +
                           "': use lower-case letters, digits and underscores (at most 63)");
    if (options_.tables.empty())
        throw CdcError(CdcErrorKind::Other, "no tables to capture: name them (--tables)");
    db.exec(kSessionSettings);
    checkWalLevel(db);
    checkReplicationPrivilege(db);
    database_ = db.exec("SELECT current_database()").value(0, 0);
    for (const auto& name : options_.tables) {
        TableName parsed = TableName::parse(name);
        bool duplicate = false;
        for (const auto& t : tables_)
            duplicate = duplicate || t.name == parsed;
        if (!duplicate) tables_.push_back(loadTable(db, parsed, options_.topicPrefix));
    }
    if (ensurePublication(db, options_.publicationName, tables_))
        log(core::LogLevel::Info, "created publication " + options_.publicationName);
    ensureStateTable(db);

    std::lock_guard lock(shared_.mutex);
    shared_.status.slot = options_.slotName;
    shared_.status.publication = options_.publicationName;
    shared_.status.topics.clear();
    shared_.status.snapshot.clear();
    for (const auto& t : tables_) {
        shared_.status.topics.push_back(t.topic);
        shared_.status.snapshot.push_back({t.name.display(), t.topic, 0, 0, false});
    }
}

SlotInfo Pipeline::waitForSlot(postgres::Connection& db) {
    const auto deadline = Clock::now() + options_.slotInUseWait;
    for (;;) {
        SlotInfo slot = findSlot(db, options_.slotName);
        if (slot.exists && slot.plugin != "pgoutput")
            throw CdcError(CdcErrorKind::SlotPlugin,
                           "replication slot '" + options_.slotName + "' uses the plugin '" +
                               slot.plugin +
                               "', not pgoutput: choose another slot (--slot) or "
                               "drop it with SELECT pg_drop_replication_slot('" +
                               options_.slotName + "')");
        if (slot.exists && slot.database != database_)
            throw CdcError(CdcErrorKind::Other, "replication slot '" + options_.slotName +
                                                    "' belongs to database '" + slot.database +
                                                    "', not '" + database_ +
                                                    "': choose another slot (--slot)");
        if (!slot.exists || !slot.active) return slot;
        if (stop_.stop_requested()) throw StopRequested{};
        if (Clock::now() >= deadline)
            throw CdcError(CdcErrorKind::SlotInUse,
                           "replication slot '" + options_.slotName +
                               "' is in use by another client (walsender PID " +
                               std::to_string(slot.activePid) +
                               "); stop that client, or give this source its own slot (--slot)");
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

void Pipeline::run() {
    postgres::Connection db(options_.postgresConninfo);
    prepare(db);

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
        options_.topicPrefix, database_, std::string("riverdelta-") + kVersion});
    awaitKafka();

    SlotInfo slot = waitForSlot(db);
    if (options_.restartSlot && slot.exists) {
        dropSlot(db, options_.slotName);
        forgetState(db, options_.slotName);
        log(core::LogLevel::Info, "dropped slot " + options_.slotName +
                                      ": its topics are new, so the tables are snapshotted again");
        slot = SlotInfo{};
    }
    const SlotState state = readState(db, options_.slotName);
    bool covered = state.snapshotDone.has_value();
    for (const auto& t : tables_) {
        bool found = false;
        for (const auto& s : state.tables)
            found = found || s == t.name.display();
        covered = covered && found;
    }
    // - no slot: create it with an exported snapshot and read the tables on it (exact);
    // - a slot whose exported-snapshot run died before completing: it never streamed, so drop
    //   it and start over the same way;
    // - a slot that streams but whose snapshot does not cover these tables (tables added, or a
    //   slot made elsewhere): keep it (dropping would lose its unconsumed changes), read the
    //   tables on a fresh snapshot, then stream from the slot. Changes between the slot's
    //   position and that snapshot are sent again after it: duplicates, never a gap.
    const bool interrupted = slot.exists && state.exists && !state.snapshotDone;
    const bool exactSnapshot = options_.initialSnapshot && (!slot.exists || interrupted);
    const bool catchUpSnapshot = options_.initialSnapshot && !exactSnapshot && !covered;

    ReplicationConnection repl(options_.postgresConninfo);
    const SystemIdentity identity = repl.identifySystem();
    log(core::LogLevel::Info, "connected for replication to system " + identity.systemId + " at " +
                                  identity.walPosition.toString());

    std::vector<std::string> tableNames;
    for (const auto& t : tables_)
        tableNames.push_back(t.name.display());
    if (exactSnapshot) {
        if (slot.exists) {
            log(core::LogLevel::Warning, "slot " + options_.slotName +
                                             " has an unfinished snapshot: dropping it and "
                                             "snapshotting again");
            dropSlot(db, options_.slotName);
        }
        recordSnapshotStarted(db, options_.slotName, options_.publicationName, tableNames);
        const CreatedSlot created = repl.createSlot(options_.slotName, true);
        log(core::LogLevel::Info, "created slot " + created.name + " at " +
                                      created.consistentPoint.toString() + " with snapshot " +
                                      created.snapshotName);
        confirm(created.consistentPoint);
        snapshot(created.snapshotName, created.consistentPoint);
        recordSnapshotDone(db, options_.slotName, options_.publicationName, tableNames,
                           created.consistentPoint);
    } else if (!slot.exists) {
        const CreatedSlot created = repl.createSlot(options_.slotName, false);
        log(core::LogLevel::Info, "created slot " + created.name + " at " +
                                      created.consistentPoint.toString() + " (no snapshot)");
        recordSnapshotDone(db, options_.slotName, options_.publicationName, tableNames,
                           created.consistentPoint);
        confirm(created.consistentPoint);
    } else {
        log(core::LogLevel::Info,
            "resuming slot " + options_.slotName + " from " + slot.confirmedFlush.toString());
        confirm(slot.confirmedFlush);
        if (catchUpSnapshot) {
            log(core::LogLevel::Warning,
                "slot " + options_.slotName +
                    " has no snapshot of all these tables: snapshotting them now; changes "
                    "since the slot's position follow the snapshot and may repeat rows");
            snapshot({}, slot.confirmedFlush);
            recordSnapshotDone(db, options_.slotName, options_.publicationName, tableNames,
                               slot.confirmedFlush);
        } else {
            std::lock_guard lock(shared_.mutex);
            for (auto& p : shared_.status.snapshot)
                p.done = true;
        }
    }

    lastCommit_ = confirmed();
    repl.startReplication(options_.slotName, Lsn(), options_.publicationName);
    shared_.streaming = true;
    shared_.setState(SourceState::Streaming);
    stream(repl);
    finish(&repl);
    shared_.streaming = false;

    if (shared_.dropSlotOnStop) {
        repl.endStreaming();
        // The walsender releases the slot a moment after the stream ends.
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        for (;;) {
            SlotInfo s = findSlot(db, options_.slotName);
            if (!s.exists) break;
            if (!s.active) {
                dropSlot(db, options_.slotName);
                break;
            }
            if (Clock::now() >= deadline)
                throw CdcError(CdcErrorKind::SlotInUse,
                               "could not drop slot " + options_.slotName + ": still active");
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        forgetState(db, options_.slotName);
        log(core::LogLevel::Info, "dropped slot " + options_.slotName);
    }
}

void Pipeline::snapshot(const std::string& exportedSnapshot, Lsn lsn) {
    shared_.setState(SourceState::Snapshotting);
    {
        std::lock_guard lock(shared_.mutex);
        shared_.status.snapshotTaken = true;
    }
    postgres::Connection snap(options_.postgresConninfo);
    snap.exec(kSessionSettings);
    snap.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!exportedSnapshot.empty())
        snap.exec("SET TRANSACTION SNAPSHOT " + quoteLiteral(exportedSnapshot));

    std::vector<std::uint64_t> totals;
    std::size_t lastWithRows = tables_.size();
    for (std::size_t i = 0; i < tables_.size(); ++i) {
        totals.push_back(std::stoull(
            std::string(snap.exec("SELECT count(*) FROM " + tables_[i].name.sql()).value(0, 0))));
        if (totals.back() > 0) lastWithRows = i;
    }
    {
        std::lock_guard lock(shared_.mutex);
        for (std::size_t i = 0; i < tables_.size(); ++i)
            shared_.status.snapshot[i].rowsTotal = totals[i];
    }

    AckTracker::Transaction& txn = shared_.tracker.open();
    SourceInfo source;
    source.tsMs = nowMillis();
    source.lsn = lsn;
    std::uint64_t rows = 0;
    for (std::size_t i = 0; i < tables_.size(); ++i) {
        const TableInfo& table = tables_[i];
        std::string columns;
        for (const auto& c : table.columns)
            columns += (columns.empty() ? "" : ", ") + quoteIdentifier(c.name);
        snap.exec("DECLARE rd_snapshot NO SCROLL CURSOR FOR SELECT " + columns + " FROM " +
                  table.name.sql());
        const std::string fetch =
            "FETCH " + std::to_string(options_.snapshotFetchRows) + " FROM rd_snapshot";
        std::uint64_t done = 0;
        for (;;) {
            auto batch = snap.exec(fetch);
            if (batch.rows() == 0) break;
            rowBuffer_.resize(table.columns.size());
            for (int r = 0; r < batch.rows(); ++r) {
                for (std::size_t c = 0; c < table.columns.size(); ++c) {
                    const int col = static_cast<int>(c);
                    rowBuffer_[c] =
                        batch.isNull(r, col)
                            ? pgoutput::ColumnValue{pgoutput::ValueKind::Null, {}}
                            : pgoutput::ColumnValue{pgoutput::ValueKind::Text, batch.value(r, col)};
                }
                ++done;
                source.snapshot = (i == lastWithRows && done == totals[i]) ? "last" : "true";
                const Row row(rowBuffer_);
                emit(table, Op::Read, nullptr, &row, source, txn, nullptr);
            }
            rows += static_cast<std::uint64_t>(batch.rows());
            {
                std::lock_guard lock(shared_.mutex);
                shared_.status.snapshot[i].rowsDone = done;
            }
            checkDelivery();
            if (stop_.stop_requested()) throw StopRequested{};  // redone on the next start
        }
        snap.exec("CLOSE rd_snapshot");
        std::lock_guard lock(shared_.mutex);
        shared_.status.snapshot[i].rowsDone = done;
        shared_.status.snapshot[i].done = true;
    }
    snap.exec("COMMIT");
    shared_.tracker.seal(txn, Lsn());  // confirms nothing: the slot already starts here

    // The snapshot counts as done only once Kafka holds all of it.
    while (!shared_.tracker.idle()) {
        checkDelivery();
        if (stop_.stop_requested()) throw StopRequested{};
        shared_.tracker.advance();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    log(core::LogLevel::Info,
        "snapshot of " + std::to_string(rows) + " rows acknowledged by Kafka");
}

void Pipeline::produce(rd_kafka_topic_t* topic, std::string_view key, std::string_view value,
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
        if (stop_.stop_requested()) {
            AckTracker::release(opaque);
            throw StopRequested{};
        }
        if (repl) {
            if (auto c = shared_.tracker.advance()) confirm(*c);
            repl->sendStatus(confirmed(), false);
        }
    }
}

void Pipeline::emit(const TableInfo& table, Op op, const Row* before, const Row* after,
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

void Pipeline::stream(ReplicationConnection& repl) {
    try {
        streamUntilStopped(repl);
    } catch (const StopRequested&) {
        // stop() while Kafka's queue was full: the open transaction stays unconfirmed.
    }
}

void Pipeline::streamUntilStopped(ReplicationConnection& repl) {
    lastStatusSent_ = Clock::now();
    unsigned sinceClockCheck = 0;
    while (!stop_.stop_requested()) {
        auto message = repl.read(std::chrono::milliseconds(100));
        if (message) {
            if (message->kind == StreamMessage::Kind::XLogData) {
                handle(repl, *message);
            } else {
                // Nothing in flight: everything the server has sent is handled and acknowledged.
                if (shared_.tracker.idle()) confirm(message->walEnd);
                if (message->replyRequested) {
                    repl.sendStatus(confirmed(), false);
                    lastStatusSent_ = Clock::now();
                }
            }
            if (++sinceClockCheck < 64) continue;
        }
        sinceClockCheck = 0;
        checkDelivery();
        if (auto c = shared_.tracker.advance()) confirm(*c);
        const auto now = Clock::now();
        const auto sinceSent = now - lastStatusSent_;
        // Report progress soon after it happens (a crash then resends less), and at least every
        // status interval. When idle, ask for a keepalive: its position lets the slot move past
        // WAL that holds nothing for us (other tables, other databases).
        if (sinceSent >= options_.statusInterval ||
            (confirmed() != lastSentConfirmed_ && sinceSent >= kMinStatusGap)) {
            repl.sendStatus(confirmed(), shared_.tracker.idle());
            lastSentConfirmed_ = confirmed();
            lastStatusSent_ = now;
        }
    }
}

void Pipeline::handle(ReplicationConnection& repl, const StreamMessage& message) {
    using pgoutput::MessageType;
    switch (decoder_.decode(message.payload)) {
        case MessageType::Begin: {
            const auto& b = decoder_.begin();
            txn_ = &shared_.tracker.open();
            xid_ = b.xid;
            commitMs_ = pgoutput::toUnixMillis(b.commitTime);
            break;
        }
        case MessageType::Commit: {
            if (!txn_) ByteReader::fail("Commit without Begin");
            const auto& c = decoder_.commit();
            shared_.tracker.seal(*txn_, c.endLsn);
            txn_ = nullptr;
            lastCommit_ = c.commitLsn;
            break;
        }
        case MessageType::Relation: {
            const auto& r = decoder_.relation();
            TableInfo* match = nullptr;
            for (auto& t : tables_)
                if (t.name.schema == r.schema && t.name.table == r.name) match = &t;
            if (match) match->applyRelation(r);
            byOid_[r.oid] = match;
            break;
        }
        case MessageType::Insert: {
            const auto& insert = decoder_.insert();
            const TableInfo* table = lookup(insert.relationOid);
            if (!table) break;
            const Row after = checkedRow(*table, insert.newTuple);
            const SourceInfo source{commitMs_, "false", xid_, message.walStart, lastCommit_};
            emit(*table, Op::Create, nullptr, &after, source, *txn_, &repl);
            break;
        }
        case MessageType::Update: {
            const auto& update = decoder_.update();
            const TableInfo* table = lookup(update.relationOid);
            if (!table) break;
            const Row after = checkedRow(*table, update.newTuple);
            const SourceInfo source{commitMs_, "false", xid_, message.walStart, lastCommit_};
            if (update.oldKind == pgoutput::OldTuple::None) {
                emit(*table, Op::Update, nullptr, &after, source, *txn_, &repl);
                break;
            }
            const Row before = checkedRow(*table, update.oldTuple);
            if (keyChanged(*table, before, after)) {
                // As Debezium: a delete (and tombstone) for the old key, a create for the new.
                emit(*table, Op::Delete, &before, nullptr, source, *txn_, &repl);
                emit(*table, Op::Create, nullptr, &after, source, *txn_, &repl);
            } else {
                emit(*table, Op::Update, &before, &after, source, *txn_, &repl);
            }
            break;
        }
        case MessageType::Delete: {
            const auto& del = decoder_.del();
            const TableInfo* table = lookup(del.relationOid);
            if (!table) break;
            const Row before = checkedRow(*table, del.oldTuple);
            const SourceInfo source{commitMs_, "false", xid_, message.walStart, lastCommit_};
            emit(*table, Op::Delete, &before, nullptr, source, *txn_, &repl);
            break;
        }
        case MessageType::Truncate: {
            if (!txn_) ByteReader::fail("Truncate outside a transaction");
            SourceInfo source{commitMs_, "false", xid_, message.walStart, lastCommit_};
            for (std::uint32_t oid : decoder_.truncate().relationOids) {
                auto it = byOid_.find(oid);
                if (it == byOid_.end() || !it->second) continue;
                emit(*it->second, Op::Truncate, nullptr, nullptr, source, *txn_, &repl);
            }
            break;
        }
        case MessageType::Origin:
        case MessageType::Type:
        case MessageType::Message:
            break;
    }
}

void Pipeline::finish(ReplicationConnection* repl) {
    if (!producer_->flush(options_.flushTimeout))
        log(core::LogLevel::Warning,
            "Kafka did not acknowledge everything within the flush "
            "timeout; the unacknowledged tail is resent on restart");
    if (auto c = shared_.tracker.advance()) confirm(*c);
    if (repl && repl->streaming()) {
        repl->sendStatus(confirmed(), false);
        repl->endStreaming();
    }
    log(core::LogLevel::Info,
        "stopped; slot " + options_.slotName + " confirmed at " + confirmed().toString());
}

}  // namespace

PgSource::PgSource(PgSourceOptions options)
    : options_(std::move(options)),
      worker_(std::make_shared<detail::SourceShared>(options_.tables.size())) {
    worker_->dropSlotOnStop = options_.dropSlotOnStop;
}

PgSource::~PgSource() {
    stop();
}

void PgSource::start() {
    // One run per object: a new run needs fresh acknowledgement bookkeeping.
    if (started_) throw Error("cdc source already started; create a new PgSource to restart");
    started_ = true;
    thread_ = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
    monitorThread_ = std::jthread([this](const std::stop_token& stop) { monitor(stop); });
}

void PgSource::stop() {
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
    if (monitorThread_.joinable()) {
        monitorThread_.request_stop();
        monitorThread_.join();
    }
}

void PgSource::stopAndDropSlot() {
    worker_->dropSlotOnStop = true;
    stop();
}

void PgSource::run(std::stop_token stop) {
    pthread_setname_np(pthread_self(), "rd-cdc");  // for profilers and per-thread CPU figures
    try {
        Pipeline pipeline(options_, *worker_, std::move(stop));
        try {
            pipeline.run();
        } catch (const StopRequested&) {
        }
        worker_->setState(SourceState::Stopped);
    } catch (const std::exception& e) {
        if (options_.log) options_.log->write(core::LogLevel::Error, "cdc", e.what());
        std::lock_guard lock(worker_->mutex);
        const auto* cdcError = dynamic_cast<const CdcError*>(&e);
        worker_->status.failureKind = cdcError ? cdcError->kind() : CdcErrorKind::Other;
        worker_->status.state = SourceState::Failed;
        worker_->status.failureReason = e.what();
        worker_->status.lastError = e.what();
        worker_->status.waitingFor.clear();  // the failure says it now
    }
    worker_->streaming = false;
}

void PgSource::monitor(const std::stop_token& stop) {
    pthread_setname_np(pthread_self(), "rd-cdc-monitor");
    std::optional<postgres::Connection> db;
    std::deque<std::pair<Clock::time_point, Lsn>> samples;
    std::uint64_t lastProduced = 0;
    auto lastTime = Clock::now();
    while (!stop.stop_requested()) {
        const auto wake = Clock::now() + options_.statusInterval;
        while (!stop.stop_requested() && Clock::now() < wake)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (stop.stop_requested()) break;
        const auto now = Clock::now();
        const std::uint64_t produced = worker_->produced.load(std::memory_order_relaxed);
        const double seconds = std::chrono::duration<double>(now - lastTime).count();
        const double rate =
            seconds > 0 ? static_cast<double>(produced - lastProduced) / seconds : 0;
        lastProduced = produced;
        lastTime = now;

        std::optional<Lsn> server;
        std::string error;
        try {
            if (!db) db.emplace(options_.postgresConninfo);
            server = Lsn::fromString(db->exec("SELECT pg_current_wal_lsn()").value(0, 0));
        } catch (const std::exception& e) {
            error = std::string("replication lag check: ") + e.what();
            db.reset();
        }
        const Lsn confirmed(worker_->confirmed.load());
        double lagSeconds = 0;
        if (server) {
            samples.emplace_back(now, *server);
            while (samples.size() > 900)
                samples.pop_front();
            if (confirmed.valid() && *server > confirmed) {
                // How long the server has been past our confirmed position.
                auto since = samples.front().first;
                for (const auto& [time, lsn] : samples) {
                    if (lsn > confirmed) {
                        since = time;
                        break;
                    }
                }
                lagSeconds = std::chrono::duration<double>(now - since).count();
            }
        }
        std::lock_guard lock(worker_->mutex);
        worker_->status.eventsPerSecond = rate;
        if (server) {
            worker_->status.serverLsn = *server;
            worker_->status.lagBytes = confirmed.valid() ? server->bytesSince(confirmed) : 0;
            worker_->status.lagSeconds = lagSeconds;
        }
        if (!error.empty()) worker_->status.lastError = error;
    }
}

SourceStatus PgSource::status() const {
    SourceStatus s;
    {
        std::lock_guard lock(worker_->mutex);
        s = worker_->status;
    }
    s.eventsCaptured = worker_->captured.load(std::memory_order_relaxed);
    s.eventsProduced = worker_->produced.load(std::memory_order_relaxed);
    s.tombstonesProduced = worker_->tombstones.load(std::memory_order_relaxed);
    s.eventsAcknowledged = worker_->tracker.eventsAcknowledged();
    s.tableEvents.reserve(s.snapshot.size());
    for (std::size_t i = 0; i < s.snapshot.size(); ++i)
        s.tableEvents.push_back({s.snapshot[i].table, s.snapshot[i].topic,
                                 worker_->tableEvents[i].load(std::memory_order_relaxed)});
    s.confirmedLsn = Lsn(worker_->confirmed.load());
    return s;
}

}  // namespace riverdelta::cdc
