#include "engine/run/run_capture.h"

#include <algorithm>
#include <cctype>
#include <thread>

#include "engine/cdc/pg_source.h"
#include "engine/core/log.h"
#include "engine/generate/program.h"
#include "engine/kafka/producer.h"
#include "engine/kafka/topic_admin.h"
#include "engine/postgres/connection.h"

namespace riverdelta::run {

namespace {

std::string qualified(const std::string& table) {
    return table.find('.') == std::string::npos ? "public." + table : table;
}

// Slots are global to the server: one per database.
std::string slotFor(postgres::Connection& db) {
    std::string slot = "riverdelta_";
    // The result outlives the loop: a range-for over value() of a temporary Result reads freed
    // memory (ASan: heap-use-after-free), as the Result dies before the first iteration.
    const postgres::Result database = db.exec("SELECT current_database()");
    for (char ch : database.value(0, 0)) {
        const auto u = static_cast<unsigned char>(ch);
        slot += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
    }
    return slot.substr(0, 63);
}

// How long the run's own events wait for Kafka: its producers' message.timeout.ms.
std::chrono::milliseconds deliveryTimeoutOf(const kafka::ClientConfig& config) {
    for (const char* key : {"message.timeout.ms", "delivery.timeout.ms"}) {
        if (const auto* v = config.find(key)) {
            try {
                return std::chrono::milliseconds(std::stoll(*v));
            } catch (const std::exception&) {
                // the producer refuses it with a clear message
            }
        }
    }
    return kafka::Producer::kDefaultDeliveryTimeout;
}

long long wholeSeconds(std::chrono::steady_clock::duration d) {
    return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : ", ") + i;
    return out;
}

}  // namespace

RunCapture::RunCapture(const generate::Program& program, const RunTargets& targets, Options options)
    : options_(std::move(options)), deliveryTimeout_(kafka::Producer::kDefaultDeliveryTimeout) {
    if (targets.kafka.empty()) return;  // nowhere to capture into
    // The Kafka of unnamed generators, else the first one (a scenario has one in practice).
    auto k = targets.kafka.find("");
    const KafkaTarget& target =
        k != targets.kafka.end() ? k->second : targets.kafka.begin()->second;
    kafka_ = target.config;
    deliveryTimeout_ = deliveryTimeoutOf(kafka_);
    for (const auto& info : program.generators()) {
        if (info.stage < 0 || info.kind != generate::TargetKind::Table) continue;
        if (!info.connectionKind.empty() && info.connectionKind != "postgres") continue;
        auto it = targets.postgres.find(info.connection);
        if (it == targets.postgres.end()) it = targets.postgres.find("");
        if (it == targets.postgres.end()) continue;
        Capture* capture = nullptr;
        for (auto& c : captures_)
            if (c.conninfo == it->second.conninfo) capture = &c;
        if (!capture) {
            captures_.push_back({.connection = it->first, .conninfo = it->second.conninfo});
            capture = &captures_.back();
        }
        const std::string table = qualified(info.target);
        bool known = false;
        for (const auto& t : capture->tables)
            known = known || t == table;
        if (!known) capture->tables.push_back(table);
    }
    if (target.embedded) embedded_ = target.embedded;
}

void RunCapture::ensureTopics(std::chrono::milliseconds timeout) {
    if (topicsMade_) return;
    // Before any source produces, so they never depend on the broker auto-creating topics
    // (Confluent Cloud does not); one partition keeps each table's changes in commit order.
    std::vector<kafka::TopicSpec> specs;
    for (const auto& topic : topics())
        specs.push_back({topic, 1});
    kafka::ensureTopics(kafka_, embedded_, specs, timeout);
    topicsMade_ = true;
}

std::vector<std::string> RunCapture::tablesOf(const generate::Program& program) {
    std::vector<std::string> out;
    for (const auto& info : program.generators()) {
        if (info.stage < 0 || info.kind != generate::TargetKind::Table) continue;
        if (!info.connectionKind.empty() && info.connectionKind != "postgres") continue;
        const std::string table = qualified(info.target);
        if (std::find(out.begin(), out.end(), table) == out.end()) out.push_back(table);
    }
    return out;
}

