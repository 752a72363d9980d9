#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace riverdelta::lake::parquet {

// A growable byte buffer for the encoding hot path: appends are an inline capacity check plus
// memcpy, and growing or resizing never zero-fills (unlike std::string::resize).
class ByteBuffer {
  public:
    ByteBuffer() = default;
    ByteBuffer(ByteBuffer&& o) noexcept
        : data_(std::move(o.data_)), size_(o.size_), capacity_(o.capacity_) {
        o.size_ = 0;
        o.capacity_ = 0;
    }
    ByteBuffer& operator=(ByteBuffer&& o) noexcept {
        data_ = std::move(o.data_);
        size_ = o.size_;
        capacity_ = o.capacity_;
        o.size_ = 0;
        o.capacity_ = 0;
        return *this;
    }
    ByteBuffer(const ByteBuffer&) = delete;
    ByteBuffer& operator=(const ByteBuffer&) = delete;
    ~ByteBuffer() = default;

    // A buffer holding exactly `bytes` (capacity == size).
    static ByteBuffer exactCopy(std::string_view bytes) {
        ByteBuffer b;
        b.data_ = std::make_unique_for_overwrite<char[]>(bytes.size());
        if (!bytes.empty()) std::memcpy(b.data_.get(), bytes.data(), bytes.size());
        b.size_ = b.capacity_ = bytes.size();
        return b;
    }

    [[nodiscard]] char* data() { return data_.get(); }
    [[nodiscard]] const char* data() const { return data_.get(); }
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] std::size_t capacity() const { return capacity_; }
    [[nodiscard]] std::string_view view() const { return {data_.get(), size_}; }
    operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)

    void clear() { size_ = 0; }
    void reserve(std::size_t n) {
        if (n > capacity_) grow(n);
    }
    // New bytes are uninitialised.
    void resize(std::size_t n) {
        reserve(n);
        size_ = n;
    }
    void append(const void* p, std::size_t n) {
        if (size_ + n > capacity_) grow(size_ + n);
        std::memcpy(data_.get() + size_, p, n);
        size_ += n;
    }
    void append(std::string_view s) { append(s.data(), s.size()); }
    // PLAIN BYTE_ARRAY: 4-byte little-endian length, then the bytes (one capacity check).
    void appendLengthPrefixed(std::string_view s) {
        const std::size_t n = 4 + s.size();
        if (size_ + n > capacity_) grow(size_ + n);
        const auto len = static_cast<std::uint32_t>(s.size());
        std::memcpy(data_.get() + size_, &len, 4);
        std::memcpy(data_.get() + size_ + 4, s.data(), s.size());
        size_ += n;
    }
    template <typename T>
    void appendValue(T v) {
        append(&v, sizeof(T));
    }

  private:
    void grow(std::size_t atLeast) {
        std::size_t cap = capacity_ < 256 ? 256 : capacity_ * 2;
        while (cap < atLeast)
            cap *= 2;
        auto fresh = std::make_unique_for_overwrite<char[]>(cap);
        if (size_ > 0) std::memcpy(fresh.get(), data_.get(), size_);
        data_ = std::move(fresh);
        capacity_ = cap;
    }

    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

}  // namespace riverdelta::lake::parquet
