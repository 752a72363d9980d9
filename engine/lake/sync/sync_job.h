#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/background_worker.h"
#include "engine/kafka/client_config.h"
#include "engine/lake/maintenance/maintenance_report.h"
#include "engine/lake/maintenance/table_maintainer.h"
#include "engine/registry/registry_config.h"
#include "engine/s3/s3_settings.h"

namespace riverdelta::lake::sync {

// The states Tableflow shows for a topic's table. Damaged: the table has damaged commits or
// breaks its invariant (delta/table_invariant.h) and the job appends nothing until the user
// repairs it from Kafka or accepts the loss (SyncOptions::damage).
enum class SyncState { Pending, Syncing, CaughtUp, Paused, Failed, Stopped, Damaged };
const char* toString(SyncState state);

// What happens to a record that cannot be decoded into the table's columns.
enum class ErrorPolicy {
    Suspend,  // commit what came before it and pause there, with the offset and the reason
    Skip,     // count it and go on
    Log,      // send it with the error to the dead-letter topic, count it and go on
};
const char* toString(ErrorPolicy policy);
std::optional<ErrorPolicy> errorPolicyFromString(std::string_view text);

// What a job does with a damaged table when it starts.
enum class DamageChoice {
    Refuse,           // state Damaged with the versions involved; nothing written
    RepairFromKafka,  // one commit removes every file and resets the offsets: re-read from 0
    Accept,           // one commit records the loss (commitInfo + unwritten count), then go on
};

struct SyncOptions {
    std::string topic;
    // Only these partitions of the topic: one job of several that share a table, each reading
    // its own partition group (their txn actions are per partition, so their commits never
    // overlap). Empty: every partition.
    std::vector<std::int32_t> partitions;
    // The Delta table's root: a folder, or "s3://BUCKET/PREFIX" (storage::LakeLocation::parse).
    std::filesystem::path tableLocation;
    // Endpoint, region and credentials for an s3:// location (a storage profile's); what they
    // leave empty comes from the environment and ~/.aws. Unused for folders.
    std::optional<s3::S3Settings> s3;
    kafka::ClientConfig kafka;
    nlohmann::json avroSchema;  // the value's Avro record schema, or null to infer from JSON
    // Where writer schemas of Avro values in the Confluent wire format come from (GET
    // /schemas/ids/{id}, cached per id). Empty url: such records are undecodable.
    registry::RegistryConfig schemaRegistry;
    // When buffered records are committed (CommitPolicy): by default once the oldest has
    // waited the freshness target, or when nothing new came for idleCommitAfter; with
    // commitInterval set, every interval instead. Either way at once past the row/byte limits.
    std::chrono::milliseconds freshnessTarget{1000};
    std::chrono::milliseconds idleCommitAfter{300};
    std::optional<std::chrono::milliseconds> commitInterval;
    // While the job reads a backlog (more than 50,000 records behind the high watermarks its
    // fetches carry), the freshness target gives way to this interval and the row/byte limits
    // (CommitPolicySettings::backlogInterval); unset: the target holds then too.
    std::optional<std::chrono::milliseconds> backlogCommitInterval = std::chrono::seconds(10);
    std::int64_t maxBufferedRows = 1'000'000;
    std::size_t maxBufferedBytes = 256u << 20;
    // librdkafka's prefetch queue (queued.max.messages.kbytes; fetches sized to fit): what the
    // job can use ahead of its decoding, not the topic's backlog. The client config wins.
    std::size_t prefetchBytes = std::size_t{8} << 20;
    ErrorPolicy errorPolicy = ErrorPolicy::Suspend;
    std::string deadLetterTopic;  // empty: "<topic>.dlq"
    std::string appIdPrefix = "riverdelta";
    std::size_t inferenceSample = 1000;  // records looked at before inferring a JSON schema
    // Stop once every partition's committed offset reaches the high watermark seen at start.
    bool untilCaughtUp = false;
    // Parquet encoding and compression on a thread of their own while this job's thread fetches
    // and decodes (EncodePipeline); false: all on one thread.
    bool encoderThread = true;
    // With a value: the job fails when the cluster gives no answer for that long at start (as
    // `run` does after 30 s), and, with untilCaughtUp, also while catching up; the topic must
    // then exist within it too. Without: it waits until stopped, its status naming the wait.
    std::optional<std::chrono::milliseconds> clusterTimeout;
    DamageChoice damage = DamageChoice::Refuse;
    // Compaction, data expiry, log cleanup and vacuum in the background while the job runs.
    maintenance::MaintenancePolicy maintenance;
};

struct PartitionProgress {
    std::int32_t partition = 0;
    std::int64_t committedOffset = -1;  // last offset in the table (the partition's txn version)
    std::int64_t highWatermark = 0;     // next offset the broker will write
    [[nodiscard]] std::int64_t lag() const { return highWatermark - (committedOffset + 1); }