RunCapture::~RunCapture() {
    stopSources(options_.freshTopics);
}

std::vector<std::string> RunCapture::topics() const {
    std::vector<std::string> out;
    for (const auto& c : captures_)
        for (const auto& t : c.tables)
            out.push_back(options_.prefix + "." + t);
    return out;
}

std::vector<std::string> RunCapture::existingTables(const std::string& conninfo,
                                                    const std::vector<std::string>& tables) {
    std::vector<std::string> out;
    postgres::Connection db(conninfo);
    for (const auto& t : tables) {
        const std::optional<std::string> params[] = {t};
        if (db.exec("SELECT to_regclass($1) IS NOT NULL", params).value(0, 0).starts_with("t"))
            out.push_back(t);
    }
    return out;
}

void RunCapture::startCapture(std::size_t index, const std::vector<std::string>& tables,
                              std::chrono::milliseconds topicWait,
                              std::optional<std::chrono::milliseconds> sourceWait) {
    std::string conninfo;
    bool firstStart = false;
    {
        std::lock_guard lock(mutex_);
        conninfo = captures_[index].conninfo;
        firstStart = !captures_[index].startedOnce;
    }
    ensureTopics(topicWait);
    cdc::PgSourceOptions o;
    o.kafkaConnectWait = sourceWait.value_or(deliveryTimeout_);
    o.kafkaOutageLimit = deliveryTimeout_;
    o.postgresConninfo = conninfo;
    {
        postgres::Connection db(conninfo);
        o.slotName = slotFor(db);
    }
    o.kafka = kafka_;
    o.tables = tables;
    o.topicPrefix = options_.prefix;
    o.restartSlot = options_.freshTopics && firstStart;
    o.log = options_.log;
    auto source = std::make_shared<cdc::PgSource>(std::move(o));
    source->start();
    std::lock_guard lock(mutex_);
    Capture& c = captures_[index];
    retire(c);
    c.source = std::move(source);
    c.startedOnce = true;
    c.note.clear();
}

void RunCapture::retire(Capture& c) {
    if (!c.source) return;
    const auto last = c.source->status();
    c.carriedCaptured += last.eventsCaptured;
    c.carriedAcknowledged += last.eventsAcknowledged;
    for (const auto& t : last.tableEvents)
        c.carriedTableEvents[t.table] += t.events;
    c.source.reset();
}

void RunCapture::poll() {
    const auto now = std::chrono::steady_clock::now();
    if (now - lastPoll_ < std::chrono::milliseconds(100)) return;
    lastPoll_ = now;
    for (std::size_t i = 0; i < captures_.size(); ++i) {
        std::string conninfo;
        std::vector<std::string> tables;
        {
            std::lock_guard lock(mutex_);
            const Capture& c = captures_[i];
            // A running source goes on; a failed one stays failed (its reason shows) until
            // stop() and resume(); a stopped one starts again.
            if (!wanted_ || (c.source && c.source->status().state != cdc::SourceState::Stopped))
                continue;
            conninfo = c.conninfo;
            tables = c.tables;
        }
        try {
            // Only once the run created every table: the snapshot then covers them all.
            const auto existing = existingTables(conninfo, tables);
            if (existing.size() == tables.size()) {
                startCapture(i, tables);
            } else {
                std::lock_guard lock(mutex_);
                captures_[i].note = "waiting for the run to create its tables";
            }
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex_);
            captures_[i].note = e.what();  // e.g. the database is not up yet: try again
        }
    }
}

void RunCapture::stopSources(bool dropSlots) {
    std::vector<std::shared_ptr<cdc::PgSource>> stopping;
    {
        std::lock_guard lock(mutex_);
        for (auto& c : captures_)
            if (c.source) stopping.push_back(c.source);  // kept: its last status stays visible
    }
    for (auto& source : stopping)
        dropSlots ? source->stopAndDropSlot() : source->stop();
}

