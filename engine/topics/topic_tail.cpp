#include "engine/topics/topic_tail.h"

#include <algorithm>
#include <deque>
#include <map>
#include <utility>

#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/consumer.h"
#include "engine/kafka/kafka_error.h"
#include "engine/topics/message_decoder.h"

namespace riverdelta::topics {

const char* toString(TailState state) {
    switch (state) {
        case TailState::Starting:
            return "starting";
        case TailState::Following:
            return "following";
        case TailState::WindowFull:
            return "window full";
        case TailState::Failed:
            return "failed";
    }
    return "?";
}

namespace {

constexpr auto kRequestTimeout = std::chrono::seconds(15);
constexpr auto kPoll = std::chrono::milliseconds(200);

bool transient(rd_kafka_resp_err_t err) {
    return err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN ||
           err == RD_KAFKA_RESP_ERR__TIMED_OUT;
}

bool newerFirst(const BrowsedMessage& a, const BrowsedMessage& b) {
    if (a.timestampMs != b.timestampMs) return a.timestampMs > b.timestampMs;
    if (a.offset != b.offset) return a.offset > b.offset;
    return a.partition < b.partition;
}

BrowsedMessage decoded(const kafka::Message& m, MessageDecoder& decoder) {
    BrowsedMessage b;
    b.partition = m.partition();
    b.offset = m.offset();
    b.timestampMs = m.timestampMs();
    b.key = m.hasKey() ? decoder.decode(m.key(), false).text : std::string("(null)");
    DecodedValue v = decoder.decode(m.payload(), m.isTombstone());
    b.value = std::move(v.text);
    b.valueFormat = std::move(v.format);
    b.decodeError = std::move(v.error);
    b.valueBytes = m.payload().size();
    return b;
}

// The offset and timestamp of the first message at or after `offset`, or nothing when the
// partition ends before. Reassigning discards what was fetched for the previous position.
std::optional<std::pair<std::int64_t, std::int64_t>> firstAtOrAfter(kafka::Consumer& consumer,
                                                                    const std::string& topic,
                                                                    std::int32_t partition,
                                                                    std::int64_t offset,
                                                                    const std::stop_token& stop) {
    const kafka::TopicPartitionOffset at{topic, partition, offset};
    consumer.assign({&at, 1});
    const auto deadline = std::chrono::steady_clock::now() + kRequestTimeout;
    while (!stop.stop_requested() && std::chrono::steady_clock::now() < deadline) {
        auto m = consumer.poll(kPoll);
        if (!m || m->partition() != partition) continue;
        if (m->isPartitionEof()) return std::nullopt;
        if (m->error() != RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (transient(m->error())) continue;
            throw kafka::KafkaError("reading " + topic + ": " + std::string(m->errorText()),
                                    m->error());
        }
        if (m->offset() >= offset) return std::make_pair(m->offset(), m->timestampMs());
    }
    throw kafka::KafkaError("reading " + topic + " [" + std::to_string(partition) + "] timed out");
}

// Kafka's offsetsForTimes: per partition the first offset whose timestamp is at or after
// `timeMs`, `high` when there is none. A broker that cannot look times up (librdkafka's mock
// cluster answers -1, "none", for every time) is caught by checking the newest message, and the
// offset is then found by a binary search over the messages (timestamps in offset order).
std::int64_t offsetForTime(kafka::Consumer& consumer, const std::string& topic,
                           const PartitionStart& range, std::int64_t timeMs,
                           const std::stop_token& stop) {
    if (range.high <= range.low) return range.high;
    kafka::PartitionListHandle list(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), range.partition)->offset = timeMs;
    const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(
        consumer.handle(), list.get(),
        static_cast<int>(
            std::chrono::duration_cast<std::chrono::milliseconds>(kRequestTimeout).count()));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw kafka::KafkaError("offsets for time in " + topic + ": " + rd_kafka_err2str(err), err);
    const rd_kafka_topic_partition_t& answer = list->elems[0];
    if (answer.err != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw kafka::KafkaError(
            "offsets for time in " + topic + ": " + rd_kafka_err2str(answer.err), answer.err);
    if (answer.offset >= 0) return std::clamp(answer.offset, range.low, range.high);

    const auto newest = firstAtOrAfter(consumer, topic, range.partition, range.high - 1, stop);
    if (!newest || newest->second < timeMs) return range.high;  // truly none at or after
    std::int64_t lo = range.low;
    std::int64_t hi = newest->first;  // its timestamp is at or after timeMs
    while (lo < hi && !stop.stop_requested()) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        const auto m = firstAtOrAfter(consumer, topic, range.partition, mid, stop);
        if (!m) break;
        if (m->second >= timeMs)
            hi = mid;
        else
            lo = m->first + 1;
    }
    return lo;
}

}  // namespace

