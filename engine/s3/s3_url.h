#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace riverdelta::s3 {

// "s3://BUCKET/PREFIX": a bucket and a key prefix (no leading or trailing '/'; may be empty).
struct S3Url {
    std::string bucket;
    std::string prefix;

    // "s3://bucket/prefix"
    [[nodiscard]] std::string toString() const;
    // The prefix for keys under it: "" or "prefix/".
    [[nodiscard]] std::string keyPrefix() const;
    // A location below this one: s3://bucket/prefix/child.
    [[nodiscard]] S3Url child(std::string_view name) const;
};

// True when `text` starts with "s3://" (any case): such a text is never a local path.
bool isS3Url(std::string_view text);

// Parses "s3://bucket[/prefix]". Throws S3Error (kind InvalidSettings) with what was expected
// for a malformed one (no bucket, a bucket name S3 would refuse, "." or ".." segments).
S3Url parseS3Url(std::string_view text);

}  // namespace riverdelta::s3
