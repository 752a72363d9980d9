#include "engine/run/webhook_sink.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/core/log.h"
#include "engine/generate/program.h"
#include "engine/generate/session.h"
#include "engine/run/stream_counters.h"
#include "engine/run/value_json.h"
#include "engine/run/webhook_exchange.h"

namespace riverdelta::run {

namespace {

using Clock = std::chrono::steady_clock;

const generate::Value* member(const generate::Value& v, std::string_view key) {
    if (v.kind != generate::ValueKind::Object) return nullptr;
    for (const auto& m : v.object())
        if (m.key == key) return &m.value;
    return nullptr;
}

std::string asText(const generate::Value& v) {
    return v.kind == generate::ValueKind::String ? std::string(v.string()) : toJson(v).dump();
}

bool retryable(long status) {
    return status == 429 || status >= 500;
}

}  // namespace

WebhookSettings WebhookSettings::from(const nlohmann::json& connection) {
    WebhookSettings s;
    if (!connection.is_object()) return s;
    if (auto p = connection.find("printExchange"); p != connection.end() && p->is_boolean())
        s.printExchange = p->get<bool>();
    if (auto c = connection.find("connectionConfigs"); c != connection.end() && c->is_object())
        if (auto m = c->find("maxRequests"); m != c->end() && m->is_number() && *m >= 0)
            s.maxRequests = static_cast<std::size_t>(std::min(std::floor(m->get<double>()), 1e9));
    return s;
}

WebhookSink::WebhookSink(const generate::GeneratorInfo& info, WebhookSettings settings,
                         StreamCounters& counters, core::Log* log, std::stop_token stop,
                         WebhookRetry retry)
    : name_(info.name),
      url_(info.target),
      settings_(settings),
      counters_(counters),
      log_(log),
      stop_(std::move(stop)),
      retry_(retry) {
    if (settings_.maxRequests == 0) {
        http_ = std::make_unique<http::Client>();
        return;
    }
    const std::size_t n = std::min(settings_.maxRequests, WebhookSettings::kMaxConnections);
    for (std::size_t i = 0; i < n; ++i)
        workers_.emplace_back([this](const std::stop_token& st) { work(st); });
}

WebhookSink::~WebhookSink() {
    // Normally flushDue(true) drained everything first; otherwise the run is being torn down:
    // requests on the wire get their answer (no more retries), queued ones count as failed.
    closing_ = true;
    for (auto& w : workers_)
        w.request_stop();
    changed_.notify_all();
    workers_.clear();  // joins
    counters_.failed.fetch_add(queue_.size(), std::memory_order_relaxed);
}

void WebhookSink::deliver(const generate::Event& ev) {
    http::Request request;
    request.method = "POST";
    request.url = url_;
    if (const auto* suffix = member(ev.key, "urlSuffix")) request.url += asText(*suffix);
    if (const auto* method = member(ev.key, "method")) request.method = asText(*method);
    if (const auto* query = member(ev.key, "queryParams");
        query && query->kind == generate::ValueKind::Object) {
        char sep = request.url.find('?') == std::string::npos ? '?' : '&';
        for (const auto& m : query->object()) {
            request.url += sep;
            request.url +=
                http::escapePathSegment(m.key) + "=" + http::escapePathSegment(asText(m.value));
            sep = '&';
        }
    }
    if (const auto* headers = member(ev.key, "headers");
        headers && headers->kind == generate::ValueKind::Object)
        for (const auto& m : headers->object())
            request.headers.push_back(std::string(m.key) + ": " + asText(m.value));
    request.headers.emplace_back("Content-Type: application/json");
    request.body = ev.payloadJson;

    if (http_) return send(*http_, request);
    std::unique_lock lock(mutex_);
    // Back-pressure: at most maxRequests outstanding.
    changed_.wait(lock, stop_, [&] { return outstanding_ < settings_.maxRequests; });
    if (stop_.stop_requested() && outstanding_ >= settings_.maxRequests) {
        counters_.failed.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    ++outstanding_;
    queue_.push_back(std::move(request));
    lock.unlock();
    changed_.notify_all();
}

void WebhookSink::flushDue(bool all) {
    if (!all || http_) return;
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return outstanding_ == 0; });
}

void WebhookSink::work(const std::stop_token& workerStop) {
    http::Client client;
    for (;;) {
        http::Request request;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, workerStop, [&] { return !queue_.empty(); });
            if (workerStop.stop_requested()) return;
            request = std::move(queue_.front());
            queue_.pop_front();
        }
        send(client, request);
        {
            std::lock_guard lock(mutex_);
            --outstanding_;
        }
        changed_.notify_all();
    }
}

void WebhookSink::send(http::Client& client, const http::Request& request) {
    const auto giveUp = Clock::now() + retry_.giveUpAfter;
    auto backoff = retry_.initialBackoff;
    std::string last;
    for (;;) {
        const auto started = Clock::now();
        try {
            const auto response = client.send(request);
            if (settings_.printExchange && log_)
                log_->write(core::LogLevel::Info, "webhook",
                            describeExchange(request, &response, {},
                                             std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 Clock::now() - started)));
            if (response.status >= 200 && response.status < 300) {
                counters_.acknowledged.fetch_add(1, std::memory_order_relaxed);
                counters_.bytes.fetch_add(request.body.size(), std::memory_order_relaxed);
                return;
            }
            last = "HTTP " + std::to_string(response.status);
            if (!retryable(response.status)) break;
        } catch (const http::HttpError& e) {
            last = e.what();
            if (settings_.printExchange && log_)
                log_->write(core::LogLevel::Info, "webhook",
                            describeExchange(request, nullptr, last,
                                             std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 Clock::now() - started)));
        }
        if (stop_.stop_requested() || closing_ || Clock::now() + backoff > giveUp) break;
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, retry_.maxBackoff);
    }
    counters_.failed.fetch_add(1, std::memory_order_relaxed);
    if (log_)
        log_->write(
            core::LogLevel::Warning, "run",
            name_ + ": " + request.method + " " + http::redactUrl(url_) + " failed: " + last);
}

}  // namespace riverdelta::run
