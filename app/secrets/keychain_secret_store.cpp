#include "app/secrets/keychain_secret_store.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>
#include <cstdlib>

#include "engine/profiles/profile_store.h"

namespace riverdelta::secrets {

namespace {

// Runs a job to completion on a local event loop; false on timeout.
bool runJob(QKeychain::Job& job, std::chrono::milliseconds timeout) {
    if (!QCoreApplication::instance())
        throw profiles::SecretStoreError("the keychain needs a QCoreApplication");
    job.setAutoDelete(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(static_cast<int>(timeout.count()), &loop, &QEventLoop::quit);
    job.start();
    if (!finished) loop.exec();
    return finished;
}

}  // namespace

KeychainSecretStore::KeychainSecretStore(std::chrono::milliseconds timeout) : timeout_(timeout) {}

std::optional<std::string> KeychainSecretStore::read(const std::string& key) {
    QKeychain::ReadPasswordJob job(QString::fromLatin1(kService));
    job.setKey(QString::fromStdString(key));
    if (!runJob(job, timeout_))
        throw profiles::SecretStoreError("keychain: no answer reading " + key);
    if (job.error() == QKeychain::EntryNotFound) return std::nullopt;
    if (job.error() != QKeychain::NoError)
        throw profiles::SecretStoreError("keychain: cannot read " + key + ": " +
                                         job.errorString().toStdString());
    return job.textData().toStdString();
}

void KeychainSecretStore::write(const std::string& key, const std::string& secret) {
    QKeychain::WritePasswordJob job(QString::fromLatin1(kService));
    job.setKey(QString::fromStdString(key));
    job.setTextData(QString::fromStdString(secret));
    if (!runJob(job, timeout_))
        throw profiles::SecretStoreError("keychain: no answer writing " + key);
    if (job.error() != QKeychain::NoError)
        throw profiles::SecretStoreError("keychain: cannot write " + key + ": " +
                                         job.errorString().toStdString());
}

void KeychainSecretStore::remove(const std::string& key) {
    QKeychain::DeletePasswordJob job(QString::fromLatin1(kService));
    job.setKey(QString::fromStdString(key));
    if (!runJob(job, timeout_))
        throw profiles::SecretStoreError("keychain: no answer deleting " + key);
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        throw profiles::SecretStoreError("keychain: cannot delete " + key + ": " +
                                         job.errorString().toStdString());
}

std::string KeychainSecretStore::description() const {
    return "the system keychain (Secret Service)";
}

bool KeychainSecretStore::available(std::string* why, std::chrono::milliseconds timeout) {
    if (!QCoreApplication::instance()) {
        if (why) *why = "no QCoreApplication";
        return false;
    }
    QKeychain::ReadPasswordJob job(QString::fromLatin1(kService));
    job.setKey(QStringLiteral("riverdelta-keychain-probe"));
    if (!runJob(job, timeout)) {
        if (why)
            *why = "the keychain did not answer within " + std::to_string(timeout.count() / 1000) +
                   " s";
        return false;
    }
    if (job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound) return true;
    if (why) {
        const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
        std::string reason = job.errorString().toStdString();
        if (job.error() == QKeychain::NoBackendAvailable || reason.empty() ||
            reason == "Unknown error")
            reason = "no Secret Service or KWallet answered";
        if (!bus || !*bus)
            reason += "; there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset)";
        *why = reason;
    }
    return false;
}

SecretStoreChoice openSecretStore(const std::filesystem::path& configDirectory) {
    const char* forced = std::getenv("RIVERDELTA_SECRET_STORE");
    const std::string choice = forced ? forced : "";
    const auto file = configDirectory / profiles::ProfileStore::kSecretsFile;
    SecretStoreChoice out;
    if (choice == "file") {
        out.store = std::make_unique<profiles::FileSecretStore>(file);
        out.warning = "secrets are stored in plain text in " + file.string() +
                      " (mode 0600), as RIVERDELTA_SECRET_STORE=file asks";
        return out;
    }
    std::string why;
    if (KeychainSecretStore::available(&why)) {
        out.store = std::make_unique<KeychainSecretStore>();
        return out;
    }
    if (choice == "keychain")
        throw profiles::SecretStoreError("no system keychain available: " + why);
    out.store = std::make_unique<profiles::FileSecretStore>(file);
    out.warning = "no system keychain available (" + why +
                  "); secrets are stored in plain text in " + file.string() + " (mode 0600)";
    return out;
}

}  // namespace riverdelta::secrets
