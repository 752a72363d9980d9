#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace riverdelta::lake::parquet {

// Insertion-ordered set of distinct values for dictionary encoding. Values are stored once, in
// their PLAIN encoding, in one contiguous buffer that is also the dictionary page body, so a
// lookup never allocates. The hash table is open addressing with linear probing; each slot
// holds the key (fixed-width values) or a hash tag plus the offset of the bytes (BYTE_ARRAY),
// so a probe touches one cache line.
class Dictionary {
  public:
    // `fixedWidth` is 4 or 8 for INT32/FLOAT and INT64/DOUBLE, 0 for BYTE_ARRAY.
    explicit Dictionary(std::size_t fixedWidth);

    // Index of the value; `inserted` tells whether it was new.
    std::uint32_t insertFixed(std::uint64_t bits, bool& inserted) {
        std::size_t slot = static_cast<std::size_t>(mix(bits)) & mask_;
        while (true) {
            const Slot& sl = slots_[slot];
            if (sl.index == 0) break;
            if (sl.key == bits) {
                inserted = false;
                return sl.index - 1;
            }
            slot = (slot + 1) & mask_;
        }
        inserted = true;
        const auto index = static_cast<std::uint32_t>(count_++);
        plain_.append(reinterpret_cast<const char*>(&bits), fixedWidth_);
        slots_[slot] = Slot{bits, index + 1, 0};
        if (count_ * 2 > slots_.size()) grow();
        return index;
    }

    std::uint32_t insertBytes(std::string_view v, bool& inserted) {
        return insertBytes(v, hashBytes(v), inserted);
    }
    // The same with `h` = hashBytes(v), computed ahead (batches: see prefetchSlot()).
    std::uint32_t insertBytes(std::string_view v, std::uint64_t h, bool& inserted) {
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        std::size_t slot = static_cast<std::size_t>(h) & mask_;
        while (true) {
            const Slot& sl = slots_[slot];
            if (sl.index == 0) break;
            if (sl.tag == tag) {  // compare bytes only when the hash tags agree
                const auto offset = static_cast<std::size_t>(sl.key);
                std::uint32_t len = 0;
                std::memcpy(&len, plain_.data() + offset - 4, 4);
                if (len == v.size() && std::memcmp(plain_.data() + offset, v.data(), len) == 0) {
                    inserted = false;
                    return sl.index - 1;
                }
            }
            slot = (slot + 1) & mask_;
        }
        inserted = true;
        const auto index = static_cast<std::uint32_t>(count_++);
        const auto len = static_cast<std::uint32_t>(v.size());
        plain_.append(reinterpret_cast<const char*>(&len), 4);
        slots_[slot] = Slot{plain_.size(), index + 1, tag};
        plain_.append(v);
        if (count_ * 2 > slots_.size()) grow();
        return index;
    }

    // A large dictionary (thousands of URLs) outgrows the core's cache, and each lookup waited
    // for its slot and then for the entry's bytes. A batch hashes its values ahead and asks for
    // both early: prefetchSlot(h) some values before insertBytes(v, h), prefetchEntry(h) (which
    // reads that slot) a few values later. Hints only: an insert in between changes nothing.
    void prefetchSlot(std::uint64_t h) const {
        __builtin_prefetch(&slots_[static_cast<std::size_t>(h) & mask_]);
    }
    void prefetchEntry(std::uint64_t h) const {
        const Slot& sl = slots_[static_cast<std::size_t>(h) & mask_];
        if (sl.index != 0 && fixedWidth_ == 0) __builtin_prefetch(plain_.data() + sl.key - 4);
    }

    [[nodiscard]] std::size_t size() const { return count_; }
    // The PLAIN-encoded values: the dictionary page body.
    [[nodiscard]] std::string_view plain() const { return plain_; }
    void clear();

    static std::uint64_t hashBytes(std::string_view v);

  private:
    struct Slot {
        std::uint64_t key = 0;    // value bits, or offset of the bytes in plain_ (BYTE_ARRAY)
        std::uint32_t index = 0;  // entry index + 1; 0 = empty
        std::uint32_t tag = 0;    // high hash bits (BYTE_ARRAY)
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
    std::size_t count_ = 0;
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
};

}  // namespace riverdelta::lake::parquet
