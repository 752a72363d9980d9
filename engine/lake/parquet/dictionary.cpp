#include "engine/lake/parquet/dictionary.h"

namespace riverdelta::lake::parquet {
namespace {
constexpr std::size_t kInitialSlots = 1024;
}

Dictionary::Dictionary(std::size_t fixedWidth)
    : fixedWidth_(fixedWidth), slots_(kInitialSlots), mask_(kInitialSlots - 1) {}

void Dictionary::clear() {
    plain_.clear();
    count_ = 0;
    slots_.assign(kInitialSlots, Slot{});
    mask_ = kInitialSlots - 1;
}

void Dictionary::grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (const Slot& sl : old) {
        if (sl.index == 0) continue;
        std::uint64_t h = 0;
        if (fixedWidth_ != 0) {
            h = mix(sl.key);
        } else {
            std::uint32_t len = 0;
            std::memcpy(&len, plain_.data() + sl.key - 4, 4);
            h = hashBytes(std::string_view(plain_).substr(sl.key, len));
        }
        std::size_t slot = static_cast<std::size_t>(h) & mask_;
        while (slots_[slot].index != 0)
            slot = (slot + 1) & mask_;
        slots_[slot] = sl;
    }
}

std::uint64_t Dictionary::hashBytes(std::string_view v) {
    constexpr std::uint64_t k1 = 0x9e3779b97f4a7c15ULL;
    constexpr std::uint64_t k2 = 0xc2b2ae3d27d4eb4fULL;
    std::uint64_t h = (v.size() + 1) * k1;
    const char* p = v.data();
    std::size_t n = v.size();
    while (n >= 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, 8);
        h = (h ^ (w * k2)) * k1;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n > 0) {
        // The last bytes without a variable-length copy (it was most of this function's time):
        // one load ending at the last byte when the value is that long, overlapping bytes
        // already mixed in, else two overlapping 4-byte loads or three single bytes.
        std::uint64_t w = 0;
        if (v.size() >= 8) {
            std::memcpy(&w, v.data() + v.size() - 8, 8);
        } else if (n >= 4) {
            std::uint32_t lo = 0, hi = 0;
            std::memcpy(&lo, p, 4);
            std::memcpy(&hi, p + n - 4, 4);
            w = lo | std::uint64_t{hi} << 32;
        } else {
            w = static_cast<unsigned char>(p[0]) |
                std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
                std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
        }
        h = (h ^ (w * k2)) * k1;
    }
    h ^= h >> 32;
    h *= k2;
    h ^= h >> 29;
    return h;
}

}  // namespace riverdelta::lake::parquet
