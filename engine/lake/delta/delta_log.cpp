#include "engine/lake/delta/delta_log.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/lake/delta/checkpoint.h"
// Only the table-property parsing (delta.deletedFileRetentionDuration) of maintenance.
#include "engine/lake/maintenance/table_properties.h"

namespace riverdelta::lake::delta {
namespace {

constexpr std::string_view kLogDir = "_delta_log/";

// "00000000000000000012.json" → 12; "…12.checkpoint.parquet" → 12 (with `checkpoint` set).
std::optional<std::int64_t> parseVersion(std::string_view name, std::string_view suffix) {
    if (name.size() != 20 + suffix.size() || name.substr(20) != suffix) return std::nullopt;
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(name.data(), name.data() + 20, v);
    if (ec != std::errc() || p != name.data() + 20) return std::nullopt;
    return v;
}

}  // namespace

DeltaLog::DeltaLog(storage::ObjectStore& store, std::string tablePath) : store_(store) {
    while (!tablePath.empty() && tablePath.back() == '/')
        tablePath.pop_back();
    root_ = tablePath.empty() ? std::string() : tablePath + "/";
}

std::string DeltaLog::tablePath(std::string_view relative) const {
    return root_ + std::string(relative);
}

std::string DeltaLog::commitPath(std::int64_t version) const {
    return fmt::format("{}{}{:020d}.json", root_, kLogDir, version);
}

std::string DeltaLog::checkpointPath(std::int64_t version) const {
    return fmt::format("{}{}{:020d}.checkpoint.parquet", root_, kLogDir, version);
}

DeltaLog::Listing DeltaLog::list() const {
    Listing l;
    const std::string prefix = root_ + std::string(kLogDir);
    for (const auto& obj : store_.list(prefix)) {
        const std::string_view name = std::string_view(obj.path).substr(prefix.size());
        if (auto v = parseVersion(name, ".json")) {
            l.commits.push_back(*v);
        } else if (auto c = parseVersion(name, ".checkpoint.parquet")) {
            l.checkpoints.push_back(*c);
        }
    }
    std::sort(l.commits.begin(), l.commits.end());
    std::sort(l.checkpoints.begin(), l.checkpoints.end());
    return l;
}

void DeltaLog::applyCommit(Snapshot& s, std::int64_t version) const {
    const auto text = store_.read(commitPath(version));
    if (!text) throw LogError(fmt::format("Delta log: version {} vanished", version));
    // A damaged commit is recorded, not applied: reading what is left of it as the commit
    // made a cut-off table look whole and smaller (its offsets silently gone).
    if (auto why = commitDamage(*text)) {
        s.damage.push_back({version, *why});
        s.version = version;
        return;
    }
    try {
        for (const auto& a : parseCommit(*text))
            s.apply(a);
    } catch (const std::exception& e) {
        throw LogError(fmt::format("Delta log: version {} unreadable: {}", version, e.what()));
    }
    s.version = version;
}

Snapshot DeltaLog::load() const {
    const Listing l = list();
    Snapshot s;
    // Newest checkpoint: _last_checkpoint is the hint; the listing may know a newer one.
    std::optional<std::int64_t> checkpoint;
    if (const auto hint = store_.read(root_ + std::string(kLogDir) + "_last_checkpoint")) {
        const auto j = nlohmann::json::parse(*hint, nullptr, false);
        if (j.is_object() && j.contains("version") && j["version"].is_number_integer()) {
            const auto v = j["version"].get<std::int64_t>();
            if (std::binary_search(l.checkpoints.begin(), l.checkpoints.end(), v)) checkpoint = v;
        }
    }
    if (!l.checkpoints.empty() && (!checkpoint || l.checkpoints.back() > *checkpoint)) {
        checkpoint = l.checkpoints.back();
    }
    std::int64_t next = 0;
    if (checkpoint) {
        const auto bytes = store_.read(checkpointPath(*checkpoint));
        bool loaded = false;
        if (bytes) {
            try {
                for (const auto& a : Checkpoint::read(*bytes))
                    s.apply(a);
                loaded = true;
            } catch (const std::exception&) {
                s = Snapshot{};
            }
        }
        if (loaded) {
            s.version = *checkpoint;
            s.checkpointVersion = *checkpoint;
            next = *checkpoint + 1;
        } else if (l.commits.empty() || l.commits.front() != 0) {
            throw LogError(fmt::format("Delta log: checkpoint {} unreadable", *checkpoint));
        }
    }
    for (const auto v : l.commits) {
        if (v < next) continue;
        if (v != next) throw LogError(fmt::format("Delta log: version {} missing", next));
        applyCommit(s, v);
        ++next;
    }
    return s;
}

void DeltaLog::update(Snapshot& snapshot) const {
    const Listing l = list();
    std::int64_t next = snapshot.version + 1;
    for (const auto v : l.commits) {
        if (v < next) continue;
        if (v != next) {
            snapshot = load();
            return;
        }
        applyCommit(snapshot, v);
        ++next;
    }
}

CommitStatus DeltaLog::commit(std::int64_t version, std::span<const Action> actions) const {
    const std::string body = serializeCommit(actions);
    return store_.putIfAbsent(commitPath(version), body) == storage::PutResult::Created
               ? CommitStatus::Committed
               : CommitStatus::Conflict;
}

void DeltaLog::writeCheckpoint(const Snapshot& snapshot) const {
    if (!snapshot.exists()) return;
    std::int64_t actions = 0;
    // Expired tombstones stay out, or a compacted table's checkpoints grow without end.
    std::optional<std::int64_t> cutoff;
    try {
        const auto props = maintenance::tablePropertiesFrom(
            snapshot.metadata ? snapshot.metadata->configuration
                              : std::map<std::string, std::string>{});
        cutoff = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count() -
                 props.deletedFileRetention.count();
    } catch (const maintenance::TablePropertyError&) {  // unreadable retention: keep them all
    }
    const std::string bytes = Checkpoint::write(snapshot, actions, cutoff);
    // Atomic like a commit: a concurrent reader never sees a half-written checkpoint.
    if (store_.putIfAbsent(checkpointPath(snapshot.version), bytes) ==
        storage::PutResult::AlreadyExists) {
        return;
    }
    const nlohmann::json last{{"version", snapshot.version},
                              {"size", actions},
                              {"sizeInBytes", bytes.size()},
                              {"numOfAddFiles", snapshot.files.size()}};
    store_.overwrite(root_ + std::string(kLogDir) + "_last_checkpoint", last.dump());
}

}  // namespace riverdelta::lake::delta
