#include "engine/topics/topics_worker.h"

#include <memory>

#include "engine/core/log.h"

namespace riverdelta::topics {

TopicsWorker::TopicsWorker(kafka::ClientConfig kafka, core::Log& log, std::function<void()> changed,
                           std::chrono::milliseconds interval)
    : kafka_(std::move(kafka)), log_(log), changed_(std::move(changed)), interval_(interval) {
    thread_ = std::jthread([this](const std::stop_token& stop) { run(stop); });
}

TopicsWorker::~TopicsWorker() {
    thread_.request_stop();
    wake_.notify_all();
}

CatalogView TopicsWorker::catalog() const {
    std::lock_guard lock(mutex_);
    return catalog_;
}

void TopicsWorker::run(const std::stop_token& stop) {
    std::unique_ptr<TopicCatalog> catalog;
    auto next = std::chrono::steady_clock::now();
    while (!stop.stop_requested()) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait_until(lock, stop, next, [] { return false; });
            if (stop.stop_requested()) return;
        }
        try {
            if (!catalog) catalog = std::make_unique<TopicCatalog>(kafka_);
            refresh(*catalog);
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex_);
            if (catalog_.error != e.what())
                log_.write(core::LogLevel::Warning, "topics",
                           std::string("topic list not refreshed: ") + e.what());
            catalog_.error = e.what();
        }
        if (changed_) changed_();
        next = std::chrono::steady_clock::now() + interval_;
    }
}

void TopicsWorker::refresh(TopicCatalog& catalog) {
    std::vector<TopicInfo> topics = catalog.refresh(std::chrono::seconds(5));
    std::lock_guard lock(mutex_);
    catalog_.topics = std::move(topics);
    catalog_.refreshedAt = std::chrono::system_clock::now();
    catalog_.error.clear();
}

}  // namespace riverdelta::topics
