#include "engine/connection_control.h"

#include <fmt/format.h>

#include <ctime>

#include "engine/core/log.h"
#include "engine/kafka/embedded_cluster.h"
#include "engine/postgres/connection.h"
#include "engine/profiles/profile_connections.h"
#include "engine/sandbox/sandbox.h"

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

ConnectionControl::ConnectionControl(std::filesystem::path dataDirectory,
                                     ServiceConnections connection, core::Log& log, bool starting)
    : dataDirectory_(std::move(dataDirectory)), connection_(std::move(connection)), log_(log) {
    view_.environment = connection_.describe();
    if (starting) {
        view_.kafka.state = ServiceState::Starting;
        view_.postgres.state = ServiceState::Starting;
    }
}

ConnectionControl::~ConnectionControl() = default;

void ConnectionControl::ensureSandbox() {
    if (!sandbox_) sandbox_ = std::make_unique<sandbox::Sandbox>(dataDirectory_ / "sandbox");
}

bool ConnectionControl::connectKafka() {
    if (connection_.kafka) {
        const KafkaConnection& k = *connection_.kafka;
        const std::string what = "profile '" + k.profile + "'";
        update([&](View& v) {
            v.kafka = {ServiceState::Starting, k.config.bootstrapServers, what, {}};
        });
        const auto check = profiles::checkKafka(k.config, std::chrono::seconds(15));
        if (!check.ok) {
            update([&](View& v) {
                v.kafka = {ServiceState::Failed, k.config.bootstrapServers, what, check.message};
            });
            log_.write(core::LogLevel::Error, "connection", "Kafka " + what + ": " + check.message);
            return false;
        }
        const auto* protocol = k.config.find("security.protocol");
        update([&](View& v) {
            live_.kafka = k.config;
            live_.kafkaEmbedded = false;
            live_.registry =
                connection_.registry ? connection_.registry->config : registry::RegistryConfig{};
            v.kafka = {ServiceState::Connected,
                       k.config.bootstrapServers,
                       what + " (" + (protocol ? *protocol : std::string("PLAINTEXT")) + "), " +
                           check.message,
                       {}};
            v.lakeRoot = (dataDirectory_ / "lake" / k.profile).string();
        });
        log_.write(core::LogLevel::Info, "connection", "Kafka " + what + ": " + check.message);
        return true;
    }

    ensureSandbox();
    update([](View& v) { v.kafka = {ServiceState::Starting, {}, "embedded cluster", {}}; });
    try {
        // The cluster lives in memory: a table synced from an earlier one would hold offsets
        // this one never had, so each of its sessions gets a lake folder of its own.
        if (!sandbox_->kafkaRunning())
            sandboxLakeRoot_ = (dataDirectory_ / "lake" / ("sandbox-" + sessionStamp())).string();
        sandbox_->startKafka();
        const std::string bootstrap = sandbox_->cluster()->bootstrapServers();
        const std::string detail = fmt::format(
            "embedded cluster (librdkafka mock), in memory; each partition keeps about the newest "
            "{} MiB / {} message sets",
            kafka::EmbeddedCluster::kRetainedBytesPerPartition / (1024 * 1024),
            kafka::EmbeddedCluster::kRetainedMessageSetsPerPartition);
        // Endpoints and live services before anyone can see "connected".
        update([&](View& v) {
            if (!endpoints_) endpoints_.emplace();
            endpoints_->kafkaBootstrap = bootstrap;
            live_.kafka = sandbox_->kafkaClientConfig();
            live_.kafkaEmbedded = true;
            live_.registry =
                connection_.registry ? connection_.registry->config : registry::RegistryConfig{};
            v.kafka = {ServiceState::Connected, bootstrap, detail, {}};
            v.kafkaInMemory = true;
            v.lakeRoot = sandboxLakeRoot_;
        });
        log_.write(core::LogLevel::Info, "sandbox", "embedded Kafka listening on " + bootstrap);
        return true;
    } catch (const std::exception& e) {
        update([&](View& v) {
            v.kafka = {ServiceState::Failed, {}, "embedded cluster", e.what()};
        });
        log_.write(core::LogLevel::Error, "sandbox", e.what());
        return false;
    }
}

