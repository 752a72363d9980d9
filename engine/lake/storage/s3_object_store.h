#pragma once

#include <cstddef>
#include <memory>
#include <mutex>

#include "engine/lake/storage/object_store.h"
#include "engine/s3/s3_client.h"
#include "engine/s3/s3_url.h"

namespace riverdelta::lake::storage {

// ObjectStore over an S3 bucket and key prefix. putIfAbsent is a conditional PUT
// (`If-None-Match: *`; 412 = someone else won). Before the first one the store checks once
// that the server enforces it (s3::probeConditionalWrites) and refuses to commit otherwise.
// New files upload in one PUT, or as a multipart upload once they pass `partSize`; nothing is
// visible under the name before commit(). S3 failures surface as StorageError with the S3
// message (endpoint, bucket, status and code; never a secret).
class S3ObjectStore final : public ObjectStore {
  public:
    static constexpr std::size_t kDefaultPartSize = 8u << 20;  // S3's minimum is 5 MiB

    S3ObjectStore(std::shared_ptr<s3::S3Client> client, s3::S3Url root,
                  std::size_t partSize = kDefaultPartSize);

    [[nodiscard]] const s3::S3Url& root() const { return root_; }
    [[nodiscard]] s3::S3Client& client() const { return *client_; }

    std::vector<ObjectInfo> list(std::string_view prefix) override;
    std::optional<std::string> read(std::string_view path) override;
    std::optional<std::uint64_t> objectSize(std::string_view path) override;  // HEAD
    void readRange(std::string_view path, std::uint64_t offset, std::size_t length,
                   std::string& into) override;  // GET with a Range header
    std::unique_ptr<NewFile> createNewFile(std::string_view path) override;
    PutResult writeNewFile(std::string_view path, std::string_view bytes) override;
    PutResult putIfAbsent(std::string_view path, std::string_view bytes) override;
    void overwrite(std::string_view path, std::string_view bytes) override;
    bool remove(std::string_view path) override;

    // Runs the conditional-write probe now (otherwise it runs before the first putIfAbsent).
    void checkConditionalWrites();

  private:
    [[nodiscard]] std::string key(std::string_view path) const;

    std::shared_ptr<s3::S3Client> client_;
    s3::S3Url root_;
    std::size_t partSize_;
    std::once_flag probed_;
};

}  // namespace riverdelta::lake::storage
