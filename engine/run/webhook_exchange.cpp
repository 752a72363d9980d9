#include "engine/run/webhook_exchange.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>

#include "engine/http/http_client.h"

namespace riverdelta::run {

namespace {

constexpr std::size_t kBodyLimit = 4096;
constexpr const char* kMasked = "****";

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string cut(std::string_view body) {
    if (body.size() <= kBodyLimit) return std::string(body);
    return std::string(body.substr(0, kBodyLimit)) + "… (" + std::to_string(body.size()) +
           " bytes)";
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

// The URL without user info and query; the query as an object, secrets masked.
std::pair<std::string, nlohmann::ordered_json> splitUrl(std::string_view url) {
    std::string base = http::redactUrl(url);
    nlohmann::ordered_json query = nlohmann::ordered_json::object();
    const auto q = base.find('?');
    if (q == std::string::npos) return {base, query};
    std::string_view rest = std::string_view(base).substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const auto pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        const std::string name(pair.substr(0, eq));
        const std::string value(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
        if (!name.empty()) query[name] = isSecretName(name) ? kMasked : value;
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    return {base.substr(0, q), query};
}

}  // namespace

bool isSecretName(std::string_view name) {
    const std::string n = lower(name);
    if (n == "authorization" || n == "proxy-authorization" || n == "cookie" || n == "set-cookie")
        return true;
    static constexpr std::array kParts = {"key",  "token",      "secret",    "password", "passwd",
                                          "auth", "credential", "signature", "session"};
    return std::any_of(kParts.begin(), kParts.end(),
                       [&](const char* part) { return n.find(part) != std::string::npos; });
}

std::string describeExchange(const http::Request& request, const http::Response* response,
                             std::string_view failure, std::chrono::milliseconds elapsed) {
    auto [url, query] = splitUrl(request.url);
    nlohmann::ordered_json req;
    req["method"] = request.method;
    req["url"] = url;
    req["body"] = cut(request.body);
    if (!query.empty()) req["query-params"] = query;
    nlohmann::ordered_json headers = nlohmann::ordered_json::object();
    for (const auto& line : request.headers) {
        const auto colon = line.find(':');
        const std::string name = lower(trim(std::string_view(line).substr(0, colon)));
        const std::string value =
            colon == std::string::npos ? "" : trim(std::string_view(line).substr(colon + 1));
        headers[name] = isSecretName(name) ? kMasked : value;
    }
    if (!request.username.empty() || !request.password.empty()) headers["authorization"] = kMasked;
    req["headers"] = headers;

    nlohmann::ordered_json res;
    if (response) {
        res["status"] = response->status;
        res["request-time"] = elapsed.count();
        nlohmann::ordered_json rh = nlohmann::ordered_json::object();
        for (const auto& [name, value] : response->headers)
            rh[name] = isSecretName(name) ? kMasked : value;
        res["headers"] = rh;
        res["body"] = cut(response->body);
    } else {
        res["error"] = std::string(failure);
        res["request-time"] = elapsed.count();
    }
    // Invalid UTF-8 in a body prints replaced rather than failing the run.
    const auto dump = [](const nlohmann::ordered_json& j) {
        return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    };
    return "------- start request/response pair -------\nrequest:\n" + dump(req) + "\nresponse:\n" +
           dump(res) + "\n------- end request/response pair -------";
}

}  // namespace riverdelta::run
