#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "engine/run/object_store.h"
#include "engine/s3/s3_client.h"

namespace riverdelta::run {

// Objects in an S3 (or S3-compatible) bucket, for scenario `s3` connections. Each object is
// created with If-None-Match: *, so a run never replaces an object another run wrote.
class BucketStore final : public ObjectStore {
  public:
    BucketStore(s3::S3Settings settings, std::string bucket);

    void put(std::string_view key, std::string_view bytes) override;
    std::uint64_t nextIndex(std::string_view keyPrefix, std::string_view suffix) override;
    [[nodiscard]] std::string describe(std::string_view key) const override;

    // The settings of a scenario `s3` connection: its connectionConfigs (endpoint,
    // pathStyleAccess), the rest as AWS tools resolve it (environment, ~/.aws).
    static s3::S3Settings settingsFor(const nlohmann::json& connection);

  private:
    s3::S3Client client_;
    std::string bucket_;
};

}  // namespace riverdelta::run
