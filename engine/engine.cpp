#include "engine/engine.h"

#include <fmt/format.h>

#include <ctime>

#include "engine/core/error.h"
#include "engine/kafka/embedded_cluster.h"
#include "engine/lake/storage/lake_location.h"
#include "engine/lake/sync/table_offsets.h"
#include "engine/postgres/connection.h"
#include "engine/profiles/profile_connections.h"
#include "engine/report/run_report_session.h"
#include "engine/sandbox/sandbox.h"
#include "engine/topics/topics_worker.h"

namespace riverdelta {

namespace {

// 20261205-143000, local time: names a sandbox session's lake folder.
std::string sessionStamp() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%d-%H%M%S", &local);
    return buffer;
}

}  // namespace

const char* toString(ServiceState state) {
    switch (state) {
        case ServiceState::Stopped:
            return "stopped";
        case ServiceState::Starting:
            return "starting";
        case ServiceState::Connected:
            return "connected";
        case ServiceState::Failed:
            return "failed";
    }
    return "stopped";
}

Engine::Engine(EngineOptions options)
    : options_(std::move(options)), connection_(options_.connection) {
    snapshot_.environment = connection_.describe();
    if (options_.startSandbox) {
        // Visible as "starting" from the very first snapshot, before the worker picks it up.
        snapshot_.kafka.state = ServiceState::Starting;
        snapshot_.postgres.state = ServiceState::Starting;
        commands_.push(command::StartSandbox{});
    }
    worker_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

Engine::~Engine() {
    commands_.push(command::StopSandbox{});  // also ends every sync (it needs the cluster)
    commands_.close();
    worker_.request_stop();
    if (worker_.joinable()) worker_.join();
}

void Engine::post(Command command) {
    commands_.push(std::move(command));
}

Snapshot Engine::snapshot() const {
    run::ScenarioStatus scenario = scenario_.status();
    std::lock_guard lock(stateMutex_);
    Snapshot copy = snapshot_;
    copy.scenario = std::move(scenario);
    copy.takenAt = std::chrono::system_clock::now();
    for (const auto& [topic, job] : syncs_)
        copy.syncs.push_back(job->status());
    if (topics_) copy.topics = topics_->catalog();
    return copy;
}

std::optional<SandboxEndpoints> Engine::sandboxEndpoints() const {
    std::lock_guard lock(stateMutex_);
    return endpoints_;
}

template <typename F>
void Engine::update(F&& change) {
    std::lock_guard lock(stateMutex_);
    change(snapshot_);
    ++snapshot_.version;
}

void Engine::run(std::stop_token stop) {
    // Drain every queued command, including the final StopSandbox after close().
    for (;;) {
        // Short: the capture's start (polled here) is what a run's first update waits for.
        auto command = commands_.pop(std::chrono::milliseconds(50));
        sampleReport();
        scenario_.poll();
        if (!command) {
            if (commands_.closed() || stop.stop_requested()) break;
            continue;
        }
        std::visit([this](const auto& c) { handle(c); }, *command);
    }
}

void Engine::handle(const command::StartSandbox&) {
    connectKafka();
    connectPostgres();
}

void Engine::connectKafka() {
    if (connection_.kafka) {
        const KafkaConnection& k = *connection_.kafka;
        const std::string what = "profile '" + k.profile + "'";
        update([&](Snapshot& s) {
            s.kafka = {ServiceState::Starting, k.config.bootstrapServers, what, {}};
        });
        const auto check = profiles::checkKafka(k.config, std::chrono::seconds(15));
        if (!check.ok) {
            update([&](Snapshot& s) {
                s.kafka = {ServiceState::Failed, k.config.bootstrapServers, what, check.message};
            });
            log_.write(core::LogLevel::Error, "connection", "Kafka " + what + ": " + check.message);
            return;
        }
        {
            std::lock_guard lock(stateMutex_);
            live_.kafka = k.config;
            live_.kafkaEmbedded = false;
            live_.registry =
                connection_.registry ? connection_.registry->config : registry::RegistryConfig{};
        }
        const auto* protocol = k.config.find("security.protocol");
        update([&](Snapshot& s) {
            s.kafka = {ServiceState::Connected,
                       k.config.bootstrapServers,
                       what + " (" + (protocol ? *protocol : std::string("PLAINTEXT")) + "), " +
                           check.message,
                       {}};
            s.lakeRoot = (options_.dataDirectory / "lake" / k.profile).string();
        });
        log_.write(core::LogLevel::Info, "connection", "Kafka " + what + ": " + check.message);
        startTopics(k.config);
        return;
    }

    if (!sandbox_)
        sandbox_ = std::make_unique<sandbox::Sandbox>(options_.dataDirectory / "sandbox");
    update([](Snapshot& s) { s.kafka = {ServiceState::Starting, {}, "embedded cluster", {}}; });
    try {
        // The cluster lives in memory: a table synced from an earlier one would hold offsets
        // this one never had, so each of its sessions gets a lake folder of its own.
        if (!sandbox_->kafkaRunning())
            sandboxLakeRoot_ =
                (options_.dataDirectory / "lake" / ("sandbox-" + sessionStamp())).string();
        sandbox_->startKafka();
        const std::string bootstrap = sandbox_->cluster()->bootstrapServers();
        const std::string detail = fmt::format(
            "embedded cluster (librdkafka mock), in memory; each partition keeps about the newest "
            "{} MiB / {} message sets",
            kafka::EmbeddedCluster::kRetainedBytesPerPartition / (1024 * 1024),
            kafka::EmbeddedCluster::kRetainedMessageSetsPerPartition);
        {
            std::lock_guard lock(stateMutex_);
            // Before anyone can see "connected".
            if (!endpoints_) endpoints_.emplace();
            endpoints_->kafkaBootstrap = bootstrap;
            live_.kafka = sandbox_->kafkaClientConfig();
            live_.kafkaEmbedded = true;
            live_.registry =
                connection_.registry ? connection_.registry->config : registry::RegistryConfig{};
        }
        update([&](Snapshot& s) {
            s.kafka = {ServiceState::Connected, bootstrap, detail, {}};
            s.kafkaInMemory = true;
            s.lakeRoot = sandboxLakeRoot_;
        });
        log_.write(core::LogLevel::Info, "sandbox", "embedded Kafka listening on " + bootstrap);
        startTopics(sandbox_->kafkaClientConfig());
    } catch (const std::exception& e) {
        update([&](Snapshot& s) {
            s.kafka = {ServiceState::Failed, {}, "embedded cluster", e.what()};
        });
        log_.write(core::LogLevel::Error, "sandbox", e.what());
    }
}

void Engine::connectPostgres() {
    if (connection_.postgres) {
        const PostgresConnection& p = *connection_.postgres;
        const std::string what = "profile '" + p.profile + "'";
        const std::string where = postgres::Connection::describe(p.conninfo);
        update([&](Snapshot& s) { s.postgres = {ServiceState::Starting, where, what, {}}; });
        const auto check = profiles::checkPostgres(p.conninfo);
        if (!check.ok) {
            update([&](Snapshot& s) {
                s.postgres = {ServiceState::Failed, where, what, check.message};
            });
            log_.write(core::LogLevel::Error, "connection",
                       "PostgreSQL " + what + ": " + check.message);
            return;
        }
        // Runs work at any wal_level; change data capture needs logical.
        std::string walNote;
        try {
            postgres::Connection db(p.conninfo);
            const std::string wal(db.exec("SHOW wal_level").value(0, 0));
            if (wal != "logical")
                walNote = "; wal_level is " + wal + ": change data capture needs logical";
        } catch (const std::exception&) {
        }
        {
            std::lock_guard lock(stateMutex_);
            live_.postgres = p.conninfo;
        }
        update([&](Snapshot& s) {
            s.postgres = {
                ServiceState::Connected, where, what + ", " + check.message + walNote, {}};
        });
        log_.write(walNote.empty() ? core::LogLevel::Info : core::LogLevel::Warning, "connection",
                   "PostgreSQL " + what + ": " + check.message + walNote);
        return;
    }

    if (!sandbox_)
        sandbox_ = std::make_unique<sandbox::Sandbox>(options_.dataDirectory / "sandbox");
    update([](Snapshot& s) { s.postgres = {ServiceState::Starting, {}, "private server", {}}; });
    try {
        auto ep = sandbox_->startPostgres();
        {
            std::lock_guard lock(stateMutex_);
            if (!endpoints_) endpoints_.emplace();
            endpoints_->postgresConninfo = ep.conninfo;
            live_.postgres = ep.conninfo;
        }
        const std::string detail =
            fmt::format("private PostgreSQL {} (wal_level=logical), data in {}{}", ep.serverVersion,
                        ep.dataDirectory, ep.reusedCluster ? ", reused" : ", new cluster");
        update([&](Snapshot& s) {
            s.postgres = {ServiceState::Connected, ep.description, detail, {}};
        });
        log_.write(core::LogLevel::Info, "sandbox",
                   "PostgreSQL " + ep.serverVersion + " ready on " + ep.description);
    } catch (const std::exception& e) {
        update([&](Snapshot& s) {
            s.postgres = {ServiceState::Failed, {}, "private server", e.what()};
        });
        log_.write(core::LogLevel::Error, "sandbox", e.what());
    }
}

void Engine::endConnectionWork() {
    scenario_.endRun();  // its producers and writers need the services
    stopAllSyncs();
    stopTopics();
}

void Engine::handle(const command::Connect& c) {
    endConnectionWork();
    connection_ = c.connection;
    {
        std::lock_guard lock(stateMutex_);
        live_ = {};
    }
    // A sandbox half nothing uses any more stops (the embedded cluster's data goes with it).
    if (sandbox_) {
        try {
            if (connection_.kafka && sandbox_->kafkaRunning()) sandbox_->stopKafka();
            if (connection_.postgres && sandbox_->postgresRunning()) sandbox_->stopPostgres();
        } catch (const std::exception& e) {
            log_.write(core::LogLevel::Error, "sandbox", e.what());
        }
        std::lock_guard lock(stateMutex_);
        if (endpoints_) {
            if (!sandbox_->kafkaRunning()) endpoints_->kafkaBootstrap.clear();
            if (!sandbox_->postgresRunning()) endpoints_->postgresConninfo.clear();
            if (endpoints_->kafkaBootstrap.empty() && endpoints_->postgresConninfo.empty())
                endpoints_.reset();
        }
    }
    update([&](Snapshot& s) {
        s.environment = connection_.describe();
        s.lakeRoot.clear();
        s.kafkaInMemory = false;
        s.kafka = {ServiceState::Starting, {}, {}, {}};
        s.postgres = {ServiceState::Starting, {}, {}, {}};
    });
    log_.write(core::LogLevel::Info, "connection", "connecting to " + connection_.describe());
    connectKafka();
    connectPostgres();
}

void Engine::handle(const command::StopSandbox&) {
    endConnectionWork();
    {
        std::lock_guard lock(stateMutex_);
        live_ = {};
    }
    if (!sandbox_) return;
    try {
        sandbox_->stop();
    } catch (const std::exception& e) {
        log_.write(core::LogLevel::Error, "sandbox", e.what());
    }
    sandbox_.reset();
    update([this](Snapshot& s) {
        if (!connection_.kafka) s.kafka = {ServiceState::Stopped, {}, "embedded cluster", {}};
        if (!connection_.postgres) s.postgres = {ServiceState::Stopped, {}, "private server", {}};
    });
    std::lock_guard lock(stateMutex_);
    endpoints_.reset();
    log_.write(core::LogLevel::Info, "sandbox", "sandbox stopped");
}

}  // namespace riverdelta

