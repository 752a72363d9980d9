#include "app/cli/run_cdc.h"

#include <cctype>
#include <cstdio>
#include <thread>

#include "app/cli/byte_size.h"
#include "engine/cdc/lsn.h"
#include "engine/core/log.h"
#include "engine/kafka/embedded_cluster.h"
#include "engine/postgres/connection.h"

namespace riverdelta::cli {

namespace {

std::string qualified(const std::string& table) {
    return table.find('.') == std::string::npos ? "public." + table : table;
}

}  // namespace

RunCdc::RunCdc(const generate::Program& program, const run::RunTargets& targets, Options options)
    : options_(std::move(options)) {
    if (targets.kafka.empty()) return;  // nowhere to capture into
    // The Kafka of unnamed generators, else the first one (a scenario has one in practice).
    auto k = targets.kafka.find("");
    const run::KafkaTarget& target =
        k != targets.kafka.end() ? k->second : targets.kafka.begin()->second;
    kafka_ = target.config;
    for (const auto& info : program.generators()) {
        if (info.kind != generate::TargetKind::Table) continue;
        auto it = targets.postgres.find(info.connection);
        if (it == targets.postgres.end()) it = targets.postgres.find("");
        if (it == targets.postgres.end()) continue;
        Capture* capture = nullptr;
        for (auto& c : captures_)
            if (c.conninfo == it->second.conninfo) capture = &c;
        if (!capture) {
            captures_.push_back({it->first, it->second.conninfo, {}, nullptr, {}});
            capture = &captures_.back();
        }
        const std::string table = qualified(info.target);
        bool known = false;
        for (const auto& t : capture->tables)
            known = known || t == table;
        if (!known) capture->tables.push_back(table);
    }
    // The sandbox's embedded cluster has no CreateTopics API: make the topics here.
    if (target.embedded)
        for (const auto& topic : topics())
            target.embedded->createTopic(topic, 1);
}

RunCdc::~RunCdc() {
    for (auto& c : captures_)
        if (c.source) c.source->stop();
}

std::vector<std::string> RunCdc::topics() const {
    std::vector<std::string> out;
    for (const auto& c : captures_)
        for (const auto& t : c.tables)
            out.push_back(options_.prefix + "." + t);
    return out;
}

std::vector<std::string> RunCdc::existingTables(const Capture& c) {
    std::vector<std::string> out;
    postgres::Connection db(c.conninfo);
    for (const auto& t : c.tables) {
        const std::optional<std::string> params[] = {t};
        if (!db.exec("SELECT to_regclass($1) IS NOT NULL", params).value(0, 0).starts_with("t"))
            continue;
        out.push_back(t);
    }
    return out;
}

void RunCdc::startCapture(Capture& c, const std::vector<std::string>& tables) {
    cdc::PgSourceOptions o;
    o.postgresConninfo = c.conninfo;
    // Slots are global to the server, so one per database: runs into two databases of the same
    // server never fight over one slot.
    {
        postgres::Connection db(c.conninfo);
        std::string slot = "riverdelta_";
        for (char ch : db.exec("SELECT current_database()").value(0, 0)) {
            const auto u = static_cast<unsigned char>(ch);
            slot += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
        }
        o.slotName = slot.substr(0, 63);
    }
    o.kafka = kafka_;
    o.tables = tables;
    o.topicPrefix = options_.prefix;
    o.dropSlotOnStop = options_.dropSlotOnStop;
    o.log = options_.log;
    c.source = std::make_unique<cdc::PgSource>(std::move(o));
    c.source->start();
}

void RunCdc::poll() {
    const auto now = std::chrono::steady_clock::now();
    if (now - lastPoll_ < std::chrono::milliseconds(200)) return;
    lastPoll_ = now;
    for (auto& c : captures_) {
        if (c.source) continue;
        try {
            // Only once the run created every table: the snapshot then covers them all.
            if (existingTables(c).size() == c.tables.size()) startCapture(c, c.tables);
        } catch (const std::exception& e) {
            c.note = e.what();  // e.g. the database is not up yet: try again next time
        }
    }
}

bool RunCdc::finish(std::chrono::milliseconds timeout, bool (*interrupted)()) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool complete = true;
    for (auto& c : captures_) {
        cdc::Lsn target;
        try {
            if (!c.source) {
                if (timeout.count() <= 0)
                    continue;  // interrupted or failed run: nothing to wait for
                const auto tables = existingTables(c);
                if (tables.empty()) {
                    c.note = "the run created none of its tables";
                    continue;
                }
                startCapture(c, tables);
            }
            // Everything committed up to now: the run's writes are all before this position.
            postgres::Connection db(c.conninfo);
            target = cdc::Lsn::fromString(db.exec("SELECT pg_current_wal_lsn()").value(0, 0));
        } catch (const std::exception& e) {
            c.note = e.what();
            complete = false;
            continue;
        }
        for (;;) {
            const auto s = c.source->status();
            if (s.state == cdc::SourceState::Failed || s.state == cdc::SourceState::Stopped) {
                complete = false;
                break;
            }
            if (s.state == cdc::SourceState::Streaming && s.confirmedLsn >= target) break;
            if (std::chrono::steady_clock::now() >= deadline || (interrupted && interrupted())) {
                complete = false;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    for (auto& c : captures_)
        if (c.source) c.source->stop();
    return complete;
}

std::vector<std::string> RunCdc::statusLines() const {
    std::vector<std::string> out;
    for (const auto& c : captures_) {
        std::string tables;
        for (const auto& t : c.tables)
            tables += (tables.empty() ? "" : ",") + t;
        if (!c.source) {
            out.push_back("cdc " + tables + ": waiting for the tables" +
                          (c.note.empty() ? "" : " (" + c.note + ")"));
            continue;
        }
        const auto s = c.source->status();
        char buffer[256];
        std::snprintf(buffer, sizeof buffer,
                      "cdc %s: %s, captured %llu, acked %llu, %.0f ev/s, lag %s %.1f s",
                      tables.c_str(), cdc::toString(s.state),
                      static_cast<unsigned long long>(s.eventsCaptured),
                      static_cast<unsigned long long>(s.eventsAcknowledged), s.eventsPerSecond,
                      formatBytes(s.lagBytes).c_str(), s.lagSeconds);
        std::string line = buffer;
        if (s.state == cdc::SourceState::Snapshotting)
            for (const auto& t : s.snapshot)
                line += ", " + t.table + " " + std::to_string(t.rowsDone) + "/" +
                        std::to_string(t.rowsTotal);
        if (s.state == cdc::SourceState::Failed) line += ": " + s.failureReason;
        out.push_back(std::move(line));
    }
    return out;
}

std::string RunCdc::failure() const {
    for (const auto& c : captures_)
        if (c.source) {
            const auto s = c.source->status();
            if (s.state == cdc::SourceState::Failed) return s.failureReason;
        }
    return {};
}

}  // namespace riverdelta::cli
