#pragma once

#include <cstdint>
#include <string>

namespace riverdelta::run {

// A run about to start, for whoever records it (the run report): what the run does not know
// itself.
struct RunBeginning {
    std::string scenarioName, scenarioFile;
    std::uint64_t seed = 0;
    double speed = 1;
    bool kafkaSandbox = false, postgresSandbox = false;
};

}  // namespace riverdelta::run
