#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/error.h"

typedef void CURL;  // NOLINT: libcurl's own spelling, so callers need not include curl.h

namespace riverdelta::http {

// A transfer that did not produce an HTTP response (DNS, refused, TLS, timeout). The message
// names the URL without any credentials.
class HttpError : public Error {
  public:
    HttpError(const std::string& what, int curlCode) : Error(what), curlCode_(curlCode) {}
    [[nodiscard]] int curlCode() const { return curlCode_; }

  private:
    int curlCode_;
};

struct Request {
    std::string method = "GET";
    std::string url;                   // without user info; credentials go below
    std::vector<std::string> headers;  // "Name: value"
    std::string body;
    std::string username;  // basic auth when username or password is set
    std::string password;
    // "aws:amz:<region>:<service>": libcurl signs the request with AWS SigV4
    // (CURLOPT_AWS_SIGV4) using username:password as access key:secret, instead of basic auth.
    std::string awsSigV4;
    bool headOnly = false;  // HEAD: no body is read
    std::string caFile;     // extra PEM bundle; empty: the system's trust store
    std::chrono::milliseconds timeout{std::chrono::seconds(15)};
    std::chrono::milliseconds connectTimeout{std::chrono::seconds(10)};
};

struct Response {
    long status = 0;
    std::string body;
    std::string contentType;
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased

    // The first header of that (lower-case) name, or "".
    [[nodiscard]] std::string header(std::string_view lowerName) const;
};

// One libcurl easy handle, reused across requests so keep-alive connections and TLS sessions
// carry over. Not thread-safe: one Client per thread, or guard it.
class Client {
  public:
    Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;
    ~Client();

    // Any HTTP status is a Response; only transport failures throw HttpError.
    Response send(const Request& request);

  private:
    struct CurlDeleter {
        void operator()(CURL* handle) const;
    };
    std::unique_ptr<CURL, CurlDeleter> handle_;
};

// Percent-encodes one path segment (RFC 3986 unreserved characters stay).
std::string escapePathSegment(std::string_view segment);

// The URL without `user:password@`, for messages.
std::string redactUrl(std::string_view url);

}  // namespace riverdelta::http
