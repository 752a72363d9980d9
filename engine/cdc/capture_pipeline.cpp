#include "engine/cdc/capture_pipeline.h"

#include <thread>

#include "engine/cdc/cdc_error.h"
#include "engine/cdc/change_producer.h"
#include "engine/cdc/pg_source.h"
#include "engine/cdc/replication_connection.h"
#include "engine/cdc/source_shared.h"
#include "engine/postgres/connection.h"
#include "engine/postgres/pg_error.h"

namespace riverdelta::cdc {

namespace {

std::int64_t nowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Session settings that fix the text forms type_mapping.h parses.
constexpr const char* kSessionSettings =
    "SET datestyle = 'ISO, YMD'; SET timezone = 'UTC'; SET intervalstyle = 'postgres'; "
    "SET extra_float_digits = 1";

}  // namespace

CapturePipeline::CapturePipeline(const PgSourceOptions& options, detail::SourceShared& shared,
                                 core::WorkerThread& thread)
    : options_(options), shared_(shared), thread_(thread) {}

CapturePipeline::~CapturePipeline() = default;

void CapturePipeline::log(core::LogLevel level, const std::string& message) {
    if (options_.log) options_.log->write(level, "cdc", message);
}

void CapturePipeline::prepare(postgres::Connection& db) {
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

SlotInfo CapturePipeline::waitForSlot(postgres::Connection& db) {
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
        if (thread_.stopRequested()) throw detail::StopRequested{};
        if (Clock::now() >= deadline)
            throw CdcError(CdcErrorKind::SlotInUse,
                           "replication slot '" + options_.slotName +
                               "' is in use by another client (walsender PID " +
                               std::to_string(slot.activePid) +
                               "); stop that client, or give this source its own slot (--slot)");
        thread_.sleepFor(std::chrono::milliseconds(200));
    }
}

void CapturePipeline::run() {
    postgres::Connection db(options_.postgresConninfo);
    prepare(db);

    producer_ = std::make_unique<ChangeProducer>(options_, shared_, tables_, database_, thread_);
    producer_->awaitKafka();

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

    auto repl = std::make_unique<ReplicationConnection>(options_.postgresConninfo);
    const SystemIdentity identity = repl->identifySystem();
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
        const CreatedSlot created = repl->createSlot(options_.slotName, true);
        log(core::LogLevel::Info, "created slot " + created.name + " at " +
                                      created.consistentPoint.toString() + " with snapshot " +
                                      created.snapshotName);
        shared_.confirm(created.consistentPoint);
        snapshot(created.snapshotName, created.consistentPoint);
        recordSnapshotDone(db, options_.slotName, options_.publicationName, tableNames,
                           created.consistentPoint);
    } else if (!slot.exists) {
        const CreatedSlot created = repl->createSlot(options_.slotName, false);
        log(core::LogLevel::Info, "created slot " + created.name + " at " +
                                      created.consistentPoint.toString() + " (no snapshot)");
        recordSnapshotDone(db, options_.slotName, options_.publicationName, tableNames,
                           created.consistentPoint);
        shared_.confirm(created.consistentPoint);
    } else {
        log(core::LogLevel::Info,
            "resuming slot " + options_.slotName + " from " + slot.confirmedFlush.toString());
        shared_.confirm(slot.confirmedFlush);
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

    lastCommit_ = shared_.confirmedLsn();
    repl->startReplication(options_.slotName, Lsn(), options_.publicationName);
    shared_.streaming = true;
    shared_.setState(SourceState::Streaming);
    stream(repl);
    finish(repl.get());
    shared_.streaming = false;

    if (shared_.dropSlotOnStop) {
        if (reconnects_ > 0) {
            // The connection from the start died with the server it talked to.
            postgres::Connection fresh(options_.postgresConninfo);
            dropSlotAfterStop(fresh, *repl);
        } else {
            dropSlotAfterStop(db, *repl);
        }
    }
}

void CapturePipeline::dropSlotAfterStop(postgres::Connection& db, ReplicationConnection& repl) {
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

void CapturePipeline::snapshot(const std::string& exportedSnapshot, Lsn lsn) {
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
                producer_->emit(table, Op::Read, nullptr, &row, source, txn, nullptr);
            }
            rows += static_cast<std::uint64_t>(batch.rows());
            {
                std::lock_guard lock(shared_.mutex);
                shared_.status.snapshot[i].rowsDone = done;
            }
            producer_->checkDelivery();
            if (thread_.stopRequested()) throw detail::StopRequested{};  // redone on the next start
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
        producer_->checkDelivery();
        if (thread_.stopRequested()) throw detail::StopRequested{};
        shared_.tracker.advance();
        thread_.sleepFor(std::chrono::milliseconds(5));
    }
    log(core::LogLevel::Info,
        "snapshot of " + std::to_string(rows) + " rows acknowledged by Kafka");
}

