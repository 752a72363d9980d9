#include "engine/lake/sync/sync_job.h"

#include <fmt/format.h>
#include <malloc.h>

#include <algorithm>
#include <utility>

#include "engine/core/error.h"
#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/consumer.h"
#include "engine/kafka/kafka_error.h"
#include "engine/kafka/producer.h"
#include "engine/lake/delta/table_invariant.h"
#include "engine/lake/delta/table_writer.h"
#include "engine/lake/maintenance/background_maintenance.h"
#include "engine/lake/storage/lake_location.h"
#include "engine/lake/sync/batch_commit.h"
#include "engine/lake/sync/buffered_batch.h"
#include "engine/lake/sync/bulk_reader.h"
#include "engine/lake/sync/commit_policy.h"
#include "engine/lake/sync/dead_letter.h"
#include "engine/lake/sync/encode_pipeline.h"
#include "engine/lake/sync/freshness_window.h"
#include "engine/lake/sync/partition_offsets.h"
#include "engine/lake/sync/record_decoder.h"
#include "engine/lake/sync/schema_inference.h"
#include "engine/lake/sync/schema_keeper.h"
#include "engine/lake/sync/table_layout.h"
#include "engine/lake/sync/table_repair.h"

namespace riverdelta::lake::sync {

using Clock = std::chrono::steady_clock;

const char* toString(SyncState state) {
    switch (state) {
        case SyncState::Pending:
            return "Pending";
        case SyncState::Syncing:
            return "Syncing";
        case SyncState::CaughtUp:
            return "Caught up";
        case SyncState::Paused:
            return "Paused";
        case SyncState::Failed:
            return "Failed";
        case SyncState::Stopped:
            return "Stopped";
        case SyncState::Damaged:
            return "Damaged";
    }
    return "Pending";
}

const char* toString(ErrorPolicy policy) {
    switch (policy) {
        case ErrorPolicy::Suspend:
            return "suspend";
        case ErrorPolicy::Skip:
            return "skip";
        case ErrorPolicy::Log:
            return "log";
    }
    return "suspend";
}

std::optional<ErrorPolicy> errorPolicyFromString(std::string_view text) {
    if (text == "suspend") return ErrorPolicy::Suspend;
    if (text == "skip") return ErrorPolicy::Skip;
    if (text == "log") return ErrorPolicy::Log;
    return std::nullopt;
}

std::int64_t SyncStatus::lag() const {
    std::int64_t total = 0;
    for (const auto& p : partitions)
        total += std::max<std::int64_t>(0, p.lag());
    return total;
}

std::string SyncJob::appId(std::string_view prefix, std::string_view topic,
                           std::int32_t partition) {
    return fmt::format("{}-{}-{}", prefix, topic, partition);
}

using core::StopRequested;  // unwinds the worker when stop() is called while waiting

// Everything the sync thread owns; status leaves it only through publish().
class SyncJob::Worker {
  public:
    explicit Worker(SyncJob& job) : job_(job), options_(job.options_) {}

