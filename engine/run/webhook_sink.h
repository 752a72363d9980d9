#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "engine/http/http_client.h"
#include "engine/run/event_sink.h"

namespace riverdelta::core {
class Log;
}
namespace riverdelta::generate {
struct GeneratorInfo;
}

namespace riverdelta::run {

struct StreamCounters;

// How hard a webhook is tried: 5xx, 429 and transport errors are retried with exponential
// backoff until `giveUpAfter`, then the event counts as failed.
struct WebhookRetry {
    std::chrono::milliseconds initialBackoff{100};
    std::chrono::milliseconds maxBackoff{std::chrono::seconds(5)};
    std::chrono::milliseconds giveUpAfter{std::chrono::seconds(120)};
};

// A webhook connection's own keys (docs.shadowtraffic.io connections/webhook).
struct WebhookSettings {
    static constexpr std::size_t kDefaultMaxRequests = 20000;  // ShadowTraffic's default
    static constexpr std::size_t kMaxConnections = 16;         // requests on the wire at once
    // connectionConfigs.maxRequests: how many requests may be outstanding (waiting or on the
    // wire) at once; 0 sends them one at a time, each answered before the next, in order.
    std::size_t maxRequests = kDefaultMaxRequests;
    bool printExchange = false;  // log every request/response pair (secrets masked)

    // From the connection object as written (null: the defaults).
    static WebhookSettings from(const nlohmann::json& connection);
};

// One webhook generator: each event is one HTTP request to url (+ urlSuffix) with the
// generator's method (POST by default), headers and queryParams, and `data` as a JSON body
// (content-type application/json). A 2xx answer counts as acknowledged, another 4xx as failed.
// With maxRequests 0 each request is answered before the next event is sent. Otherwise
// deliver() queues the request and returns; up to min(maxRequests, kMaxConnections) requests
// go out at once, each worker with its own keep-alive connection, so they may arrive out of
// order; deliver() waits while maxRequests are outstanding, and flushDue(true) until none is.
class WebhookSink final : public EventSink {
  public:
    WebhookSink(const generate::GeneratorInfo& info, WebhookSettings settings,
                StreamCounters& counters, core::Log* log, std::stop_token stop,
                WebhookRetry retry = {});
    ~WebhookSink() override;

    void deliver(const generate::Event& event) override;
    void flushDue(bool all) override;

  private:
    void send(http::Client& client, const http::Request& request);
    void work(const std::stop_token& workerStop);

    std::string name_;
    std::string url_;
    WebhookSettings settings_;
    StreamCounters& counters_;
    core::Log* log_;
    std::stop_token stop_;
    WebhookRetry retry_;
    std::unique_ptr<http::Client> http_;  // maxRequests 0: the generating thread sends

    // maxRequests > 0: requests waiting for a worker, and how many are not answered yet.
    std::mutex mutex_;
    std::condition_variable_any changed_;
    std::deque<http::Request> queue_;
    std::size_t outstanding_ = 0;
    std::atomic<bool> closing_{false};   // being destroyed: no more retries
    std::vector<std::jthread> workers_;  // last: they stop and join before the rest goes
};

}  // namespace riverdelta::run
