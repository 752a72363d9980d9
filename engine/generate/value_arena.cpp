#include "engine/generate/value_arena.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace riverdelta::generate {

namespace {
constexpr std::size_t kBlockSize = 64 * 1024;
}

void* ValueArena::raw(std::size_t bytes, std::size_t align) {
    if (bytes == 0) bytes = 1;
    while (current_ < blocks_.size()) {
        Block& b = blocks_[current_];
        std::size_t start = (used_ + align - 1) & ~(align - 1);
        if (start + bytes <= b.size) {
            used_ = start + bytes;
            return b.data.get() + start;
        }
        ++current_;
        used_ = 0;
    }
    const std::size_t size = std::max(kBlockSize, bytes + align);
    blocks_.push_back({std::make_unique<std::byte[]>(size), size});
    current_ = blocks_.size() - 1;
    // operator new[] aligns for any fundamental type, so a fresh block starts aligned.
    used_ = bytes;
    return blocks_.back().data.get();
}

std::string_view ValueArena::copy(std::string_view s) {
    if (s.empty()) return {};
    char* p = chars(s.size());
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
}

Value ValueArena::deepCopy(const Value& v) {
    switch (v.kind) {
        case ValueKind::String:
            return Value::ofString(copy(v.string()));
        case ValueKind::Array: {
            Value* items = values(v.size);
            for (std::uint32_t i = 0; i < v.size; ++i)
                items[i] = deepCopy(v.items[i]);
            return Value::ofArray(items, v.size);
        }
        case ValueKind::Object: {
            Member* ms = members(v.size);
            for (std::uint32_t i = 0; i < v.size; ++i) {
                new (&ms[i]) Member{copy(v.members[i].key), deepCopy(v.members[i].value)};
            }
            return Value::ofObject(ms, v.size);
        }
        default:
            return v;
    }
}

void ValueArena::reset() {
    current_ = 0;
    used_ = 0;
}

std::size_t ValueArena::capacityBytes() const {
    std::size_t total = 0;
    for (const auto& b : blocks_)
        total += b.size;
    return total;
}

}  // namespace riverdelta::generate
