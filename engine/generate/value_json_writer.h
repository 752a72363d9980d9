#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/generate/value.h"

namespace riverdelta::generate {

// Serialises values as compact JSON straight into a caller-owned, reused byte buffer.
// Doubles use the shortest representation that reads back exactly, with ".0" kept on
// integral values so that the type survives a round trip; NaN and infinities become null.
class ValueJsonWriter {
  public:
    explicit ValueJsonWriter(std::string& out) : out_(out) {}

    void value(const Value& v);
    void string(std::string_view s);
    void integer(std::int64_t i);
    void number(double d);
    void raw(std::string_view bytes) { out_.append(bytes); }

  private:
    std::string& out_;
};

// Convenience for tests and diagnostics.
std::string toJson(const Value& v);

}  // namespace riverdelta::generate
