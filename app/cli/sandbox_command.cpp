#include <cstdio>
#include <thread>

#include "app/cli/app_paths.h"
#include "app/cli/commands.h"
#include "app/cli/stop_signal.h"
#include "engine/core/command_line.h"
#include "engine/engine.h"

namespace riverdelta::cli {

namespace {}  // namespace

int runSandbox(Args args) {
    core::CommandLine cl(args, {.valueOptions = {"--data-dir"}, .flagOptions = {"--help"}});
    if (!cl.ok() || cl.flag("--help") || !cl.positionals().empty()) {
        std::fprintf(cl.flag("--help") ? stdout : stderr,
                     "Usage: riverdelta-cli sandbox [--data-dir DIR]\n\n"
                     "Starts the local sandbox (embedded Kafka and a private PostgreSQL on\n"
                     "loopback), prints how to connect other tools, and runs until Ctrl-C.\n"
                     "  --data-dir DIR   where the sandbox keeps its cluster (default %s)\n",
                     defaultDataDirectory().c_str());
        if (!cl.ok()) std::fprintf(stderr, "\nerror: %s\n", cl.error().c_str());
        return cl.flag("--help") ? kExitOk : kExitUsage;
    }
    const auto dataDir = cl.value("--data-dir").value_or(defaultDataDirectory());

    installStopSignals();
    Engine engine({.dataDirectory = dataDir, .startSandbox = true});
    engine.log().setSink([](const core::LogEntry& e) {
        std::fprintf(stderr, "[%s] %s: %s\n", core::toString(e.level), e.source.c_str(),
                     e.message.c_str());
    });

    EngineSnapshot s = engine.snapshot();
    while (!stopRequested() && (s.kafka.state == ServiceState::Starting ||
                                s.postgres.state == ServiceState::Starting)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        s = engine.snapshot();
    }
    const bool ok =
        s.kafka.state == ServiceState::Connected && s.postgres.state == ServiceState::Connected;
    std::printf("Kafka:      %s  %s\n", toString(s.kafka.state),
                s.kafka.state == ServiceState::Connected ? s.kafka.endpoint.c_str()
                                                         : s.kafka.error.c_str());
    std::printf("PostgreSQL: %s  %s\n", toString(s.postgres.state),
                s.postgres.state == ServiceState::Connected ? s.postgres.endpoint.c_str()
                                                            : s.postgres.error.c_str());
    if (!ok) return kExitFailure;
    std::printf("\nConnect other tools:\n  kcat -L -b %s\n", s.kafka.endpoint.c_str());
    std::printf("  psql 'postgresql://%s'  (password in %s/sandbox/postgres/credentials)\n",
                s.postgres.endpoint.c_str(), dataDir.c_str());
    std::printf("Kafka limits: %s\nPress Ctrl-C to stop.\n", s.kafka.detail.c_str());
    std::fflush(stdout);
    while (!stopRequested())
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::printf("Stopping the sandbox...\n");
    std::fflush(stdout);
    return kExitOk;
}

}  // namespace riverdelta::cli
