#include "engine/run/bucket_store.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "engine/core/error.h"

namespace riverdelta::run {

BucketStore::BucketStore(s3::S3Settings settings, std::string bucket)
    : client_(std::move(settings)), bucket_(std::move(bucket)) {
    client_.headBucket(bucket_);  // a missing bucket or wrong credentials fail before any event
}

s3::S3Settings BucketStore::settingsFor(const nlohmann::json& connection) {
    s3::S3Settings given;
    if (connection.is_object() && connection.contains("connectionConfigs")) {
        const nlohmann::json& cc = connection["connectionConfigs"];
        if (cc.is_object() && cc.contains("endpoint") && cc["endpoint"].is_string())
            given.endpoint = cc["endpoint"].get<std::string>();
        if (cc.is_object() && cc.contains("pathStyleAccess") && cc["pathStyleAccess"].is_boolean())
            given.addressing = cc["pathStyleAccess"].get<bool>() ? s3::Addressing::PathStyle
                                                                 : s3::Addressing::VirtualHosted;
    }
    return s3::resolveS3Settings(std::move(given));
}

std::string BucketStore::describe(std::string_view key) const {
    return "s3://" + bucket_ + "/" + std::string(key);
}

void BucketStore::put(std::string_view key, std::string_view bytes) {
    if (client_.putObject(bucket_, key, bytes, s3::PutCondition::IfNoneMatch) ==
        s3::PutOutcome::PreconditionFailed)
        throw Error(describe(key) + " already exists (another run is writing the same keys)");
}

std::uint64_t BucketStore::nextIndex(std::string_view keyPrefix, std::string_view suffix) {
    const std::string tail = "." + std::string(suffix);
    std::uint64_t next = 0;
    for (const auto& o : client_.listObjects(bucket_, keyPrefix)) {
        const std::string_view name = o.key;
        if (name.size() <= keyPrefix.size() + tail.size() || !name.ends_with(tail)) continue;
        const std::string_view digits =
            name.substr(keyPrefix.size(), name.size() - keyPrefix.size() - tail.size());
        std::uint64_t n = 0;
        const auto [p, err] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (err == std::errc() && p == digits.data() + digits.size()) next = std::max(next, n + 1);
    }
    return next;
}

}  // namespace riverdelta::run
