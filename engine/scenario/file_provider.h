#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace riverdelta::scenario {

// Where scenario files come from. Paths are plain strings ('/'-separated); a provider decides
// which paths it owns.
class FileProvider {
  public:
    virtual ~FileProvider() = default;
    // The file's bytes, or nullopt with `error` set (e.g. "No such file or directory").
    virtual std::optional<std::string> read(const std::string& path, std::string& error) const = 0;
};

// Reads the real filesystem.
class FilesystemFileProvider final : public FileProvider {
  public:
    std::optional<std::string> read(const std::string& path, std::string& error) const override;
};

// Files held in memory (the built-in scenarios compiled into the binary, tests, the fuzzer).
class MemoryFileProvider final : public FileProvider {
  public:
    void add(std::string path, std::string content);
    std::optional<std::string> read(const std::string& path, std::string& error) const override;
    [[nodiscard]] std::vector<std::string> paths() const;

  private:
    std::map<std::string, std::string, std::less<>> files_;
};

// Resolves `loadJsonFile` paths and reads them: relative paths against the including file's
// folder, absolute paths through the mount table (ShadowTraffic users mount their folder at
// /home/data), then through the providers in order (the first that knows a path wins; paths
// starting with "builtin:" only go to the in-memory provider they were registered with).
class FileResolver {
  public:
    FileResolver();  // the filesystem only
    explicit FileResolver(std::shared_ptr<const FileProvider> provider);
    // Providers are asked in the order they were added.
    void addProvider(std::shared_ptr<const FileProvider> provider);

    // `--mount SRC=DIR`: a path equal to SRC or under SRC/ is read from DIR instead.
    void addMount(std::string source, std::string target);
    [[nodiscard]] bool hasMount(std::string_view source) const;
    // Parses "SRC=DIR"; returns false for malformed specs.
    bool addMountSpec(std::string_view spec);

    // The path `reference` names when written inside `includingFile`.
    [[nodiscard]] std::string resolve(std::string_view includingFile,
                                      std::string_view reference) const;
    // Applies mounts to an absolute path.
    [[nodiscard]] std::string applyMounts(std::string_view path) const;
    std::optional<std::string> read(const std::string& path, std::string& error) const;

    static std::string dirname(std::string_view path);

  private:
    std::vector<std::shared_ptr<const FileProvider>> providers_;
    std::vector<std::pair<std::string, std::string>> mounts_;
};

}  // namespace riverdelta::scenario