namespace riverdelta {

void Engine::handle(const command::EnableSync& c) {
    std::optional<kafka::ClientConfig> kafka;
    std::string lakeRoot;
    {
        std::lock_guard lock(stateMutex_);
        kafka = live_.kafka;
        lakeRoot = snapshot_.lakeRoot;
        if (syncs_.count(c.topic)) return;  // already enabled
    }
    if (!kafka) {
        log_.write(core::LogLevel::Error, "lake",
                   "cannot sync " + c.topic + ": Kafka is not connected");
        return;
    }
    lake::sync::SyncOptions o;
    o.topic = c.topic;
    o.tableLocation =
        c.location.empty()
            ? std::filesystem::path(
                  lake::storage::LakeLocation::parse(lakeRoot).child(c.topic).toString())
            : c.location;
    o.s3 = c.s3;
    o.kafka = *kafka;
    o.errorPolicy = c.errorPolicy;
    o.avroSchema = c.avroSchema;
    o.schemaRegistry = c.schemaRegistry;
    if (o.schemaRegistry.empty() && connection_.registry)
        o.schemaRegistry = connection_.registry->config;
    if (c.onlyIfOffsetsFit && !c.location.empty()) resumeOrStartAnew(o, lakeRoot);
    auto job = std::make_unique<lake::sync::SyncJob>(std::move(o));
    job->start();
    log_.write(core::LogLevel::Info, "lake",
               "sync enabled: " + c.topic + " → " + job->status().location);
    std::lock_guard lock(stateMutex_);
    syncs_.emplace(c.topic, std::move(job));
    ++snapshot_.version;
}

void Engine::resumeOrStartAnew(lake::sync::SyncOptions& o, const std::string& lakeRoot) {
    const std::string fresh =
        lake::storage::LakeLocation::parse(lakeRoot).child(o.topic).toString();
    std::string why;
    try {
        why = lake::sync::offsetsMismatch(o, std::chrono::seconds(5)).value_or(std::string());
    } catch (const std::exception& e) {
        why = e.what();
    }
    // On the same location the job itself fails with the reason; nothing to choose.
    if (why.empty() || fresh == o.tableLocation.string()) return;
    log_.write(core::LogLevel::Warning, "lake",
               "sync of " + o.topic + " not resumed into its earlier table: " + why +
                   "; syncing into a new table " + fresh);
    o.tableLocation = fresh;
}

void Engine::handle(const command::DisableSync& c) {
    std::unique_ptr<lake::sync::SyncJob> job;
    {
        std::lock_guard lock(stateMutex_);
        auto it = syncs_.find(c.topic);
        if (it == syncs_.end()) return;
        job = std::move(it->second);
        syncs_.erase(it);
        ++snapshot_.version;
    }
    job->stop();  // commits what is buffered; outside the lock so snapshots never wait on it
    log_.write(core::LogLevel::Info, "lake", "sync disabled: " + c.topic);
}

void Engine::handle(const command::PauseSync& c) {
    std::lock_guard lock(stateMutex_);
    if (auto it = syncs_.find(c.topic); it != syncs_.end()) it->second->pause();
}

void Engine::handle(const command::ResumeSync& c) {
    std::lock_guard lock(stateMutex_);
    if (auto it = syncs_.find(c.topic); it != syncs_.end()) it->second->resume(c.errorPolicy);
}

void Engine::stopAllSyncs() {
    std::map<std::string, std::unique_ptr<lake::sync::SyncJob>> stopping;
    {
        std::lock_guard lock(stateMutex_);
        stopping.swap(syncs_);
        ++snapshot_.version;
    }
    stopping.clear();  // each job commits what it buffered
}

}  // namespace riverdelta