    void run() {
        try {
            delta::TableWriterOptions tableOptions{.tableName = options_.topic};
            // Pages are compressed on this thread: per CPU-second that is faster than handing
            // them to a worker (bench_parquet --threads 0 vs 1), and several jobs share the
            // cores anyway.
            tableOptions.parquet.compressionThreads = 0;
            tableOptions.parquet = BufferedBatch::streamingWriterOptions(tableOptions.parquet);
            // Offsets are unique per partition: a dictionary never pays for them, and trying one
            // for the first 16,384 values of every row group cost 2% of a catch-up's CPU.
            tableOptions.parquet.plainColumns.emplace_back(kOffsetColumn);
            const auto location = storage::LakeLocation::parse(options_.tableLocation.string());
            store_ = storage::openObjectStore(location, options_.s3);
            table_ = std::make_unique<delta::TableWriter>(*store_, "", tableOptions);
            checkTableHealth();  // before maintenance, which would also write to it
            if (options_.maintenance.enabled) {
                // A store of its own: maintenance runs on its own thread.
                maintenanceStore_ = storage::openObjectStore(location, options_.s3);
                maintenance_ = std::make_unique<maintenance::BackgroundMaintenance>(
                    *maintenanceStore_, "", options_.maintenance);
            }
            schema_ = std::make_unique<SchemaKeeper>(
                *table_, options_.schemaRegistry,
                SchemaKeeper::Hooks{
                    .commitBatch = [this] { commitBatch(); },
                    .sleepFor = [this](std::chrono::milliseconds d) { job_.worker_.sleepFor(d); },
                    .waiting =
                        [this](const std::string& why) {
                            publish([&](SyncStatus& s) { s.reason = why; });
                        }});
            waitForTopic();
            if (options_.avroSchema.is_null() && !table_->exists())
                inferSchemaFromSample();
            else
                schema_->prepare(options_.avroSchema.is_null()
                                     ? std::vector<delta::StructField>{}
                                     : fieldsFromAvro(options_.avroSchema));
            assignFromLog();
            if (options_.untilCaughtUp) captureTargets();
            loop();
            commitBatch();
            finish(SyncState::Stopped, options_.untilCaughtUp && reachedTargets()
                                           ? "caught up to the high watermarks seen at start"
                                           : "stopped");
        } catch (const StopRequested&) {
            try {
                commitBatch();
            } catch (const std::exception& e) {
                return finish(SyncState::Failed, e.what());
            }
            const std::string suspension = job_.worker_.read([](const Shared& s) {
                return s.status.suspended ? s.status.reason : std::string();
            });
            finish(SyncState::Stopped,
                   suspension.empty() ? "stopped" : "stopped while " + suspension);
        } catch (const delta::DamagedTableError& e) {
            finish(SyncState::Damaged, e.what());
        } catch (const std::exception& e) {
            finish(SyncState::Failed, e.what());
        }
    }

  private:
    void checkStop() { job_.worker_.checkStop(); }

    void publish(const std::function<void(SyncStatus&)>& change) {
        job_.worker_.publish([&](Shared& s) { change(s.status); });
    }

    void finish(SyncState state, const std::string& reason) {
        publish([&](SyncStatus& s) {
            s.state = state;
            s.reason = reason;
        });
    }

    void waitForTopic() {
        probe_ = std::make_unique<kafka::Consumer>(options_.kafka);
        consumer_ = std::make_unique<kafka::Consumer>(
            bulkReaderConfig(options_.kafka, options_.prefetchBytes));
        const auto started = Clock::now();
        const std::string bootstrap = options_.kafka.bootstrapServers;
        const std::string limit =
            options_.clusterTimeout
                ? fmt::format(" (gives up after {} s)", options_.clusterTimeout->count() / 1000)
                : std::string();
        for (;;) {
            checkStop();
            std::string unanswered;  // this attempt's error, when the cluster did not answer
            try {
                // All topics: a request naming the topic may auto-create it (with the cluster's
                // default partition count) before its producer creates it as it wants.
                auto md = kafka::fetchMetadata(probe_->handle(), std::chrono::seconds(5));
                for (const auto& t : md.topics) {
                    if (t.name == options_.topic && t.error.empty() && t.partitions > 0) {
                        choosePartitions(t.partitions);
                        return;
                    }
                }
                publish([&](SyncStatus& s) {
                    s.reason = "waiting for topic " + options_.topic + " on " + bootstrap +
                               (options_.untilCaughtUp ? limit : std::string());
                });
            } catch (const kafka::KafkaError& e) {
                unanswered = e.what();
                publish([&](SyncStatus& s) {
                    s.reason = "cluster unreachable: " + unanswered + limit;
                });
            }
            if (options_.clusterTimeout && Clock::now() - started >= *options_.clusterTimeout) {
                const auto secs = options_.clusterTimeout->count() / 1000;
                // The words `run` uses when its cluster does not answer.
                if (!unanswered.empty())
                    throw Error(fmt::format("Kafka: no answer from {} within {} s ({})", bootstrap,
                                            secs, unanswered));
                if (options_.untilCaughtUp)
                    throw Error(fmt::format("topic {} does not exist on {} (looked for {} s)",
                                            options_.topic, bootstrap, secs));
            }
            job_.worker_.sleepFor(std::chrono::milliseconds(500));
        }
    }

