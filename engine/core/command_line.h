#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace riverdelta::core {

// Parses `--name value`, `--name=value`, boolean `--flag` and positionals. The set of
// options that take a value is declared up front so `--flag positional` is unambiguous.
class CommandLine {
  public:
    struct Spec {
        std::vector<std::string> valueOptions{};       // e.g. "--seed"
        std::vector<std::string> flagOptions{};        // e.g. "--start"
        std::vector<std::string> repeatableOptions{};  // value options that may repeat
    };

    CommandLine(std::span<const std::string_view> args, const Spec& spec);

    [[nodiscard]] bool ok() const { return error_.empty(); }
    [[nodiscard]] const std::string& error() const { return error_; }
    [[nodiscard]] const std::vector<std::string>& positionals() const { return positionals_; }
    [[nodiscard]] bool flag(std::string_view name) const;
    [[nodiscard]] std::optional<std::string> value(std::string_view name) const;
    [[nodiscard]] std::vector<std::string> values(std::string_view name) const;

  private:
    std::vector<std::string> positionals_;
    std::multimap<std::string, std::string, std::less<>> values_;
    std::vector<std::string> flags_;
    std::string error_;
};

}  // namespace riverdelta::core
