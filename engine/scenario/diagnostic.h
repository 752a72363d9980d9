#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace riverdelta::scenario {

// One problem found in a scenario: where (file and JSON pointer inside that file) and what.
struct Diagnostic {
    std::string file;     // as the user named it, or "builtin:/…" for embedded scenarios
    std::string pointer;  // RFC 6901 JSON pointer inside `file`; empty for file-level problems
    std::string message;

    // "FILE:POINTER: message" (the pointer part is omitted when empty).
    [[nodiscard]] std::string format() const;

    bool operator==(const Diagnostic&) const = default;
};

// Collects every problem of a load/compile so that all of them are reported at once.
class Diagnostics {
  public:
    void add(std::string file, std::string pointer, std::string message);
    [[nodiscard]] bool empty() const { return items_.empty(); }
    [[nodiscard]] std::size_t size() const { return items_.size(); }
    [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }
    // All diagnostics formatted, one per line.
    [[nodiscard]] std::string format() const;
    // True if some diagnostic's message contains `text` (handy for tests).
    [[nodiscard]] bool contains(std::string_view text) const;

  private:
    std::vector<Diagnostic> items_;
};

// Appends a JSON pointer segment, escaping '~' and '/' as RFC 6901 requires.
std::string appendPointer(std::string_view base, std::string_view segment);
std::string appendPointer(std::string_view base, std::size_t index);

// The candidate closest to `word` by edit distance, or empty if none is close enough.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);
// " Did you mean "x"?" or empty.
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace riverdelta::scenario
