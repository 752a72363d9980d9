#include <array>
#include <cstdio>
#include <exception>
#include <string_view>
#include <vector>

#include "app/cli/commands.h"
#include "riverdelta/version.h"

namespace {

using riverdelta::cli::Command;

constexpr std::array kCommands{
    Command{"run", "run [CONFIG] [--kafka B|sandbox] [--postgres C|sandbox]",
            "run a scenario into PostgreSQL and Kafka (the sandbox by default)",
            &riverdelta::cli::runRun},
    Command{"check", "check CONFIG [--mount SRC=DIR]", "validate a scenario; list every problem",
            &riverdelta::cli::runCheck},
    Command{"sample", "sample [CONFIG] [--generator NAME] [-n N] [--seed S]",
            "print generated events as JSON lines", &riverdelta::cli::runSample},
    Command{"sandbox", "sandbox [--data-dir DIR]",
            "start the local sandbox (embedded Kafka + private PostgreSQL) until Ctrl-C",
            &riverdelta::cli::runSandbox},
    Command{"sync", "sync TOPIC... --kafka BOOTSTRAP [--lake DIR]",
            "sync topics into Delta Lake tables, exactly once", &riverdelta::cli::runSync},
    Command{"lake", "lake status DIR | optimize|vacuum|history TABLE",
            "Delta tables: status, compaction, vacuum and log cleanup, commit history",
            &riverdelta::cli::runLake},
    Command{"cdc", "cdc --postgres CONNINFO --kafka BOOTSTRAP [...]",
            "capture PostgreSQL changes into Kafka (Debezium JSON) until Ctrl-C",
            &riverdelta::cli::runCdc},
    Command{"doctor", "doctor", "check dependencies, server binaries and test tooling",
            &riverdelta::cli::runDoctor},
    Command{"profile", "profile list|add|remove|test [NAME] [OPTIONS]",
            "manage connection profiles (Kafka, Confluent Cloud, Schema Registry, PostgreSQL)",
            &riverdelta::cli::runProfile},
};

void printHelp(std::FILE* out) {
    std::fprintf(out,
                 "Usage: riverdelta-cli [--version] [--help] COMMAND [ARGS]\n\n"
                 "Riverdelta generates River Hotels workshop data into PostgreSQL and Kafka,\n"
                 "captures changes and syncs topics into Delta Lake tables, headless.\n\n"
                 "Commands:\n");
    for (const auto& c : kCommands) {
        std::fprintf(out, "  %-44.*s %.*s\n", static_cast<int>(c.synopsis.size()),
                     c.synopsis.data(), static_cast<int>(c.summary.size()), c.summary.data());
    }
    std::fprintf(out, "\nRun 'riverdelta-cli COMMAND --help' for a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty()) {
        printHelp(stderr);
        return riverdelta::cli::kExitUsage;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printHelp(stdout);
        return riverdelta::cli::kExitOk;
    }
    if (args[0] == "--version" || args[0] == "-V") {
        std::printf("riverdelta-cli %s\n", riverdelta::kVersion);
        return riverdelta::cli::kExitOk;
    }
    for (const auto& c : kCommands) {
        if (args[0] == c.name) {
            try {
                return c.run(std::span(args).subspan(1));
            } catch (const std::exception& e) {
                std::fprintf(stderr, "riverdelta-cli %.*s: %s\n", static_cast<int>(c.name.size()),
                             c.name.data(), e.what());
                return riverdelta::cli::kExitFailure;
            }
        }
    }
    std::fprintf(stderr, "riverdelta-cli: unknown command '%.*s'\n\n",
                 static_cast<int>(args[0].size()), args[0].data());
    printHelp(stderr);
    return riverdelta::cli::kExitUsage;
}