namespace {

// The connection itself failed (server restarting or gone, network), not a statement.
bool connectionLost(const postgres::PgError& e, const ReplicationConnection* repl) {
    const auto& state = e.sqlState();
    return (repl && PQstatus(repl->get()) == CONNECTION_BAD) || state.empty() ||
           state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03";
}

std::string clockTime(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char text[16];
    std::strftime(text, sizeof text, "%H:%M:%S", &tm);
    return std::string(text) + " UTC";
}

}  // namespace

void CapturePipeline::stream(std::unique_ptr<ReplicationConnection>& repl) {
    for (;;) {
        try {
            streamUntilStopped(*repl);
            return;
        } catch (const detail::StopRequested&) {
            // stop() while Kafka's queue was full: the open transaction stays unconfirmed.
            return;
        } catch (const postgres::PgError& e) {
            if (!connectionLost(e, repl.get())) throw;
            repl.reset();
            try {
                repl = reconnect(e);
            } catch (const detail::StopRequested&) {
                return;
            }
        }
    }
}

std::unique_ptr<ReplicationConnection> CapturePipeline::reconnect(const postgres::PgError& loss) {
    const auto started = Clock::now();
    const auto deadline = started + options_.postgresReconnectWait;
    const auto waitS =
        std::chrono::duration_cast<std::chrono::seconds>(options_.postgresReconnectWait).count();
    shared_.setWaiting("PostgreSQL unreachable since " +
                       clockTime(std::chrono::system_clock::now()) +
                       ": reconnecting (capture fails after " + std::to_string(waitS) + " s)");
    log(core::LogLevel::Warning, std::string("lost the replication connection (") + loss.what() +
                                     "); reconnecting for up to " + std::to_string(waitS) + " s");
    auto backoff = std::chrono::milliseconds(100);
    std::string lastError = loss.what();
    for (int attempt = 1;; ++attempt) {
        // Kafka keeps delivering meanwhile: its failures, and what it acknowledged, count.
        producer_->checkDelivery();
        if (auto c = shared_.tracker.advance()) shared_.confirm(*c);
        try {
            auto repl = std::make_unique<ReplicationConnection>(options_.postgresConninfo);
            // The server skips transactions that committed before this position; what it sends
            // anyway is dropped in handle().
            repl->startReplication(options_.slotName, shared_.confirmedLsn(),
                                   options_.publicationName);
            ++reconnects_;
            const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
            log(core::LogLevel::Info, "reconnected after " + std::to_string(attempt) +
                                          (attempt == 1 ? " attempt (" : " attempts (") +
                                          std::to_string(static_cast<int>(seconds)) +
                                          " s); streaming slot " + options_.slotName + " from " +
                                          shared_.confirmedLsn().toString() +
                                          ", changes Kafka already has are not sent again");
            shared_.setWaiting({});
            lastStatusSent_ = Clock::now();
            return repl;
        } catch (const postgres::PgError& e) {
            lastError = e.what();
        } catch (const CdcError& e) {
            // The walsender of the lost connection may hold the slot a moment longer.
            if (e.kind() != CdcErrorKind::SlotInUse) throw;
            lastError = e.what();
        }
        if (Clock::now() + backoff > deadline)
            throw CdcError(CdcErrorKind::Other,
                           "PostgreSQL: lost the replication connection and could not reconnect "
                           "within " +
                               std::to_string(waitS) + " s (" + std::to_string(attempt) +
                               " attempts): " + lastError +
                               "; the slot keeps every change Kafka has not acknowledged, so the "
                               "next start sends it");
        thread_.sleepFor(backoff);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
    }
}

