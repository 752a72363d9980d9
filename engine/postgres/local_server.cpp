#include "engine/postgres/local_server.h"

#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "engine/core/error.h"
#include "engine/core/process.h"
#include "engine/postgres/connection.h"

namespace riverdelta::postgres {

namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writePrivateFile(const fs::path& path, const std::string& content) {
    {
        std::ofstream out(path, std::ios::trunc);
        if (!out) throw Error("cannot write " + path.string() + ": " + std::strerror(errno));
        out << content;
    }
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace);
}

// Whether `uid`/`gid` can reach `dir` (execute permission on every ancestor).
bool traversable(const fs::path& dir, uid_t uid, gid_t gid) {
    for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
        struct stat st {};
        if (::stat(p.c_str(), &st) == 0) {
            const bool ok = st.st_uid == uid   ? (st.st_mode & S_IXUSR)
                            : st.st_gid == gid ? (st.st_mode & S_IXGRP)
                                               : (st.st_mode & S_IXOTH);
            if (!ok) return false;
        }
        if (p == p.root_path()) break;
    }
    return true;
}

void chownTree(const fs::path& path, uid_t uid, gid_t gid) {
    if (::chown(path.c_str(), uid, gid) != 0)
        throw Error("cannot hand " + path.string() +
                    " to the postgres user: " + std::strerror(errno));
}

// The file in a /var/tmp server folder that names the data directory it belongs to.
constexpr const char* kOwnerFile = "data-directory";

// As root the server's files live in /var/tmp, keyed by the data directory. A data directory
// deleted by its owner (a test's temporary folder, a user starting afresh) would leave its
// 50 MB cluster behind for good: remove the folders whose data directory is gone and whose
// server is not running. Folders that name no data directory are left alone.
void removeOrphanedServerFolders(const fs::path& parent, const fs::path& keep) {
    std::error_code ec;
    fs::directory_iterator it(parent, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const fs::path dir = it->path();
        if (dir == keep || !dir.filename().string().starts_with("riverdelta-root-")) continue;
        // Anything we cannot tell for sure keeps the folder.
        std::error_code e;
        const auto absent = [&e](const fs::path& p) { return !fs::exists(p, e) && !e; };
        const fs::path owner = dir / kOwnerFile;
        if (absent(owner) || e) continue;
        const std::string dataDirectory = readFile(owner);
        if (dataDirectory.empty() || !absent(dataDirectory)) continue;
        const fs::path pidFile = dir / "pgdata" / "postmaster.pid";
        if (!absent(pidFile)) {
            const long pid = std::atol(readFile(pidFile).c_str());
            if (e || pid <= 0 || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)
                continue;
        }
        std::error_code removeError;  // best effort: a folder we cannot remove stays
        fs::remove_all(dir, removeError);
    }
}

std::string randomPassword() {
    std::random_device rd;
    std::uniform_int_distribution<int> hex(0, 15);
    std::string out;
    for (int i = 0; i < 32; ++i)
        out += "0123456789abcdef"[hex(rd)];
    return out;
}

}  // namespace

LocalServer::LocalServer(fs::path directory) : directory_(std::move(directory)) {}

LocalServer::~LocalServer() {
    try {
        stop();
    } catch (...) {  // destructor: the server may already be gone
    }
}

