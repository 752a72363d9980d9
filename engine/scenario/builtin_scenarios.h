#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario/file_provider.h"

namespace riverdelta::scenario {

// The scenarios shipped inside the binary (resources/scenarios/, embedded at build time), as
// in-memory files named "builtin:/<scenario>/<path>".
std::shared_ptr<const MemoryFileProvider> builtinFiles();

// Names of the built-in scenarios ("river-hotels").
std::vector<std::string> builtinScenarioNames();

// The main file of a built-in scenario: "builtin:/river-hotels/river-hotels.json".
std::string builtinScenarioPath(std::string_view name = "river-hotels");

// A resolver that reads the filesystem and the built-in scenarios.
FileResolver makeResolver();

}  // namespace riverdelta::scenario
