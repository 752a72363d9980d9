#pragma once

#include <cstdint>
#include <vector>

#include "engine/core/log.h"
#include "engine/engine_snapshot.h"

namespace riverdelta {
class Engine;
}

namespace riverdelta::models {

// Where EngineBridge reads the engine's state from: the Engine itself (EngineSnapshotSource),
// or, in a model test, prepared snapshots.
class SnapshotSource {
  public:
    SnapshotSource() = default;
    SnapshotSource(const SnapshotSource&) = delete;
    SnapshotSource& operator=(const SnapshotSource&) = delete;
    virtual ~SnapshotSource() = default;

    // The state now; its version increases whenever its content changed.
    [[nodiscard]] virtual EngineSnapshot snapshot() const = 0;
    // Log entries with a sequence above `sequence`, oldest first.
    [[nodiscard]] virtual std::vector<core::LogEntry> logSince(std::uint64_t sequence) const = 0;
};

class EngineSnapshotSource final : public SnapshotSource {
  public:
    explicit EngineSnapshotSource(Engine& engine) : engine_(engine) {}
    [[nodiscard]] EngineSnapshot snapshot() const override;
    [[nodiscard]] std::vector<core::LogEntry> logSince(std::uint64_t sequence) const override;

  private:
    Engine& engine_;
};

}  // namespace riverdelta::models
