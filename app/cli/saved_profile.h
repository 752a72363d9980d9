#pragma once

#include <optional>
#include <string>

#include "engine/profiles/profile.h"

namespace riverdelta::cli {

// A connection profile from the user's store, with its secrets.
struct SavedProfile {
    profiles::Profile profile;
    profiles::Secrets secrets;
};

// Reads profile `name`; when there is none, prints "riverdelta-cli COMMAND: no profile named …"
// and returns nullopt.
std::optional<SavedProfile> findSavedProfile(const std::string& name, const char* command);

}  // namespace riverdelta::cli
