#include "engine/cdc/lsn.h"

#include <charconv>

#include "engine/core/error.h"

namespace riverdelta::cdc {

namespace {

std::optional<std::uint32_t> parseHalf(std::string_view hex) {
    if (hex.empty() || hex.size() > 8) return std::nullopt;
    std::uint32_t value = 0;
    auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
    if (ec != std::errc{} || end != hex.data() + hex.size()) return std::nullopt;
    return value;
}

}  // namespace

std::optional<Lsn> Lsn::parse(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto high = parseHalf(text.substr(0, slash));
    auto low = parseHalf(text.substr(slash + 1));
    if (!high || !low) return std::nullopt;
    return Lsn((std::uint64_t{*high} << 32) | *low);
}

Lsn Lsn::fromString(std::string_view text) {
    if (auto lsn = parse(text)) return *lsn;
    throw Error("not a PostgreSQL LSN: '" + std::string(text) + "'");
}

std::string Lsn::toString() const {
    char buffer[20];
    char* p = buffer;
    p = std::to_chars(p, buffer + sizeof buffer, static_cast<std::uint32_t>(value_ >> 32), 16).ptr;
    *p++ = '/';
    p = std::to_chars(p, buffer + sizeof buffer, static_cast<std::uint32_t>(value_), 16).ptr;
    std::string out(buffer, p);
    for (char& c : out)
        if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

}  // namespace riverdelta::cdc
