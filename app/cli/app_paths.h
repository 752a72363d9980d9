#pragma once

#include <string>

namespace riverdelta::cli {

// The same place Qt's AppDataLocation gives the GUI (XDG_DATA_HOME/riverdelta), so the CLI and
// the desktop app share one sandbox.
std::string defaultDataDirectory();

}  // namespace riverdelta::cli
