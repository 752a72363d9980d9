#pragma once

#include <memory>
#include <mutex>

#include "engine/connection_control.h"
#include "engine/topics/topic_tail.h"
#include "engine/topics/topics_view.h"

namespace riverdelta::core {
class Log;
}
namespace riverdelta::topics {
class TopicsWorker;
}

namespace riverdelta {

// The topics view of the connected cluster (a topics::TopicsWorker refreshing the catalog) and
// the message browser's live readers. start()/stop() come from the engine's worker; catalog()
// and openTail() from any thread, and neither waits on the cluster.
class TopicsControl {
  public:
    explicit TopicsControl(core::Log& log);
    TopicsControl(const TopicsControl&) = delete;
    TopicsControl& operator=(const TopicsControl&) = delete;
    ~TopicsControl();

    void start(const kafka::ClientConfig& cluster);
    void stop();  // joins the worker's thread outside the lock

    // Every topic of the connected cluster (~2 s old); empty while none is.
    [[nodiscard]] topics::CatalogView catalog() const;
    // A live reader of one topic of `live`'s cluster, decoding through its registry; nullptr
    // while Kafka is not connected.
    [[nodiscard]] std::unique_ptr<topics::TopicTail> openTail(const LiveServices& live,
                                                              topics::TailOptions options) const;

  private:
    core::Log& log_;
    mutable std::mutex mutex_;
    std::unique_ptr<topics::TopicsWorker> worker_;  // set and reset under mutex_
    // Ends the threads of message browser tails that views dropped, so a view never waits.
    std::shared_ptr<topics::TailReaper> tailReaper_ = std::make_shared<topics::TailReaper>();
};

}  // namespace riverdelta