void LocalServer::prepareLayout() {
    std::error_code ec;
    fs::create_directories(directory_, ec);
    if (ec)
        throw Error("sandbox PostgreSQL: cannot create data directory " + directory_.string() +
                    ": " + ec.message());
    serverDir_ = directory_ / "server";
    if (::geteuid() != 0) {
        fs::create_directories(serverDir_, ec);
        if (ec)
            throw Error("sandbox PostgreSQL: cannot create " + serverDir_.string() + ": " +
                        ec.message());
        return;
    }
    // As root: PostgreSQL refuses to run as root, so run it as Debian's `postgres` user (or the
    // account RIVERDELTA_PG_SERVER_USER names).
    const char* userOverride = std::getenv("RIVERDELTA_PG_SERVER_USER");
    const std::string user = userOverride && *userOverride ? userOverride : "postgres";
    const passwd* pw = ::getpwnam(user.c_str());
    if (!pw)
        throw Error(
            "sandbox PostgreSQL: Riverdelta runs as root, PostgreSQL refuses to run as "
            "root, and there is no '" +
            user +
            "' user to run the server as. Start Riverdelta as a normal user, or "
            "install the PostgreSQL server, which creates the 'postgres' user: sudo "
            "apt-get install postgresql");
    serverUid_ = pw->pw_uid;
    serverGid_ = pw->pw_gid;
    if (!traversable(directory_, *serverUid_, *serverGid_)) {
        // e.g. /root is 0700: keep the server's files where the postgres user can reach them.
        const auto key = std::hash<std::string>{}(fs::absolute(directory_).string());
        serverDir_ = fs::path("/var/tmp") / ("riverdelta-root-" + std::to_string(key % 1000000007));
        removeOrphanedServerFolders(serverDir_.parent_path(), serverDir_);
    }
    fs::create_directories(serverDir_, ec);
    if (ec)
        throw Error("sandbox PostgreSQL: cannot create " + serverDir_.string() + ": " +
                    ec.message());
    if (serverDir_.parent_path() != directory_)
        writePrivateFile(serverDir_ / kOwnerFile, fs::absolute(directory_).string());
    chownTree(serverDir_, *serverUid_, *serverGid_);
    fs::permissions(serverDir_, fs::perms::owner_all, fs::perm_options::replace);
}

std::string LocalServer::readOrCreatePassword() {
    const fs::path file = directory_ / "credentials";
    if (fs::exists(file)) {
        std::string pw = readFile(file);
        while (!pw.empty() && (pw.back() == '\n' || pw.back() == ' '))
            pw.pop_back();
        if (!pw.empty()) return pw;
    }
    std::string pw = randomPassword();
    writePrivateFile(file, pw + "\n");
    return pw;
}

std::string LocalServer::socketDirectory() const {
    // Unix socket paths are limited to 107 bytes including "/.s.PGSQL.NNNNN".
    fs::path dir = serverDir_ / "socket";
    if (dir.string().size() + 16 < 100) return dir.string();
    return "/tmp/riverdelta-pg-" +
           std::to_string(std::hash<std::string>{}(serverDir_.string()) % 1000000007);
}

std::string LocalServer::logTail() const {
    std::string log = readFile(logFile());
    if (log.size() > 1500) log = "..." + log.substr(log.size() - 1500);
    return log;
}

void LocalServer::initCluster(const ServerBinaries& bin, const std::string& password) {
    const fs::path pwfile = serverDir_ / ".initdb-password";
    writePrivateFile(pwfile, password + "\n");
    if (serverUid_) chownTree(pwfile, *serverUid_, *serverGid_);
    core::ProcessOptions opts;
    opts.workingDirectory = serverDir_.string();
    opts.runAsUser = serverUid_;
    opts.runAsGroup = serverGid_;
    auto result = core::runProcess(
        {bin.program("initdb"), "-D", (serverDir_ / "pgdata").string(), "-U", kUser,
         "--pwfile=" + pwfile.string(), "--auth-host=scram-sha-256", "--auth-local=scram-sha-256",
         "-E", "UTF8", "--locale=C", "--no-instructions"},
        opts);
    fs::remove(pwfile);
    if (!result.ok())
        throw Error("sandbox PostgreSQL: initdb failed in " + (serverDir_ / "pgdata").string() +
                    ":\n" + result.output);
    std::ofstream conf(serverDir_ / "pgdata" / "postgresql.conf", std::ios::app);
    conf << "\n# Riverdelta sandbox\n"
            "listen_addresses = '127.0.0.1'\n"
            "wal_level = logical\n"
            "max_wal_senders = 10\n"
            "max_replication_slots = 10\n"
            "shared_buffers = 64MB\n";
}

