#include "engine/postgres/server_binaries.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace riverdelta::postgres {

namespace {
bool complete(const std::string& dir) {
    for (const char* p : {"initdb", "pg_ctl", "postgres"})
        if (::access((dir + "/" + p).c_str(), X_OK) != 0) return false;
    return true;
}
}  // namespace

std::optional<ServerBinaries> findServerBinaries() {
    if (const char* env = std::getenv("RIVERDELTA_PG_BINDIR"); env && *env) {
        if (!complete(env)) return std::nullopt;
        ServerBinaries b{env, 0};
        // .../<major>/bin when it follows Debian's layout; 0 (unknown) otherwise.
        auto parent = std::filesystem::path(env).parent_path().filename().string();
        if (!parent.empty() && std::all_of(parent.begin(), parent.end(), ::isdigit))
            b.majorVersion = std::stoi(parent);
        return b;
    }
    std::optional<ServerBinaries> best;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
        const auto name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        const std::string bin = entry.path().string() + "/bin";
        const int major = std::stoi(name);
        if (complete(bin) && (!best || major > best->majorVersion))
            best = ServerBinaries{bin, major};
    }
    return best;
}

}  // namespace riverdelta::postgres
