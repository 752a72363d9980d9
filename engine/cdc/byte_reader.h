#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "engine/cdc/cdc_error.h"

namespace riverdelta::cdc {

// Reads the big-endian integers and NUL-terminated strings of the PostgreSQL wire protocol from
// a byte span; every read is bounds-checked and throws CdcError(Protocol) past the end.
class ByteReader {
  public:
    explicit ByteReader(std::span<const std::uint8_t> data) : data_(data) {}

    [[nodiscard]] std::size_t remaining() const { return data_.size() - pos_; }
    [[nodiscard]] bool atEnd() const { return pos_ == data_.size(); }

    std::uint8_t u8() {
        need(1);
        return data_[pos_++];
    }
    std::uint16_t u16() { return static_cast<std::uint16_t>(readBig(2)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(readBig(4)); }
    std::uint64_t u64() { return readBig(8); }
    std::int16_t i16() { return static_cast<std::int16_t>(u16()); }
    std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }

    // A NUL-terminated string; the view points into the input.
    std::string_view cstring() {
        const auto* begin = data_.data() + pos_;
        const void* nul = std::memchr(begin, 0, remaining());
        if (!nul) fail("unterminated string");
        const auto length = static_cast<std::size_t>(static_cast<const std::uint8_t*>(nul) - begin);
        pos_ += length + 1;
        return {reinterpret_cast<const char*>(begin), length};
    }

    std::string_view bytes(std::size_t count) {
        need(count);
        std::string_view out(reinterpret_cast<const char*>(data_.data() + pos_), count);
        pos_ += count;
        return out;
    }

    [[noreturn]] static void fail(const std::string& what) {
        throw CdcError(CdcErrorKind::Protocol, "malformed replication message: " + what);
    }

  private:
    void need(std::size_t count) const {
        if (remaining() < count)
            fail("needs " + std::to_string(count) + " more bytes, has " +
                 std::to_string(remaining()));
    }
    std::uint64_t readBig(std::size_t count) {
        need(count);
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < count; ++i)
            value = (value << 8) | data_[pos_ + i];
        pos_ += count;
        return value;
    }

    std::span<const std::uint8_t> data_;
    std::size_t pos_ = 0;
};

}  // namespace riverdelta::cdc
