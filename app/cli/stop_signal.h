#pragma once

#include <string>
#include <vector>

// Shared by the long-running commands (run, sync, cdc).
namespace riverdelta::cli {

// Installs SIGINT and SIGTERM handlers that only set a flag, so the command can stop cleanly
// (flush what is in flight) instead of being killed mid-write.
void installStopSignals();
// True once SIGINT or SIGTERM arrived after installStopSignals().
[[nodiscard]] bool stopRequested();
// True once a second one arrived: the user does not want to wait for what is in flight.
[[nodiscard]] bool stopInsisted();

// "a,b" "c" → {"a", "b", "c"}: each argument split at commas, empty parts dropped.
std::vector<std::string> splitCommaLists(const std::vector<std::string>& args);

}  // namespace riverdelta::cli
