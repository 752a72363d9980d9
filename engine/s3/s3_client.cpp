#include "engine/s3/s3_client.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <ctime>
#include <random>
#include <thread>

#include "engine/core/utf8.h"

namespace riverdelta::s3 {

namespace {

std::string decodeEntities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        const auto semi = text.find(';', i);
        if (semi == std::string_view::npos) {
            out += text[i];
            continue;
        }
        const std::string_view entity = text.substr(i + 1, semi - i - 1);
        if (entity == "amp") {
            out += '&';
        } else if (entity == "lt") {
            out += '<';
        } else if (entity == "gt") {
            out += '>';
        } else if (entity == "quot") {
            out += '"';
        } else if (entity == "apos") {
            out += '\'';
        } else if (entity.size() > 1 && entity[0] == '#') {
            const bool hex = entity[1] == 'x' || entity[1] == 'X';
            const unsigned long cp = std::strtoul(std::string(entity.substr(hex ? 2 : 1)).c_str(),
                                                  nullptr, hex ? 16 : 10);
            core::appendUtf8(out, static_cast<std::uint32_t>(cp));
        } else {
            out.append(text.substr(i, semi - i + 1));
        }
        i = semi;
    }
    return out;
}

// "2026-12-06T05:44:47.123Z" → epoch milliseconds (0 when unreadable).
std::int64_t parseIsoMs(const std::string& text) {
    std::tm tm{};
    int ms = 0;
    if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
        return 0;
    if (const auto dot = text.find('.'); dot != std::string::npos)
        ms = std::atoi(text.substr(dot + 1, 3).c_str());
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<std::int64_t>(::timegm(&tm)) * 1000 + ms;
}

std::string encodeKey(std::string_view key) {
    std::string out;
    while (true) {
        const auto slash = key.find('/');
        out += http::escapePathSegment(key.substr(0, slash));
        if (slash == std::string_view::npos) break;
        out += '/';
        key.remove_prefix(slash + 1);
    }
    return out;
}

// Lower-case hex SHA-256 of the payload: S3 wants it in x-amz-content-sha256, libcurl signs
// it (curl 7.88 does not compute it for S3 itself) and the server checks the body against it.
std::string sha256Hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw S3Error(S3ErrorKind::Other, "SHA-256 of an S3 payload failed (OpenSSL)");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0x0F];
    }
    return out;
}

bool retryableStatus(long status, const std::string& code) {
    if (status == 429 || status == 500 || status == 502 || status == 503 || status == 504)
        return true;
    if (status == 409 && (code == "ConditionalRequestConflict" || code == "OperationAborted"))
        return true;
    return status == 400 && code == "RequestTimeout";
}

// Transfers cut short after the request may have reached the server: worth another attempt.
bool retryableTransport(int curlCode) {
    return curlCode == CURLE_GOT_NOTHING || curlCode == CURLE_SEND_ERROR ||
           curlCode == CURLE_RECV_ERROR || curlCode == CURLE_OPERATION_TIMEDOUT ||
           curlCode == CURLE_PARTIAL_FILE;
}

S3ErrorKind transportKind(int curlCode) {
    switch (curlCode) {
        case CURLE_COULDNT_RESOLVE_HOST:
            return S3ErrorKind::Dns;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
            return S3ErrorKind::Tls;
        default:
            return S3ErrorKind::Connect;
    }
}

const char* transportWhat(S3ErrorKind kind) {
    switch (kind) {
        case S3ErrorKind::Dns:
            return "DNS: the host name does not resolve";
        case S3ErrorKind::Tls:
            return "TLS handshake or certificate check failed";
        default:
            return "cannot connect";
    }
}

}  // namespace

std::string xmlValue(std::string_view xml, std::string_view tag) {
    const std::string open = "<" + std::string(tag) + ">";
    const std::string close = "</" + std::string(tag) + ">";
    const auto start = xml.find(open);
    if (start == std::string_view::npos) return {};
    const auto end = xml.find(close, start + open.size());
    if (end == std::string_view::npos) return {};
    return decodeEntities(xml.substr(start + open.size(), end - start - open.size()));
}