void RunCapture::stop() {
    {
        std::lock_guard lock(mutex_);
        wanted_ = false;
    }
    stopSources(false);
}

void RunCapture::resume() {
    std::lock_guard lock(mutex_);
    wanted_ = true;
    lastPoll_ = {};
    for (auto& c : captures_)
        if (c.source && c.source->status().state == cdc::SourceState::Failed)
            retire(c);  // a new start tries again; its counts stay in the totals
}

bool RunCapture::finish(std::chrono::milliseconds timeout, bool (*interrupted)(),
                        StartMissing startMissing) {
    const auto begun = std::chrono::steady_clock::now();
    // A capture that has not started yet gets as long as the run's own events would wait.
    const auto startDeadline = begun + deliveryTimeout_;
    bool complete = true;
    shortfall_.clear();
    std::vector<std::string> slotsKept;
    for (std::size_t i = 0; i < captures_.size(); ++i) {
        std::shared_ptr<cdc::PgSource> source;
        std::string conninfo;
        std::vector<std::string> tables;
        {
            std::lock_guard lock(mutex_);
            source = captures_[i].source;
            conninfo = captures_[i].conninfo;
            tables = captures_[i].tables;
        }
        if (!source && (timeout.count() <= 0 || startMissing == StartMissing::No)) continue;
        const bool startedHere = !source;
        if (!source) {
            std::string lastError;
            bool noTables = false;
            for (;;) {
                const auto now = std::chrono::steady_clock::now();
                const auto left =
                    std::chrono::duration_cast<std::chrono::milliseconds>(startDeadline - now);
                try {
                    const auto existing = existingTables(conninfo, tables);
                    if (existing.empty()) {
                        noTables = true;
                        break;
                    }
                    startCapture(i, existing,
                                 std::clamp(left, std::chrono::milliseconds(1000),
                                            std::chrono::milliseconds(30000)),
                                 std::max(left, std::chrono::milliseconds(1000)));
                    std::lock_guard lock(mutex_);
                    source = captures_[i].source;
                    break;
                } catch (const std::exception& e) {
                    lastError = e.what();
                    std::lock_guard lock(mutex_);
                    captures_[i].note = lastError + " (trying again)";
                }
                if (std::chrono::steady_clock::now() >= startDeadline ||
                    (interrupted && interrupted()))
                    break;
                std::this_thread::sleep_for(std::chrono::seconds(1));
            }
            if (noTables) {
                std::lock_guard lock(mutex_);
                captures_[i].note = "the run created none of its tables";
                continue;
            }
            if (!source) {
                complete = false;
                // Say only what is so: whether a slot holds these changes is asked, not assumed.
                std::string slotFact;
                try {
                    postgres::Connection db(conninfo);
                    const std::string slot = slotFor(db);
                    const std::optional<std::string> params[] = {slot};
                    const bool exists =
                        db.exec("SELECT count(*) FROM pg_replication_slots WHERE slot_name = $1",
                                params)
                            .value(0, 0) != "0";
                    slotFact = exists ? "replication slot " + slot +
                                            " (from an earlier capture) keeps the changes since "
                                            "its position for the next start"
                                      : "no replication slot exists, so none of these changes "
                                        "are kept for later; the next capture starts with a "
                                        "snapshot of the tables";
                } catch (const std::exception& e) {
                    slotFact = std::string("whether a replication slot keeps them is unknown (") +
                               e.what() + ")";
                }
                std::lock_guard lock(mutex_);
                captures_[i].failure =
                    "change data capture of " + joined(tables) + " never started: " + lastError +
                    " (tried for " +
                    std::to_string(wholeSeconds(std::chrono::steady_clock::now() - begun)) +
                    " s, as long as the run's own events wait for Kafka); " + slotFact;
                captures_[i].note = captures_[i].failure;
                continue;
            }
        }
        cdc::Lsn target;
        try {
            // Everything committed up to now: the run's writes are all before this position.
            // The insert position, not pg_current_wal_lsn(): with synchronous_commit = off a
            // commit returns before its record is written, and the written position can still
            // be short of the run's last commits, so the capture stopped without them.
            postgres::Connection db(conninfo);
            target =
                cdc::Lsn::fromString(db.exec("SELECT pg_current_wal_insert_lsn()").value(0, 0));
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex_);
            captures_[i].note = e.what();
            complete = false;
            continue;
        }
        // A capture started late here still gets the whole timeout to deliver.
        const auto waitUntil =
            startedHere ? std::chrono::steady_clock::now() + timeout : begun + timeout;
        for (;;) {
            const auto s = source->status();
            if (s.state == cdc::SourceState::Failed || s.state == cdc::SourceState::Stopped) {
                complete = false;
                break;
            }
            if (s.state == cdc::SourceState::Streaming && s.confirmedLsn >= target) break;
            if (std::chrono::steady_clock::now() >= waitUntil || (interrupted && interrupted())) {
                complete = false;
                // Starting: the slot may not exist yet, so none is claimed.
                if (s.state != cdc::SourceState::Starting && !s.slot.empty())
                    slotsKept.push_back(s.slot);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    if (!complete) {
        const auto waited = wholeSeconds(std::chrono::steady_clock::now() - begun);
        shortfall_ = "cdc did not deliver every change within " + std::to_string(waited) + " s; ";
        if (options_.freshTopics)
            shortfall_ += "the sandbox's slot ends with this run, so the rest is not in Kafka";
        else if (!slotsKept.empty())
            shortfall_ += "slot " + joined(slotsKept) + " keeps the rest for the next start";
        else
            shortfall_ += "see the capture lines above for what is left";
    }
    {
        std::lock_guard lock(mutex_);
        wanted_ = false;
    }
    stopSources(options_.freshTopics);
    return complete;
}

std::string RunCapture::shortfall() const {
    return failure().empty() ? shortfall_ : std::string();
}

bool RunCapture::started() const {
    std::lock_guard lock(mutex_);
    return std::any_of(captures_.begin(), captures_.end(),
                       [](const Capture& c) { return c.startedOnce; });
}

std::vector<CaptureStatus> RunCapture::status() const {
    std::vector<CaptureStatus> out;
    std::lock_guard lock(mutex_);
    for (const auto& c : captures_) {
        CaptureStatus s;
        s.connection = c.connection;
        s.tables = c.tables;
        for (const auto& t : c.tables)
            s.topics.push_back(options_.prefix + "." + t);
        s.wanted = wanted_;
        s.note = c.note;
        s.failure = c.failure;
        if (c.source) s.source = c.source->status();
        s.eventsCaptured = c.carriedCaptured + (s.source ? s.source->eventsCaptured : 0);
        s.eventsAcknowledged =
            c.carriedAcknowledged + (s.source ? s.source->eventsAcknowledged : 0);
        for (std::size_t i = 0; i < c.tables.size(); ++i) {
            cdc::TableEvents t{c.tables[i], s.topics[i], 0};
            if (auto it = c.carriedTableEvents.find(t.table); it != c.carriedTableEvents.end())
                t.events = it->second;
            if (s.source)
                for (const auto& e : s.source->tableEvents)
                    if (e.table == t.table) t.events += e.events;
            s.tableEvents.push_back(std::move(t));
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::string RunCapture::failure() const {
    {
        std::lock_guard lock(mutex_);
        for (const auto& c : captures_)
            if (!c.failure.empty()) return c.failure;
    }
    for (const auto& c : status())
        if (c.source && c.source->state == cdc::SourceState::Failed) return c.source->failureReason;
    return {};
}

bool RunCapture::readyForChanges() const {
    for (const auto& c : status()) {
        if (!c.wanted) continue;
        if (!c.source || c.source->state == cdc::SourceState::Starting) return false;
    }
    return true;
}

}  // namespace riverdelta::run
