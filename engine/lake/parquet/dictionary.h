#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace riverdelta::lake::parquet {

// Insertion-ordered set of distinct values for dictionary encoding. Values are stored once, in
// their PLAIN encoding, in one contiguous buffer that is also the dictionary page body, so a
// lookup never allocates; the hash table is open addressing with linear probing over indices.
class Dictionary {
  public:
    // `fixedWidth` is 4 or 8 for INT32/FLOAT and INT64/DOUBLE, 0 for BYTE_ARRAY.
    explicit Dictionary(std::size_t fixedWidth);

    // Index of the value; `inserted` tells whether it was new.
    std::uint32_t insertFixed(std::uint64_t bits, bool& inserted) {
        const std::uint64_t h = mix(bits);
        std::size_t slot = static_cast<std::size_t>(h) & mask_;
        while (true) {
            const std::uint32_t e = slots_[slot];
            if (e == 0) break;
            if (fixed_[e - 1] == bits) {
                inserted = false;
                return e - 1;
            }
            slot = (slot + 1) & mask_;
        }
        inserted = true;
        const auto index = static_cast<std::uint32_t>(fixed_.size());
        fixed_.push_back(bits);
        plain_.append(reinterpret_cast<const char*>(&bits), fixedWidth_);
        slots_[slot] = index + 1;
        if (fixed_.size() * 2 > slots_.size()) grow();
        return index;
    }

    std::uint32_t insertBytes(std::string_view v, bool& inserted) {
        const std::uint64_t h = hashBytes(v);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        std::size_t slot = static_cast<std::size_t>(h) & mask_;
        while (true) {
            const std::uint32_t e = slots_[slot];
            if (e == 0) break;
            const Entry& en = entries_[e - 1];
            if (en.tag == tag && en.length == v.size() &&
                std::memcmp(plain_.data() + en.offset, v.data(), v.size()) == 0) {
                inserted = false;
                return e - 1;
            }
            slot = (slot + 1) & mask_;
        }
        inserted = true;
        const auto index = static_cast<std::uint32_t>(entries_.size());
        const auto len = static_cast<std::uint32_t>(v.size());
        plain_.append(reinterpret_cast<const char*>(&len), 4);
        entries_.push_back(Entry{static_cast<std::uint32_t>(plain_.size()), len, tag,
                                 static_cast<std::uint32_t>(h)});
        plain_.append(v);
        slots_[slot] = index + 1;
        if (entries_.size() * 2 > slots_.size()) grow();
        return index;
    }

    [[nodiscard]] std::size_t size() const {
        return fixedWidth_ != 0 ? fixed_.size() : entries_.size();
    }
    // The PLAIN-encoded values: the dictionary page body.
    [[nodiscard]] std::string_view plain() const { return plain_; }
    void clear();

    static std::uint64_t hashBytes(std::string_view v);

  private:
    struct Entry {
        std::uint32_t offset;  // of the bytes in plain_ (after the length prefix)
        std::uint32_t length;
        std::uint32_t tag;  // high hash bits
        std::uint32_t low;  // low hash bits (for regrowing)
    };

    static std::uint64_t mix(std::uint64_t x) {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33;
        return x;
    }
    void grow();

    std::size_t fixedWidth_;
    std::string plain_;
    std::vector<std::uint64_t> fixed_;
    std::vector<Entry> entries_;
    std::vector<std::uint32_t> slots_;
    std::size_t mask_ = 0;
};

}  // namespace riverdelta::lake::parquet