    // The topic's partitions, or the group SyncOptions::partitions names.
    void choosePartitions(std::int32_t topicPartitions) {
        partitions_ = options_.partitions;
        if (partitions_.empty())
            for (std::int32_t p = 0; p < topicPartitions; ++p)
                partitions_.push_back(p);
        for (std::int32_t p : partitions_)
            if (p < 0 || p >= topicPartitions)
                throw Error(fmt::format("topic {} has no partition {} (it has {})", options_.topic,
                                        p, topicPartitions));
        offsets_.reset(partitions_);
    }

    // Positions come from the Delta log only: txn version + 1, or the beginning.
    void assignFromLog() {
        std::vector<kafka::TopicPartitionOffset> assignment;
        std::string stale;
        for (std::int32_t p : partitions_) {
            auto v = table_->txnVersion(SyncJob::appId(options_.appIdPrefix, options_.topic, p));
            offsets_.setCommitted(p, v.value_or(-1));
            assignment.push_back({options_.topic, p, v ? *v + 1 : RD_KAFKA_OFFSET_BEGINNING});
            // Offsets past the end are another topic's (deleted and made again, another
            // cluster, an earlier sandbox session): seeking there would skip this one's data.
            if (!v || !stale.empty()) continue;
            const auto high =
                probe_->queryWatermarks(options_.topic, p, std::chrono::seconds(10)).high;
            if (*v + 1 > high)
                stale = fmt::format(
                    "the Delta table {} holds offsets up to {} of {} partition {}, but the topic "
                    "ends at {}: the table was synced from another topic of that name (deleted "
                    "and made again, another cluster, or an earlier sandbox session, whose Kafka "
                    "keeps data in memory only). Choose another location, or remove the table",
                    options_.tableLocation.string(), *v, options_.topic, p, high);
        }
        refreshStatusFromTable();
        if (!stale.empty()) throw Error(stale);
        consumer_->assign(assignment);
        offsets_.forgetEnds();
    }

    void captureTargets() {
        for (std::int32_t p : partitions_)
            offsets_.setTarget(
                p, probe_->queryWatermarks(options_.topic, p, std::chrono::seconds(10)).high);
    }

    [[nodiscard]] bool reachedTargets() const { return offsets_.reachedTargets(); }

    // JSON without a schema: look at the first records, then decode them like any others.
    void inferSchemaFromSample() {
        publish([&](SyncStatus& s) { s.reason = "waiting for records to infer the table schema"; });
        const TopicSample sample =
            sampleTopic(*consumer_, partitions_, options_, [this] { checkStop(); });
        if (sample.avroId && !options_.schemaRegistry.url.empty()) {
            // Avro with a registry: the table schema is the writer schema of the first record.
            schema_->prepare({});
            schema_->adoptWriterSchema(*sample.avroId);  // an unknown id: the policy decides
            return;
        }
        schema_->prepare(sample.json.fields());
    }

    void loop() {
        auto lastStatus = Clock::now() - std::chrono::seconds(10);
        std::vector<kafka::Message> messages;
        for (;;) {
            checkStop();
            handlePauseRequests();
            messages.clear();
            // A fetch waits for records until the commit deadline at the latest, and takes no
            // more than the batch's row limit has room for.
            const std::int64_t room = commitPolicy_.settings().maxRows - batch_.rows();
            consumer_->pollBatch(messages,
                                 static_cast<std::size_t>(std::clamp<std::int64_t>(room, 1, 2048)),
                                 commitPolicy_.wait(Clock::now(), std::chrono::milliseconds(100)));
            // One clock read per fetch, not per record: the commit policy needs no finer time.
            const auto fetched = Clock::now();
            for (auto& msg : messages) {
                if (msg.isPartitionEof()) {
                    offsets_.setAtEnd(msg.partition(), true);
                } else if (msg.error() != RD_KAFKA_RESP_ERR_NO_ERROR) {
                    lastConsumerError_ = std::string(msg.errorText());
                } else {
                    offsets_.setAtEnd(msg.partition(), false);
                    // Suspended: positions were reset, drop the rest.
                    if (!process(msg, fetched)) break;
                }
            }
            followBacklog();
            const auto now = Clock::now();
            const bool allAtEnd = offsets_.allAtEnd();
            const bool due =
                commitPolicy_.due(batch_.rows(), batch_.bytes(), now) != CommitReason::NotDue;
            if (!batch_.empty() &&
                (due || (options_.untilCaughtUp && (allAtEnd || reachedTargets()))))
                commitBatch();
            if (now - lastStatus >= std::chrono::seconds(1)) {
                refreshWatermarks();
                lastStatus = Clock::now();
            }
            if (options_.untilCaughtUp && batch_.empty() && reachedTargets()) return;
        }
    }

