#pragma once

#include <librdkafka/rdkafka.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace riverdelta::kafka {

// librdkafka (before 2.3) stops fetching a partition once its prefetch queue is over
// queued.max.messages.kbytes or queued.min.messages, and looks at it again only when the broker
// thread that fetches it wakes up: up to a second later (2.3 made that fetch.queue.backoff.ms).
// A reader slower than its broker then spends most of its time waiting: the sync job read a
// 1 M-row backlog at 85k rows/s that it decodes and encodes at 680k rows per CPU-second.
// Any request to a broker wakes its thread, which then fetches again. A watermark query
// (ListOffsets) is the cheapest request that changes nothing; this sends one per assigned
// partition from a thread of its own, so the reader never waits for the round trip.
class FetchWaker {
  public:
    explicit FetchWaker(rd_kafka_t* rk) : rk_(rk) {}
    FetchWaker(const FetchWaker&) = delete;
    FetchWaker& operator=(const FetchWaker&) = delete;
    ~FetchWaker();

    void setPartitions(std::vector<std::pair<std::string, std::int32_t>> partitions);
    // Asks for one round of wake-up requests; calls before that round starts coalesce.
    void wake();
    [[nodiscard]] std::uint64_t rounds() const;

  private:
    void run(const std::stop_token& stop);

    rd_kafka_t* rk_;
    mutable std::mutex mutex_;
    std::condition_variable_any wanted_;
    bool pending_ = false;
    std::uint64_t rounds_ = 0;
    std::vector<std::pair<std::string, std::int32_t>> partitions_;
    std::jthread thread_;  // started by the first wake(); last member: joins first
};

}  // namespace riverdelta::kafka
