#include "engine/profiles/profile_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace riverdelta::profiles {

ProfileStore::ProfileStore(std::filesystem::path file, SecretStore& secrets)
    : file_(std::move(file)), secrets_(secrets) {}

std::filesystem::path ProfileStore::defaultDirectory() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "riverdelta";
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : "/tmp") / ".config" / "riverdelta";
}

std::string ProfileStore::secretKey(std::string_view profile, std::string_view slot) {
    return "profile/" + std::string(profile) + "/" + std::string(slot);
}

std::vector<Profile> ProfileStore::load() const {
    std::vector<Profile> out;
    std::ifstream in(file_);
    if (!in) return out;
    std::stringstream text;
    text << in.rdbuf();
    auto json = nlohmann::json::parse(text.str(), nullptr, false);
    if (json.is_discarded() || !json.is_object())
        throw ProfileError("profiles file " + file_.string() + " is not valid JSON");
    // A copy by value: GCC 12 sees a possible null in find()'s iterator (-Wnull-dereference).
    const nlohmann::json profiles = json.value("profiles", nlohmann::json::array());
    if (profiles.is_array())
        for (const auto& p : profiles)
            out.push_back(profileFromJson(p));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

void ProfileStore::store(const std::vector<Profile>& profiles) const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : profiles)
        list.push_back(toJson(p));
    const std::string content = nlohmann::json{{"version", 1}, {"profiles", list}}.dump(2) + "\n";
    std::error_code ec;
    std::filesystem::create_directories(file_.parent_path(), ec);
    const auto tmp = file_.string() + ".tmp";
    {
        int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) throw ProfileError("cannot write " + tmp + ": " + std::strerror(errno));
        std::size_t done = 0;
        while (done < content.size()) {
            ssize_t n = ::write(fd, content.data() + done, content.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                const std::string why = std::strerror(errno);
                ::close(fd);
                throw ProfileError("cannot write " + tmp + ": " + why);
            }
            done += static_cast<std::size_t>(n);
        }
        ::close(fd);
    }
    if (::rename(tmp.c_str(), file_.c_str()) != 0)
        throw ProfileError("cannot replace " + file_.string() + ": " + std::strerror(errno));
}

std::vector<Profile> ProfileStore::list() const {
    return load();
}

std::optional<Profile> ProfileStore::find(std::string_view name) const {
    for (auto& p : load())
        if (p.name == name) return p;
    return std::nullopt;
}

void ProfileStore::save(Profile profile, const Secrets& secrets, bool replace) {
    validateProfileName(profile.name);
    auto profiles = load();
    auto it = std::find_if(profiles.begin(), profiles.end(),
                           [&](const auto& p) { return p.name == profile.name; });
    if (it != profiles.end() && !replace)
        throw ProfileError("a profile named '" + profile.name +
                           "' exists already (remove it first, or use --replace)");
    // Secrets first: a profile never names a secret that was not stored.
    profile.secretSlots.clear();
    for (const auto& [slotName, value] : secrets) {
        secrets_.write(secretKey(profile.name, slotName), value);
        profile.secretSlots.push_back(slotName);
    }
    if (it != profiles.end()) {
        for (const auto& old : it->secretSlots)
            if (!profile.hasSecret(old)) secrets_.remove(secretKey(profile.name, old));
        *it = std::move(profile);
    } else {
        profiles.push_back(std::move(profile));
    }
    store(profiles);
}

bool ProfileStore::remove(std::string_view name) {
    auto profiles = load();
    auto it = std::find_if(profiles.begin(), profiles.end(),
                           [&](const auto& p) { return p.name == name; });
    if (it == profiles.end()) return false;
    for (const auto& s : it->secretSlots)
        secrets_.remove(secretKey(it->name, s));
    profiles.erase(it);
    store(profiles);
    return true;
}

Secrets ProfileStore::secretsOf(const Profile& profile) const {
    Secrets out;
    for (const auto& s : profile.secretSlots) {
        auto value = secrets_.read(secretKey(profile.name, s));
        if (!value)
            throw ProfileError("profile '" + profile.name + "': its secret " + s +
                               " is missing from " + secrets_.description() +
                               " (add the profile again)");
        out.emplace(s, std::move(*value));
    }
    return out;
}

}  // namespace riverdelta::profiles