    // Records at the broker the job has not read yet, by the high watermarks its consumer's
    // last fetches carried (cached by librdkafka: no request). More than kBacklogRecords: the
    // job reads a backlog, and the commit policy commits on size or on its backlog interval.
    // (End-of-partition events cannot tell: librdkafka sends one only after a fetch that found
    // nothing new, which a steady stream never has.)
    void followBacklog() {
        static constexpr std::int64_t kBacklogRecords = 50'000;
        std::int64_t unread = 0;
        for (std::int32_t p : partitions_) {
            std::int64_t low = 0, high = -1;
            if (rd_kafka_get_watermark_offsets(consumer_->handle(), options_.topic.c_str(), p, &low,
                                               &high) == RD_KAFKA_RESP_ERR_NO_ERROR &&
                high >= 0)
                unread += std::max<std::int64_t>(0, high - (offsets_.read(p) + 1));
        }
        commitPolicy_.setBacklog(unread > kBacklogRecords);
    }

    void handlePauseRequests() {
        if (!job_.worker_.read([](const Shared& s) { return s.pauseRequested; })) return;
        commitBatch();
        publish([&](SyncStatus& s) {
            s.state = SyncState::Paused;
            if (s.reason.empty()) s.reason = "paused";
        });
        // On stop this throws and the status keeps why it paused.
        job_.worker_.wait([&](Shared& s) {
            if (!s.resumeRequested) return false;
            s.resumeRequested = false;
            s.pauseRequested = false;
            if (s.resumePolicy) policy_ = *s.resumePolicy;
            s.status.state = SyncState::Syncing;
            s.status.reason.clear();
            s.status.suspended.reset();
            return true;
        });
        checkStop();
        assignFromLog();  // continue exactly after what the table holds
    }

    // false when the record suspended the job (the caller must not go on with this batch). A
    // record that becomes a row moves into the encode pipeline, which releases it once written.
    bool process(kafka::Message& msg, Clock::time_point fetched) {
        const std::int32_t p = msg.partition();
        const std::int64_t offset = msg.offset();
        if (msg.isTombstone()) {
            skip(p, msg.offset(), fetched);
            return true;
        }
        KafkaRecordMeta meta{
            p, msg.offset(), msg.timestampMs(),
            msg.hasKey() ? std::optional<std::string_view>(msg.key()) : std::nullopt};
        auto outcome = schema_->decoder().decode(msg.payload(), meta);
        if (outcome == RecordDecoder::Outcome::UnknownSchema) {
            const std::string why = schema_->adoptWriterSchema(schema_->decoder().schemaId());
            if (!why.empty()) return undecodable(msg, why, fetched);
            outcome = schema_->decoder().decode(msg.payload(), meta);
        }
        if (outcome == RecordDecoder::Outcome::UnknownFields) {
            schema_->evolve(schema_->decoder().unknownFields());
            outcome = schema_->decoder().decode(msg.payload(), meta);
        }
        const RecordDecoder& decoder = schema_->decoder();
        if (outcome == RecordDecoder::Outcome::Undecodable)
            return undecodable(msg, decoder.error(), fetched);
        if (outcome != RecordDecoder::Outcome::Ok)
            return undecodable(msg, "schema did not take the new fields", fetched);
        schema_->ensureTable();
        const RecordDecoder& decoded = schema_->decoder();  // ensureTable() may have rebuilt it
        pipeline_.add(decoded, batch_.file(*table_), std::move(msg));
        batch_.rowAppended(meta.timestampMs, decoded.rowBytes());
        note(p, offset, fetched);
        ++rowsThisRun_;
        return true;
    }

