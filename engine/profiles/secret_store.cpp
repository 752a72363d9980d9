#include "engine/profiles/secret_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace riverdelta::profiles {

namespace {

void writePrivateFile(const std::filesystem::path& file, const std::string& content) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    ::chmod(file.parent_path().c_str(), 0700);
    const auto tmp = file.string() + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw SecretStoreError("cannot write " + tmp + ": " + std::strerror(errno));
    ::fchmod(fd, 0600);  // whatever the umask says
    std::size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            throw SecretStoreError("cannot write " + tmp + ": " + why);
        }
        done += static_cast<std::size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
    if (::rename(tmp.c_str(), file.c_str()) != 0)
        throw SecretStoreError("cannot replace " + file.string() + ": " + std::strerror(errno));
}

}  // namespace

FileSecretStore::FileSecretStore(std::filesystem::path file) : file_(std::move(file)) {}

std::map<std::string, std::string> FileSecretStore::load() const {
    std::map<std::string, std::string> out;
    std::ifstream in(file_);
    if (!in) return out;
    std::stringstream text;
    text << in.rdbuf();
    auto json = nlohmann::json::parse(text.str(), nullptr, false);
    if (json.is_discarded() || !json.is_object())
        throw SecretStoreError("secrets file " + file_.string() + " is not valid JSON");
    if (auto it = json.find("secrets"); it != json.end() && it->is_object())
        for (const auto& [key, value] : it->items())
            if (value.is_string()) out.emplace(key, value.get<std::string>());
    return out;
}

void FileSecretStore::store(const std::map<std::string, std::string>& secrets) const {
    nlohmann::json json = {{"version", 1}, {"secrets", secrets}};
    writePrivateFile(file_, json.dump(2) + "\n");
}

std::optional<std::string> FileSecretStore::read(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto secrets = load();
    auto it = secrets.find(key);
    if (it == secrets.end()) return std::nullopt;
    return it->second;
}

void FileSecretStore::write(const std::string& key, const std::string& secret) {
    std::lock_guard lock(mutex_);
    auto secrets = load();
    secrets[key] = secret;
    store(secrets);
}

void FileSecretStore::remove(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto secrets = load();
    if (secrets.erase(key)) store(secrets);
}

std::string FileSecretStore::description() const {
    return "file " + file_.string() + " (mode 0600)";
}

std::optional<std::string> MemorySecretStore::read(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = secrets_.find(key);
    if (it == secrets_.end()) return std::nullopt;
    return it->second;
}

void MemorySecretStore::write(const std::string& key, const std::string& secret) {
    std::lock_guard lock(mutex_);
    secrets_[key] = secret;
}

void MemorySecretStore::remove(const std::string& key) {
    std::lock_guard lock(mutex_);
    secrets_.erase(key);
}

}  // namespace riverdelta::profiles