LocalServerEndpoint LocalServer::start() {
    binaries_ = findServerBinaries();
    if (!binaries_) {
        const char* override = std::getenv("RIVERDELTA_PG_BINDIR");
        const std::string where = override && *override
                                      ? std::string(override) + " (RIVERDELTA_PG_BINDIR)"
                                      : std::string("/usr/lib/postgresql/*/bin");
        throw Error("sandbox PostgreSQL: server binaries (initdb, pg_ctl, postgres) not found in " +
                    where + "; " + kServerInstallHint);
    }
    prepareLayout();
    const std::string password = readOrCreatePassword();
    const fs::path pgdata = serverDir_ / "pgdata";

    LocalServerEndpoint ep;
    ep.dataDirectory = pgdata.string();
    ep.reusedCluster = fs::exists(pgdata / "PG_VERSION");
    if (ep.reusedCluster) {
        int major = std::stoi(readFile(pgdata / "PG_VERSION"));
        if (major != binaries_->majorVersion && binaries_->majorVersion != 0)
            throw Error("sandbox PostgreSQL: the cluster in " + pgdata.string() + " is version " +
                        std::to_string(major) + " but the installed server is " +
                        std::to_string(binaries_->majorVersion) +
                        "; move that directory away to start a fresh sandbox");
    } else {
        initCluster(*binaries_, password);
    }

    core::ProcessOptions opts;
    opts.workingDirectory = serverDir_.string();
    opts.runAsUser = serverUid_;
    opts.runAsGroup = serverGid_;
    const std::string pgCtl = binaries_->program("pg_ctl");

    if (core::runProcess({pgCtl, "status", "-D", pgdata.string()}, opts).exitCode == 0) {
        // A server from an earlier launch that did not shut down: adopt it.
        std::istringstream pid(readFile(pgdata / "postmaster.pid"));
        std::string line;
        for (int i = 0; i < 5 && std::getline(pid, line); ++i) {
            if (i == 3) ep.port = std::stoi(line);
            if (i == 4) ep.socketDirectory = line;
        }
        ep.adoptedRunningServer = true;
    } else {
        const std::string socketDir = socketDirectory();
        fs::create_directories(socketDir);
        if (serverUid_) chownTree(socketDir, *serverUid_, *serverGid_);
        int port = 0;
        if (auto last = readFile(directory_ / "port"); !last.empty())
            port = std::atoi(last.c_str());
        if (port <= 0 || !core::loopbackPortIsFree(port)) port = core::freeLoopbackPort();
        opts.timeout = std::chrono::seconds(90);
        auto result =
            core::runProcess({pgCtl, "start", "-D", pgdata.string(), "-l", logFile().string(), "-w",
                              "-t", "60", "-o", "-p " + std::to_string(port) + " -k " + socketDir},
                             opts);
        if (!result.ok())
            throw Error("sandbox PostgreSQL: the server did not start (port " +
                        std::to_string(port) + ", data " + pgdata.string() + "):\n" + logTail());
        ep.port = port;
        ep.socketDirectory = socketDir;
        std::ofstream(directory_ / "port", std::ios::trunc) << port << "\n";
    }
    running_ = true;

    const std::string base = "host=127.0.0.1 port=" + std::to_string(ep.port) + " user=" + kUser +
                             " password=" + password;
    {
        Connection admin(base + " dbname=postgres");
        ep.serverVersion = admin.serverVersion();
        const std::optional<std::string> db[] = {std::string(kDatabase)};
        if (admin.exec("SELECT 1 FROM pg_database WHERE datname = $1", db).rows() == 0)
            admin.exec(std::string("CREATE DATABASE ") + kDatabase);
    }
    ep.conninfo = base + " dbname=" + kDatabase;
    ep.description = std::string(kUser) + "@127.0.0.1:" + std::to_string(ep.port) + "/" + kDatabase;
    return ep;
}

void LocalServer::stop() {
    if (!running_ || !binaries_) return;
    core::ProcessOptions opts;
    opts.workingDirectory = serverDir_.string();
    opts.runAsUser = serverUid_;
    opts.runAsGroup = serverGid_;
    opts.timeout = std::chrono::seconds(90);
    auto result =
        core::runProcess({binaries_->program("pg_ctl"), "stop", "-D",
                          (serverDir_ / "pgdata").string(), "-m", "fast", "-w", "-t", "60"},
                         opts);
    running_ = false;
    if (!result.ok()) throw Error("sandbox PostgreSQL: pg_ctl stop failed:\n" + result.output);
}

}  // namespace riverdelta::postgres
