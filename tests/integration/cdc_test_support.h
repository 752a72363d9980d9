#pragma once

#include <QtTest>
#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/cdc/pg_source.h"
#include "engine/kafka/consumer.h"
#include "engine/postgres/connection.h"
#include "support/test_env.h"

// Shared by the CDC integration tests: a throwaway database per test (slots and publications
// are per database, so tests running in parallel never see each other's), topic reading and
// waiting on a source's status.
namespace riverdelta::testing {

// Creates database `name` through the services' conninfo; returns a conninfo for it.
inline std::string createDatabase(const std::string& conninfo, const std::string& name) {
    postgres::Connection admin(conninfo);
    admin.exec("CREATE DATABASE \"" + name + "\"");
    return conninfo + " dbname=" + name;
}

// Drops the slots of the database and the database itself (best effort: cleanup).
inline void dropDatabase(const std::string& conninfo, const std::string& name) {
    try {
        postgres::Connection admin(conninfo);
        for (int i = 0; i < 50; ++i) {
            auto active =
                admin.exec("SELECT count(*) FROM pg_replication_slots WHERE database = '" + name +
                           "' AND active");
            if (active.value(0, 0) == "0") break;
            QThread::msleep(100);
        }
        admin.exec(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
            "WHERE database = '" +
            name + "' AND NOT active");
        admin.exec("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    } catch (const std::exception& e) {
        qWarning("cleanup of database %s: %s", name.c_str(), e.what());
    }
}

inline std::string lowerUnique(const std::string& prefix) {
    std::string out = uniqueName(prefix);
    for (char& c : out)
        if (c == '-') c = '_';
    return out;
}

struct TopicRecord {
    std::string key;
    bool tombstone = false;
    nlohmann::json value;  // null for tombstones
    std::int64_t offset = 0;
};

// Reads `topic` (partition 0) from the beginning until at least `atLeast` records and the end
// of the partition were seen.
inline std::vector<TopicRecord> readTopic(const std::string& bootstrap, const std::string& topic,
                                          std::size_t atLeast,
                                          std::chrono::seconds timeout = std::chrono::seconds(60)) {
    kafka::ClientConfig config;
    config.bootstrapServers = bootstrap;
    kafka::Consumer consumer(config);
    const kafka::TopicPartitionOffset assignment[] = {{topic, 0, RD_KAFKA_OFFSET_BEGINNING}};
    consumer.assign(assignment);
    std::vector<TopicRecord> out;
    bool atEnd = false;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while ((out.size() < atLeast || !atEnd) && std::chrono::steady_clock::now() < deadline) {
        auto msg = consumer.poll(std::chrono::milliseconds(200));
        if (!msg) continue;
        if (msg->isPartitionEof()) {
            atEnd = true;
            continue;
        }
        if (msg->error() != RD_KAFKA_RESP_ERR_NO_ERROR) continue;  // e.g. topic not there yet
        atEnd = false;
        TopicRecord r;
        r.key = std::string(msg->key());
        r.tombstone = msg->isTombstone();
        r.offset = msg->offset();
        if (!r.tombstone) r.value = nlohmann::json::parse(msg->payload());
        out.push_back(std::move(r));
    }
    return out;
}

// Hands `onRecord` every record of `topic`'s first `partitions` partitions up to each one's end
// as it is now, for a topic nobody writes any more (the run that wrote it has exited): the high
// watermarks say when all is read, so an extra record shows without waiting out a deadline.
// What `timeout` cuts off is never handed over, for the caller's count to show.
inline void readToWatermarks(const std::string& bootstrap, const std::string& topic, int partitions,
                             std::chrono::seconds timeout,
                             const std::function<void(const kafka::Message&)>& onRecord) {
    kafka::ClientConfig config;
    config.bootstrapServers = bootstrap;
    kafka::Consumer consumer(config);
    std::map<std::int32_t, std::int64_t> ends;
    std::vector<kafka::TopicPartitionOffset> assignment;
    for (std::int32_t p = 0; p < partitions; ++p) {
        ends[p] = consumer.queryWatermarks(topic, p, timeout).high;
        assignment.push_back({topic, p, RD_KAFKA_OFFSET_BEGINNING});
    }
    consumer.assign(assignment);
    std::set<std::int32_t> atEnd;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (static_cast<int>(atEnd.size()) < partitions &&
           std::chrono::steady_clock::now() < deadline) {
        auto msg = consumer.poll(std::chrono::milliseconds(200));
        if (!msg) continue;
        if (msg->isPartitionEof()) {
            if (msg->offset() >= ends[msg->partition()]) atEnd.insert(msg->partition());
            continue;
        }
        if (msg->error() != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
        onRecord(*msg);
    }
}

// Every record of a finished run's one-partition topic (readToWatermarks), its value parsed.
inline std::vector<TopicRecord> readWholeTopic(
    const std::string& bootstrap, const std::string& topic,
    std::chrono::seconds timeout = std::chrono::seconds(60)) {
    std::vector<TopicRecord> out;
    readToWatermarks(bootstrap, topic, 1, timeout, [&](const kafka::Message& msg) {
        TopicRecord r;
        r.key = std::string(msg.key());
        r.tombstone = msg.isTombstone();
        r.offset = msg.offset();
        if (!r.tombstone) r.value = nlohmann::json::parse(msg.payload());
        out.push_back(std::move(r));
    });
    return out;
}

// Polls the source until `done` holds; fails the test on timeout or when the source fails.
inline bool waitForStatus(const cdc::PgSource& source,
                          const std::function<bool(const cdc::SourceStatus&)>& done,
                          std::chrono::seconds timeout, cdc::SourceStatus* last = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto s = source.status();
        if (last) *last = s;
        if (done(s)) return true;
        if (s.state == cdc::SourceState::Failed || std::chrono::steady_clock::now() > deadline)
            return false;
        QThread::msleep(50);
    }
}

// Options for a source on `conninfo` with its own topic prefix, slot and publication.
inline cdc::PgSourceOptions sourceOptions(const std::string& conninfo, const std::string& bootstrap,
                                          std::vector<std::string> tables) {
    cdc::PgSourceOptions o;
    o.postgresConninfo = conninfo;
    o.kafka.bootstrapServers = bootstrap;
    o.tables = std::move(tables);
    o.topicPrefix = lowerUnique("rh");
    o.slotName = lowerUnique("slot");
    o.publicationName = "pub_" + o.slotName;
    return o;
}

// waitForStatus's condition for "streaming, with exactly `events` acknowledged by Kafka".
inline std::function<bool(const cdc::SourceStatus&)> streamingWithAcknowledged(
    std::uint64_t events) {
    return [events](const cdc::SourceStatus& s) {
        return s.state == cdc::SourceState::Streaming && s.eventsAcknowledged == events;
    };
}

// How many records of each kind a topic holds: by `op` ("r", "c", "u", "d", "t"), and
// "tombstone".
inline std::map<std::string, int> countOps(const std::vector<TopicRecord>& records) {
    std::map<std::string, int> out;
    for (const auto& r : records)
        ++out[r.tombstone ? std::string("tombstone") : r.value["op"].get<std::string>()];
    return out;
}

}  // namespace riverdelta::testing
