#include "models/engine_bridge.h"

#include "engine/engine.h"

namespace riverdelta::models {

EngineBridge::EngineBridge(Engine& engine, QObject* parent) : QObject(parent), engine_(engine) {
    snapshot_ = engine_.snapshot();
    timer_.setInterval(100);
    connect(&timer_, &QTimer::timeout, this, &EngineBridge::poll);
    timer_.start();
}

void EngineBridge::poll() {
    Snapshot next = engine_.snapshot();
    const bool changed = next.version != snapshot_.version;
    snapshot_ = std::move(next);
    if (changed) emit snapshotChanged();
    emit polled();
    auto entries = engine_.log().since(lastLogSequence_);
    if (!entries.empty()) {
        lastLogSequence_ = entries.back().sequence;
        emit logged(entries);
    }
}

}  // namespace riverdelta::models
