#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "engine/generate/history.h"

namespace riverdelta::generate {

// lookupScope "committed": a generator's lookup entries wait here until the run knows their
// event was written. Events are numbered in the order the session hands them to the run
// (its dispatch order); the run reports per generator how many events have an outcome
// (acknowledged + failed) and how many failed. A sink that acknowledges in dispatch order
// (PostgreSQL commits, files, objects, webhooks) makes that count a watermark: the first
// `resolved` events have an outcome. Kafka acknowledges partitions independently, so there
// the count says nothing about which events are done until it equals the events dispatched:
// then every one is. Entries of events with an outcome move to the history, except when the
// failed count grew since the last release: that batch is dropped, since the counts cannot
// say which event failed. So a committed lookup never reads an event that was not written;
// after a failure it may miss some that were.
class CommittedHistory {
  public:
    // Holds `entry` (GeneratorHistory::encodeEntry) for the next dispatched event.
    void hold(std::string entry) { pending_.push_back({dispatched_++, std::move(entry)}); }
    // Numbers a dispatched event that recorded nothing (a repeat's copy records; a
    // discarded one is never dispatched).
    void skip() { ++dispatched_; }
    // Moves entries of events with an outcome into `history`; returns how many moved. Read
    // the sink's acknowledged count before its failed count (resolved = acknowledged + failed).
    std::size_t release(std::uint64_t resolved, std::uint64_t failed, bool inOrder,
                        GeneratorHistory& history);
    // Everything pending is written (sample: nothing is sent, so nothing waits).
    void releaseAll(GeneratorHistory& history);
    [[nodiscard]] bool empty() const { return pending_.empty(); }
    [[nodiscard]] std::uint64_t dispatched() const { return dispatched_; }

  private:
    struct Pending {
        std::uint64_t ordinal;
        std::string entry;
    };
    std::deque<Pending> pending_;
    std::uint64_t dispatched_ = 0;
    std::uint64_t failedSeen_ = 0;
};

}  // namespace riverdelta::generate
