#include "engine/run/webhook_sink.h"

#include <thread>

#include "engine/core/log.h"
#include "engine/generate/program.h"
#include "engine/generate/session.h"
#include "engine/http/http_client.h"
#include "engine/run/stream_counters.h"
#include "engine/run/value_json.h"

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

WebhookSink::WebhookSink(const generate::GeneratorInfo& info, StreamCounters& counters,
                         core::Log* log, std::stop_token stop, WebhookRetry retry)
    : name_(info.name),
      url_(info.target),
      counters_(counters),
      log_(log),
      stop_(std::move(stop)),
      retry_(retry),
      http_(std::make_unique<http::Client>()) {}

WebhookSink::~WebhookSink() = default;

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

    const auto giveUp = Clock::now() + retry_.giveUpAfter;
    auto backoff = retry_.initialBackoff;
    std::string last;
    for (int attempt = 1;; ++attempt) {
        try {
            const auto response = http_->send(request);
            if (response.status >= 200 && response.status < 300) {
                counters_.acknowledged.fetch_add(1, std::memory_order_relaxed);
                counters_.bytes.fetch_add(request.body.size(), std::memory_order_relaxed);
                return;
            }
            last = "HTTP " + std::to_string(response.status);
            if (!retryable(response.status)) break;
        } catch (const http::HttpError& e) {
            last = e.what();
        }
        if (stop_.stop_requested() || Clock::now() + backoff > giveUp) break;
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
