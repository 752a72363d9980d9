#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/profiles/profile.h"
#include "engine/profiles/secret_store.h"

namespace riverdelta::profiles {

// Connection profiles in one JSON file (no secrets; mode 0600 all the same), their secrets in
// a SecretStore under "profile/<name>/<slot>".
class ProfileStore {
  public:
    ProfileStore(std::filesystem::path file, SecretStore& secrets);

    // ${XDG_CONFIG_HOME:-~/.config}/riverdelta
    static std::filesystem::path defaultDirectory();
    static constexpr const char* kProfilesFile = "profiles.json";
    static constexpr const char* kSecretsFile = "profiles.secrets.json";

    // Sorted by name; the built-in "sandbox" profile is not in the file and not listed here.
    [[nodiscard]] std::vector<Profile> list() const;
    [[nodiscard]] std::optional<Profile> find(std::string_view name) const;

    // Adds (or with replace, overwrites) a profile and stores `secrets` (slot → value); the
    // profile's secretSlots become the slots given. Throws ProfileError when the name is taken
    // and !replace.
    void save(Profile profile, const Secrets& secrets, bool replace = false);
    // Removes the profile and its secrets; false when there was none.
    bool remove(std::string_view name);

    // Reads the profile's secrets back; throws ProfileError naming a missing slot.
    [[nodiscard]] Secrets secretsOf(const Profile& profile) const;

    [[nodiscard]] const std::filesystem::path& file() const { return file_; }
    [[nodiscard]] SecretStore& secretStore() const { return secrets_; }

    static std::string secretKey(std::string_view profile, std::string_view slot);

  private:
    std::vector<Profile> load() const;
    void store(const std::vector<Profile>& profiles) const;

    std::filesystem::path file_;
    SecretStore& secrets_;
};

}  // namespace riverdelta::profiles
