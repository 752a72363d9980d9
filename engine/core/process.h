#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace riverdelta::core {

struct ProcessOptions {
    std::string workingDirectory;    // empty: inherit
    std::optional<uid_t> runAsUser;  // needs root; also switches group and HOME
    std::optional<gid_t> runAsGroup;
    std::vector<std::string> extraEnvironment;  // "NAME=value"
    std::chrono::milliseconds timeout{std::chrono::minutes(2)};
};

struct ProcessResult {
    int exitCode = -1;   // -1 when it could not start or was killed on timeout
    std::string output;  // stdout and stderr interleaved
    bool timedOut = false;
    [[nodiscard]] bool ok() const { return exitCode == 0; }
};

// Runs argv[0] (searched in PATH when it has no slash) and waits for it. Never throws for a
// failing child; a child that cannot be started yields exitCode -1 and the reason in output.
ProcessResult runProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});

std::optional<std::string> findExecutable(const std::string& name);

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it back).
int freeLoopbackPort();
bool loopbackPortIsFree(int port);

}  // namespace riverdelta::core
