#include "engine/kafka/producer.h"

#include <pthread.h>

#include <iterator>
#include <memory>
#include <optional>

#include "engine/core/log.h"
#include "engine/kafka/kafka_error.h"

namespace riverdelta::kafka {

namespace {

bool isAuthenticationError(int err) {
    return err == RD_KAFKA_RESP_ERR__AUTHENTICATION ||
           err == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED;
}

}  // namespace

const char* toString(ProducerState state) {
    switch (state) {
        case ProducerState::Connecting:
            return "connecting";
        case ProducerState::Connected:
            return "connected";
        case ProducerState::BrokerUnreachable:
            return "broker unreachable";
        case ProducerState::AuthenticationFailed:
            return "authentication failed";
        case ProducerState::Fatal:
            return "failed";
    }
    return "connecting";
}

Producer::Producer(const ClientConfig& config, DeliveryCallback onDelivery, ProducerOptions options)
    : options_(options), onDelivery_(std::move(onDelivery)) {
    ClientConfig effective = config;
    bootstrap_ = !config.bootstrapServers.empty()
                     ? config.bootstrapServers
                     : (config.find("bootstrap.servers") ? *config.find("bootstrap.servers") : "");
    label_ = config.name.empty() ? bootstrap_ : config.name + " (" + bootstrap_ + ")";
    if (!effective.find("enable.idempotence")) effective.set("enable.idempotence", "true");
    if (!effective.find("message.timeout.ms") && !effective.find("delivery.timeout.ms"))
        effective.set("message.timeout.ms", std::to_string(kDefaultDeliveryTimeout.count()));
    for (const char* key : {"message.timeout.ms", "delivery.timeout.ms"}) {
        if (const auto* v = effective.find(key)) {
            try {
                deliveryTimeout_ = std::chrono::milliseconds(std::stoll(*v));
            } catch (const std::exception&) {
                // librdkafka rejects it below with a clear message
            }
        }
    }
    ConfHandle conf = effective.build();
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &Producer::onDeliveryReport);
    rd_kafka_conf_set_error_cb(conf.get(), &Producer::onError);
    if (options_.log) rd_kafka_conf_set_log_cb(conf.get(), &Producer::onLog);
    rd_kafka_conf_set_opaque(conf.get(), this);
    char err[512];
    rk_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err));
    if (!rk_) throw KafkaError(std::string("cannot create Kafka producer: ") + err);
    (void)conf.release();  // owned by rk_ now
    poller_ = std::jthread([this](const std::stop_token& stop) {
        pthread_setname_np(pthread_self(), "rd-kafka-poll");  // delivery reports; for profilers
        bool purged = false;
        while (!stop.stop_requested()) {
            rd_kafka_poll(rk_.get(), 100);
            // After a fatal error nothing queued can be delivered: fail it now (its reports
            // come through the next poll) instead of letting it wait for the timeout.
            if (fatal_.load() && !purged) {
                rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
                purged = true;
            }
        }
    });
}

Producer::~Producer() {
    flush(std::chrono::seconds(fatal_.load() ? 1 : 10));
    poller_.request_stop();
    if (poller_.joinable()) poller_.join();
    rd_kafka_poll(rk_.get(), 0);
}

void Producer::throwFatal() const {
    std::lock_guard lock(errorMutex_);
    throw KafkaError(status_.detail, status_.state == ProducerState::AuthenticationFailed
                                         ? RD_KAFKA_RESP_ERR__AUTHENTICATION
                                         : RD_KAFKA_RESP_ERR__FATAL);
}

rd_kafka_topic_t* Producer::topicHandle(std::string_view topic) {
    std::lock_guard lock(topicsMutex_);
    for (const auto& t : topics_)
        if (t.name == topic) return t.handle.get();
    std::string name(topic);
    TopicHandle handle(rd_kafka_topic_new(rk_.get(), name.c_str(), nullptr));
    if (!handle)
        throw KafkaError("topic " + name + ": " + rd_kafka_err2str(rd_kafka_last_error()),
                         rd_kafka_last_error());
    topics_.push_back({std::move(name), std::move(handle)});
    return topics_.back().handle.get();
}