TailReaper::~TailReaper() {
    std::lock_guard lock(mutex_);
    threads_.clear();  // each jthread asks its thread to stop and joins it
}

void TailReaper::adopt(std::jthread thread, std::shared_ptr<const std::atomic<bool>> finished) {
    thread.request_stop();
    std::lock_guard lock(mutex_);
    std::erase_if(threads_, [](const auto& t) { return t.second->load(); });
    threads_.emplace_back(std::move(thread), std::move(finished));
}

struct TopicTail::Reader {
    Reader(kafka::ClientConfig kafkaConfig, registry::RegistryConfig registryConfig,
           TailOptions tailOptions)
        : kafka_(std::move(kafkaConfig)),
          registry_(std::move(registryConfig)),
          options_(std::move(tailOptions)) {}

    void run(const std::stop_token& stop);
    void setStatus(TailState state, std::string error = {});
    void deliver(std::vector<BrowsedMessage> messages);

    const kafka::ClientConfig kafka_;
    const registry::RegistryConfig registry_;
    const TailOptions options_;
    mutable std::mutex mutex_;
    std::deque<BrowsedMessage> pending_;
    std::uint64_t dropped_ = 0;
    TailStatus status_;
    std::shared_ptr<std::atomic<bool>> finished_ = std::make_shared<std::atomic<bool>>(false);
};

TopicTail::TopicTail(kafka::ClientConfig kafka, registry::RegistryConfig registry,
                     TailOptions options, std::shared_ptr<TailReaper> reaper)
    : reader_(std::make_shared<Reader>(std::move(kafka), std::move(registry), std::move(options))),
      reaper_(std::move(reaper)) {
    thread_ = std::jthread([reader = reader_](const std::stop_token& stop) {
        reader->run(stop);
        reader->finished_->store(true);
    });
}

TopicTail::~TopicTail() {
    thread_.request_stop();
    if (reaper_) reaper_->adopt(std::move(thread_), reader_->finished_);
}

const TailOptions& TopicTail::options() const {
    return reader_->options_;
}

TailUpdate TopicTail::take() {
    Reader& r = *reader_;
    std::lock_guard lock(r.mutex_);
    TailUpdate u;
    u.messages.assign(std::make_move_iterator(r.pending_.begin()),
                      std::make_move_iterator(r.pending_.end()));
    r.pending_.clear();
    u.dropped = std::exchange(r.dropped_, 0);
    u.status = r.status_;
    u.status.untaken = u.messages.size() + u.dropped;
    return u;
}

TailStatus TopicTail::status() const {
    const Reader& r = *reader_;
    std::lock_guard lock(r.mutex_);
    TailStatus s = r.status_;
    s.untaken = r.pending_.size() + r.dropped_;
    return s;
}

void TopicTail::Reader::setStatus(TailState state, std::string error) {
    std::lock_guard lock(mutex_);
    status_.state = state;
    status_.error = std::move(error);
}

void TopicTail::Reader::deliver(std::vector<BrowsedMessage> messages) {
    std::lock_guard lock(mutex_);
    status_.received += messages.size();
    for (auto& m : messages)
        pending_.push_back(std::move(m));
    while (pending_.size() > options_.capacity) {
        pending_.pop_front();
        ++dropped_;
    }
}