void CapturePipeline::streamUntilStopped(ReplicationConnection& repl) {
    lastStatusSent_ = Clock::now();
    unsigned sinceClockCheck = 0;
    while (!thread_.stopRequested()) {
        auto message = repl.read(std::chrono::milliseconds(100));
        if (message) {
            if (message->kind == StreamMessage::Kind::XLogData) {
                handle(repl, *message);
            } else {
                // Nothing in flight: everything the server has sent is handled and acknowledged.
                if (shared_.tracker.idle()) shared_.confirm(message->walEnd);
                if (message->replyRequested) {
                    repl.sendStatus(shared_.confirmedLsn(), false);
                    lastStatusSent_ = Clock::now();
                }
            }
            if (++sinceClockCheck < 64) continue;
        }
        sinceClockCheck = 0;
        producer_->checkDelivery();
        if (auto c = shared_.tracker.advance()) shared_.confirm(*c);
        const auto now = Clock::now();
        const auto sinceSent = now - lastStatusSent_;
        // Report progress soon after it happens (a crash then resends less), and at least every
        // status interval. When idle, ask for a keepalive: its position lets the slot move past
        // WAL that holds nothing for us (other tables, other databases).
        if (sinceSent >= options_.statusInterval ||
            (shared_.confirmedLsn() != lastSentConfirmed_ && sinceSent >= kMinStatusGap)) {
            repl.sendStatus(shared_.confirmedLsn(), shared_.tracker.idle());
            lastSentConfirmed_ = shared_.confirmedLsn();
            lastStatusSent_ = now;
        }
    }
}

