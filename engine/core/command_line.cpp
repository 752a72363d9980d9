#include "engine/core/command_line.h"

#include <algorithm>

namespace riverdelta::core {

namespace {
bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}
}  // namespace

CommandLine::CommandLine(std::span<const std::string_view> args, const Spec& spec) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "--") {
            for (++i; i < args.size(); ++i)
                positionals_.emplace_back(args[i]);
            break;
        }
        if (arg.size() < 2 || arg.substr(0, 2) != "--") {
            positionals_.emplace_back(arg);
            continue;
        }
        std::string name(arg);
        std::optional<std::string> inlineValue;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name.resize(eq);
        }
        if (contains(spec.valueOptions, name) || contains(spec.repeatableOptions, name)) {
            std::string value;
            if (inlineValue) {
                value = *inlineValue;
            } else if (i + 1 < args.size()) {
                value = std::string(args[++i]);
            } else {
                error_ = "option " + name + " needs a value";
                return;
            }
            if (!contains(spec.repeatableOptions, name) && values_.count(name) != 0) {
                error_ = "option " + name + " given more than once";
                return;
            }
            values_.emplace(name, std::move(value));
        } else if (contains(spec.flagOptions, name)) {
            if (inlineValue) {
                error_ = "option " + name + " takes no value";
                return;
            }
            flags_.push_back(name);
        } else {
            error_ = "unknown option " + name;
            return;
        }
    }
}

bool CommandLine::flag(std::string_view name) const {
    return contains(flags_, name);
}

std::optional<std::string> CommandLine::value(std::string_view name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> CommandLine::values(std::string_view name) const {
    std::vector<std::string> out;
    auto [first, last] = values_.equal_range(name);
    for (auto it = first; it != last; ++it)
        out.push_back(it->second);
    return out;
}

}  // namespace riverdelta::core
