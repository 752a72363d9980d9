#pragma once

#include <QtTest>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
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

}  // namespace riverdelta::testing
