#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "engine/core/error.h"

namespace riverdelta::profiles {

// A secret store that could not read or write. Messages name the key, never a value.
class SecretStoreError : public Error {
  public:
    using Error::Error;
};

// Where profile secrets live: the system keychain (QtKeychain, outside the Qt-free engine), a
// private file, or memory. Keys look like "profile/<name>/<slot>".
class SecretStore {
  public:
    virtual ~SecretStore() = default;
    virtual std::optional<std::string> read(const std::string& key) = 0;
    virtual void write(const std::string& key, const std::string& secret) = 0;
    virtual void remove(const std::string& key) = 0;
    // For status lines: "system keychain (Secret Service)", "file … (mode 0600)".
    [[nodiscard]] virtual std::string description() const = 0;
    // True for stores that keep secrets in plain text on disk.
    [[nodiscard]] virtual bool plainTextOnDisk() const { return false; }
};

// Secrets in one JSON file only its owner can read (0600, its directory 0700), rewritten
// atomically. The fallback when no keychain is available.
class FileSecretStore : public SecretStore {
  public:
    explicit FileSecretStore(std::filesystem::path file);
    std::optional<std::string> read(const std::string& key) override;
    void write(const std::string& key, const std::string& secret) override;
    void remove(const std::string& key) override;
    [[nodiscard]] std::string description() const override;
    [[nodiscard]] bool plainTextOnDisk() const override { return true; }
    [[nodiscard]] const std::filesystem::path& file() const { return file_; }

  private:
    std::map<std::string, std::string> load() const;
    void store(const std::map<std::string, std::string>& secrets) const;

    std::filesystem::path file_;
    std::mutex mutex_;
};

// Keeps secrets for the life of the process (tests, one-off runs).
class MemorySecretStore : public SecretStore {
  public:
    std::optional<std::string> read(const std::string& key) override;
    void write(const std::string& key, const std::string& secret) override;
    void remove(const std::string& key) override;
    [[nodiscard]] std::string description() const override { return "memory (not saved)"; }

  private:
    std::mutex mutex_;
    std::map<std::string, std::string> secrets_;
};

}  // namespace riverdelta::profiles