    void note(std::int32_t p, std::int64_t offset, Clock::time_point fetched) {
        // Offsets with no record have no row either: the table's invariant counts them.
        if (const std::int64_t gap = offsets_.cover(p, offset)) batch_.addUnwritten(gap);
        batch_.cover(p, offset);
        commitPolicy_.buffered(fetched);
    }

    void skip(std::int32_t p, std::int64_t offset, Clock::time_point fetched) {
        ++skipped_;
        batch_.addUnwritten(1);
        note(p, offset, fetched);
    }

    bool undecodable(const kafka::Message& msg, const std::string& why, Clock::time_point fetched) {
        const std::string where =
            fmt::format("partition {} offset {}", msg.partition(), msg.offset());
        switch (policy_) {
            case ErrorPolicy::Skip:
                skip(msg.partition(), msg.offset(), fetched);
                return true;
            case ErrorPolicy::Log: {
                if (!deadLetters_) deadLetters_ = std::make_unique<kafka::Producer>(options_.kafka);
                const auto headers = deadLetterHeaders(msg, why, options_.tableLocation.string());
                deadLetters_->produce(deadLetterTopic(), msg.key(), msg.payload(), headers);
                ++deadLettered_;
                skip(msg.partition(), msg.offset(), fetched);
                return true;
            }
            case ErrorPolicy::Suspend:
                commitBatch();
                publish([&](SyncStatus& s) {
                    s.state = SyncState::Paused;
                    s.reason = "suspended at " + where + ": " + why;
                    s.suspended = SuspendedRecord{msg.partition(), msg.offset(), why};
                });
                job_.worker_.publish([](Shared& s) { s.pauseRequested = true; });
                handlePauseRequests();
                return false;
        }
        return true;
    }

    [[nodiscard]] std::string offsetsAppIdBase() const {
        return fmt::format("{}-{}", options_.appIdPrefix, options_.topic);
    }

    // A damaged table (delta/table_invariant.h) gets nothing appended unless the user chose.
    void checkTableHealth() {
        try {
            if (resolveDamage(*table_, options_.damage, offsetsAppIdBase(),
                              options_.tableLocation.string()))
                refreshStatusFromTable();
        } catch (const delta::DamagedTableError&) {
            refreshStatusFromTable();  // the status shows the table it refused
            throw;
        }
    }

    [[nodiscard]] std::string deadLetterTopic() const {
        return options_.deadLetterTopic.empty() ? options_.topic + ".dlq"
                                                : options_.deadLetterTopic;
    }

    void commitBatch() {
        if (batch_.empty()) return;
        schema_->ensureTable();  // skipped records only, before any schema was known
        if (deadLetters_ && !deadLetters_->flush(std::chrono::seconds(30)))
            throw Error("dead-letter topic " + deadLetterTopic() + " did not acknowledge in time");
        const auto commitStarted = Clock::now();
        pipeline_.drain();  // the file is the encoder thread's until then
        if (const auto lost =
                commitToTable(*table_, batch_, options_.appIdPrefix, options_.topic)) {
            if (!batch_.dataFilePath().empty()) store_->remove(batch_.dataFilePath());
            // The status shows the table as the winner left it, not our last look.
            for (std::int32_t q : partitions_)
                offsets_.setCommitted(
                    q, table_->txnVersion(SyncJob::appId(options_.appIdPrefix, options_.topic, q))
                           .value_or(-1));
            batch_ = BufferedBatch{};
            refreshStatusFromTable();
            throw Error(fmt::format(
                "lost the race for version {}: another writer committed offsets of {} partition "
                "{} to this table (up to {}); this job stopped so nothing is written twice (the "
                "table, re-read: version {}, {} rows)",
                table_->version(), options_.topic, lost->partition, lost->theirs, table_->version(),
                table_->snapshot().numRecords()));
        }
        const auto now = std::chrono::system_clock::now();
        const auto nowMs =
            std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
        // Freshness over a bounded sample of the batch's rows. Records already in the topic
        // when the job started are its backlog: how long they waited says when the sync was
        // enabled, not how fast it is (it showed "163 s" for as long as the backlog's samples
        // filled the window), so they count as lag and not here.
        const auto& sample = batch_.timestampSample();
        const std::size_t step = std::max<std::size_t>(1, sample.size() / 512);
        for (std::size_t i = 0; i < sample.size(); i += step)
            if (sample[i] >= startedMs_) freshness_.add(sample[i], nowMs);
        offsets_.commitRead();
        batch_ = BufferedBatch{};
        commitPolicy_.committed(Clock::now() - commitStarted);
        lastCommit_ = now;
        if (maintenance_) maintenance_->notifyCommit();
        // The finished file's column writers, dictionaries and pages were freed by two threads
        // (this one and the encoder's) into their own malloc arenas, where glibc keeps them:
        // hand the free pages back, or each commit's leftovers add to the job's footprint.
        ::malloc_trim(0);
        refreshStatusFromTable();
    }

