#include "app/cli/app_paths.h"

#include <cstdlib>

namespace riverdelta::cli {

std::string defaultDataDirectory() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::string(xdg) + "/riverdelta";
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : "/tmp") + "/.local/share/riverdelta";
}

}  // namespace riverdelta::cli
