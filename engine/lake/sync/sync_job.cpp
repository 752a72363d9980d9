#include "engine/lake/sync/sync_job.h"

#include <fmt/format.h>
#include <malloc.h>

#include <map>
#include <random>
#include <utility>

#include "engine/avro/avro_decoder.h"
#include "engine/avro/avro_schema.h"
#include "engine/core/error.h"
#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/consumer.h"
#include "engine/kafka/kafka_error.h"
#include "engine/kafka/producer.h"
#include "engine/lake/delta/table_invariant.h"
#include "engine/lake/delta/table_writer.h"
#include "engine/lake/maintenance/background_maintenance.h"
#include "engine/lake/storage/lake_location.h"
#include "engine/lake/sync/buffered_batch.h"
#include "engine/lake/sync/commit_policy.h"
#include "engine/lake/sync/dead_letter.h"
#include "engine/lake/sync/encode_pipeline.h"
#include "engine/lake/sync/freshness_window.h"
#include "engine/lake/sync/record_decoder.h"
#include "engine/lake/sync/schema_inference.h"
#include "engine/lake/sync/table_layout.h"
#include "engine/lake/sync/table_repair.h"
#include "engine/registry/schema_registry.h"

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

namespace {
class StopRequested {};  // unwinds the worker when stop() is called while waiting
}  // namespace

// Everything the sync thread owns; status leaves it only through publish().
class SyncJob::Worker {
  public:
    Worker(SyncJob& job, std::stop_token stop)
        : job_(job), options_(job.options_), stop_(std::move(stop)) {}

