#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "engine/kafka/client_config.h"
#include "engine/topics/topic_catalog.h"
#include "engine/topics/topics_view.h"

namespace riverdelta::core {
class Log;
}

namespace riverdelta::topics {

// A thread of the engine that keeps the topic catalog fresh, so the engine's command worker
// never waits on a slow cluster. The catalog is read by copying. (Messages are read by
// TopicTail, one per view.)
class TopicsWorker {
  public:
    TopicsWorker(kafka::ClientConfig kafka, core::Log& log, std::function<void()> changed,
                 std::chrono::milliseconds interval = std::chrono::seconds(2));
    TopicsWorker(const TopicsWorker&) = delete;
    TopicsWorker& operator=(const TopicsWorker&) = delete;
    ~TopicsWorker();

    [[nodiscard]] CatalogView catalog() const;

  private:
    void run(const std::stop_token& stop);
    void refresh(TopicCatalog& catalog);

    kafka::ClientConfig kafka_;
    core::Log& log_;
    std::function<void()> changed_;  // called without any lock held
    std::chrono::milliseconds interval_;
    mutable std::mutex mutex_;
    std::condition_variable_any wake_;
    CatalogView catalog_;
    std::jthread thread_;
};

}  // namespace riverdelta::topics
