#pragma once

#include <span>
#include <string_view>

// Each riverdelta-cli subcommand is one function in its own file; main.cpp lists them.
// A command returns the process exit code: 0 success, 1 runtime failure, 2 usage or invalid input.
namespace riverdelta::cli {

using Args = std::span<const std::string_view>;

struct Command {
    std::string_view name;
    std::string_view synopsis;
    std::string_view summary;
    int (*run)(Args args);
};

int runCdc(Args args);
int runDoctor(Args args);
int runSandbox(Args args);
int runSync(Args args);
int runLake(Args args);
int runProfile(Args args);
int runRun(Args args);

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

int runCheck(Args args);      // check_command.cpp
int runSample(Args args);     // sample_command.cpp
int runFunctions(Args args);  // functions_command.cpp

}  // namespace riverdelta::cli
