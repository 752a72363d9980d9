#pragma once

// The per-generator and per-instance state of a Session, shared by session.cpp and the
// session_*.cpp files that hold its member functions by concern.

#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/generate/history.h"
#include "engine/generate/rng.h"
#include "engine/generate/session.h"

namespace riverdelta::generate {

namespace session_detail {

inline constexpr std::uint32_t kNone = UINT32_MAX;

inline double nonNegative(double v) {
    return (v > 0 && std::isfinite(v)) ? v : 0;
}

}  // namespace session_detail

struct Session::Instance {
    Rng rng;
    double due = 0;
    double startDue = 0;
    std::int64_t startNow = 0;
    double lastThrottle = 0;
    std::uint64_t iterations = 0;  // events made, discarded ones included (maxEvents)
    std::uint64_t lastOrdinal = 0;
    std::uint64_t maxEvents = UINT64_MAX;
    std::uint64_t timesLeft = 0;  // sequence-form state machine: runs left of this step
    std::uint32_t generation = 0;
    std::uint32_t step = 0;  // sequence-form state machine: current step
    std::int32_t state = 0;  // state machine: current state
    std::uint32_t repeatLeft = 0;
    std::uint32_t repeatStored = session_detail::kNone;
    bool started = false;
    bool alive = false;
    Value forkKey;
    std::string forkKeyBytes;
    std::vector<Value> once;  // varsOnce slots (empty when the generator has none)
    std::string previous;     // the last event, encoded (keepPrevious)
    // A state machine whose transitions a function gave (once, at the instance's start).
    std::vector<std::int32_t> dynNext;      // map form: next state per state (-1: the end)
    std::vector<std::int32_t> dynSequence;  // array form: the states in order
};

struct Session::GenState {
    bool uncapped = false;  // setUncapped(): maxEvents does not end it
    std::vector<Instance> instances;
    std::vector<std::uint32_t> freeSlots;
    std::vector<Entry> parked;  // popped while paused
    std::uint64_t emitted = 0;
    std::size_t live = 0;
    std::uint64_t spawned = 0;         // this pass
    std::uint64_t spawnedEarlier = 0;  // earlier passes (schedule.loop)
    std::uint64_t bytes = 0;           // key + payload JSON emitted this pass (maxBytes)
    std::size_t nextArrayKey = 0;
    double spawnerDue = 0;
    std::uint64_t spawnerOrdinal = 0;
    bool spawnerDone = false;
    bool spawnerQueued = false;
    std::unordered_set<std::string> liveKeys;
    std::unordered_set<std::string> usedKeys;  // oneTimeKeys
    Rng spawnRng;
    bool paused = false;
    bool finished = false;
    bool retired = false;  // finished by the caller: stays finished in later passes
};

struct Session::Stored {
    struct Values {
        Value key, payload, where;
    };
    // The event's values, decoded into `arena`.
    Values decode(ValueArena& arena) const {
        const char* k = key.data();
        const char* v = payload.data();
        const char* w = where.data();
        Values out;
        out.key = decodeValue(k, arena);
        out.payload = decodeValue(v, arena);
        out.where = decodeValue(w, arena);
        return out;
    }

    std::size_t generator = 0;
    std::uint64_t sequence = 0;
    std::int64_t nowMs = 0;
    RowOp op = RowOp::Insert;
    std::string key, payload, where;  // encoded
    std::string entry;                // held lookup entry (lookupScope committed)
    bool entryHeld = false;
};

}  // namespace riverdelta::generate