void CapturePipeline::handle(ReplicationConnection& repl, const StreamMessage& message) {
    using pgoutput::MessageType;
    switch (decoder_.decode(message.payload)) {
        case MessageType::Begin: {
            const auto& b = decoder_.begin();
            xid_ = b.xid;
            commitMs_ = pgoutput::toUnixMillis(b.commitTime);
            skippingTxn_ = lastProducedCommit_.valid() && b.finalLsn <= lastProducedCommit_;
            if (skippingTxn_) break;  // produced before a reconnect: Kafka has it
            if (txn_) {
                // A reconnect broke into this transaction: the server sends it whole again, and
                // the changes already produced are skipped.
                if (b.finalLsn != txnFinal_)
                    throw CdcError(CdcErrorKind::Other,
                                   "after reconnecting, PostgreSQL sent transaction " +
                                       b.finalLsn.toString() + " instead of " +
                                       txnFinal_.toString() +
                                       ", which was cut off; its start is not confirmed, so "
                                       "the next start sends it again");
                changesToSkip_ = txnChanges_;
                txnChanges_ = 0;
                break;
            }
            txn_ = &shared_.tracker.open();
            txnFinal_ = b.finalLsn;
            txnChanges_ = 0;
            break;
        }
        case MessageType::Commit: {
            const auto& c = decoder_.commit();
            lastCommit_ = c.commitLsn;
            if (skippingTxn_) {
                skippingTxn_ = false;
                break;
            }
            if (!txn_) ByteReader::fail("Commit without Begin");
            shared_.tracker.seal(*txn_, c.endLsn);
            txn_ = nullptr;
            lastProducedCommit_ = c.commitLsn;
            if (redelivered_ > 0) {
                log(core::LogLevel::Info, "dropped " + std::to_string(redelivered_) +
                                              " changes PostgreSQL sent again after the "
                                              "reconnect (Kafka had them)");
                redelivered_ = 0;
            }
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
            if (!takeChange()) break;
            const auto& insert = decoder_.insert();
            const TableInfo* table = lookup(insert.relationOid);
            if (!table) break;
            const Row after = checkedRow(*table, insert.newTuple);
            const SourceInfo source{commitMs_, "false", xid_, message.walStart, lastCommit_};
            producer_->emit(*table, Op::Create, nullptr, &after, source, *txn_, &repl);
            break;
        }
        case MessageType::Update: {
            if (!takeChange()) break;
            const auto& update = decoder_.update();
            const TableInfo* table = lookup(update.relationOid);
            if (!table) break;
            const Row after = checkedRow(*table, update.newTuple);
            const SourceInfo source{commitMs_, "false", xid_, message.walStart, lastCommit_};
            if (update.oldKind == pgoutput::OldTuple::None) {
                producer_->emit(*table, Op::Update, nullptr, &after, source, *txn_, &repl);
                break;
            }
            const Row before = checkedRow(*table, update.oldTuple);
            if (keyChanged(*table, before, after)) {
                // As Debezium: a delete (and tombstone) for the old key, a create for the new.
                producer_->emit(*table, Op::Delete, &before, nullptr, source, *txn_, &repl);
                producer_->emit(*table, Op::Create, nullptr, &after, source, *txn_, &repl);
            } else {
                producer_->emit(*table, Op::Update, &before, &after, source, *txn_, &repl);
            }
            break;
        }
        case MessageType::Delete: {
            if (!takeChange()) break;
            const auto& del = decoder_.del();
            const TableInfo* table = lookup(del.relationOid);
            if (!table) break;
            const Row before = checkedRow(*table, del.oldTuple);
            const SourceInfo source{commitMs_, "false", xid_, message.walStart, lastCommit_};
            producer_->emit(*table, Op::Delete, &before, nullptr, source, *txn_, &repl);
            break;
        }
        case MessageType::Truncate: {
            if (!takeChange()) break;
            if (!txn_) ByteReader::fail("Truncate outside a transaction");
            SourceInfo source{commitMs_, "false", xid_, message.walStart, lastCommit_};
            for (std::uint32_t oid : decoder_.truncate().relationOids) {
                auto it = byOid_.find(oid);
                if (it == byOid_.end() || !it->second) continue;
                producer_->emit(*it->second, Op::Truncate, nullptr, nullptr, source, *txn_, &repl);
            }
            break;
        }
        case MessageType::Origin:
        case MessageType::Type:
        case MessageType::Message:
            break;
    }
}

bool CapturePipeline::takeChange() {
    if (skippingTxn_ || changesToSkip_ > 0) {
        if (changesToSkip_ > 0) --changesToSkip_;
        ++redelivered_;
        if (!skippingTxn_) ++txnChanges_;
        return false;
    }
    ++txnChanges_;
    return true;
}

void CapturePipeline::finish(ReplicationConnection* repl) {
    if (!producer_->flush())
        log(core::LogLevel::Warning,
            "Kafka did not acknowledge everything within the flush "
            "timeout; the unacknowledged tail is resent on restart");
    if (auto c = shared_.tracker.advance()) shared_.confirm(*c);
    if (repl && repl->streaming()) {
        repl->sendStatus(shared_.confirmedLsn(), false);
        repl->endStreaming();
    }
    log(core::LogLevel::Info, "stopped; slot " + options_.slotName + " confirmed at " +
                                  shared_.confirmedLsn().toString());
}

}  // namespace riverdelta::cdc