S3Client::S3Client(S3Settings settings, RetryPolicy retry)
    : settings_(std::move(settings)), retry_(retry) {
    if (settings_.accessKeyId.empty() || settings_.secretAccessKey.empty()) {
        throw S3Error(S3ErrorKind::InvalidSettings,
                      "no S3 credentials for " + settings_.describe() +
                          ": give an access key and secret in the storage profile, or set "
                          "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add them to "
                          "~/.aws/credentials");
    }
    sigv4_ = "aws:amz:" + settings_.region + ":s3";
}

std::string S3Client::where(std::string_view bucket) const {
    return fmt::format("S3 endpoint {}, bucket '{}'", settings_.endpoint, bucket);
}

std::string S3Client::url(std::string_view bucket, std::string_view key,
                          const std::string& query) const {
    std::string u;
    if (settings_.pathStyle()) {
        u = settings_.endpoint + "/" + std::string(bucket) + "/" + encodeKey(key);
    } else {
        const auto scheme = settings_.endpoint.find("://") + 3;
        u = settings_.endpoint.substr(0, scheme) + std::string(bucket) + "." +
            settings_.endpoint.substr(scheme) + "/" + encodeKey(key);
    }
    if (!query.empty()) u += "?" + query;
    return u;
}

http::Response S3Client::send(const Call& call) {
    http::Request request;
    request.method = call.method;
    request.url = url(call.bucket, call.key, call.query);
    request.headers = call.headers;
    // (No "Expect:" to suppress 100-continue: libcurl 7.88 would sign that empty header
    // without sending it, and the signature would not match.)
    request.headers.push_back("x-amz-content-sha256: " + sha256Hex(call.body));
    if (call.method == "PUT" || call.method == "POST")
        request.headers.emplace_back("Content-Type: application/octet-stream");
    if (!settings_.sessionToken.empty())
        request.headers.push_back("x-amz-security-token: " + settings_.sessionToken);
    request.body = std::string(call.body);
    request.headOnly = call.headOnly;
    request.username = settings_.accessKeyId;
    request.password = settings_.secretAccessKey;
    request.awsSigV4 = sigv4_;
    request.timeout = std::chrono::seconds(120);
    request.connectTimeout = std::chrono::seconds(10);

    thread_local std::mt19937 rng{std::random_device{}()};
    std::lock_guard lock(mutex_);
    for (int attempt = 1;; ++attempt) {
        const auto backoff = [&] {
            const auto base = std::min<std::int64_t>(
                retry_.maxBackoff.count(), retry_.initialBackoff.count() << (attempt - 1));
            std::uniform_int_distribution<std::int64_t> jitter(base / 2, base);
            std::this_thread::sleep_for(std::chrono::milliseconds(jitter(rng)));
        };
        try {
            http::Response response = http_.send(request);
            const std::string code =
                response.status >= 300 ? xmlValue(response.body, "Code") : std::string();
            if (retryableStatus(response.status, code) && attempt < retry_.attempts) {
                backoff();
                continue;
            }
            return response;
        } catch (const http::HttpError& e) {
            if (retryableTransport(e.curlCode()) && attempt < retry_.attempts) {
                backoff();
                continue;
            }
            const S3ErrorKind kind = transportKind(e.curlCode());
            throw S3Error(kind,
                          fmt::format("{}: {} ({} {}: {})", where(call.bucket), transportWhat(kind),
                                      call.method, call.key.empty() ? "/" : call.key,
                                      curl_easy_strerror(static_cast<CURLcode>(e.curlCode()))));
        }
    }
}

void S3Client::fail(const Call& call, const http::Response& response) const {
    const std::string code = xmlValue(response.body, "Code");
    std::string message = xmlValue(response.body, "Message");
    S3ErrorKind kind = S3ErrorKind::Other;
    if (response.status == 401 || response.status == 403) {
        kind = S3ErrorKind::AccessDenied;
        if (message.empty()) message = "access denied (wrong credentials or no permission)";
    } else if (code == "NoSuchBucket") {
        kind = S3ErrorKind::NoSuchBucket;
        message = "the bucket does not exist";
    } else if (response.status == 429 || code == "SlowDown") {
        kind = S3ErrorKind::Throttled;
    } else if (response.status >= 500) {
        kind = S3ErrorKind::Server;
    }
    throw S3Error(kind,
                  fmt::format("{}: {} {}: HTTP {}{}{}{}", where(call.bucket), call.method,
                              call.key.empty() ? "/" : call.key, response.status,
                              code.empty() ? "" : " ", code, message.empty() ? "" : ": " + message),
                  response.status, code);
}

