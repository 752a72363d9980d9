#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "engine/cdc/ack_tracker.h"
#include "engine/cdc/lsn.h"
#include "engine/cdc/source_status.h"
#include "engine/core/background_worker.h"

// State a PgSource shares between its worker (the capture pipeline), its monitor and status().
namespace riverdelta::cdc::detail {

// Thrown inside the pipeline when stop() interrupts a blocking step; not an error.
using core::StopRequested;

struct SourceShared {
    mutable std::mutex mutex;
    SourceStatus status;  // counters and LSNs below are folded in by status()

    explicit SourceShared(std::size_t tables)
        : tableEvents(std::make_unique<std::atomic<std::uint64_t>[]>(tables)) {}

    std::atomic<std::uint64_t> captured{0}, produced{0}, tombstones{0};
    // Per table, by its index in the status' snapshot list (the options' tables, deduplicated).
    std::unique_ptr<std::atomic<std::uint64_t>[]> tableEvents;
    std::atomic<std::uint64_t> confirmed{0};
    std::atomic<bool> dropSlotOnStop{false};
    std::atomic<bool> streaming{false};
    AckTracker tracker;

    void setState(SourceState state) {
        std::lock_guard lock(mutex);
        if (status.state != SourceState::Failed) status.state = state;
    }
    void setWaiting(std::string what) {
        std::lock_guard lock(mutex);
        status.waitingFor = std::move(what);
    }
    // The slot may be confirmed up to here (it only moves forward).
    void confirm(Lsn lsn) {
        if (lsn.value() > confirmed.load(std::memory_order_relaxed))
            confirmed.store(lsn.value(), std::memory_order_relaxed);
    }
    [[nodiscard]] Lsn confirmedLsn() const { return Lsn(confirmed.load()); }
};

}  // namespace riverdelta::cdc::detail
