#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace riverdelta::scenario {

// After `loadJsonFile` references are expanded, a node's pointer in the combined document no
// longer tells which file it came from. The source map remembers, for each expanded subtree,
// its file, so that diagnostics name the file the user has to edit.
class SourceMap {
  public:
    struct Location {
        std::string file;
        std::string pointer;
    };

    explicit SourceMap(std::string mainFile = {});
    // The subtree at `expandedPointer` is the whole content of `file`.
    void add(std::string expandedPointer, std::string file);
    [[nodiscard]] Location locate(std::string_view expandedPointer) const;
    [[nodiscard]] const std::string& mainFile() const { return mainFile_; }

  private:
    struct Entry {
        std::string expandedPointer;
        std::string file;
    };
    std::string mainFile_;
    std::vector<Entry> entries_;
};

}  // namespace riverdelta::scenario
