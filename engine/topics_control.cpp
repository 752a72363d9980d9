#include "engine/topics_control.h"

#include "engine/topics/topics_worker.h"

namespace riverdelta {

TopicsControl::TopicsControl(core::Log& log) : log_(log) {}

TopicsControl::~TopicsControl() {
    stop();
}

void TopicsControl::start(const kafka::ClientConfig& cluster) {
    kafka::ClientConfig config = cluster;
    config.name = cluster.name.empty() ? "topics view" : cluster.name + " (topics view)";
    // Readers see a new catalog in the next snapshot: nothing to signal.
    auto worker = std::make_unique<topics::TopicsWorker>(config, log_, nullptr);
    std::lock_guard lock(mutex_);
    worker_ = std::move(worker);
}

void TopicsControl::stop() {
    std::unique_ptr<topics::TopicsWorker> stopping;
    {
        std::lock_guard lock(mutex_);
        stopping.swap(worker_);
    }
    stopping.reset();  // joins its thread outside the lock
}

topics::CatalogView TopicsControl::catalog() const {
    std::lock_guard lock(mutex_);
    return worker_ ? worker_->catalog() : topics::CatalogView{};
}

std::unique_ptr<topics::TopicTail> TopicsControl::openTail(const LiveServices& live,
                                                           topics::TailOptions options) const {
    if (!live.kafka) return nullptr;
    kafka::ClientConfig config = *live.kafka;
    config.name =
        live.kafka->name.empty() ? "message browser" : live.kafka->name + " (message browser)";
    return std::make_unique<topics::TopicTail>(std::move(config), live.registry, std::move(options),
                                               tailReaper_);
}

}  // namespace riverdelta