namespace {
// Key, value and opaque as produceva fields, after the topic's field.
void fillMessageFields(rd_kafka_vu_t* fields, std::int32_t partition, std::string_view key,
                       std::string_view value, void* opaque) {
    fields[0].vtype = RD_KAFKA_VTYPE_PARTITION;
    fields[0].u.i32 = partition;
    fields[1].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    fields[1].u.i = RD_KAFKA_MSG_F_COPY;
    fields[2].vtype = RD_KAFKA_VTYPE_KEY;
    fields[2].u.mem = {key.empty() ? nullptr : const_cast<char*>(key.data()), key.size()};
    fields[3].vtype = RD_KAFKA_VTYPE_VALUE;
    fields[3].u.mem = {const_cast<char*>(value.data()), value.size()};
    fields[4].vtype = RD_KAFKA_VTYPE_OPAQUE;
    fields[4].u.ptr = opaque;
}
}  // namespace

void Producer::produce(std::string_view topic, std::string_view key, std::string_view value,
                       std::int32_t partition, void* opaque, std::chrono::milliseconds queueWait) {
    produce(topicHandle(topic), key, value, partition, opaque, queueWait);
}

void Producer::produce(rd_kafka_topic_t* topic, std::string_view key, std::string_view value,
                       std::int32_t partition, void* opaque, std::chrono::milliseconds queueWait) {
    if (fatal_.load(std::memory_order_relaxed)) throwFatal();
    // rd_kafka_produceva rather than the RD_KAFKA_V_* macros: those use GNU statement expressions.
    rd_kafka_vu_t fields[6];
    fields[0].vtype = RD_KAFKA_VTYPE_RKT;
    fields[0].u.rkt = topic;
    fillMessageFields(fields + 1, partition, key, value, opaque);
    produceFields(fields, std::size(fields), rd_kafka_topic_name(topic), queueWait);
}

void Producer::produce(std::string_view topic, std::string_view key, std::string_view value,
                       std::span<const RecordHeader> headers, std::int32_t partition, void* opaque,
                       std::chrono::milliseconds queueWait) {
    if (headers.empty()) return produce(topic, key, value, partition, opaque, queueWait);
    if (fatal_.load(std::memory_order_relaxed)) throwFatal();
    rd_kafka_topic_t* rkt = topicHandle(topic);
    std::unique_ptr<rd_kafka_headers_t, decltype(&rd_kafka_headers_destroy)> list(
        rd_kafka_headers_new(headers.size()), &rd_kafka_headers_destroy);
    for (const auto& h : headers)
        rd_kafka_header_add(list.get(), h.name.data(), static_cast<ssize_t>(h.name.size()),
                            h.value ? h.value->data() : nullptr,
                            h.value ? static_cast<ssize_t>(h.value->size()) : 0);
    rd_kafka_vu_t fields[7];
    fields[0].vtype = RD_KAFKA_VTYPE_RKT;
    fields[0].u.rkt = rkt;
    fillMessageFields(fields + 1, partition, key, value, opaque);
    fields[6].vtype = RD_KAFKA_VTYPE_HEADERS;
    fields[6].u.headers = list.get();
    produceFields(fields, std::size(fields), rd_kafka_topic_name(rkt), queueWait);
    (void)list.release();  // the message owns its headers once produced
}

