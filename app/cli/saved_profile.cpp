#include "app/cli/saved_profile.h"

#include <cstdio>

#include "app/secrets/keychain_secret_store.h"
#include "engine/profiles/profile_store.h"

namespace riverdelta::cli {

std::optional<SavedProfile> findSavedProfile(const std::string& name, const char* command) {
    const auto dir = profiles::ProfileStore::defaultDirectory();
    auto choice = secrets::openSecretStore(dir);
    profiles::ProfileStore store(dir / profiles::ProfileStore::kProfilesFile, *choice.store);
    auto profile = store.find(name);
    if (!profile) {
        std::fprintf(stderr,
                     "riverdelta-cli %s: no profile named '%s' (see 'riverdelta-cli profile "
                     "list')\n",
                     command, name.c_str());
        return std::nullopt;
    }
    auto secrets = store.secretsOf(*profile);
    return SavedProfile{std::move(*profile), std::move(secrets)};
}

}  // namespace riverdelta::cli
