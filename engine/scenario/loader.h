#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/scenario/diagnostic.h"
#include "engine/scenario/file_provider.h"
#include "engine/scenario/json_reader.h"
#include "engine/scenario/source_map.h"

namespace riverdelta::scenario {

// A scenario document with every `loadJsonFile` replaced by the file's content, plus the map
// back to the files for diagnostics. The structure is not validated here (the compiler does).
struct LoadedScenario {
    Json root;
    SourceMap sources;
    // The resolver the scenario was read with (its mounts included): data files that the
    // scenario names (geolocation's country files) are read through it, like loadJsonFile.
    std::shared_ptr<const FileResolver> files;

    // Reports a problem found at `pointer` of the expanded document, naming the right file.
    void report(Diagnostics& diagnostics, std::string_view pointer, std::string message) const;
};

inline constexpr std::size_t kMaxIncludeDepth = 32;
inline constexpr std::size_t kMaxIncludes = 10000;

// Reads `path` through `resolver` and expands its loadJsonFile references. If the resolver
// has no mount for /home/data, one to the main file's folder is added (ShadowTraffic users
// mount their config folder there). Problems go to `diagnostics`; returns nullopt only when
// the main file itself cannot be read or parsed.
std::optional<LoadedScenario> loadScenario(const std::string& path, FileResolver& resolver,
                                           Diagnostics& diagnostics);

// Same, for a document already in memory (named `name` in diagnostics).
std::optional<LoadedScenario> loadScenarioText(const std::string& name, std::string_view text,
                                               FileResolver& resolver, Diagnostics& diagnostics);

}  // namespace riverdelta::scenario
