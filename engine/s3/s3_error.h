#pragma once

#include <cstdint>
#include <string>

#include "engine/core/error.h"

namespace riverdelta::s3 {

// Why an S3 request failed, so callers (profile test, the lake store) can say exactly what
// to fix. Messages name the endpoint and bucket, never a secret.
enum class S3ErrorKind : std::uint8_t {
    InvalidSettings,  // a malformed URL, endpoint or missing credentials
    Dns,              // the endpoint's host name does not resolve
    Connect,          // refused, unreachable, or a timeout
    Tls,              // certificate or handshake failure
    AccessDenied,     // 401/403: bad credentials, signature, or permissions (see code())
    NoSuchBucket,     // 404 NoSuchBucket
    Throttled,        // 503 SlowDown / 429 after every retry
    Server,           // 5xx after every retry
    Unsupported,      // the store lacks a feature we rely on (conditional writes)
    Other,            // any other HTTP error
};

class S3Error : public Error {
  public:
    S3Error(S3ErrorKind kind, const std::string& what, long status = 0, std::string code = {})
        : Error(what), kind_(kind), status_(status), code_(std::move(code)) {}
    [[nodiscard]] S3ErrorKind kind() const { return kind_; }
    [[nodiscard]] long httpStatus() const { return status_; }
    [[nodiscard]] const std::string& code() const { return code_; }  // S3 error code, or ""

  private:
    S3ErrorKind kind_;
    long status_;
    std::string code_;
};

}  // namespace riverdelta::s3
