#pragma once

#include <QObject>
#include <QTimer>
#include <memory>
#include <vector>

#include "engine/core/log.h"
#include "engine/engine_snapshot.h"
#include "models/snapshot_source.h"

namespace riverdelta {
class Engine;
}

namespace riverdelta::models {

// The UI's only door to the engine: polls a SnapshotSource (the Engine's snapshot(), ~10 Hz)
// and tells the models when something changed. The UI thread never waits for engine work.
class EngineBridge : public QObject {
    Q_OBJECT
  public:
    explicit EngineBridge(Engine& engine, QObject* parent = nullptr);
    // Without an engine (model tests): snapshots and log from `source`; engine() must not be
    // called. The source outlives the bridge.
    explicit EngineBridge(SnapshotSource& source, QObject* parent = nullptr);

    [[nodiscard]] const EngineSnapshot& snapshot() const { return snapshot_; }
    [[nodiscard]] bool hasEngine() const { return engine_ != nullptr; }
    // For commands and engine services (tails, sync options); a bridge over a bare
    // SnapshotSource has none (std::logic_error).
    [[nodiscard]] Engine& engine() const;
    void setPollInterval(int milliseconds) { timer_.setInterval(milliseconds); }

  public slots:
    void poll();

  signals:
    // Something in the snapshot differs from the last poll's (EngineSnapshot::version moved): what
    // shows engine state listens here.
    void snapshotChanged();
    // After every poll, changed or not: for what moves with the clock rather than with the
    // engine (charts sampled at a steady rate, rates that decay while nothing arrives, reading
    // a topic tail's queue).
    void polled();
    void logged(const std::vector<riverdelta::core::LogEntry>& entries);

  private:
    std::unique_ptr<SnapshotSource> ownSource_;  // over engine_, when given one
    SnapshotSource& source_;
    Engine* engine_ = nullptr;
    QTimer timer_;
    EngineSnapshot snapshot_;
    std::uint64_t lastLogSequence_ = 0;
};

}  // namespace riverdelta::models