    void refreshStatusFromTable() {
        const auto& snap = table_->snapshot();
        const auto nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
        publish([&](SyncStatus& s) {
            s.version = snap.version;
            s.rows = snap.numRecords();
            s.files = static_cast<std::int64_t>(snap.files.size());
            s.bytes = snap.totalBytes();
            s.lastCommit = lastCommit_;
            s.freshnessP50Ms = freshness_.percentile(50, nowMs);
            s.freshnessP95Ms = freshness_.percentile(95, nowMs);
            s.skipped = skipped_;
            s.unwritten = snap.txnVersion(delta::unwrittenAppId(offsetsAppIdBase()));
            s.deadLettered = deadLettered_;
            s.rowsThisRun = rowsThisRun_;
            if (maintenance_) s.lastMaintenance = maintenance_->lastReport();
            s.partitions = offsets_.progress();
            followLag(s);
        });
    }

    // Background maintenance commits too (compaction, retention): a caught-up job that makes
    // no commit of its own still shows the table as it is now, not as its last commit left it.
    void followMaintenance() {
        if (!maintenance_) return;
        const auto report = maintenance_->lastReport();
        if (!report || report->version <= table_->version()) return;
        try {
            table_->refresh();
        } catch (const std::exception&) {
            // The status keeps the version it read; the next commit re-reads the log and
            // reports what stops it.
        }
    }

    void refreshWatermarks() {
        std::string unanswered;
        bool answered = false;
        for (std::int32_t p : partitions_) {
            try {
                offsets_.setWatermark(
                    p, probe_->queryWatermarks(options_.topic, p, std::chrono::seconds(2)).high);
                answered = true;
            } catch (const kafka::KafkaError& e) {  // keep the last known value; lag shows it
                unanswered = e.what();
            }
        }
        if (answered || partitions_.empty()) {
            unansweredSince_.reset();
            if (lastConsumerError_.starts_with("cluster unreachable")) lastConsumerError_.clear();
        } else {
            if (!unansweredSince_) unansweredSince_ = Clock::now();
            lastConsumerError_ = "cluster unreachable: " + unanswered;
            // A run to the end must end: past the limit it fails; what it committed stays.
            if (options_.untilCaughtUp && options_.clusterTimeout &&
                Clock::now() - *unansweredSince_ >= *options_.clusterTimeout)
                throw Error(fmt::format(
                    "Kafka: no answer from {} for {} s while catching up ({}); the table keeps "
                    "every commit made before",
                    options_.kafka.bootstrapServers, options_.clusterTimeout->count() / 1000,
                    unanswered));
        }
        const auto elapsed = std::chrono::duration<double>(Clock::now() - rateSince_).count();
        const double rate =
            elapsed > 0 ? static_cast<double>(rowsThisRun_ - rateRows_) / elapsed : 0;
        rateSince_ = Clock::now();
        rateRows_ = rowsThisRun_;
        followMaintenance();
        refreshStatusFromTable();
        publish([&](SyncStatus& s) {
            s.rowsPerSecond = rate;
            if (s.state == SyncState::Paused || s.state == SyncState::Failed) return;
            s.state = SyncState::Syncing;
            followLag(s);
            s.reason = lastConsumerError_;
        });
    }

