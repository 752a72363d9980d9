#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/generate/program.h"
#include "engine/scenario/diagnostic.h"
#include "engine/scenario/loader.h"

namespace riverdelta::generate {

// Checks a loaded scenario and compiles it. Every problem is added to `diagnostics` (all of
// them, not just the first); the result is null if there was any.
std::unique_ptr<Program> compileScenario(const scenario::LoadedScenario& scenario,
                                         scenario::Diagnostics& diagnostics);

// Loads `path` (a file, or a "builtin:/…" name) with `mounts` ("SRC=DIR") and compiles it.
std::unique_ptr<Program> loadProgram(const std::string& path,
                                     const std::vector<std::string>& mounts,
                                     scenario::Diagnostics& diagnostics);

// Compiles a scenario held in memory; `name` is used in diagnostics and to resolve relative
// loadJsonFile paths.
std::unique_ptr<Program> compileText(const std::string& name, std::string_view text,
                                     scenario::FileResolver& resolver,
                                     scenario::Diagnostics& diagnostics);

// The names of the functions the language knows.
const std::vector<std::string>& functionNames();

}  // namespace riverdelta::generate
