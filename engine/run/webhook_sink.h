#pragma once

#include <chrono>
#include <memory>
#include <stop_token>
#include <string>

#include "engine/run/event_sink.h"

namespace riverdelta::core {
class Log;
}
namespace riverdelta::generate {
struct GeneratorInfo;
}
namespace riverdelta::http {
class Client;
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

// One webhook generator: each event is one HTTP request to url (+ urlSuffix) with the
// generator's method (POST by default), headers and queryParams, and `data` as a JSON body
// (content-type application/json). Requests go one at a time, in order; a 2xx answer counts as
// acknowledged, another 4xx as failed.
class WebhookSink final : public EventSink {
  public:
    WebhookSink(const generate::GeneratorInfo& info, StreamCounters& counters, core::Log* log,
                std::stop_token stop, WebhookRetry retry = {});
    ~WebhookSink() override;

    void deliver(const generate::Event& event) override;
    void flushDue(bool) override {}

  private:
    std::string name_;
    std::string url_;
    StreamCounters& counters_;
    core::Log* log_;
    std::stop_token stop_;
    WebhookRetry retry_;
    std::unique_ptr<http::Client> http_;
};

}  // namespace riverdelta::run
