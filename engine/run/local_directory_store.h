#pragma once

#include <filesystem>

#include "engine/run/object_store.h"

namespace riverdelta::run {

// Objects as files under a directory (created with its parents when missing). A file appears
// whole: it is written under a hidden temporary name and renamed into place.
class LocalDirectoryStore final : public ObjectStore {
  public:
    explicit LocalDirectoryStore(std::filesystem::path root);

    void put(std::string_view key, std::string_view bytes) override;
    std::uint64_t nextIndex(std::string_view keyPrefix, std::string_view suffix) override;
    [[nodiscard]] std::string describe(std::string_view key) const override;

  private:
    std::filesystem::path root_;
};

}  // namespace riverdelta::run
