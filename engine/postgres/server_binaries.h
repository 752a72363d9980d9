#pragma once

#include <optional>
#include <string>

namespace riverdelta::postgres {

// PostgreSQL server programs from the Debian install (/usr/lib/postgresql/<major>/bin, newest
// first), or from $RIVERDELTA_PG_BINDIR when set.
struct ServerBinaries {
    std::string binDir;
    int majorVersion = 0;
    [[nodiscard]] std::string program(const char* name) const { return binDir + "/" + name; }
};

std::optional<ServerBinaries> findServerBinaries();

inline constexpr const char* kServerInstallHint =
    "install the PostgreSQL server: sudo apt-get install postgresql";

}  // namespace riverdelta::postgres
