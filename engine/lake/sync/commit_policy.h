#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace riverdelta::lake::sync {

// Why a sync job commits what it has buffered.
enum class CommitReason : std::uint8_t {
    NotDue,
    Freshness,  // the oldest buffered record has waited the freshness target
    Idle,       // nothing new arrived for a while: the stream paused, show what came
    Interval,   // the fixed interval passed (the policy before latency-aware commits)
    Backlog,    // reading a backlog: the backlog interval passed
    Rows,       // the batch reached its row limit (bulk catch-up)
    Bytes,      // ... or its byte limit
};
const char* toString(CommitReason reason);

struct CommitPolicySettings {
    // Latency-aware (the default): a record is visible about `freshnessTarget` after the job
    // read it, and sooner when the stream pauses for `idleAfter`.
    std::chrono::milliseconds freshnessTarget{1000};
    std::chrono::milliseconds idleAfter{300};
    // Set: commit every interval instead (counted from the oldest buffered record), no idle
    // commits and no allowance for the commit's own duration.
    std::optional<std::chrono::milliseconds> fixedInterval;
    // Set (freshness mode only): while the job reads a backlog (setBacklog), the freshness
    // target gives way to this interval and the size limits, and a pause is no idle stream.
    // Those rows are late already; committing them once a second only wrote a file a second and
    // stopped the decode | encode pipeline at each (bench_lake_sync: 13 to 17 files for a 1 M-row
    // catch-up). Once the job is near the end again, the target and idle commits are back.
    std::optional<std::chrono::milliseconds> backlogInterval;
    // Both modes: a batch this big is committed at once (a catching-up job writes big files).
    std::int64_t maxRows = 1'000'000;
    std::size_t maxBytes = std::size_t{256} << 20;
};

// Decides when the sync job's buffered batch is committed. Pure bookkeeping over the times it
// is told, so it is tested without a clock. The job calls buffered() for every record it adds
// to the batch (rows and skipped records alike: both need a commit to move the offsets on),
// due() after every fetch, wait() for how long the next fetch may block, and committed() after
// each commit.
//
// In the freshness mode a commit starts early by what recent commits took (writing the
// footer, the log entry, fsync or upload), at most half the target, so the oldest record is
// visible close to the target and not target + commit time after it was read.
class CommitPolicy {
  public:
    using Clock = std::chrono::steady_clock;

    explicit CommitPolicy(CommitPolicySettings settings);

    [[nodiscard]] const CommitPolicySettings& settings() const { return settings_; }

    // A record entered the batch at `now`.
    void buffered(Clock::time_point now);
    // Whether the job is reading a backlog now (far behind the end of its partitions), see
    // CommitPolicySettings::backlogInterval.
    void setBacklog(bool reading) { backlog_ = reading; }
    // Whether the batch of `rows` rows / `bytes` bytes is due now, and why.
    [[nodiscard]] CommitReason due(std::int64_t rows, std::size_t bytes,
                                   Clock::time_point now) const;
    // How long the job may wait for more records before a commit can become due by time: the
    // time to the nearest deadline, at most `cap`, zero when one has passed.
    [[nodiscard]] std::chrono::milliseconds wait(Clock::time_point now,
                                                 std::chrono::milliseconds cap) const;
    // The batch was committed (or found empty): the next record starts a new batch clock.
    // `took` is how long the commit itself lasted.
    void committed(std::chrono::steady_clock::duration took);
    // What the freshness mode expects a commit to take (a moving average of recent ones).
    [[nodiscard]] std::chrono::milliseconds expectedCommitTime() const;

  private:
    // When the oldest buffered record is due by age, or nullopt with nothing buffered.
    [[nodiscard]] std::optional<Clock::time_point> ageDeadline() const;
    [[nodiscard]] bool readingBacklog() const {
        return backlog_ && settings_.backlogInterval && !settings_.fixedInterval;
    }
    [[nodiscard]] std::optional<Clock::time_point> idleDeadline() const;

    CommitPolicySettings settings_;
    std::optional<Clock::time_point> oldest_;  // the batch's first record
    Clock::time_point newest_{};               // its latest record
    bool backlog_ = false;                     // setBacklog()
    double commitMs_ = 0;                      // moving average of commit durations
    bool measured_ = false;
};

}  // namespace riverdelta::lake::sync
