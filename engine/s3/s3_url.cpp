#include "engine/s3/s3_url.h"

#include <algorithm>
#include <cctype>

#include "engine/s3/s3_error.h"

namespace riverdelta::s3 {

namespace {

[[noreturn]] void invalid(std::string_view text, const std::string& why) {
    throw S3Error(S3ErrorKind::InvalidSettings, "'" + std::string(text) +
                                                    "' is not an S3 location: " + why +
                                                    " (expected s3://BUCKET/PREFIX)");
}

// S3's bucket naming rules: 3–63 of lower-case letters, digits, '.', '-', starting and ending
// with a letter or digit.
bool validBucket(std::string_view b) {
    if (b.size() < 3 || b.size() > 63) return false;
    const auto ok = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    };
    if (!std::all_of(b.begin(), b.end(), ok)) return false;
    return std::isalnum(static_cast<unsigned char>(b.front())) &&
           std::isalnum(static_cast<unsigned char>(b.back()));
}

}  // namespace

bool isS3Url(std::string_view text) {
    if (text.size() < 5) return false;
    std::string head(text.substr(0, 5));
    for (auto& c : head)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return head == "s3://";
}

S3Url parseS3Url(std::string_view text) {
    if (!isS3Url(text)) invalid(text, "it does not start with s3://");
    std::string_view rest = text.substr(5);
    const auto slash = rest.find('/');
    S3Url url;
    url.bucket = std::string(rest.substr(0, slash));
    if (url.bucket.empty()) invalid(text, "the bucket name is missing");
    if (!validBucket(url.bucket))
        invalid(text, "'" + url.bucket +
                          "' is not a valid bucket name (3-63 lower-case letters, digits, "
                          "'.' or '-')");
    std::string_view prefix = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
    std::string cleaned;
    while (!prefix.empty()) {
        const auto next = prefix.find('/');
        const std::string_view segment = prefix.substr(0, next);
        prefix = next == std::string_view::npos ? "" : prefix.substr(next + 1);
        if (segment.empty()) continue;  // "a//b" and a trailing '/'
        if (segment == "." || segment == "..") invalid(text, "'.' and '..' are not allowed");
        if (!cleaned.empty()) cleaned += '/';
        cleaned += segment;
    }
    url.prefix = std::move(cleaned);
    return url;
}

std::string S3Url::toString() const {
    return "s3://" + bucket + (prefix.empty() ? "" : "/" + prefix);
}

std::string S3Url::keyPrefix() const {
    return prefix.empty() ? std::string() : prefix + "/";
}

S3Url S3Url::child(std::string_view name) const {
    S3Url c = *this;
    c.prefix = keyPrefix() + std::string(name);
    return c;
}

}  // namespace riverdelta::s3
