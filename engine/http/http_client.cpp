#include "engine/http/http_client.h"

#include <curl/curl.h>

#include <cctype>
#include <mutex>

namespace riverdelta::http {

namespace {

void globalInit() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

std::size_t appendBody(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

// Collects "Name: value" response headers; a new status line (after a redirect or 100
// Continue) starts over.
std::size_t appendHeader(char* data, std::size_t size, std::size_t count, void* user) {
    auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        headers->clear();
        return size * count;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return size * count;
    std::string name(line.substr(0, colon));
    for (auto& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
        value.remove_suffix(1);
    headers->emplace_back(std::move(name), std::string(value));
    return size * count;
}

}  // namespace

std::string Response::header(std::string_view lowerName) const {
    for (const auto& [name, value] : headers)
        if (name == lowerName) return value;
    return {};
}

void Client::CurlDeleter::operator()(CURL* handle) const {
    curl_easy_cleanup(handle);
}

Client::Client() {
    globalInit();
    handle_.reset(curl_easy_init());
    if (!handle_) throw HttpError("HTTP: could not create a libcurl handle", CURLE_FAILED_INIT);
}

Client::~Client() = default;

Response Client::send(const Request& request) {
    CURL* h = handle_.get();
    curl_easy_reset(h);
    Response response;
    char errorBuffer[CURL_ERROR_SIZE] = {0};
    Slist headers;
    for (const auto& header : request.headers) {
        curl_slist* appended = curl_slist_append(headers.get(), header.c_str());
        if (!appended) throw HttpError("HTTP: out of memory building headers", CURLE_OUT_OF_MEMORY);
        (void)headers.release();
        headers.reset(appended);
    }
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(request.connectTimeout.count()));
    curl_easy_setopt(h, CURLOPT_USERAGENT, "riverdelta");
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    if (!request.awsSigV4.empty()) {
        curl_easy_setopt(h, CURLOPT_AWS_SIGV4, request.awsSigV4.c_str());
        curl_easy_setopt(h, CURLOPT_USERNAME, request.username.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, request.password.c_str());
    } else if (!request.username.empty() || !request.password.empty()) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERNAME, request.username.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, request.password.c_str());
    }
    if (!request.caFile.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, request.caFile.c_str());
    if (request.headOnly) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (request.method == "GET") {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        if (request.method != "DELETE" || !request.body.empty()) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(request.body.size()));
        }
    }
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &appendBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &appendHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &response.headers);

    const CURLcode rc = curl_easy_perform(h);
    // The handle keeps pointers to our buffers; drop them before they go away.
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(h, CURLOPT_PASSWORD, "");
    if (rc != CURLE_OK) {
        std::string reason = errorBuffer[0] ? errorBuffer : curl_easy_strerror(rc);
        throw HttpError(request.method + " " + redactUrl(request.url) + ": " + reason,
                        static_cast<int>(rc));
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
    char* contentType = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &contentType) == CURLE_OK && contentType)
        response.contentType = contentType;
    return response;
}

std::string escapePathSegment(std::string_view segment) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(segment.size());
    for (unsigned char c : segment) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
    }
    return out;
}

std::string redactUrl(std::string_view url) {
    const auto scheme = url.find("://");
    const auto hostStart = scheme == std::string_view::npos ? 0 : scheme + 3;
    auto end = url.find_first_of("/?#", hostStart);
    if (end == std::string_view::npos) end = url.size();
    const auto at = url.substr(0, end).rfind('@');
    if (at == std::string_view::npos || at < hostStart) return std::string(url);
    return std::string(url.substr(0, hostStart)) + std::string(url.substr(at + 1));
}

}  // namespace riverdelta::http
