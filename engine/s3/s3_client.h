#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/http/http_client.h"
#include "engine/s3/s3_error.h"
#include "engine/s3/s3_settings.h"

namespace riverdelta::s3 {

struct ObjectEntry {
    std::string key;
    std::uint64_t size = 0;
    std::int64_t modifiedMs = 0;  // Unix epoch milliseconds
};

enum class PutCondition : std::uint8_t {
    None,
    IfNoneMatch,  // If-None-Match: * — create only; 412 when the key exists
};
enum class PutOutcome : std::uint8_t { Written, PreconditionFailed };

struct RetryPolicy {
    int attempts = 8;  // throttling (429, 503 SlowDown), 5xx, 409 conditional conflicts, resets
    std::chrono::milliseconds initialBackoff{100};
    std::chrono::milliseconds maxBackoff{5000};
};

// S3 REST calls over one keep-alive libcurl handle (http::Client); libcurl signs every request
// with SigV4 (CURLOPT_AWS_SIGV4). Thread-safe: calls are serialised on the handle. Throttling,
// 5xx and dropped connections are retried with exponential backoff and jitter; what still fails
// throws S3Error naming the endpoint and bucket (never a secret).
class S3Client {
  public:
    // `settings` as resolveS3Settings returns them. Throws S3Error (InvalidSettings) when there
    // are no credentials.
    explicit S3Client(S3Settings settings, RetryPolicy retry = {});

    [[nodiscard]] const S3Settings& settings() const { return settings_; }

    // The object, or nullopt for 404 NoSuchKey (a missing bucket throws).
    std::optional<std::string> getObject(std::string_view bucket, std::string_view key);
    // Bytes [offset, offset + length) of the object (GET with `Range: bytes=…`), or nullopt
    // for 404 NoSuchKey. Throws S3Error naming the key and range when the server answers
    // anything but exactly those bytes (416 past the end, a 200 that ignored the range).
    std::optional<std::string> getObjectRange(std::string_view bucket, std::string_view key,
                                              std::uint64_t offset, std::size_t length);
    // Size of the object, or nullopt when it does not exist.
    std::optional<std::uint64_t> headObject(std::string_view bucket, std::string_view key);
    PutOutcome putObject(std::string_view bucket, std::string_view key, std::string_view body,
                         PutCondition condition = PutCondition::None);
    // S3 answers 204 whether or not the key existed.
    void deleteObject(std::string_view bucket, std::string_view key);
    // Every key under `prefix` (ListObjectsV2, all pages), sorted.
    std::vector<ObjectEntry> listObjects(std::string_view bucket, std::string_view prefix);
    // Throws S3Error when the bucket is missing or not ours to use.
    void headBucket(std::string_view bucket);

    // Multipart upload: parts of at least 5 MiB except the last.
    std::string createMultipartUpload(std::string_view bucket, std::string_view key);
    std::string uploadPart(std::string_view bucket, std::string_view key, std::string_view uploadId,
                           int partNumber, std::string_view body);
    PutOutcome completeMultipartUpload(std::string_view bucket, std::string_view key,
                                       std::string_view uploadId,
                                       const std::vector<std::string>& etags,
                                       PutCondition condition = PutCondition::None);
    void abortMultipartUpload(std::string_view bucket, std::string_view key,
                              std::string_view uploadId);

  private:
    struct Call {
        std::string method = "GET";
        std::string_view bucket;
        std::string_view key;
        std::string query;  // already canonical: sorted, encoded, "name=value&..."
        std::vector<std::string> headers;
        std::string_view body;
        bool headOnly = false;
    };
    // Sends with retries; returns any final response (the caller maps statuses).
    http::Response send(const Call& call);
    [[nodiscard]] std::string url(std::string_view bucket, std::string_view key,
                                  const std::string& query) const;
    [[noreturn]] void fail(const Call& call, const http::Response& response) const;
    [[nodiscard]] std::string where(std::string_view bucket) const;

    S3Settings settings_;
    RetryPolicy retry_;
    std::string sigv4_;
    std::mutex mutex_;
    http::Client http_;
};

// The text of the first <Tag>…</Tag> in an S3 XML document (entities decoded), or "".
std::string xmlValue(std::string_view xml, std::string_view tag);

}  // namespace riverdelta::s3
