#include <cstdio>

#include "app/cli/commands.h"
#include "app/cli/scenario_source.h"
#include "engine/core/command_line.h"

namespace riverdelta::cli {

namespace {
void printCheckHelp(std::FILE* out) {
    std::fprintf(out,
                 "Usage: riverdelta-cli check CONFIG [--mount SRC=DIR]...\n\n"
                 "Validates a ShadowTraffic-style scenario without running it. Prints every\n"
                 "problem as FILE:JSON_POINTER: message and exits 2 if there is any, 0 if the\n"
                 "scenario is valid.\n\n"
                 "  CONFIG           a scenario file, or builtin:river-hotels\n"
                 "  --mount SRC=DIR  read paths under SRC from DIR (default: /home/data is the\n"
                 "                   config's folder, as in ShadowTraffic's container)\n");
}
}  // namespace

int runCheck(Args args) {
    core::CommandLine cl(
        args, {.valueOptions = {}, .flagOptions = {"--help"}, .repeatableOptions = {"--mount"}});
    if (!cl.ok()) {
        std::fprintf(stderr, "riverdelta-cli check: %s\n\n", cl.error().c_str());
        printCheckHelp(stderr);
        return kExitUsage;
    }
    if (cl.flag("--help")) {
        printCheckHelp(stdout);
        return kExitOk;
    }
    if (cl.positionals().size() != 1) {
        std::fprintf(stderr, "riverdelta-cli check: expected exactly one CONFIG\n\n");
        printCheckHelp(stderr);
        return kExitUsage;
    }
    std::string name;
    auto program = loadScenarioForCli(cl.positionals()[0], cl.values("--mount"), name);
    if (!program) return kExitUsage;
    std::printf("%s: OK (%zu generators, %zu stages)\n", name.c_str(), program->generators().size(),
                program->stages().size());
    return kExitOk;
}

}  // namespace riverdelta::cli