void Producer::produceFields(rd_kafka_vu_t* fields, std::size_t count, std::string_view topicName,
                             std::chrono::milliseconds queueWait) {
    std::optional<std::chrono::steady_clock::time_point> deadline;  // taken only when full
    for (;;) {
        rd_kafka_error_t* error = rd_kafka_produceva(rk_.get(), fields, count);
        const rd_kafka_resp_err_t err =
            error ? rd_kafka_error_code(error) : RD_KAFKA_RESP_ERR_NO_ERROR;
        if (error) rd_kafka_error_destroy(error);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            produced_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        if (fatal_.load()) throwFatal();
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            throw KafkaError("produce to " + std::string(topicName) + ": " + rd_kafka_err2str(err),
                             err);
        const auto now = std::chrono::steady_clock::now();
        if (!deadline) deadline = now + queueWait;
        if (now >= *deadline)
            throw KafkaError("produce to " + std::string(topicName) +
                                 ": local queue stayed full (broker unreachable or too slow?)",
                             err);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

bool Producer::flush(std::chrono::milliseconds timeout) {
    return rd_kafka_flush(rk_.get(), static_cast<int>(timeout.count())) ==
           RD_KAFKA_RESP_ERR_NO_ERROR;
}

DeliveryCounters Producer::counters() const {
    return {produced_.load(std::memory_order_relaxed),
            acknowledged_.load(std::memory_order_relaxed), failed_.load(std::memory_order_relaxed),
            bytes_.load(std::memory_order_relaxed)};
}

std::string Producer::lastError() const {
    std::lock_guard lock(errorMutex_);
    return lastError_;
}

ClusterMetadata Producer::awaitCluster(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string lastError;
    while (std::chrono::steady_clock::now() < deadline) {
        try {
            return fetchMetadata(handle(), std::chrono::milliseconds(1000));
        } catch (const KafkaError& e) {
            lastError = e.what();
        }
        const auto s = status();
        if (s.state == ProducerState::AuthenticationFailed || s.state == ProducerState::Fatal)
            throw KafkaError(s.detail, RD_KAFKA_RESP_ERR__AUTHENTICATION);
    }
    // The client's own last error says why (resolve, refused, TLS), better than the timeout.
    const std::string clientError = this->lastError();
    throw KafkaError("no answer from " + bootstrap_ + " within " +
                         std::to_string(timeout.count() / 1000) + " s (" +
                         (clientError.empty() ? lastError : clientError) + ")",
                     RD_KAFKA_RESP_ERR__TIMED_OUT);
}

ProducerStatus Producer::status() const {
    std::lock_guard lock(errorMutex_);
    return status_;
}

void Producer::setStatus(ProducerState state, std::string detail) {
    std::lock_guard lock(errorMutex_);
    // A fatal state is final.
    if (status_.state == ProducerState::AuthenticationFailed ||
        status_.state == ProducerState::Fatal)
        return;
    status_.state = state;
    status_.detail = std::move(detail);
    state_.store(state, std::memory_order_relaxed);
}

void Producer::onDeliveryReport(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    auto* self = static_cast<Producer*>(opaque);
    const std::size_t size = msg->len + msg->key_len;
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        self->acknowledged_.fetch_add(1, std::memory_order_relaxed);
        self->bytes_.fetch_add(size, std::memory_order_relaxed);
        if (self->state_.load(std::memory_order_relaxed) != ProducerState::Connected)
            self->setStatus(ProducerState::Connected, "Kafka " + self->label_ + ": delivering");
    } else {
        self->failed_.fetch_add(1, std::memory_order_relaxed);
        std::lock_guard lock(self->errorMutex_);
        self->lastError_ = rd_kafka_err2str(msg->err);
    }
    if (self->onDelivery_) {
        self->onDelivery_(Delivery{rd_kafka_topic_name(msg->rkt), msg->partition, msg->offset, size,
                                   msg->err, msg->_private});
    }
}

void Producer::onError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
    auto* self = static_cast<Producer*>(opaque);
    const auto code = static_cast<rd_kafka_resp_err_t>(err);
    {
        std::lock_guard lock(self->errorMutex_);
        self->lastError_ = std::string(rd_kafka_err2name(code)) + ": " + reason;
    }
    if (isAuthenticationError(err)) {
        self->setStatus(ProducerState::AuthenticationFailed,
                        "Kafka " + self->label_ + ": authentication failed (" + reason +
                            "): check the API key and secret (or SASL username and password)");
        self->fatal_ = true;
    } else if (code == RD_KAFKA_RESP_ERR__FATAL) {
        char why[512] = {0};
        const auto original = rd_kafka_fatal_error(rk, why, sizeof why);
        self->setStatus(ProducerState::Fatal, "Kafka " + self->label_ + ": fatal error " +
                                                  rd_kafka_err2name(original) + ": " + why);
        self->fatal_ = true;
    } else if (code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
        self->setStatus(ProducerState::BrokerUnreachable, self->unreachableDetail(reason));
    } else if (code == RD_KAFKA_RESP_ERR__RESOLVE || code == RD_KAFKA_RESP_ERR__TRANSPORT) {
        std::lock_guard lock(self->errorMutex_);
        if (self->status_.state == ProducerState::BrokerUnreachable)
            self->status_.detail = self->unreachableDetail(reason);
        else if (self->status_.state == ProducerState::Connecting)
            self->status_.detail = "Kafka " + self->label_ + ": connecting (" + reason + ")";
    }
}

std::string Producer::unreachableDetail(const char* reason) const {
    return "Kafka " + label_ + ": broker unreachable (" + reason + "); retrying for up to " +
           std::to_string(deliveryTimeout_.count() / 1000) + " s per message";
}

void Producer::onLog(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
    auto* self = static_cast<Producer*>(rd_kafka_opaque(rk));
    if (!self || !self->options_.log) return;
    const auto lvl = level <= 3   ? core::LogLevel::Error
                     : level == 4 ? core::LogLevel::Warning
                     : level <= 6 ? core::LogLevel::Info
                                  : core::LogLevel::Debug;
    self->options_.log->write(lvl, "kafka", std::string(facility) + ": " + message);
}

}  // namespace riverdelta::kafka
