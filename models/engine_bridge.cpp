#include "models/engine_bridge.h"

#include <stdexcept>

#include "engine/engine.h"

namespace riverdelta::models {

EngineBridge::EngineBridge(Engine& engine, QObject* parent)
    : QObject(parent),
      ownSource_(std::make_unique<EngineSnapshotSource>(engine)),
      source_(*ownSource_),
      engine_(&engine) {
    snapshot_ = source_.snapshot();
    timer_.setInterval(100);
    connect(&timer_, &QTimer::timeout, this, &EngineBridge::poll);
    timer_.start();
}

EngineBridge::EngineBridge(SnapshotSource& source, QObject* parent)
    : QObject(parent), source_(source) {
    snapshot_ = source_.snapshot();
    timer_.setInterval(100);
    connect(&timer_, &QTimer::timeout, this, &EngineBridge::poll);
    timer_.start();
}

Engine& EngineBridge::engine() const {
    if (!engine_) throw std::logic_error("EngineBridge over a bare SnapshotSource has no engine");
    return *engine_;
}

void EngineBridge::poll() {
    EngineSnapshot next = source_.snapshot();
    const bool changed = next.version != snapshot_.version;
    snapshot_ = std::move(next);
    if (changed) emit snapshotChanged();
    emit polled();
    auto entries = source_.logSince(lastLogSequence_);
    if (!entries.empty()) {
        lastLogSequence_ = entries.back().sequence;
        emit logged(entries);
    }
}

}  // namespace riverdelta::models
