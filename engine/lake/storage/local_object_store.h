#pragma once

#include <filesystem>

#include "engine/lake/storage/object_store.h"

namespace riverdelta::lake::storage {

// ObjectStore over a local directory. putIfAbsent writes a temporary file in the target
// directory, fsyncs it, link()s it to the final name (EEXIST = someone else won) and unlinks
// the temporary; the directory is fsynced after every name change. Temporary files are named
// ".<name>.<random>.tmp" and never listed.
class LocalObjectStore final : public ObjectStore {
  public:
    explicit LocalObjectStore(std::filesystem::path root);

    [[nodiscard]] const std::filesystem::path& root() const { return root_; }

    std::vector<ObjectInfo> list(std::string_view prefix) override;
    std::optional<std::string> read(std::string_view path) override;
    std::optional<std::uint64_t> objectSize(std::string_view path) override;
    void readRange(std::string_view path, std::uint64_t offset, std::size_t length,
                   std::string& into) override;
    std::unique_ptr<NewFile> createNewFile(std::string_view path) override;
    PutResult putIfAbsent(std::string_view path, std::string_view bytes) override;
    void overwrite(std::string_view path, std::string_view bytes) override;
    bool remove(std::string_view path) override;

  private:
    [[nodiscard]] std::filesystem::path resolve(std::string_view path) const;
    // Writes bytes to a fresh temporary next to `target` (fsynced); returns its path.
    std::filesystem::path writeTemp(const std::filesystem::path& target, std::string_view bytes);

    std::filesystem::path root_;
};

}  // namespace riverdelta::lake::storage