std::optional<std::string> S3Client::getObject(std::string_view bucket, std::string_view key) {
    const Call call{.method = "GET", .bucket = bucket, .key = key};
    http::Response r = send(call);
    if (r.status == 200) return std::move(r.body);
    if (r.status == 404 && xmlValue(r.body, "Code") != "NoSuchBucket") return std::nullopt;
    fail(call, r);
}

std::optional<std::string> S3Client::getObjectRange(std::string_view bucket, std::string_view key,
                                                    std::uint64_t offset, std::size_t length) {
    if (length == 0) {  // "bytes=o-(o-1)" is not a range; only existence can be answered
        if (!headObject(bucket, key)) return std::nullopt;
        return std::string();
    }
    const std::uint64_t last = offset + length - 1;
    Call call{.method = "GET", .bucket = bucket, .key = key};
    call.headers.push_back(fmt::format("Range: bytes={}-{}", offset, last));
    http::Response r = send(call);
    if (r.status == 404 && xmlValue(r.body, "Code") != "NoSuchBucket") return std::nullopt;
    // A 200 is the whole object: only acceptable when that is exactly the range asked for.
    if ((r.status == 206 || (r.status == 200 && offset == 0)) && r.body.size() == length)
        return std::move(r.body);
    if (r.status == 206 || r.status == 200) {
        throw S3Error(S3ErrorKind::Other,
                      fmt::format("{}: GET {} bytes {}-{}: expected {} bytes, the server sent {} "
                                  "(HTTP {}, Content-Range '{}')",
                                  where(bucket), key, offset, last, length, r.body.size(), r.status,
                                  r.header("content-range")),
                      r.status);
    }
    if (r.status == 416) {
        throw S3Error(S3ErrorKind::Other,
                      fmt::format("{}: GET {} bytes {}-{}: HTTP 416, the object is shorter "
                                  "(Content-Range '{}')",
                                  where(bucket), key, offset, last, r.header("content-range")),
                      r.status, xmlValue(r.body, "Code"));
    }
    fail(call, r);
}

std::optional<std::uint64_t> S3Client::headObject(std::string_view bucket, std::string_view key) {
    const Call call{.method = "HEAD", .bucket = bucket, .key = key, .headOnly = true};
    const http::Response r = send(call);
    if (r.status == 200) return std::strtoull(r.header("content-length").c_str(), nullptr, 10);
    if (r.status == 404) return std::nullopt;
    fail(call, r);
}

PutOutcome S3Client::putObject(std::string_view bucket, std::string_view key, std::string_view body,
                               PutCondition condition) {
    Call call{.method = "PUT", .bucket = bucket, .key = key, .body = body};
    if (condition == PutCondition::IfNoneMatch) call.headers.emplace_back("If-None-Match: *");
    const http::Response r = send(call);
    if (r.status == 200) return PutOutcome::Written;
    if (r.status == 412 && condition == PutCondition::IfNoneMatch)
        return PutOutcome::PreconditionFailed;
    fail(call, r);
}

void S3Client::deleteObject(std::string_view bucket, std::string_view key) {
    const Call call{.method = "DELETE", .bucket = bucket, .key = key};
    const http::Response r = send(call);
    if (r.status == 204 || r.status == 200 || r.status == 404) return;
    fail(call, r);
}

void S3Client::headBucket(std::string_view bucket) {
    const Call call{.method = "HEAD", .bucket = bucket, .headOnly = true};
    const http::Response r = send(call);
    if (r.status == 200) return;
    if (r.status == 404)
        throw S3Error(S3ErrorKind::NoSuchBucket, where(bucket) + ": the bucket does not exist", 404,
                      "NoSuchBucket");
    fail(call, r);
}

