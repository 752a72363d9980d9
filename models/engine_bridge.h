#pragma once

#include <QObject>
#include <QTimer>
#include <vector>

#include "engine/core/log.h"
#include "engine/snapshot.h"

namespace riverdelta {
class Engine;
}

namespace riverdelta::models {

// The UI's only door to the engine: polls Engine::snapshot() on a timer (~10 Hz) and tells the
// models when something changed. The UI thread never waits for engine work.
class EngineBridge : public QObject {
    Q_OBJECT
  public:
    explicit EngineBridge(Engine& engine, QObject* parent = nullptr);

    [[nodiscard]] const Snapshot& snapshot() const { return snapshot_; }
    [[nodiscard]] Engine& engine() const { return engine_; }
    void setPollInterval(int milliseconds) { timer_.setInterval(milliseconds); }

  public slots:
    void poll();

  signals:
    void snapshotChanged();
    // After every poll (changed or not): for views that sample at a steady rate (charts) and
    // fast-moving parts (sync progress) that do not bump Snapshot::version.
    void polled();
    void logged(const std::vector<riverdelta::core::LogEntry>& entries);

  private:
    Engine& engine_;
    QTimer timer_;
    Snapshot snapshot_;
    std::uint64_t lastLogSequence_ = 0;
};

}  // namespace riverdelta::models
