#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/kafka/client_config.h"
#include "engine/registry/registry_config.h"
#include "engine/topics/topics_view.h"

namespace riverdelta::topics {

// Where a tail starts reading.
struct TailPosition {
    enum class Kind {
        Newest,  // the newest `capacity` messages, then every new one
        Offset,  // from `value` in each partition read (clamped to what the partition holds)
        Time,    // from the first message at or after `value` (ms since the epoch)
    };
    Kind kind = Kind::Newest;
    std::int64_t value = 0;
};

struct TailOptions {
    std::string topic;
    std::optional<std::int32_t> partition;  // unset: every partition
    TailPosition from;
    std::size_t capacity = 2000;  // at most this many messages are kept (see TopicTail)
};

enum class TailState {
    Starting,    // connecting, finding the partitions and the start offsets
    Following,   // reading; new messages arrive as they are written
    WindowFull,  // Offset/Time: `capacity` messages read from the start position, reading stopped
    Failed,      // `error` says why (no such topic, partition out of range, ...)
};

const char* toString(TailState state);

// Where one partition's reading started.
struct PartitionStart {
    std::int32_t partition = 0;
    std::int64_t offset = 0;  // the first offset read
    std::int64_t low = 0;     // the watermarks when reading started
    std::int64_t high = 0;
};

struct TailStatus {
    TailState state = TailState::Starting;
    std::string error;  // Failed: why; otherwise a passing problem (broker down, retrying)
    std::int32_t partitions = 0;  // of the topic
    std::vector<PartitionStart> starts;
    std::uint64_t received = 0;  // messages read since the start
    std::uint64_t untaken = 0;   // read but not taken yet (dropped ones included)
};

// What a reader has not taken yet.
struct TailUpdate {
    std::vector<BrowsedMessage> messages;  // in reading order (the initial backlog newest last)
    std::uint64_t dropped = 0;  // newer ones pushed these out before they were taken (Newest)
    TailStatus status;
};

// Ends the threads of destroyed tails without making the destroying thread wait: a tail whose
// thread is inside a request to a slow cluster (up to 15 s) hands it over here. Finished ones
// are joined at the next hand-over; whatever is left, when the reaper goes.
class TailReaper {
  public:
    TailReaper() = default;
    TailReaper(const TailReaper&) = delete;
    TailReaper& operator=(const TailReaper&) = delete;
    ~TailReaper();

    void adopt(std::jthread thread, std::shared_ptr<const std::atomic<bool>> finished);

  private:
    std::mutex mutex_;
    std::vector<std::pair<std::jthread, std::shared_ptr<const std::atomic<bool>>>> threads_;
};

// A live reader of one topic for a view: an assign-only consumer on a thread of its own that
// decodes what it reads (Avro through the registry) and keeps it until take() collects it.
// Memory is bounded: at most `capacity` untaken messages; in Newest mode the oldest untaken go
// first, in Offset/Time mode reading stops after `capacity` messages, so the start position
// stays in view. Destroying it stops the thread and never waits for it when a reaper is given.
class TopicTail {
  public:
    TopicTail(kafka::ClientConfig kafka, registry::RegistryConfig registry, TailOptions options,
              std::shared_ptr<TailReaper> reaper = {});
    TopicTail(const TopicTail&) = delete;
    TopicTail& operator=(const TopicTail&) = delete;
    ~TopicTail();

    [[nodiscard]] const TailOptions& options() const;
    // Moves out what was read since the last call, with the current status.
    [[nodiscard]] TailUpdate take();
    // The status without taking anything (a paused view counts what waits).
    [[nodiscard]] TailStatus status() const;

  private:
    struct Reader;  // what the thread uses: shared, so it may outlive the tail
    std::shared_ptr<Reader> reader_;
    std::shared_ptr<TailReaper> reaper_;
    std::jthread thread_;
};

}  // namespace riverdelta::topics
