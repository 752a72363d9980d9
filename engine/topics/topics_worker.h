#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/kafka/client_config.h"
#include "engine/registry/registry_config.h"
#include "engine/topics/topic_catalog.h"
#include "engine/topics/topics_view.h"

namespace riverdelta::core {
class Log;
}

namespace riverdelta::topics {

// A thread of the engine that keeps the topic catalog fresh and answers browse requests, so the
// engine's command worker never waits on a slow cluster. Results are read by copying.
class TopicsWorker {
  public:
    static constexpr std::size_t kKeptResults = 16;

    TopicsWorker(kafka::ClientConfig kafka, registry::RegistryConfig registry, core::Log& log,
                 std::function<void()> changed,
                 std::chrono::milliseconds interval = std::chrono::seconds(2));
    TopicsWorker(const TopicsWorker&) = delete;
    TopicsWorker& operator=(const TopicsWorker&) = delete;
    ~TopicsWorker();

    // Queues a request; its result shows as not done until read. Does not call `changed`.
    void browse(std::uint64_t requestId, std::string topic, int count);
    [[nodiscard]] CatalogView catalog() const;
    [[nodiscard]] std::vector<BrowseResult> results() const;

  private:
    void run(std::stop_token stop);
    void refresh(TopicCatalog& catalog);
    void answer(BrowseResult request);

    kafka::ClientConfig kafka_;
    registry::RegistryConfig registry_;
    core::Log& log_;
    std::function<void()> changed_;  // called without any lock held
    std::chrono::milliseconds interval_;
    mutable std::mutex mutex_;
    std::condition_variable_any wake_;
    CatalogView catalog_;
    std::deque<BrowseResult> results_;  // newest last, at most kKeptResults
    std::deque<BrowseResult> pending_;
    std::jthread thread_;
};

}  // namespace riverdelta::topics
