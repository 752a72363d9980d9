#include "engine/topics/topics_worker.h"

#include <memory>

#include "engine/core/log.h"
#include "engine/topics/message_browser.h"
#include "engine/topics/message_decoder.h"

namespace riverdelta::topics {

TopicsWorker::TopicsWorker(kafka::ClientConfig kafka, registry::RegistryConfig registry,
                           core::Log& log, std::function<void()> changed,
                           std::chrono::milliseconds interval)
    : kafka_(std::move(kafka)),
      registry_(std::move(registry)),
      log_(log),
      changed_(std::move(changed)),
      interval_(interval) {
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

TopicsWorker::~TopicsWorker() {
    thread_.request_stop();
    wake_.notify_all();
}

void TopicsWorker::browse(std::uint64_t requestId, std::string topic, int count) {
    BrowseResult r;
    r.requestId = requestId;
    r.topic = std::move(topic);
    r.count = count;
    {
        std::lock_guard lock(mutex_);
        results_.push_back(r);  // visible as "reading" at once
        while (results_.size() > kKeptResults)
            results_.pop_front();
        pending_.push_back(std::move(r));
    }
    wake_.notify_all();
}

CatalogView TopicsWorker::catalog() const {
    std::lock_guard lock(mutex_);
    return catalog_;
}

std::vector<BrowseResult> TopicsWorker::results() const {
    std::lock_guard lock(mutex_);
    return {results_.begin(), results_.end()};
}

void TopicsWorker::run(std::stop_token stop) {
    std::unique_ptr<TopicCatalog> catalog;
    auto next = std::chrono::steady_clock::now();
    while (!stop.stop_requested()) {
        std::optional<BrowseResult> request;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_until(lock, stop, next, [&] { return !pending_.empty(); });
            if (stop.stop_requested()) return;
            if (!pending_.empty()) {
                request = std::move(pending_.front());
                pending_.pop_front();
            }
        }
        if (request) {
            answer(std::move(*request));
            continue;
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

void TopicsWorker::answer(BrowseResult request) {
    try {
        MessageDecoder decoder(registry_);
        request.messages = readLatestMessages(kafka_, request.topic, request.count, decoder,
                                              std::chrono::seconds(15));
    } catch (const std::exception& e) {
        request.error = e.what();
        log_.write(core::LogLevel::Error, "topics",
                   "cannot browse " + request.topic + ": " + e.what());
    }
    request.done = true;
    {
        std::lock_guard lock(mutex_);
        for (auto& r : results_)
            if (r.requestId == request.requestId) r = std::move(request);
    }
    if (changed_) changed_();
}

}  // namespace riverdelta::topics
