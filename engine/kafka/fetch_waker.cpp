#include "engine/kafka/fetch_waker.h"

namespace riverdelta::kafka {

FetchWaker::~FetchWaker() {
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
}

void FetchWaker::setPartitions(std::vector<std::pair<std::string, std::int32_t>> partitions) {
    std::lock_guard lock(mutex_);
    partitions_ = std::move(partitions);
}

void FetchWaker::wake() {
    {
        std::lock_guard lock(mutex_);
        if (partitions_.empty()) return;
        pending_ = true;
        if (!thread_.joinable())
            thread_ = std::jthread([this](const std::stop_token& stop) { run(stop); });
    }
    wanted_.notify_one();
}

std::uint64_t FetchWaker::rounds() const {
    std::lock_guard lock(mutex_);
    return rounds_;
}

void FetchWaker::run(const std::stop_token& stop) {
    std::unique_lock lock(mutex_);
    while (wanted_.wait(lock, stop, [this] { return pending_; })) {
        pending_ = false;
        const auto partitions = partitions_;
        lock.unlock();
        for (const auto& [topic, partition] : partitions) {
            if (stop.stop_requested()) return;
            std::int64_t low = 0, high = 0;
            // Sending the request is what wakes the broker's thread; the answer does not matter.
            // A caught-up consumer's long-poll fetch holds the answer back up to
            // fetch.wait.max.ms, and a stop (the consumer's destruction) waits for this round.
            (void)rd_kafka_query_watermark_offsets(rk_, topic.c_str(), partition, &low, &high, 50);
        }
        lock.lock();
        ++rounds_;
    }
}

}  // namespace riverdelta::kafka
