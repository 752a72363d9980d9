#include "engine/kafka/consumer.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "engine/kafka/kafka_error.h"

namespace riverdelta::kafka {

namespace {

double numberOr(const ClientConfig& config, std::string_view key, double fallback) {
    const std::string* value = config.find(key);
    return value ? std::strtod(value->c_str(), nullptr) : fallback;
}

KafkaHandle createConsumer(const ClientConfig& config) {
    ClientConfig effective = config;
    if (!effective.find("enable.auto.commit")) effective.set("enable.auto.commit", "false");
    if (!effective.find("enable.partition.eof")) effective.set("enable.partition.eof", "true");
    // librdkafka wants a group even for assign(); this one never joins or commits anything.
    if (!effective.find("group.id")) effective.set("group.id", "riverdelta-reader");
    // The caller says where to read: a position retention has deleted since reads what remains
    // rather than jumping to the end.
    if (!effective.find("auto.offset.reset")) effective.set("auto.offset.reset", "earliest");
    ConfHandle conf = effective.build();
    char err[512];
    KafkaHandle rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), err, sizeof err));
    if (!rk) throw KafkaError(std::string("cannot create Kafka consumer: ") + err);
    (void)conf.release();  // owned by rk now
    rd_kafka_poll_set_consumer(rk.get());
    return rk;
}

}  // namespace

Consumer::Consumer(const ClientConfig& config)
    : rk_(createConsumer(config)),
      queue_(rd_kafka_queue_get_consumer(rk_.get())),
      // librdkafka 2.0's defaults when unset.
      queueMaxMessages_(numberOr(config, "queued.min.messages", 100000)),
      queueMaxBytes_(numberOr(config, "queued.max.messages.kbytes", 65536) * 1024),
      waker_(rk_.get()) {}

Consumer::~Consumer() {
    // Assign-only consumers have no group to leave; just drop the assignment.
    queue_.reset();
    rd_kafka_assign(rk_.get(), nullptr);
}

std::size_t Consumer::pollBatch(std::vector<Message>& out, std::size_t max,
                                std::chrono::milliseconds timeout) {
    if (max == 0) return 0;
    raw_.resize(max);
    // librdkafka's batch call waits for all `max` or the timeout; this waits only while
    // nothing is queued (the last records of a backlog, a slow stream).
    ssize_t n = rd_kafka_consume_batch_queue(queue_.get(), 0, raw_.data(), max);
    if (n == 0 && timeout.count() > 0) {
        n = rd_kafka_consume_batch_queue(queue_.get(), static_cast<int>(timeout.count()),
                                         raw_.data(), 1);
        if (n == 1 && max > 1) {
            const ssize_t more =
                rd_kafka_consume_batch_queue(queue_.get(), 0, raw_.data() + 1, max - 1);
            if (more > 0) n += more;
        }
    }
    if (n <= 0) return 0;
    std::size_t bytes = 0;
    for (ssize_t i = 0; i < n; ++i) {
        rd_kafka_message_t* raw = raw_[static_cast<std::size_t>(i)];
        bytes += raw->len + raw->key_len;
        out.emplace_back(raw);
    }
    followQueueLevel(static_cast<std::size_t>(n), bytes);
    return static_cast<std::size_t>(n);
}

void Consumer::followQueueLevel(std::size_t messages, std::size_t bytes) {
    const double mean = static_cast<double>(bytes) / static_cast<double>(messages);
    meanBytes_ = meanBytes_ == 0 ? mean : 0.9 * meanBytes_ + 0.1 * mean;
    // The queue holds every assigned partition's records, and librdkafka checks each
    // partition's bounds against it (the partition queues forward to this one).
    const double capacity = std::min(queueMaxMessages_, queueMaxBytes_ / std::max(1.0, meanBytes_));
    // The level before this poll took its messages: what librdkafka last compared with its
    // bounds. After the poll a fetch that overfilled the queue can already look "not full" (a
    // 2048-record poll out of 6,100 left 4,050 of 5,600), and its wake-ups would never come.
    const auto queued = static_cast<double>(rd_kafka_queue_length(queue_.get()) + messages);
    if (queued >= 0.9 * capacity) {
        sawFull_ = true;
        wakesSinceFull_ = 0;
        return;
    }
    if (!sawFull_) return;
    // Early enough that the next fetch lands before the queue is empty; once more near the end
    // in case the first came while librdkafka still counted the queue as full.
    if ((wakesSinceFull_ == 0 && queued < 0.75 * capacity) ||
        (wakesSinceFull_ == 1 && queued < 0.25 * capacity)) {
        waker_.wake();
        if (++wakesSinceFull_ == 2) sawFull_ = false;
    }
}

void Consumer::assign(std::span<const TopicPartitionOffset> partitions) {
    PartitionListHandle list(
        rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
    std::vector<std::pair<std::string, std::int32_t>> assigned;
    bool clusterAnswers = true;
    for (const auto& p : partitions) {
        std::int64_t offset = p.offset;
        if (offset == RD_KAFKA_OFFSET_BEGINNING && clusterAnswers) {
            std::int64_t high = 0;
            // Unanswered: librdkafka resolves the logical offset itself, later.
            clusterAnswers =
                rd_kafka_query_watermark_offsets(rk_.get(), p.topic.c_str(), p.partition, &offset,
                                                 &high, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR;
            if (!clusterAnswers) offset = RD_KAFKA_OFFSET_BEGINNING;
        }
        rd_kafka_topic_partition_list_add(list.get(), p.topic.c_str(), p.partition)->offset =
            offset;
        assigned.emplace_back(p.topic, p.partition);
    }
    if (auto err = rd_kafka_assign(rk_.get(), list.get()); err != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw KafkaError(std::string("assign: ") + rd_kafka_err2str(err), err);
    waker_.setPartitions(std::move(assigned));
    sawFull_ = false;
    wakesSinceFull_ = 0;
}

std::optional<Message> Consumer::poll(std::chrono::milliseconds timeout) {
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk_.get(), static_cast<int>(timeout.count()));
    if (!msg) return std::nullopt;
    return Message(msg);
}

Watermarks Consumer::queryWatermarks(const std::string& topic, std::int32_t partition,
                                     std::chrono::milliseconds timeout) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + timeout;
    auto backoff = std::chrono::milliseconds(100);
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        Watermarks w;
        const auto err = rd_kafka_query_watermark_offsets(
            rk_.get(), topic.c_str(), partition, &w.low, &w.high,
            static_cast<int>(std::max<std::int64_t>(left.count(), 1)));
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return w;
        // A partition whose broker just restarted answers "not leader" until its leader is
        // settled; librdkafka 2.0 hands that back at once, so the caller's timeout covers it.
        const bool leaderMoving = err == RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION ||
                                  err == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE;
        if (!leaderMoving || Clock::now() + backoff >= deadline)
            throw KafkaError("watermarks of " + topic + "[" + std::to_string(partition) +
                                 "]: " + rd_kafka_err2str(err),
                             err);
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
    }
}

}  // namespace riverdelta::kafka
