#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace riverdelta::http {
struct Request;
struct Response;
}  // namespace riverdelta::http

namespace riverdelta::run {

// A webhook connection's `printExchange`: each request and its response (or why none came),
// in ShadowTraffic's layout between "start/end request/response pair" lines, as indented JSON.
// Credentials never show: a header or query parameter whose name says it carries one
// (isSecretName) prints as "****", user info in the URL is dropped, and bodies are cut at
// 4 KiB.
std::string describeExchange(const http::Request& request, const http::Response* response,
                             std::string_view failure, std::chrono::milliseconds elapsed);

// Authorization, Proxy-Authorization, Cookie/Set-Cookie and any name containing "key",
// "token", "secret", "password", "passwd", "auth", "credential", "signature" or "session"
// (any case).
bool isSecretName(std::string_view name);

}  // namespace riverdelta::run