std::vector<ObjectEntry> S3Client::listObjects(std::string_view bucket, std::string_view prefix) {
    std::vector<ObjectEntry> out;
    std::string token;
    for (;;) {
        // Canonical query: parameters sorted by name, values URI-encoded (libcurl signs the
        // query as given).
        std::string query;
        if (!token.empty()) query += "continuation-token=" + http::escapePathSegment(token) + "&";
        query += "list-type=2&prefix=" + http::escapePathSegment(prefix);
        const Call call{.method = "GET", .bucket = bucket, .query = query};
        const http::Response r = send(call);
        if (r.status != 200) fail(call, r);
        std::string_view body = r.body;
        for (auto pos = body.find("<Contents>"); pos != std::string_view::npos;
             pos = body.find("<Contents>", pos + 1)) {
            const auto end = body.find("</Contents>", pos);
            if (end == std::string_view::npos) break;
            const std::string_view entry = body.substr(pos, end - pos);
            ObjectEntry e;
            e.key = xmlValue(entry, "Key");
            e.size = std::strtoull(xmlValue(entry, "Size").c_str(), nullptr, 10);
            e.modifiedMs = parseIsoMs(xmlValue(entry, "LastModified"));
            out.push_back(std::move(e));
        }
        if (xmlValue(body, "IsTruncated") != "true") break;
        token = xmlValue(body, "NextContinuationToken");
        if (token.empty()) break;
    }
    std::sort(out.begin(), out.end(),
              [](const ObjectEntry& a, const ObjectEntry& b) { return a.key < b.key; });
    return out;
}

std::string S3Client::createMultipartUpload(std::string_view bucket, std::string_view key) {
    const Call call{.method = "POST", .bucket = bucket, .key = key, .query = "uploads="};
    const http::Response r = send(call);
    std::string id = xmlValue(r.body, "UploadId");
    if (r.status != 200 || id.empty()) fail(call, r);
    return id;
}

std::string S3Client::uploadPart(std::string_view bucket, std::string_view key,
                                 std::string_view uploadId, int partNumber, std::string_view body) {
    const Call call{.method = "PUT",
                    .bucket = bucket,
                    .key = key,
                    .query = fmt::format("partNumber={}&uploadId={}", partNumber,
                                         http::escapePathSegment(uploadId)),
                    .body = body};
    const http::Response r = send(call);
    std::string etag = r.header("etag");
    if (r.status != 200 || etag.empty()) fail(call, r);
    return etag;
}

PutOutcome S3Client::completeMultipartUpload(std::string_view bucket, std::string_view key,
                                             std::string_view uploadId,
                                             const std::vector<std::string>& etags,
                                             PutCondition condition) {
    std::string body = "<CompleteMultipartUpload>";
    for (std::size_t i = 0; i < etags.size(); ++i)
        body +=
            fmt::format("<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>", i + 1, etags[i]);
    body += "</CompleteMultipartUpload>";
    Call call{.method = "POST",
              .bucket = bucket,
              .key = key,
              .query = "uploadId=" + http::escapePathSegment(uploadId),
              .body = body};
    if (condition == PutCondition::IfNoneMatch) call.headers.emplace_back("If-None-Match: *");
    const http::Response r = send(call);
    // S3 may answer 200 and still report an error in the body.
    if (r.status == 200 && r.body.find("<Error>") == std::string::npos) return PutOutcome::Written;
    if (r.status == 412 && condition == PutCondition::IfNoneMatch)
        return PutOutcome::PreconditionFailed;
    fail(call, r);
}

void S3Client::abortMultipartUpload(std::string_view bucket, std::string_view key,
                                    std::string_view uploadId) {
    const Call call{.method = "DELETE",
                    .bucket = bucket,
                    .key = key,
                    .query = "uploadId=" + http::escapePathSegment(uploadId)};
    const http::Response r = send(call);
    if (r.status == 204 || r.status == 200 || r.status == 404) return;
    fail(call, r);
}

}  // namespace riverdelta::s3
