#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/generate/program.h"

// Shared by `check` and `sample`: turns a CONFIG argument into a compiled Program.
namespace riverdelta::cli {

// CONFIG may be a file, "builtin:NAME" or empty (the built-in River Hotels scenario). Prints
// every diagnostic to stderr and returns null when the scenario is invalid.
std::unique_ptr<generate::Program> loadScenarioForCli(const std::string& config,
                                                      const std::vector<std::string>& mounts,
                                                      std::string& displayName);

}  // namespace riverdelta::cli
