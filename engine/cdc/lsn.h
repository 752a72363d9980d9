#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace riverdelta::cdc {

// A PostgreSQL WAL position (XLogRecPtr): 64 bits, written "16/B374D848" (high/low 32 bits in
// upper-case hex, as pg_lsn prints it). 0/0 is the invalid position.
class Lsn {
  public:
    constexpr Lsn() = default;
    constexpr explicit Lsn(std::uint64_t value) : value_(value) {}

    // nullopt unless the text is "HEX/HEX" with 1-8 hex digits on each side.
    static std::optional<Lsn> parse(std::string_view text);
    // Like parse() but throws riverdelta::Error naming the text.
    static Lsn fromString(std::string_view text);

    [[nodiscard]] std::string toString() const;
    [[nodiscard]] constexpr std::uint64_t value() const { return value_; }
    [[nodiscard]] constexpr bool valid() const { return value_ != 0; }

    // Bytes from `earlier` to this position; 0 when `earlier` is not behind.
    [[nodiscard]] constexpr std::uint64_t bytesSince(Lsn earlier) const {
        return value_ > earlier.value_ ? value_ - earlier.value_ : 0;
    }

    constexpr auto operator<=>(const Lsn&) const = default;

  private:
    std::uint64_t value_ = 0;
};

}  // namespace riverdelta::cdc
