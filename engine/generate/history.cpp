#include "engine/generate/history.h"

#include <cstring>
#include <new>

namespace riverdelta::generate {

namespace {

enum Tag : unsigned char { kNull, kFalse, kTrue, kInt, kDouble, kString, kArray, kObject };

void put32(std::string& out, std::uint32_t v) {
    out.append(reinterpret_cast<const char*>(&v), 4);
}

}  // namespace

void encodeValue(std::string& out, const Value& v) {
    switch (v.kind) {
        case ValueKind::Null:
            out += static_cast<char>(kNull);
            return;
        case ValueKind::Bool:
            out += static_cast<char>(v.boolean ? kTrue : kFalse);
            return;
        case ValueKind::Int:
            out += static_cast<char>(kInt);
            out.append(reinterpret_cast<const char*>(&v.integer), 8);
            return;
        case ValueKind::Double:
            out += static_cast<char>(kDouble);
            out.append(reinterpret_cast<const char*>(&v.number), 8);
            return;
        case ValueKind::String:
            out += static_cast<char>(kString);
            put32(out, v.size);
            out.append(v.chars, v.size);
            return;
        case ValueKind::Array:
            out += static_cast<char>(kArray);
            put32(out, v.size);
            for (std::uint32_t i = 0; i < v.size; ++i)
                encodeValue(out, v.items[i]);
            return;
        case ValueKind::Object:
            out += static_cast<char>(kObject);
            put32(out, v.size);
            for (std::uint32_t i = 0; i < v.size; ++i) {
                put32(out, static_cast<std::uint32_t>(v.members[i].key.size()));
                out.append(v.members[i].key);
                encodeValue(out, v.members[i].value);
            }
            return;
    }
}

namespace {
std::uint32_t get32(const char*& p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    p += 4;
    return v;
}

}  // namespace

Value decodeValue(const char*& p, ValueArena& arena) {
    const auto tag = static_cast<unsigned char>(*p++);
    switch (tag) {
        case kFalse:
            return Value::ofBool(false);
        case kTrue:
            return Value::ofBool(true);
        case kInt: {
            std::int64_t i;
            std::memcpy(&i, p, 8);
            p += 8;
            return Value::ofInt(i);
        }
        case kDouble: {
            double d;
            std::memcpy(&d, p, 8);
            p += 8;
            return Value::ofDouble(d);
        }
        case kString: {
            std::uint32_t n = get32(p);
            auto s = arena.copy(std::string_view(p, n));
            p += n;
            return Value::ofString(s);
        }
        case kArray: {
            std::uint32_t n = get32(p);
            Value* items = arena.values(n);
            for (std::uint32_t i = 0; i < n; ++i)
                new (&items[i]) Value(decodeValue(p, arena));
            return Value::ofArray(items, n);
        }
        case kObject: {
            std::uint32_t n = get32(p);
            Member* ms = arena.members(n);
            for (std::uint32_t i = 0; i < n; ++i) {
                std::uint32_t k = get32(p);
                auto key = arena.copy(std::string_view(p, k));
                p += k;
                new (&ms[i]) Member{key, decodeValue(p, arena)};
            }
            return Value::ofObject(ms, n);
        }
        default:
            return Value::null();
    }
}

GeneratorHistory::GeneratorHistory(std::size_t pathCount, std::size_t capacity, bool uniquePool)
    : pathCount_(pathCount), capacity_(capacity == 0 ? 1 : capacity), uniquePool_(uniquePool) {}

void GeneratorHistory::encodeEntry(std::string& entry, const Value* values, std::size_t pathCount) {
    entry.clear();  // keeps capacity: steady state allocates nothing
    // Header: offset of each path's encoding.
    entry.resize(4 * pathCount);
    for (std::size_t i = 0; i < pathCount; ++i) {
        const auto off = static_cast<std::uint32_t>(entry.size());
        std::memcpy(entry.data() + 4 * i, &off, 4);
        encodeValue(entry, values[i]);
    }
}

void GeneratorHistory::record(const Value* values) {
    encodeEntry(nextSlot(), values, pathCount_);
    appended();
}

void GeneratorHistory::recordEncoded(std::string_view entry) {
    nextSlot().assign(entry.data(), entry.size());
    appended();
}

std::string& GeneratorHistory::nextSlot() {
    const std::size_t slot = static_cast<std::size_t>(total_ % capacity_);
    if (slot >= ring_.size()) ring_.emplace_back();
    return ring_[slot];
}

void GeneratorHistory::appended() {
    if (uniquePool_) unclaimed_.push_back(total_);
    ++total_;
    if (size_ < capacity_) ++size_;
}

Value GeneratorHistory::read(std::uint64_t seq, std::size_t pathIndex, ValueArena& arena) const {
    if (seq < oldest() || seq >= total_ || pathIndex >= pathCount_) return Value::null();
    const std::string& entry = ring_[static_cast<std::size_t>(seq % capacity_)];
    std::uint32_t off;
    std::memcpy(&off, entry.data() + 4 * pathIndex, 4);
    const char* p = entry.data() + off;
    return decodeValue(p, arena);
}

void GeneratorHistory::dropEvicted() {
    // Claims of evicted events are impossible; forget them lazily.
    const std::uint64_t first = oldest();
    std::size_t w = 0;
    for (std::size_t r = 0; r < unclaimed_.size(); ++r) {
        if (unclaimed_[r] >= first) unclaimed_[w++] = unclaimed_[r];
    }
    unclaimed_.resize(w);
}

bool GeneratorHistory::hasUnclaimed() {
    if (oldest() > droppedBelow_) {
        dropEvicted();
        droppedBelow_ = oldest();
    }
    return !unclaimed_.empty();
}

std::optional<std::uint64_t> GeneratorHistory::claim(Rng& rng) {
    while (!unclaimed_.empty()) {
        const std::size_t i = static_cast<std::size_t>(rng.below(unclaimed_.size()));
        const std::uint64_t seq = unclaimed_[i];
        unclaimed_[i] = unclaimed_.back();
        unclaimed_.pop_back();
        if (seq >= oldest()) return seq;
    }
    return std::nullopt;
}

}  // namespace riverdelta::generate
