#include "engine/kafka/producer.h"

#include <iterator>

#include "engine/kafka/kafka_error.h"

namespace riverdelta::kafka {

Producer::Producer(const ClientConfig& config, DeliveryCallback onDelivery)
    : onDelivery_(std::move(onDelivery)) {
    ClientConfig effective = config;
    if (!effective.find("enable.idempotence")) effective.set("enable.idempotence", "true");
    ConfHandle conf = effective.build();
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &Producer::onDeliveryReport);
    rd_kafka_conf_set_error_cb(conf.get(), &Producer::onError);
    rd_kafka_conf_set_opaque(conf.get(), this);
    char err[512];
    rk_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err));
    if (!rk_) throw KafkaError(std::string("cannot create Kafka producer: ") + err);
    conf.release();  // owned by rk_ now
    poller_ = std::jthread([this](std::stop_token stop) {
        while (!stop.stop_requested())
            rd_kafka_poll(rk_.get(), 100);
    });
}

Producer::~Producer() {
    flush(std::chrono::seconds(10));
    poller_.request_stop();
    if (poller_.joinable()) poller_.join();
    rd_kafka_poll(rk_.get(), 0);
}

void Producer::produce(std::string_view topic, std::string_view key, std::string_view value,
                       std::int32_t partition, void* opaque, std::chrono::milliseconds queueWait) {
    const auto deadline = std::chrono::steady_clock::now() + queueWait;
    std::string topicName(topic);
    // rd_kafka_produceva rather than the RD_KAFKA_V_* macros: those use GNU statement expressions.
    rd_kafka_vu_t fields[6];
    fields[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    fields[0].u.cstr = topicName.c_str();
    fields[1].vtype = RD_KAFKA_VTYPE_PARTITION;
    fields[1].u.i32 = partition;
    fields[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    fields[2].u.i = RD_KAFKA_MSG_F_COPY;
    fields[3].vtype = RD_KAFKA_VTYPE_KEY;
    fields[3].u.mem = {key.empty() ? nullptr : const_cast<char*>(key.data()), key.size()};
    fields[4].vtype = RD_KAFKA_VTYPE_VALUE;
    fields[4].u.mem = {const_cast<char*>(value.data()), value.size()};
    fields[5].vtype = RD_KAFKA_VTYPE_OPAQUE;
    fields[5].u.ptr = opaque;
    for (;;) {
        rd_kafka_error_t* error = rd_kafka_produceva(rk_.get(), fields, std::size(fields));
        const rd_kafka_resp_err_t err = error ? rd_kafka_error_code(error) : RD_KAFKA_RESP_ERR_NO_ERROR;
        if (error) rd_kafka_error_destroy(error);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            produced_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            throw KafkaError("produce to " + topicName + ": " + rd_kafka_err2str(err), err);
        if (std::chrono::steady_clock::now() >= deadline)
            throw KafkaError("produce to " + topicName + ": local queue stayed full (broker " +
                                 "unreachable or too slow?)",
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

void Producer::onDeliveryReport(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    auto* self = static_cast<Producer*>(opaque);
    const std::size_t size = msg->len + msg->key_len;
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        self->acknowledged_.fetch_add(1, std::memory_order_relaxed);
        self->bytes_.fetch_add(size, std::memory_order_relaxed);
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

void Producer::onError(rd_kafka_t*, int err, const char* reason, void* opaque) {
    auto* self = static_cast<Producer*>(opaque);
    std::lock_guard lock(self->errorMutex_);
    self->lastError_ =
        std::string(rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err))) + ": " + reason;
}

}  // namespace riverdelta::kafka
