#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

#include "engine/postgres/server_binaries.h"

namespace riverdelta::postgres {

struct LocalServerEndpoint {
    std::string conninfo;     // includes the generated password: never log it
    std::string description;  // "riverdelta@127.0.0.1:PORT/riverdelta", safe to show
    int port = 0;
    std::string socketDirectory;
    std::string dataDirectory;
    std::string serverVersion;
    bool reusedCluster = false;  // the data directory existed before this start
    bool adoptedRunningServer = false;
};

// The sandbox's private PostgreSQL: a cluster of its own (initdb on first use, reused after),
// listening on 127.0.0.1 and a Unix socket with wal_level=logical. When the process runs as
// root the server runs as the unprivileged `postgres` user, in a location that user can reach.
class LocalServer {
  public:
    static constexpr const char* kUser = "riverdelta";
    static constexpr const char* kDatabase = "riverdelta";

    // directory: the sandbox's own folder (e.g. <AppDataLocation>/sandbox/postgres).
    explicit LocalServer(std::filesystem::path directory);
    LocalServer(const LocalServer&) = delete;
    LocalServer& operator=(const LocalServer&) = delete;
    ~LocalServer();

    // Throws riverdelta::Error with an actionable message (what to install or change).
    LocalServerEndpoint start();
    void stop();
    [[nodiscard]] bool running() const { return running_; }
    [[nodiscard]] std::filesystem::path logFile() const { return serverDir_ / "postgres.log"; }

  private:
    void prepareLayout();
    void initCluster(const ServerBinaries& bin, const std::string& password);
    [[nodiscard]] std::string readOrCreatePassword();
    [[nodiscard]] std::string socketDirectory() const;
    [[nodiscard]] std::string logTail() const;

    std::filesystem::path directory_;
    std::filesystem::path serverDir_;
    std::optional<ServerBinaries> binaries_;
    std::optional<uid_t> serverUid_;
    std::optional<gid_t> serverGid_;
    bool running_ = false;
};

}  // namespace riverdelta::postgres
