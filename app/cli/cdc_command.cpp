#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "app/cli/byte_size.h"
#include "app/cli/commands.h"
#include "app/cli/stop_signal.h"
#include "engine/cdc/pg_source.h"
#include "engine/core/command_line.h"
#include "engine/core/log.h"

namespace riverdelta::cli {

namespace {

constexpr const char* kUsage =
    "Usage: riverdelta-cli cdc --postgres CONNINFO --kafka BOOTSTRAP [options]\n\n"
    "Captures PostgreSQL changes (logical replication, pgoutput) into Kafka as Debezium-style\n"
    "JSON events: an initial snapshot of the tables, then inserts, updates, deletes and\n"
    "truncates, until Ctrl-C / SIGTERM or --duration. The slot is confirmed only up to what\n"
    "Kafka acknowledged, so a restart resumes without a gap.\n\n"
    "  --postgres CONNINFO   source database (libpq conninfo or postgresql:// URI)\n"
    "  --kafka BOOTSTRAP     Kafka bootstrap servers (host:port,...)\n"
    "  --tables LIST         schema.table,... (default cdc.customer,cdc.hotel)\n"
    "  --prefix PREFIX       topic prefix: topics are PREFIX.schema.table (default riverhotel)\n"
    "  --slot NAME           replication slot (default riverdelta_cdc), created when missing\n"
    "  --publication NAME    publication (default riverdelta_cdc), created when missing\n"
    "  --duration S          stop after S seconds\n"
    "  --drop-slot-on-exit   drop the slot after a clean stop (the next run snapshots again)\n"
    "  --no-tombstones       no null-value message after each delete\n";

std::string statusLine(const cdc::SourceStatus& s) {
    char buffer[256];
    std::snprintf(buffer, sizeof buffer,
                  "cdc %s | captured %llu produced %llu acked %llu | %.0f ev/s | lag %s %.1f s | "
                  "confirmed %s",
                  cdc::toString(s.state), static_cast<unsigned long long>(s.eventsCaptured),
                  static_cast<unsigned long long>(s.eventsProduced),
                  static_cast<unsigned long long>(s.eventsAcknowledged), s.eventsPerSecond,
                  formatBytes(s.lagBytes).c_str(), s.lagSeconds, s.confirmedLsn.toString().c_str());
    std::string line = buffer;
    if (!s.waitingFor.empty()) line += " | " + s.waitingFor;
    if (s.state == cdc::SourceState::Snapshotting) {
        line += " | snapshot";
        for (const auto& t : s.snapshot)
            line += " " + t.table + " " + std::to_string(t.rowsDone) + "/" +
                    std::to_string(t.rowsTotal);
    }
    return line;
}

}  // namespace

int runCdc(Args args) {
    core::CommandLine cl(
        args, {.valueOptions = {"--tables", "--prefix", "--slot", "--publication", "--postgres",
                                "--kafka", "--duration"},
               .flagOptions = {"--help", "--drop-slot-on-exit", "--no-tombstones"}});
    if (cl.flag("--help")) {
        std::fputs(kUsage, stdout);
        return kExitOk;
    }
    std::string problem = cl.ok() ? "" : cl.error();
    if (problem.empty() && !cl.positionals().empty())
        problem = "unexpected argument '" + cl.positionals()[0] + "'";
    if (problem.empty() && !cl.value("--postgres")) problem = "--postgres is required";
    if (problem.empty() && !cl.value("--kafka")) problem = "--kafka is required";
    double duration = 0;
    if (problem.empty() && cl.value("--duration")) {
        try {
            duration = std::stod(*cl.value("--duration"));
        } catch (const std::exception&) {
            duration = -1;
        }
        if (duration <= 0) problem = "--duration needs a positive number of seconds";
    }
    cdc::PgSourceOptions options;
    if (problem.empty()) {
        options.tables = splitCommaLists({cl.value("--tables").value_or("cdc.customer,cdc.hotel")});
        if (options.tables.empty()) problem = "--tables needs at least one schema.table";
    }
    if (!problem.empty()) {
        std::fprintf(stderr, "%s\nerror: %s\n", kUsage, problem.c_str());
        return kExitUsage;
    }
    options.postgresConninfo = *cl.value("--postgres");
    options.kafka.bootstrapServers = *cl.value("--kafka");
    options.topicPrefix = cl.value("--prefix").value_or(options.topicPrefix);
    options.slotName = cl.value("--slot").value_or(options.slotName);
    options.publicationName = cl.value("--publication").value_or(options.publicationName);
    options.dropSlotOnStop = cl.flag("--drop-slot-on-exit");
    options.tombstones = !cl.flag("--no-tombstones");

    core::Log log;
    log.setSink([](const core::LogEntry& e) {
        if (e.level == core::LogLevel::Error) return;  // the failure is printed once at the end
        std::fprintf(stderr, "[%s] %s: %s\n", core::toString(e.level), e.source.c_str(),
                     e.message.c_str());
    });
    options.log = &log;

    installStopSignals();
    const bool terminal = ::isatty(STDOUT_FILENO) != 0;
    const auto started = std::chrono::steady_clock::now();
    const auto until = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                     std::chrono::duration<double>(duration));

    cdc::PgSource source(options);
    source.start();
    auto nextLine = started + std::chrono::seconds(1);
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const auto now = std::chrono::steady_clock::now();
        const auto s = source.status();
        if (s.state == cdc::SourceState::Failed || s.state == cdc::SourceState::Stopped) break;
        if (stopRequested() || (duration > 0 && now >= until)) break;
        if (now >= nextLine) {
            nextLine += std::chrono::seconds(1);
            if (terminal)
                std::printf("\r\033[K%s", statusLine(s).c_str());
            else
                std::printf("%s\n", statusLine(s).c_str());
            std::fflush(stdout);
        }
    }
    if (terminal) std::printf("\n");
    source.stop();
    const auto s = source.status();
    std::printf("%s\n", statusLine(s).c_str());
    std::fflush(stdout);
    if (s.state == cdc::SourceState::Failed) {
        std::fprintf(stderr, "riverdelta-cli cdc: %s\n", s.failureReason.c_str());
        return kExitFailure;
    }
    return kExitOk;
}

}  // namespace riverdelta::cli