void ConnectionControl::connectPostgres() {
    if (connection_.postgres) {
        const PostgresConnection& p = *connection_.postgres;
        const std::string what = "profile '" + p.profile + "'";
        const std::string where = postgres::Connection::describe(p.conninfo);
        update([&](View& v) { v.postgres = {ServiceState::Starting, where, what, {}}; });
        const auto check = profiles::checkPostgres(p.conninfo);
        if (!check.ok) {
            update([&](View& v) {
                v.postgres = {ServiceState::Failed, where, what, check.message};
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
        update([&](View& v) {
            live_.postgres = p.conninfo;
            v.postgres = {
                ServiceState::Connected, where, what + ", " + check.message + walNote, {}};
        });
        log_.write(walNote.empty() ? core::LogLevel::Info : core::LogLevel::Warning, "connection",
                   "PostgreSQL " + what + ": " + check.message + walNote);
        return;
    }

    ensureSandbox();
    update([](View& v) { v.postgres = {ServiceState::Starting, {}, "private server", {}}; });
    try {
        auto ep = sandbox_->startPostgres();
        const std::string detail =
            fmt::format("private PostgreSQL {} (wal_level=logical), data in {}{}", ep.serverVersion,
                        ep.dataDirectory, ep.reusedCluster ? ", reused" : ", new cluster");
        update([&](View& v) {
            if (!endpoints_) endpoints_.emplace();
            endpoints_->postgresConninfo = ep.conninfo;
            live_.postgres = ep.conninfo;
            v.postgres = {ServiceState::Connected, ep.description, detail, {}};
        });
        log_.write(core::LogLevel::Info, "sandbox",
                   "PostgreSQL " + ep.serverVersion + " ready on " + ep.description);
    } catch (const std::exception& e) {
        update([&](View& v) {
            v.postgres = {ServiceState::Failed, {}, "private server", e.what()};
        });
        log_.write(core::LogLevel::Error, "sandbox", e.what());
    }
}

void ConnectionControl::choose(ServiceConnections connection) {
    connection_ = std::move(connection);
    {
        std::lock_guard lock(mutex_);
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
        std::lock_guard lock(mutex_);
        if (endpoints_) {
            if (!sandbox_->kafkaRunning()) endpoints_->kafkaBootstrap.clear();
            if (!sandbox_->postgresRunning()) endpoints_->postgresConninfo.clear();
            if (endpoints_->kafkaBootstrap.empty() && endpoints_->postgresConninfo.empty())
                endpoints_.reset();
        }
    }
    update([&](View& v) {
        v.environment = connection_.describe();
        v.lakeRoot.clear();
        v.kafkaInMemory = false;
        v.kafka = {ServiceState::Starting, {}, {}, {}};
        v.postgres = {ServiceState::Starting, {}, {}, {}};
    });
    log_.write(core::LogLevel::Info, "connection", "connecting to " + connection_.describe());
}

void ConnectionControl::stopSandbox() {
    {
        std::lock_guard lock(mutex_);
        live_ = {};
    }
    if (!sandbox_) return;
    try {
        sandbox_->stop();
    } catch (const std::exception& e) {
        log_.write(core::LogLevel::Error, "sandbox", e.what());
    }
    sandbox_.reset();
    update([this](View& v) {
        if (!connection_.kafka) v.kafka = {ServiceState::Stopped, {}, "embedded cluster", {}};
        if (!connection_.postgres) v.postgres = {ServiceState::Stopped, {}, "private server", {}};
        endpoints_.reset();
    });
    log_.write(core::LogLevel::Info, "sandbox", "sandbox stopped");
}

run::TargetOverrides ConnectionControl::scenarioTargets() const {
    run::TargetOverrides t;
    std::lock_guard lock(mutex_);
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
            connection_.postgres ? "profile '" + connection_.postgres->profile + "'" : "sandbox",
            !connection_.postgres};
    return t;
}

LiveServices ConnectionControl::live() const {
    std::lock_guard lock(mutex_);
    return live_;
}

std::optional<SandboxEndpoints> ConnectionControl::sandboxEndpoints() const {
    std::lock_guard lock(mutex_);
    return endpoints_;
}

std::string ConnectionControl::lakeRoot() const {
    std::lock_guard lock(mutex_);
    return view_.lakeRoot;
}

void ConnectionControl::fill(EngineSnapshot& snapshot) const {
    std::lock_guard lock(mutex_);
    snapshot.environment = view_.environment;
    snapshot.lakeRoot = view_.lakeRoot;
    snapshot.kafka = view_.kafka;
    snapshot.kafkaInMemory = view_.kafkaInMemory;
    snapshot.postgres = view_.postgres;
}

}  // namespace riverdelta
