#pragma once

#include <stdexcept>
#include <string>

namespace riverdelta {

// Base of the engine's typed exceptions; the engine boundary (Engine, CLI commands) catches it
// and turns it into a status or an exit code. Messages never carry secrets.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace riverdelta
