#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/lake/storage/object_store.h"
#include "engine/s3/s3_settings.h"
#include "engine/s3/s3_url.h"

namespace riverdelta::lake::storage {

// Where a lake (or one table) lives: a local folder or an S3 prefix. Every lake location the
// CLI, the engine and the console take goes through parse(), so "s3://…" is never a folder.
class LakeLocation {
  public:
    LakeLocation() = default;
    // "s3://BUCKET/PREFIX" (validated; throws s3::S3Error with what was expected) or a path.
    static LakeLocation parse(std::string_view text);
    static LakeLocation local(std::filesystem::path folder);

    [[nodiscard]] bool isS3() const { return s3_.has_value(); }
    [[nodiscard]] const s3::S3Url& s3Url() const { return *s3_; }
    [[nodiscard]] const std::filesystem::path& folder() const { return folder_; }
    [[nodiscard]] bool empty() const { return !s3_ && folder_.empty(); }
    // The location of `name` below this one (a table of a lake).
    [[nodiscard]] LakeLocation child(std::string_view name) const;
    // "s3://bucket/prefix" or the folder path.
    [[nodiscard]] std::string toString() const;

  private:
    std::optional<s3::S3Url> s3_;
    std::filesystem::path folder_;
};

// The store rooted at `location`. For S3, settings the caller has (a storage profile) come
// first; what they leave empty resolves from the environment and ~/.aws (s3::resolveS3Settings).
std::unique_ptr<ObjectStore> openObjectStore(const LakeLocation& location,
                                             const std::optional<s3::S3Settings>& settings = {});

}  // namespace riverdelta::lake::storage
