#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace riverdelta::cdc {

// Appends JSON tokens to a caller-owned string that is cleared and reused per event, so the hot
// path builds no DOM and (once the buffer has grown) allocates nothing. The caller supplies the
// structure (braces, commas); this class gets escaping and number formatting right.
class JsonTokenWriter {
  public:
    explicit JsonTokenWriter(std::string& out) : out_(out) {}

    void raw(char c) { out_.push_back(c); }
    void raw(std::string_view text) { out_.append(text); }
    void null() { out_.append("null"); }
    void boolean(bool value) { out_.append(value ? "true" : "false"); }

    template <typename Int>
    void integer(Int value) {
        char buffer[24];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        out_.append(buffer, end);
    }

    // Shortest round-trip form; callers write null for NaN and infinities (JSON has neither).
    void number(double value);

    // A quoted, escaped string (input is UTF-8; control characters become \u00XX).
    void string(std::string_view text) {
        out_.push_back('"');
        escaped(text);
        out_.push_back('"');
    }

    // The escaped contents without quotes, e.g. to build `"name":` prefixes once.
    void escaped(std::string_view text);

    // `"name":` for precomputing member prefixes.
    static std::string memberPrefix(std::string_view name);

  private:
    std::string& out_;
};

}  // namespace riverdelta::cdc