    void run() {
        try {
            delta::TableWriterOptions tableOptions{.tableName = options_.topic};
            // Pages are compressed on this thread: per CPU-second that is faster than handing
            // them to a worker (bench_parquet --threads 0 vs 1), and several jobs share the
            // cores anyway.
            tableOptions.parquet.compressionThreads = 0;
            tableOptions.parquet = BufferedBatch::streamingWriterOptions(tableOptions.parquet);
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
            waitForTopic();
            if (options_.avroSchema.is_null() && !table_->exists())
                inferSchemaFromSample();
            else
                prepareSchema(options_.avroSchema.is_null() ? std::vector<delta::StructField>{}
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
            std::string suspension;
            {
                std::lock_guard lock(job_.mutex_);
                if (job_.status_.suspended) suspension = job_.status_.reason;
            }
            finish(SyncState::Stopped,
                   suspension.empty() ? "stopped" : "stopped while " + suspension);
        } catch (const delta::DamagedTableError& e) {
            finish(SyncState::Damaged, e.what());
        } catch (const std::exception& e) {
            finish(SyncState::Failed, e.what());
        }
    }

  private:
    void checkStop() {
        if (stop_.stop_requested()) throw StopRequested{};
    }

    void publish(const std::function<void(SyncStatus&)>& change) {
        {
            std::lock_guard lock(job_.mutex_);
            change(job_.status_);
        }
        job_.changed_.notify_all();
    }

    void finish(SyncState state, const std::string& reason) {
        publish([&](SyncStatus& s) {
            s.state = state;
            s.reason = reason;
        });
    }

    // The sync consumer reads in bulk: with librdkafka's defaults its prefetch queue fills
    // (100,000 messages) while a batch is encoded, fetching pauses and resumes only about half a
    // second later, so a catching-up job waited more than it worked (bench_lake_sync: 150k rows/s
    // wall at 850k rows per CPU-second). The queue is bounded by bytes instead (prefetchBytes,
    // 8 MiB: tens of milliseconds of the job's work) and refilled by fetches of a quarter of
    // that. A deeper queue only holds the topic's backlog in memory, and librdkafka keeps each
    // fetch's buffer until its last message is gone: 128 MiB of queue and 64 MiB fetches made
    // most of a 1 M-row catch-up's 480 MB peak; kcat with 8 MiB / 2 MiB peaks at 39 MB and
    // reads as fast. The user's own settings win.
    static kafka::ClientConfig bulkReader(kafka::ClientConfig config, std::size_t prefetchBytes) {
        const std::size_t queueKb = std::max<std::size_t>(prefetchBytes >> 10, 1024);
        const std::string queue = std::to_string(queueKb);
        const std::string fetch = std::to_string(std::max<std::size_t>(queueKb << 8, 1 << 20));
        for (const auto& [key, value] :
             {std::pair<const char*, const char*>{"queued.min.messages", "1000000"},
              {"queued.max.messages.kbytes", queue.c_str()},
              {"max.partition.fetch.bytes", fetch.c_str()},
              {"fetch.max.bytes", fetch.c_str()}})
            if (!config.find(key)) config.set(key, value);
        return config;
    }

    void waitForTopic() {
        kafka::Consumer probe(options_.kafka);
        consumer_ =
            std::make_unique<kafka::Consumer>(bulkReader(options_.kafka, options_.prefetchBytes));
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
                auto md = kafka::fetchMetadata(probe.handle(), std::chrono::seconds(5));
                for (const auto& t : md.topics) {
                    if (t.name == options_.topic && t.error.empty() && t.partitions > 0) {
                        for (std::int32_t p = 0; p < t.partitions; ++p)
                            partitions_.push_back(p);
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
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
    }

    // Positions come from the Delta log only: txn version + 1, or the beginning.
    void assignFromLog() {
        std::vector<kafka::TopicPartitionOffset> assignment;
        committed_.clear();
        std::string stale;
        for (std::int32_t p : partitions_) {
            auto v = table_->txnVersion(SyncJob::appId(options_.appIdPrefix, options_.topic, p));
            committed_[p] = v.value_or(-1);
            assignment.push_back({options_.topic, p, v ? *v + 1 : RD_KAFKA_OFFSET_BEGINNING});
            // Offsets past the end are another topic's (deleted and made again, another
            // cluster, an earlier sandbox session): seeking there would skip this one's data.
            if (!v || !stale.empty()) continue;
            const auto high =
                consumer_->queryWatermarks(options_.topic, p, std::chrono::seconds(10)).high;
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
        atEnd_.clear();
    }

    void captureTargets() {
        for (std::int32_t p : partitions_)
            targets_[p] =
                consumer_->queryWatermarks(options_.topic, p, std::chrono::seconds(10)).high;
    }

    [[nodiscard]] bool reachedTargets() const {
        for (const auto& [p, high] : targets_) {
            const std::int64_t done =
                batch_.lastOffsets().count(p) ? batch_.lastOffsets().at(p) : committed_.at(p);
            if (done + 1 < high) return false;
        }
        return true;
    }

    // A table from the source fields, or (none known yet, no table) a decoder for the metadata
    // columns alone: the table is created on the first commit, see ensureTable().
    void prepareSchema(std::vector<delta::StructField> sourceFields) {
        if (!sourceFields.empty())
            table_->ensureSchema(withMetadataColumns(std::move(sourceFields)));
        rebuildDecoder();
    }

    void ensureTable() {
        if (table_->exists()) return;
        table_->ensureSchema(withMetadataColumns({}));
        rebuildDecoder();
    }

    [[nodiscard]] delta::TableSchema currentSchema() const {
        return table_->exists() ? table_->schema() : withMetadataColumns({});
    }

    void rebuildDecoder() {
        decoder_ = std::make_unique<RecordDecoder>(currentSchema());
        for (const auto& [id, schema] : writerSchemas_)
            decoder_->addWriterSchema(id, schema.avro);
    }

    // The writer schema of an Avro record: from the cache, else from the registry. The table
    // takes its new fields as nullable columns (a new metaData); a schema the table cannot
    // take fails the job (SchemaConflictError), leaving the table as it is. Returns why the
    // record is undecodable instead (no registry, unknown id, not Avro), or empty when the
    // decoder now knows the id.
    std::string adoptWriterSchema(std::int32_t id) {
        if (writerSchemas_.count(id)) {
            decoder_->addWriterSchema(id, writerSchemas_.at(id).avro);
            return {};
        }
        if (options_.schemaRegistry.url.empty())
            return fmt::format("Avro record, schema id {}, but no schema registry configured", id);
        auto text = fetchWriterSchema(id);
        if (!text)
            return fmt::format("Avro record, schema id {}: the schema registry {} has no such id",
                               id, options_.schemaRegistry.url);
        WriterSchema ws;
        try {
            ws.json = nlohmann::json::parse(*text);
            ws.avro = std::make_shared<const avro::Schema>(avro::Schema::fromJson(ws.json));
        } catch (const std::exception& e) {
            return fmt::format("Avro record, schema id {}: not a usable Avro schema: {}", id,
                               e.what());
        }
        std::vector<delta::StructField> fields;
        try {
            fields = fieldsFromAvro(ws.json);
        } catch (const SchemaConflictError& e) {
            throw SchemaConflictError(fmt::format("Avro schema id {}: {}", id, e.what()));
        }
        const auto source = withMetadataColumns(fields);
        try {
            if (!table_->exists() || delta::mergeSchema(table_->schema(), source).changed) {
                commitBatch();  // the open data file has the old columns
                table_->ensureSchema(source);
            }
        } catch (const delta::SchemaIncompatibleError& e) {
            throw SchemaConflictError(
                fmt::format("Avro schema id {} does not fit the table: {}", id, e.what()));
        }
        writerSchemas_.emplace(id, std::move(ws));
        rebuildDecoder();
        return {};
    }

    std::optional<std::string> fetchWriterSchema(std::int32_t id) {
        if (!registry_)
            registry_ = std::make_unique<registry::SchemaRegistryClient>(options_.schemaRegistry);
        for (int attempt = 1;; ++attempt) {
            checkStop();
            try {
                return registry_->schemaById(id);
            } catch (const registry::RegistryError& e) {
                using Kind = registry::RegistryError::Kind;
                if (e.kind() == Kind::NotFound) return std::nullopt;
                const bool transient = e.kind() == Kind::Unreachable || e.kind() == Kind::Server;
                if (!transient || attempt >= 30) throw;
                publish([&](SyncStatus& s) { s.reason = e.what(); });
                std::this_thread::sleep_for(std::chrono::seconds(1));
            }
        }
    }

    // JSON without a schema: look at the first records, then decode them like any others.
    void inferSchemaFromSample() {
        publish([&](SyncStatus& s) { s.reason = "waiting for records to infer the table schema"; });
        std::vector<kafka::TopicPartitionOffset> all;
        for (std::int32_t p : partitions_)
            all.push_back({options_.topic, p, RD_KAFKA_OFFSET_BEGINNING});
        consumer_->assign(all);
        SchemaSample sample;
        std::optional<std::int32_t> avroId;  // the first Avro record's schema id
        std::map<std::int32_t, bool> ended;
        const auto sampling = Clock::now();
        auto deadline = sampling + std::chrono::seconds(2);
        while (sample.size() < options_.inferenceSample) {
            checkStop();
            auto msg = consumer_->poll(std::chrono::milliseconds(200));
            if (msg && msg->isPartitionEof()) ended[msg->partition()] = true;
            if (msg && msg->error() == RD_KAFKA_RESP_ERR_NO_ERROR && !msg->isTombstone()) {
                if (auto frame = avro::readConfluentHeader(msg->payload())) {
                    if (!avroId) avroId = frame->schemaId;
                    if (!options_.schemaRegistry.url.empty()) break;  // the registry knows
                } else {
                    // A record that does not decode is left out; the loop reads it again and
                    // the error policy decides (suspend there, skip, or dead-letter it).
                    (void)sample.add(msg->payload());
                }
            }
            const bool allEnded = ended.size() == partitions_.size();
            const bool seen = !sample.empty() || avroId || sample.refused() > 0;
            if (allEnded && (seen || options_.untilCaughtUp)) break;
            if (seen && Clock::now() > deadline) break;
            // A run to the end does not wait for the ends forever (a cluster gone meanwhile):
            // the watermark queries after this fail it with the reason.
            if (options_.untilCaughtUp && options_.clusterTimeout &&
                Clock::now() - sampling >= *options_.clusterTimeout)
                break;
        }
        if (avroId && !options_.schemaRegistry.url.empty()) {
            // Avro with a registry: the table schema is the writer schema of the first record.
            prepareSchema({});
            adoptWriterSchema(*avroId);  // an unknown id leaves the table to the policy
            return;
        }
        prepareSchema(sample.fields());
    }

    void loop() {
        auto lastStatus = Clock::now() - std::chrono::seconds(10);
        std::vector<kafka::Message> messages;
        for (;;) {
            checkStop();
            handlePauseRequests();
            messages.clear();
            // A fetch waits for a full batch or its timeout: never past the commit deadline.
            consumer_->pollBatch(messages, 2048,
                                 commitPolicy_.wait(Clock::now(), std::chrono::milliseconds(100)));
            for (const auto& msg : messages) {
                if (msg.isPartitionEof()) {
                    atEnd_[msg.partition()] = true;
                } else if (msg.error() != RD_KAFKA_RESP_ERR_NO_ERROR) {
                    lastConsumerError_ = std::string(msg.errorText());
                } else {
                    atEnd_[msg.partition()] = false;
                    if (!process(msg)) break;  // suspended: positions were reset, drop the rest
                }
            }
            const auto now = Clock::now();
            const bool allAtEnd =
                atEnd_.size() == partitions_.size() &&
                std::all_of(atEnd_.begin(), atEnd_.end(), [](const auto& e) { return e.second; });
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

    void handlePauseRequests() {
        bool paused = false;
        {
            std::lock_guard lock(job_.mutex_);
            paused = job_.pauseRequested_;
        }
        if (!paused) return;
        commitBatch();
        publish([&](SyncStatus& s) {
            s.state = SyncState::Paused;
            if (s.reason.empty()) s.reason = "paused";
        });
        std::unique_lock lock(job_.mutex_);
        job_.changed_.wait(lock, [&] { return job_.resumeRequested_ || stop_.stop_requested(); });
        if (stop_.stop_requested()) throw StopRequested{};  // the status keeps why it paused
        job_.resumeRequested_ = false;
        job_.pauseRequested_ = false;
        if (job_.resumePolicy_) policy_ = *job_.resumePolicy_;
        job_.status_.state = SyncState::Syncing;
        job_.status_.reason.clear();
        job_.status_.suspended.reset();
        lock.unlock();
        checkStop();
        assignFromLog();  // continue exactly after what the table holds
    }

    // false when the record suspended the job (the caller must not go on with this batch).
    bool process(const kafka::Message& msg) {
        const std::int32_t p = msg.partition();
        if (msg.isTombstone()) {
            skip(p, msg.offset());
            return true;
        }
        KafkaRecordMeta meta{
            p, msg.offset(), msg.timestampMs(),
            msg.hasKey() ? std::optional<std::string_view>(msg.key()) : std::nullopt};
        auto outcome = decoder_->decode(msg.payload(), meta);
        if (outcome == RecordDecoder::Outcome::UnknownSchema) {
            const std::string why = adoptWriterSchema(decoder_->schemaId());
            if (!why.empty()) return undecodable(msg, why);
            outcome = decoder_->decode(msg.payload(), meta);
        }
        if (outcome == RecordDecoder::Outcome::UnknownFields) {
            evolve(decoder_->unknownFields());
            outcome = decoder_->decode(msg.payload(), meta);
        }
        if (outcome == RecordDecoder::Outcome::Undecodable)
            return undecodable(msg, decoder_->error());
        if (outcome != RecordDecoder::Outcome::Ok)
            return undecodable(msg, "schema did not take the new fields");
        ensureTable();
        pipeline_.add(*decoder_, batch_.file(*table_));
        batch_.rowAppended(meta.timestampMs, decoder_->rowBytes());
        note(p, msg.offset());
        ++rowsThisRun_;
        return true;
    }

    void note(std::int32_t p, std::int64_t offset) {
        // Offsets with no record (compaction, transaction markers, retention before the first
        // read) have no row either: the table's invariant counts them.
        const std::int64_t previous = batch_.lastOffsets().count(p) ? batch_.lastOffsets().at(p)
                                      : committed_.count(p)         ? committed_[p]
                                                                    : -1;
        if (offset > previous + 1) batch_.addUnwritten(offset - previous - 1);
        batch_.cover(p, offset);
        commitPolicy_.buffered(Clock::now());
        // The watermark is queried once a second; a record read since is past it.
        auto& high = watermarks_[p];
        high = std::max(high, offset + 1);
    }

    void skip(std::int32_t p, std::int64_t offset) {
        ++skipped_;
        batch_.addUnwritten(1);
        note(p, offset);
    }

    bool undecodable(const kafka::Message& msg, const std::string& why) {
        const std::string where =
            fmt::format("partition {} offset {}", msg.partition(), msg.offset());
        switch (policy_) {
            case ErrorPolicy::Skip:
                skip(msg.partition(), msg.offset());
                return true;
            case ErrorPolicy::Log: {
                if (!deadLetters_) deadLetters_ = std::make_unique<kafka::Producer>(options_.kafka);
                const auto headers = deadLetterHeaders(msg, why, options_.tableLocation.string());
                deadLetters_->produce(deadLetterTopic(), msg.key(), msg.payload(), headers);
                ++deadLettered_;
                skip(msg.partition(), msg.offset());
                return true;
            }
            case ErrorPolicy::Suspend:
                commitBatch();
                publish([&](SyncStatus& s) {
                    s.state = SyncState::Paused;
                    s.reason = "suspended at " + where + ": " + why;
                    s.suspended = SuspendedRecord{msg.partition(), msg.offset(), why};
                });
                {
                    std::lock_guard lock(job_.mutex_);
                    job_.pauseRequested_ = true;
                }
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
        const auto invariant = delta::checkTableInvariant(table_->snapshot());
        if (!invariant.damaged()) return;
        const std::string table = options_.tableLocation.string();
        switch (options_.damage) {
            case DamageChoice::Refuse:
                refreshStatusFromTable();
                throw delta::DamagedTableError(fmt::format(
                    "the Delta table {} is {}. Nothing is appended until you choose: sync "
                    "--repair rewrites it from Kafka (from offset 0), sync --accept-damage "
                    "records the loss in the table and goes on",
                    table, invariant.describe()));
            case DamageChoice::RepairFromKafka:
                repairFromKafka(*table_, offsetsAppIdBase(), invariant);
                break;
            case DamageChoice::Accept:
                acceptDamage(*table_, offsetsAppIdBase(), invariant);
                break;
        }
        refreshStatusFromTable();
    }

    [[nodiscard]] std::string deadLetterTopic() const {
        return options_.deadLetterTopic.empty() ? options_.topic + ".dlq"
                                                : options_.deadLetterTopic;
    }

    void evolve(const std::vector<delta::StructField>& added) {
        commitBatch();  // the open data file has the old schema
        std::vector<delta::StructField> source;
        const delta::TableSchema current = currentSchema();
        for (const auto& f : current.fields())
            if (!f.name.starts_with(kReservedPrefix)) source.push_back(f);
        for (const auto& f : added)
            source.push_back(f);
        table_->ensureSchema(withMetadataColumns(std::move(source)));
        rebuildDecoder();
    }

    void commitBatch() {
        if (batch_.empty()) return;
        ensureTable();  // skipped records only, before any schema was known
        if (deadLetters_ && !deadLetters_->flush(std::chrono::seconds(30)))
            throw Error("dead-letter topic " + deadLetterTopic() + " did not acknowledge in time");
        const auto commitStarted = Clock::now();
        std::vector<delta::AddFile> adds;
        pipeline_.drain();  // the file is the encoder thread's until then
        if (auto add = batch_.finishFile()) adds.push_back(std::move(*add));
        const std::string dataFile = batch_.dataFilePath();
        for (int attempt = 0;; ++attempt) {
            std::vector<delta::Txn> txns = batch_.txns(options_.appIdPrefix, options_.topic);
            // Recomputed per attempt: a lost race refreshed the table, and its count.
            const std::string base = offsetsAppIdBase();
            txns.push_back({delta::unwrittenAppId(base),
                            delta::unwrittenBaseline(table_->snapshot(), base) + batch_.unwritten(),
                            std::nullopt});
            auto result = table_->commit(adds, txns);
            if (result.status == delta::CommitStatus::Committed) break;
            // Someone else committed first: give up if they wrote any of our offsets.
            for (const auto& [p, first] : batch_.firstOffsets()) {
                auto theirs =
                    table_->txnVersion(SyncJob::appId(options_.appIdPrefix, options_.topic, p));
                if (theirs && *theirs >= first) {
                    if (!dataFile.empty()) store_->remove(dataFile);
                    // The status shows the table as the winner left it, not our last look.
                    for (std::int32_t q : partitions_)
                        committed_[q] = table_
                                            ->txnVersion(SyncJob::appId(options_.appIdPrefix,
                                                                        options_.topic, q))
                                            .value_or(-1);
                    batch_ = BufferedBatch{};
                    refreshStatusFromTable();
                    throw Error(fmt::format(
                        "lost the race for version {}: another writer committed offsets of {} "
                        "partition {} to this table (up to {}); this job stopped so nothing is "
                        "written twice (the table, re-read: version {}, {} rows)",
                        table_->version(), options_.topic, p, *theirs, table_->version(),
                        table_->snapshot().numRecords()));
                }
            }
            if (attempt >= 20) throw Error("Delta commit kept conflicting with another writer");
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
        for (const auto& [p, last] : batch_.lastOffsets())
            committed_[p] = last;
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
            s.deadLettered = deadLettered_;
            s.rowsThisRun = rowsThisRun_;
            if (maintenance_) s.lastMaintenance = maintenance_->lastReport();
            s.partitions.clear();
            for (std::int32_t p : partitions_) {
                PartitionProgress pp{p, committed_.count(p) ? committed_[p] : -1, 0};
                pp.highWatermark =
                    std::max(watermarks_.count(p) ? watermarks_[p] : 0, pp.committedOffset + 1);
                s.partitions.push_back(pp);
            }
            followLag(s);
        });
    }

    void refreshWatermarks() {
        std::string unanswered;
        bool answered = false;
        for (std::int32_t p : partitions_) {
            try {
                watermarks_[p] =
                    consumer_->queryWatermarks(options_.topic, p, std::chrono::seconds(2)).high;
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
    std::stop_token stop_;
    std::unique_ptr<storage::ObjectStore> store_;
    std::unique_ptr<storage::ObjectStore> maintenanceStore_;
    std::unique_ptr<delta::TableWriter> table_;
    // After store_ and table_: stopped (joined) before they go.
    std::unique_ptr<maintenance::BackgroundMaintenance> maintenance_;
    std::unique_ptr<kafka::Consumer> consumer_;
    std::unique_ptr<kafka::Producer> deadLetters_;
    std::unique_ptr<RecordDecoder> decoder_;
    struct WriterSchema {
        nlohmann::json json;
        std::shared_ptr<const avro::Schema> avro;
    };
    std::map<std::int32_t, WriterSchema> writerSchemas_;  // Avro writer schemas by registry id
    std::unique_ptr<registry::SchemaRegistryClient> registry_;
    std::vector<std::int32_t> partitions_;
    std::map<std::int32_t, std::int64_t> committed_, watermarks_, targets_;
    std::map<std::int32_t, bool> atEnd_;
    BufferedBatch batch_;
    CommitPolicy commitPolicy_{{.freshnessTarget = options_.freshnessTarget,
                                .idleAfter = options_.idleCommitAfter,
                                .fixedInterval = options_.commitInterval,
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
    status_.topic = options_.topic;
    status_.location = options_.tableLocation.string();
}

SyncJob::~SyncJob() {
    stop();
}

void SyncJob::start() {
    if (thread_.joinable()) return;
    thread_ = std::jthread([this](std::stop_token stop) {
        {
            Worker worker(*this, std::move(stop));
            worker.run();
        }
        {
            std::lock_guard lock(mutex_);
            status_.finished = true;
        }
        changed_.notify_all();
    });
}

void SyncJob::pause() {
    std::lock_guard lock(mutex_);
    pauseRequested_ = true;
}

void SyncJob::resume(std::optional<ErrorPolicy> policy) {
    {
        std::lock_guard lock(mutex_);
        resumePolicy_ = policy;
        resumeRequested_ = true;
    }
    changed_.notify_all();
}

void SyncJob::stop() {
    if (!thread_.joinable()) return;
    thread_.request_stop();
    changed_.notify_all();
    thread_.join();
}

SyncStatus SyncJob::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

bool SyncJob::waitFinished(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return status_.finished; });
}

}  // namespace riverdelta::lake::sync
