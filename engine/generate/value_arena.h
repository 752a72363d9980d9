#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/generate/value.h"

namespace riverdelta::generate {

// Bump allocator for one event's values, members and string bytes. Memory is kept in blocks
// that never move (pointers stay valid until reset()) and is reused after reset(), so a
// session that has warmed up allocates nothing per event.
class ValueArena {
  public:
    ValueArena() = default;
    ValueArena(const ValueArena&) = delete;
    ValueArena& operator=(const ValueArena&) = delete;

    Value* values(std::size_t n) {
        return static_cast<Value*>(raw(n * sizeof(Value), alignof(Value)));
    }
    Member* members(std::size_t n) {
        return static_cast<Member*>(raw(n * sizeof(Member), alignof(Member)));
    }
    char* chars(std::size_t n) { return static_cast<char*>(raw(n, 1)); }
    std::string_view copy(std::string_view s);
    // Deep copy of `v` into this arena.
    Value deepCopy(const Value& v);

    // Forgets everything allocated; keeps the blocks for reuse.
    void reset();
    [[nodiscard]] std::size_t capacityBytes() const;

  private:
    void* raw(std::size_t bytes, std::size_t align);

    struct Block {
        std::unique_ptr<std::byte[]> data;
        std::size_t size = 0;
    };
    std::vector<Block> blocks_;
    std::size_t current_ = 0;  // index of the block being filled
    std::size_t used_ = 0;     // bytes used in blocks_[current_]
};

}  // namespace riverdelta::generate
