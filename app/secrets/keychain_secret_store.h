#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "engine/profiles/secret_store.h"

namespace riverdelta::secrets {

// Secrets in the system keychain through QtKeychain (service "riverdelta"). QtKeychain jobs
// are asynchronous; each call runs a local QEventLoop until its job finishes, so a
// QCoreApplication must exist (the CLI creates one for the profile command).
class KeychainSecretStore : public profiles::SecretStore {
  public:
    static constexpr const char* kService = "riverdelta";

    explicit KeychainSecretStore(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    std::optional<std::string> read(const std::string& key) override;
    void write(const std::string& key, const std::string& secret) override;
    void remove(const std::string& key) override;
    [[nodiscard]] std::string description() const override;

    // Whether a keychain backend answers (a probe read): false when there is no Secret
    // Service (no D-Bus session, no keyring daemon), with the reason in `why`.
    static bool available(std::string* why = nullptr,
                          std::chrono::milliseconds timeout = std::chrono::seconds(5));

  private:
    std::chrono::milliseconds timeout_;
};

struct SecretStoreChoice {
    std::unique_ptr<profiles::SecretStore> store;
    std::string warning;  // set when secrets go to a plain file
};

// The keychain when one answers, else profiles.secrets.json (0600) in `configDirectory` with a
// warning. RIVERDELTA_SECRET_STORE=file|keychain forces one (keychain: an error when absent).
SecretStoreChoice openSecretStore(const std::filesystem::path& configDirectory);

}  // namespace riverdelta::secrets
