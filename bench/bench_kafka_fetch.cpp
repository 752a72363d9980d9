// A reader slower than its broker, reading a backlog (kafka::FetchWaker, issue 18): librdkafka
// 2.0 stops fetching a partition whose prefetch queue is full and looks again only when its
// broker thread next wakes, up to a second later. Three reads of the same backlog, each with
// the same few microseconds of work per record, in one run on a real broker:
//   - bare librdkafka (rd_kafka_consume_batch_queue) through a 1 MiB queue: the baseline, what
//     librdkafka 2.0 does on its own;
//   - kafka::Consumer through the same 1 MiB queue: the wake-ups as the queue runs low;
//   - kafka::Consumer through a 64 MiB queue the backlog fits in: the target.
// Usage: bench_kafka_fetch [BOOTSTRAP] [RECORDS]
// BOOTSTRAP defaults to $RIVERDELTA_TEST_KAFKA_BOOTSTRAP; RECORDS to 300,000 (56 MB).
#include <librdkafka/rdkafka.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/kafka/consumer.h"
#include "engine/kafka/kafka_error.h"
#include "engine/kafka/producer.h"

using namespace riverdelta;
using Clock = std::chrono::steady_clock;

namespace {

// The reader's own work per record: about what decoding a JSON row costs.
std::uint64_t work(std::string_view payload) {
    std::uint64_t h = 0;
    for (int round = 0; round < 10; ++round)
        for (char c : payload)
            h = h * 31 + static_cast<unsigned char>(c);
    return h;
}

kafka::ClientConfig readerConfig(const std::string& bootstrap, const char* queueKb,
                                 const char* fetchBytes) {
    kafka::ClientConfig config;
    config.bootstrapServers = bootstrap;
    config.set("queued.min.messages", "1000000");
    config.set("queued.max.messages.kbytes", queueKb);
    config.set("max.partition.fetch.bytes", fetchBytes);
    config.set("fetch.max.bytes", fetchBytes);
    return config;
}

struct Read {
    double seconds = 0;
    std::uint64_t wakeups = 0;
    std::uint64_t checksum = 0;
};

Read readWithConsumer(const kafka::ClientConfig& config, const std::string& topic, long records) {
    kafka::Consumer consumer(config);
    const std::array<kafka::TopicPartitionOffset, 1> from{{{topic, 0, 0}}};
    const auto start = Clock::now();
    consumer.assign(from);
    std::vector<kafka::Message> batch;
    Read read;
    long seen = 0;
    while (seen < records) {
        batch.clear();
        consumer.pollBatch(batch, 2048, std::chrono::milliseconds(100));
        for (const auto& m : batch) {
            if (m.error() != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
            read.checksum += work(m.payload());
            ++seen;
        }
    }
    read.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    read.wakeups = consumer.fetchWakeups();
    return read;
}

Read readWithBareLibrdkafka(const kafka::ClientConfig& config, const std::string& topic,
                            long records) {
    kafka::ClientConfig effective = config;
    effective.set("group.id", "bench-kafka-fetch");
    effective.set("enable.auto.commit", "false");
    kafka::ConfHandle conf = effective.build();
    char err[512];
    kafka::KafkaHandle rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), err, sizeof err));
    if (!rk) throw kafka::KafkaError(err);
    (void)conf.release();
    rd_kafka_poll_set_consumer(rk.get());
    kafka::QueueHandle queue(rd_kafka_queue_get_consumer(rk.get()));
    kafka::PartitionListHandle list(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), 0)->offset = 0;
    const auto start = Clock::now();
    rd_kafka_assign(rk.get(), list.get());
    std::vector<rd_kafka_message_t*> raw(2048);
    Read read;
    long seen = 0;
    while (seen < records) {
        const ssize_t n = rd_kafka_consume_batch_queue(queue.get(), 100, raw.data(), raw.size());
        for (ssize_t i = 0; i < n; ++i) {
            rd_kafka_message_t* m = raw[static_cast<std::size_t>(i)];
            if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                read.checksum += work({static_cast<const char*>(m->payload), m->len});
                ++seen;
            }
            rd_kafka_message_destroy(m);
        }
    }
    read.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    queue.reset();
    rd_kafka_assign(rk.get(), nullptr);
    return read;
}

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string one;
    in >> one;
    return one;
}

}  // namespace

int main(int argc, char** argv) {
    std::string bootstrap = argc > 1 ? argv[1] : "";
    if (bootstrap.empty())
        if (const char* env = std::getenv("RIVERDELTA_TEST_KAFKA_BOOTSTRAP")) bootstrap = env;
    if (bootstrap.empty()) {
        std::fprintf(stderr,
                     "usage: bench_kafka_fetch [BOOTSTRAP] [RECORDS] (or set "
                     "RIVERDELTA_TEST_KAFKA_BOOTSTRAP)\n");
        return 2;
    }
    const long records = argc > 2 ? std::atol(argv[2]) : 300'000;
    if (records <= 0) {
        std::fprintf(stderr, "bench_kafka_fetch: RECORDS must be a positive number\n");
        return 2;
    }
    try {
        std::mt19937_64 rng(std::random_device{}());
        const std::string topic = "bench-kafka-fetch-" + std::to_string(rng() % 1'000'000'000);
        const std::string filler(180, 'x');
        kafka::ClientConfig producerConfig;
        producerConfig.bootstrapServers = bootstrap;
        double bytes = 0;
        {
            kafka::Producer producer(producerConfig);
            for (long i = 0; i < records; ++i) {
                const std::string value = std::to_string(i) + filler;
                bytes += static_cast<double>(value.size());
                producer.produce(topic, "", value, 0);
            }
            if (!producer.flush(std::chrono::seconds(120)))
                throw kafka::KafkaError("producing the backlog: " + producer.lastError());
        }
        const double mb = bytes / 1e6;
        std::printf("bench_kafka_fetch: %ld records (%.0f MB) on %s, load average %s\n", records,
                    mb, bootstrap.c_str(), loadAverage().c_str());

        const auto shallow = readerConfig(bootstrap, "1024", "1048576");
        const auto deep = readerConfig(bootstrap, "65536", "67108864");
        const Read bare = readWithBareLibrdkafka(shallow, topic, records);
        const Read woken = readWithConsumer(shallow, topic, records);
        const Read target = readWithConsumer(deep, topic, records);
        if (bare.checksum != woken.checksum || woken.checksum != target.checksum)
            throw kafka::KafkaError("the three reads did not see the same records");
        auto line = [&](const char* what, const Read& r) {
            std::printf("  %-52s %7.2f s  %9.0f records/s  %4.0f MB/s\n", what, r.seconds,
                        static_cast<double>(records) / r.seconds, mb / r.seconds);
        };
        line("bare librdkafka, 1 MiB queue (baseline)", bare);
        line("kafka::Consumer, 1 MiB queue (FetchWaker)", woken);
        line("kafka::Consumer, 64 MiB queue (target)", target);
        std::printf("  wake-up rounds: %llu; 1 MiB queue: %.1fx the baseline, %.2fx the target\n",
                    static_cast<unsigned long long>(woken.wakeups), bare.seconds / woken.seconds,
                    target.seconds / woken.seconds);
        std::printf("  load average after: %s\n", loadAverage().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_kafka_fetch: %s\n", e.what());
        return 1;
    }
    return 0;
}
