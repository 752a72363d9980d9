#include "engine/generate/program.h"

namespace riverdelta::generate {

std::optional<std::size_t> Program::findGenerator(std::string_view name) const {
    for (std::size_t i = 0; i < infos_.size(); ++i) {
        if (infos_[i].name == name) return i;
    }
    return std::nullopt;
}

const ConnectionInfo* Program::findConnection(std::string_view name) const {
    for (const auto& c : connections_) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

}  // namespace riverdelta::generate
