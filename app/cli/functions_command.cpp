#include <cstdio>

#include "app/cli/commands.h"
#include "engine/generate/functions/function_registry.h"

namespace riverdelta::cli {

// Prints the scenario language's functions and modifiers as the Markdown tables that
// docs/scenario-language.md embeds (test_functions_registry keeps the two equal).
int runFunctions(Args args) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::printf(
            "Usage: riverdelta-cli functions\n\n"
            "Lists every function and function modifier of the scenario language with\n"
            "its parameters, as Markdown tables.\n");
        return kExitOk;
    }
    if (!args.empty()) {
        std::fprintf(stderr, "riverdelta-cli functions: takes no arguments\n");
        return kExitUsage;
    }
    const std::string table = generate::FunctionRegistry::instance().markdown();
    std::fwrite(table.data(), 1, table.size(), stdout);
    return kExitOk;
}

}  // namespace riverdelta::cli