    // A running job is Caught up exactly when its lag is 0: buffered records count as lag
    // (note() keeps the known high watermark past them), so the two never disagree.
    static void followLag(SyncStatus& s) {
        if (s.state != SyncState::Syncing && s.state != SyncState::CaughtUp) return;
        s.state = s.lag() == 0 ? SyncState::CaughtUp : SyncState::Syncing;
    }

    SyncJob& job_;
    const SyncOptions& options_;
    std::unique_ptr<storage::ObjectStore> store_;
    std::unique_ptr<storage::ObjectStore> maintenanceStore_;
    std::unique_ptr<delta::TableWriter> table_;
    // After store_ and table_: stopped (joined) before they go.
    std::unique_ptr<maintenance::BackgroundMaintenance> maintenance_;
    std::unique_ptr<kafka::Consumer> consumer_;
    // Metadata and watermark queries go through a client of their own: on the consumer's
    // connection they wait behind its long-poll fetch (fetch.wait.max.ms, 500 ms) once it is
    // caught up, and the job stood still that long every second.
    std::unique_ptr<kafka::Consumer> probe_;
    std::unique_ptr<kafka::Producer> deadLetters_;
    std::unique_ptr<SchemaKeeper> schema_;  // after table_: refers to it
    std::vector<std::int32_t> partitions_;
    PartitionOffsets offsets_;
    BufferedBatch batch_;
    CommitPolicy commitPolicy_{{.freshnessTarget = options_.freshnessTarget,
                                .idleAfter = options_.idleCommitAfter,
                                .fixedInterval = options_.commitInterval,
                                .backlogInterval = options_.backlogCommitInterval,
                                .maxRows = options_.maxBufferedRows,
                                .maxBytes = options_.maxBufferedBytes}};
    EncodePipeline pipeline_{options_.encoderThread};  // after batch_: stopped before its file goes
    ErrorPolicy policy_ = options_.errorPolicy;
    FreshnessWindow freshness_;
    const std::int64_t startedMs_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
    std::optional<std::chrono::system_clock::time_point> lastCommit_;
    std::int64_t skipped_ = 0, deadLettered_ = 0, rowsThisRun_ = 0, rateRows_ = 0;
    Clock::time_point rateSince_ = Clock::now();
    std::string lastConsumerError_;
    std::optional<Clock::time_point> unansweredSince_;  // watermark queries all failing since
};

SyncJob::SyncJob(SyncOptions options) : options_(std::move(options)) {
    worker_.publish([&](Shared& s) {
        s.status.topic = options_.topic;
        s.status.location = options_.tableLocation.string();
    });
}

SyncJob::~SyncJob() {
    stop();
}

void SyncJob::start() {
    if (worker_.running()) return;
    worker_.start(
        [this] {
            {
                Worker worker(*this);
                worker.run();
            }
            worker_.publish([](Shared& s) { s.status.finished = true; });
        },
        "rd-sync");
}

void SyncJob::pause() {
    worker_.publish([](Shared& s) { s.pauseRequested = true; });
}

void SyncJob::resume(std::optional<ErrorPolicy> policy) {
    worker_.publish([&](Shared& s) {
        s.resumePolicy = policy;
        s.resumeRequested = true;
    });
}

void SyncJob::stop() {
    worker_.stop();
}

SyncStatus SyncJob::status() const {
    return worker_.read([](const Shared& s) { return s.status; });
}

bool SyncJob::waitFinished(std::chrono::milliseconds timeout) const {
    return worker_.waitFor(timeout, [](const Shared& s) { return s.status.finished; });
}

bool SyncJob::waitLastState(std::chrono::milliseconds timeout) const {
    return worker_.waitFor(timeout, [](const Shared& s) {
        return s.status.finished || s.status.state == SyncState::Stopped ||
               s.status.state == SyncState::Failed || s.status.state == SyncState::Damaged;
    });
}

}  // namespace riverdelta::lake::sync
