#include "engine/lake/parquet/dictionary.h"

namespace riverdelta::lake::parquet {
namespace {
constexpr std::size_t kInitialSlots = 1024;
}

Dictionary::Dictionary(std::size_t fixedWidth)
    : fixedWidth_(fixedWidth), slots_(kInitialSlots, 0), mask_(kInitialSlots - 1) {}

void Dictionary::clear() {
    plain_.clear();
    fixed_.clear();
    entries_.clear();
    slots_.assign(kInitialSlots, 0);
    mask_ = kInitialSlots - 1;
}

void Dictionary::grow() {
    const std::size_t newSize = slots_.size() * 2;
    slots_.assign(newSize, 0);
    mask_ = newSize - 1;
    const std::size_t n = size();
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t h =
            fixedWidth_ != 0
                ? mix(fixed_[i])
                : ((static_cast<std::uint64_t>(entries_[i].tag) << 32) | entries_[i].low);
        std::size_t slot = static_cast<std::size_t>(h) & mask_;
        while (slots_[slot] != 0)
            slot = (slot + 1) & mask_;
        slots_[slot] = static_cast<std::uint32_t>(i + 1);
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
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = (h ^ (w * k2)) * k1;
    }
    h ^= h >> 32;
    h *= k2;
    h ^= h >> 29;
    return h;
}

}  // namespace riverdelta::lake::parquet