    bool operator==(const PartitionProgress&) const = default;
};

// The undecodable record a job suspended at (ErrorPolicy::Suspend).
struct SuspendedRecord {
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::string why;
    bool operator==(const SuspendedRecord&) const = default;
};

struct SyncStatus {
    std::string topic;
    std::string location;
    SyncState state = SyncState::Pending;
    std::string reason;  // why Pending/Paused/Failed/Stopped
    std::int64_t version = -1;
    std::int64_t rows = 0;
    std::int64_t files = 0;
    std::int64_t bytes = 0;
    std::vector<PartitionProgress> partitions;
    std::optional<std::chrono::system_clock::time_point> lastCommit;
    std::optional<double> freshnessP50Ms;  // produce → visible in the table
    std::optional<double> freshnessP95Ms;
    std::int64_t skipped = 0;  // undecodable records skipped or dead-lettered, tombstones
    // The table's offsets without a row, over every run (delta/table_invariant.h); unset for a
    // table written before Riverdelta counted them.
    std::optional<std::int64_t> unwritten;
    std::int64_t deadLettered = 0;
    std::int64_t rowsThisRun = 0;
    double rowsPerSecond = 0;
    std::optional<maintenance::MaintenanceReport> lastMaintenance;
    std::optional<SuspendedRecord> suspended;  // while suspended at a record
    // The job's thread has ended (Stopped, Failed or Damaged). A suspended job waits for
    // resume(); `sync`, which cannot resume it, ends it and exits 1 with the record.
    bool finished = false;
    [[nodiscard]] std::int64_t lag() const;

    bool operator==(const SyncStatus&) const = default;
};

// Turns one Kafka topic into one Delta table, exactly once: the offsets a commit covers are
// written in that same commit as `txn` actions (appId "<prefix>-<topic>-<partition>", version =
// the last offset written), and on start the job seeks each partition to its txn version + 1.
// Consumer-group offsets are never used, so a crash at any point loses and duplicates nothing.
class SyncJob {
  public:
    explicit SyncJob(SyncOptions options);
    SyncJob(const SyncJob&) = delete;
    SyncJob& operator=(const SyncJob&) = delete;
    ~SyncJob();  // stop()

    void start();
    void pause();
    // Continues after pause() or a suspension; a new policy applies from the suspended record on.
    void resume(std::optional<ErrorPolicy> policy = std::nullopt);
    // Commits what is buffered and ends the job.
    void stop();

    [[nodiscard]] SyncStatus status() const;
    [[nodiscard]] const SyncOptions& options() const { return options_; }
    // Waits until the job's thread has ended (SyncStatus::finished) or the timeout passes.
    bool waitFinished(std::chrono::milliseconds timeout) const;
    // Waits until the job has published its last state (Stopped, Failed or Damaged): the table
    // then holds everything the job will write. Closing its Kafka clients comes after (up to
    // fetch.wait.max.ms, when a request waits behind a caught-up fetch); waitFinished() waits
    // for that too.
    bool waitLastState(std::chrono::milliseconds timeout) const;

    static std::string appId(std::string_view prefix, std::string_view topic,
                             std::int32_t partition);

  private:
    class Worker;
    // What the job's thread shares with its owner, under the worker's lock.
    struct Shared {
        SyncStatus status;
        bool pauseRequested = false;
        std::optional<ErrorPolicy> resumePolicy;
        bool resumeRequested = false;
    };
    SyncOptions options_;
    core::BackgroundWorker<Shared> worker_;  // last: stops and joins before the rest goes

    friend class Worker;
};

}  // namespace riverdelta::lake::sync
