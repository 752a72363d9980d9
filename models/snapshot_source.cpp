#include "models/snapshot_source.h"

#include "engine/engine.h"

namespace riverdelta::models {

EngineSnapshot EngineSnapshotSource::snapshot() const {
    return engine_.snapshot();
}

std::vector<core::LogEntry> EngineSnapshotSource::logSince(std::uint64_t sequence) const {
    return engine_.log().since(sequence);
}

}  // namespace riverdelta::models
