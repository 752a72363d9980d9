#include "app/cli/scenario_source.h"

#include <cstdio>

#include "engine/generate/compiler.h"
#include "engine/scenario/builtin_scenarios.h"

namespace riverdelta::cli {

std::unique_ptr<generate::Program> loadScenarioForCli(const std::string& config,
                                                      const std::vector<std::string>& mounts,
                                                      std::string& displayName) {
    std::string path = config;
    if (path.empty()) {
        path = scenario::builtinScenarioPath();
    } else if (path.rfind("builtin:", 0) == 0 && path.find('/') == std::string::npos) {
        path = scenario::builtinScenarioPath(path.substr(8));
    }
    displayName = path;
    scenario::Diagnostics diagnostics;
    auto program = generate::loadProgram(path, mounts, diagnostics);
    for (const auto& d : diagnostics.items())
        std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!program && diagnostics.empty())
        std::fprintf(stderr, "%s: invalid scenario\n", path.c_str());
    return program;
}

}  // namespace riverdelta::cli