namespace riverdelta {

void Engine::startTopics(const kafka::ClientConfig& cluster) {
    kafka::ClientConfig config = cluster;
    config.name = cluster.name.empty() ? "topics view" : cluster.name + " (topics view)";
    // changed(): bump the version so readers see the new catalog; never called under a lock.
    auto worker =
        std::make_unique<topics::TopicsWorker>(config, log_, [this] { update([](Snapshot&) {}); });
    std::lock_guard lock(stateMutex_);
    topics_ = std::move(worker);
}

void Engine::stopTopics() {
    std::unique_ptr<topics::TopicsWorker> stopping;
    {
        std::lock_guard lock(stateMutex_);
        stopping.swap(topics_);
    }
    stopping.reset();  // joins its thread outside the lock (it may be calling update())
}

std::unique_ptr<topics::TopicTail> Engine::openTail(topics::TailOptions options) const {
    std::lock_guard lock(stateMutex_);
    if (!live_.kafka) return nullptr;
    kafka::ClientConfig config = *live_.kafka;
    config.name =
        live_.kafka->name.empty() ? "message browser" : live_.kafka->name + " (message browser)";
    return std::make_unique<topics::TopicTail>(std::move(config), live_.registry,
                                               std::move(options), tailReaper_);
}

run::TargetOverrides Engine::scenarioTargets() const {
    run::TargetOverrides t;
    std::lock_guard lock(stateMutex_);
    if (live_.kafka) {
        run::KafkaTarget k;
        k.config = *live_.kafka;
        if (live_.kafkaEmbedded && sandbox_) k.embedded = sandbox_->cluster();
        k.label = connection_.kafka ? "profile '" + connection_.kafka->profile + "'"
                                    : "sandbox " + k.config.bootstrapServers;
        if (connection_.registry) {
            // Values as Avro in the Confluent wire format, their schemas registered there.
            k.registry = connection_.registry->config;
            k.valueSerializer = kafka::Serializer::Avro;
        }
        t.kafka = std::move(k);
    }
    if (live_.postgres)
        t.postgres = run::PostgresTarget{
            *live_.postgres, std::nullopt,
            connection_.postgres ? "profile '" + connection_.postgres->profile + "'" : "sandbox"};
    return t;
}

void Engine::handle(const command::LoadScenario& c) {
    scenario_.load(c.source);
}

void Engine::handle(const command::StartAll&) {
    scenario_.startAll(scenarioTargets());
}

void Engine::handle(const command::StopAll&) {
    scenario_.stopAll();
}

void Engine::handle(const command::StartStream& c) {
    scenario_.start(c.generator, scenarioTargets());
}

void Engine::handle(const command::StopStream& c) {
    scenario_.stop(c.generator);
}

void Engine::handle(const command::SetSpeed& c) {
    scenario_.setSpeed(c.speed);
}

void Engine::handle(const command::SetContinuous& c) {
    scenario_.setContinuous(c.continuous);
}

void Engine::handle(const command::NewRun&) {
    scenario_.endRun();
    log_.write(core::LogLevel::Info, "scenario", "new run: counts start from zero");
}

void Engine::handle(const command::StartCapture&) {
    scenario_.startCapture(scenarioTargets());
}

void Engine::handle(const command::StopCapture&) {
    scenario_.stopCapture();
}

std::optional<lake::sync::SyncOptions> Engine::syncOptions(const std::string& topic) const {
    std::lock_guard lock(stateMutex_);
    const auto it = syncs_.find(topic);
    if (it == syncs_.end()) return std::nullopt;
    return it->second->options();
}

std::vector<lake::sync::SyncStatus> Engine::syncStatuses() const {
    std::vector<lake::sync::SyncStatus> statuses;
    std::lock_guard lock(stateMutex_);
    for (const auto& [topic, job] : syncs_)
        statuses.push_back(job->status());
    return statuses;
}

void Engine::sampleReport() {
    const auto now = std::chrono::steady_clock::now();
    if (now - lastReportSample_ < std::chrono::seconds(1)) return;
    lastReportSample_ = now;
    scenario_.sampleReport(syncStatuses());
}

void Engine::handle(const command::ExportReport& c) {
    auto answer = [this](ReportExport r) {
        update([&](Snapshot& s) {
            std::erase_if(s.reports,
                          [&](const ReportExport& o) { return o.requestId == r.requestId; });
            s.reports.push_back(std::move(r));
            if (s.reports.size() > 4) s.reports.erase(s.reports.begin());
        });
    };
    auto session = scenario_.reportSession();
    if (!session) {
        answer({c.requestId, true, "nothing has run yet: start the scenario first", nullptr});
        return;
    }
    if (exporting_.exchange(true)) {
        answer({c.requestId, true, "another run report is being exported", nullptr});
        return;
    }
    if (exporter_.joinable()) exporter_.join();  // the last one, finished
    lastReportSample_ = std::chrono::steady_clock::time_point{};
    sampleReport();  // the run up to now
    answer({c.requestId, false, {}, nullptr});
    log_.write(core::LogLevel::Info, "report", "exporting the run report: validating the pipeline");
    // The read-back waits on the servers (seconds): off the worker, so commands keep flowing.
    exporter_ = std::jthread([this, session, id = c.requestId, answer] {
        ReportExport r{id, true, {}, nullptr};
        try {
            auto built = std::make_shared<report::RunReport>(session->report());
            session->validate(*built);
            r.report = std::move(built);
        } catch (const std::exception& e) {
            r.error = e.what();
            log_.write(core::LogLevel::Error, "report", std::string("run report: ") + e.what());
        }
        answer(std::move(r));
        exporting_ = false;
    });
}

}  // namespace riverdelta
