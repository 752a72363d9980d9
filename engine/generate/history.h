#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/rng.h"
#include "engine/generate/value.h"
#include "engine/generate/value_arena.h"

namespace riverdelta::generate {

// The compact binary encoding histories use; also keeps events a session holds back (delay,
// repeat) or remembers (previous event). decodeValue allocates into `arena`.
void encodeValue(std::string& out, const Value& v);
Value decodeValue(const char*& p, ValueArena& arena);

// What one generator has emitted, as far as lookups need it: for each emitted event, the
// values at the paths that some lookup reads (not whole events). Bounded: a ring of at most
// `capacity` events (oldest dropped). Values are stored in a compact binary encoding and
// decoded into the reader's arena.
class GeneratorHistory {
  public:
    GeneratorHistory(std::size_t pathCount, std::size_t capacity, bool uniquePool);

    // Appends one event: `values[i]` is the value at recorded path i.
    void record(const Value* values);
    // The same in two steps: an entry encoded now (`pathCount` values), appended later
    // (lookupScope "committed" holds entries until the sink acknowledged their event).
    static void encodeEntry(std::string& entry, const Value* values, std::size_t pathCount);
    void recordEncoded(std::string_view entry);
    [[nodiscard]] std::size_t pathCount() const { return pathCount_; }

    [[nodiscard]] std::uint64_t total() const { return total_; }  // ever recorded
    [[nodiscard]] std::size_t size() const { return size_; }      // currently kept
    [[nodiscard]] std::uint64_t oldest() const { return total_ - size_; }
    [[nodiscard]] std::size_t capacity() const { return capacity_; }

    // The value at path `pathIndex` of event number `seq` (oldest() <= seq < total()).
    [[nodiscard]] Value read(std::uint64_t seq, std::size_t pathIndex, ValueArena& arena) const;

    // Unique lookups: events not yet handed out by any unique lookup of this generator.
    [[nodiscard]] bool hasUnclaimed();
    // Picks one unclaimed event uniformly and marks it claimed.
    std::optional<std::uint64_t> claim(Rng& rng);
    [[nodiscard]] std::size_t unclaimedCount() const { return unclaimed_.size(); }

  private:
    void dropEvicted();
    std::string& nextSlot();
    void appended();

    std::size_t pathCount_;
    std::size_t capacity_;
    bool uniquePool_;
    std::vector<std::string> ring_;
    std::uint64_t total_ = 0;
    std::size_t size_ = 0;
    std::vector<std::uint64_t> unclaimed_;
    std::uint64_t droppedBelow_ = 0;
};

// The histories of every generator that some lookup reads (null for the others).
class HistoryStore {
  public:
    std::vector<std::unique_ptr<GeneratorHistory>> generators;
    GeneratorHistory* of(std::size_t generator) {
        return generator < generators.size() ? generators[generator].get() : nullptr;
    }
};

}  // namespace riverdelta::generate