void TopicTail::Reader::run(const std::stop_token& stop) {
    try {
        kafka::Consumer consumer(kafka_.forRole(kafka::ClientRole::Consumer));
        MessageDecoder decoder(registry_);
        const std::string& topic = options_.topic;
        // All topics, not a request for this one: asking for a topic by name can auto-create it.
        const kafka::ClusterMetadata metadata =
            kafka::fetchMetadata(consumer.handle(), kRequestTimeout);
        std::int32_t partitions = 0;
        for (const auto& t : metadata.topics)
            if (t.name == topic) {
                if (!t.error.empty()) throw kafka::KafkaError("topic " + topic + ": " + t.error);
                partitions = t.partitions;
            }
        if (partitions == 0) throw kafka::KafkaError("topic " + topic + " does not exist");
        if (options_.partition && (*options_.partition < 0 || *options_.partition >= partitions))
            throw kafka::KafkaError("topic " + topic + " has no partition " +
                                    std::to_string(*options_.partition) + " (it has " +
                                    std::to_string(partitions) + ")");

        std::vector<PartitionStart> starts;
        for (std::int32_t p = 0; p < partitions; ++p) {
            if (options_.partition && *options_.partition != p) continue;
            const kafka::Watermarks w = consumer.queryWatermarks(topic, p, kRequestTimeout);
            starts.push_back({p, w.high, w.low, w.high});
        }
        const TailPosition& from = options_.from;
        const auto capacity = static_cast<std::int64_t>(options_.capacity);
        for (auto& s : starts) {
            if (stop.stop_requested()) return;
            switch (from.kind) {
                case TailPosition::Kind::Newest:
                    s.offset = std::max(s.low, s.high - capacity);
                    break;
                case TailPosition::Kind::Offset:
                    s.offset = std::clamp(from.value, s.low, s.high);
                    break;
                case TailPosition::Kind::Time:
                    s.offset = offsetForTime(consumer, topic, s, from.value, stop);
                    break;
            }
        }
        {
            std::lock_guard lock(mutex_);
            status_.partitions = partitions;
            status_.starts = starts;
        }
        std::vector<kafka::TopicPartitionOffset> assignment;
        assignment.reserve(starts.size());
        for (const auto& s : starts)
            assignment.push_back({topic, s.partition, s.offset});
        consumer.assign(assignment);

        std::vector<kafka::Message> batch;
        // Partition ends reached (offset at the end) are noted: the backlog is read when every
        // partition got there, also when the last offsets are transaction markers.
        std::map<std::int32_t, std::int64_t> reachedEnd;
        auto readBatch = [&](std::vector<BrowsedMessage>& out) {
            batch.clear();
            consumer.pollBatch(batch, 500, kPoll);
            for (const auto& m : batch) {
                if (m.isPartitionEof()) {
                    reachedEnd[m.partition()] = m.offset();
                    continue;
                }
                if (m.error() != RD_KAFKA_RESP_ERR_NO_ERROR) {
                    if (transient(m.error())) {
                        std::lock_guard lock(mutex_);  // librdkafka retries; the state stays
                        status_.error = std::string(m.errorText()) + " (retrying)";
                        continue;
                    }
                    throw kafka::KafkaError("reading " + topic + ": " + std::string(m.errorText()),
                                            m.error());
                }
                out.push_back(decoded(m, decoder));
            }
        };

        if (from.kind == TailPosition::Kind::Newest) {
            // The backlog up to the watermarks seen at the start, newest `capacity` by time,
            // delivered at once so a view starts sorted; at most twice `capacity` held meanwhile.
            std::map<std::int32_t, std::int64_t> endOf;
            for (const auto& s : starts)
                if (s.offset < s.high) endOf[s.partition] = s.high;
            std::vector<BrowsedMessage> backlog;
            while (!endOf.empty() && !stop.stop_requested()) {
                std::vector<BrowsedMessage> batchRead;
                readBatch(batchRead);
                for (auto& m : batchRead) {
                    auto it = endOf.find(m.partition);
                    if (it != endOf.end() && m.offset + 1 >= it->second) endOf.erase(it);
                    backlog.push_back(std::move(m));
                }
                for (const auto& [partition, offset] : reachedEnd)
                    if (auto it = endOf.find(partition); it != endOf.end() && offset >= it->second)
                        endOf.erase(it);
                if (backlog.size() > 2 * options_.capacity) {
                    std::sort(backlog.begin(), backlog.end(), newerFirst);
                    backlog.resize(options_.capacity);
                }
            }
            std::sort(backlog.begin(), backlog.end(), newerFirst);
            if (backlog.size() > options_.capacity) backlog.resize(options_.capacity);
            std::reverse(backlog.begin(), backlog.end());
            deliver(std::move(backlog));
        }
        setStatus(TailState::Following);

        std::uint64_t windowRead = 0;
        while (!stop.stop_requested()) {
            std::vector<BrowsedMessage> fresh;
            readBatch(fresh);
            if (fresh.empty()) continue;
            if (from.kind != TailPosition::Kind::Newest) {
                // Keep the start position in view: stop once the window is full.
                const std::uint64_t room = options_.capacity - windowRead;
                if (fresh.size() >= room) {
                    fresh.resize(room);
                    deliver(std::move(fresh));
                    setStatus(TailState::WindowFull);
                    return;
                }
                windowRead += fresh.size();
            }
            deliver(std::move(fresh));
            {
                std::lock_guard lock(mutex_);
                if (!status_.error.empty()) status_.error.clear();  // reading again
            }
        }
    } catch (const std::exception& e) {
        setStatus(TailState::Failed, e.what());
    }
}

}  // namespace riverdelta::topics
