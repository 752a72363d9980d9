#include "engine/scenario/source_map.h"

namespace riverdelta::scenario {

SourceMap::SourceMap(std::string mainFile) : mainFile_(std::move(mainFile)) {}

void SourceMap::add(std::string expandedPointer, std::string file) {
    entries_.push_back({std::move(expandedPointer), std::move(file)});
}

SourceMap::Location SourceMap::locate(std::string_view pointer) const {
    const Entry* best = nullptr;
    for (const auto& e : entries_) {
        const auto& p = e.expandedPointer;
        const bool prefix = pointer.size() >= p.size() && pointer.compare(0, p.size(), p) == 0 &&
                            (pointer.size() == p.size() || pointer[p.size()] == '/');
        if (prefix && (best == nullptr || p.size() > best->expandedPointer.size())) best = &e;
    }
    if (best == nullptr) return {mainFile_, std::string(pointer)};
    return {best->file, std::string(pointer.substr(best->expandedPointer.size()))};
}

}  // namespace riverdelta::scenario
