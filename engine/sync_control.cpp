#include "engine/sync_control.h"

#include "engine/core/log.h"
#include "engine/lake/storage/lake_location.h"
#include "engine/lake/sync/table_offsets.h"

namespace riverdelta {

SyncControl::SyncControl(core::Log& log) : log_(log) {}

SyncControl::~SyncControl() {
    stopAll();
}

void SyncControl::enable(const command::EnableSync& c, const LiveServices& live,
                         const std::string& lakeRoot, const registry::RegistryConfig& registry) {
    {
        std::lock_guard lock(mutex_);
        if (syncs_.count(c.topic)) return;  // already enabled
    }
    if (!live.kafka) {
        log_.write(core::LogLevel::Error, "lake",
                   "cannot sync " + c.topic + ": Kafka is not connected");
        return;
    }
    lake::sync::SyncOptions o;
    o.topic = c.topic;
    o.tableLocation =
        c.location.empty()
            ? std::filesystem::path(
                  lake::storage::LakeLocation::parse(lakeRoot).child(c.topic).toString())
            : c.location;
    o.s3 = c.s3;
    o.kafka = *live.kafka;
    o.errorPolicy = c.errorPolicy;
    o.avroSchema = c.avroSchema;
    o.schemaRegistry = c.schemaRegistry.empty() ? registry : c.schemaRegistry;
    if (c.onlyIfOffsetsFit && !c.location.empty()) resumeOrStartAnew(o, lakeRoot);
    auto job = std::make_unique<lake::sync::SyncJob>(std::move(o));
    job->start();
    log_.write(core::LogLevel::Info, "lake",
               "sync enabled: " + c.topic + " → " + job->status().location);
    std::lock_guard lock(mutex_);
    syncs_.emplace(c.topic, std::move(job));
}

void SyncControl::resumeOrStartAnew(lake::sync::SyncOptions& o, const std::string& lakeRoot) {
    const std::string fresh =
        lake::storage::LakeLocation::parse(lakeRoot).child(o.topic).toString();
    std::string why;
    try {
        why = lake::sync::offsetsMismatch(o, std::chrono::seconds(5)).value_or(std::string());
    } catch (const std::exception& e) {
        why = e.what();
    }
    // On the same location the job itself fails with the reason; nothing to choose.
    if (why.empty() || fresh == o.tableLocation.string()) return;
    log_.write(core::LogLevel::Warning, "lake",
               "sync of " + o.topic + " not resumed into its earlier table: " + why +
                   "; syncing into a new table " + fresh);
    o.tableLocation = fresh;
}

void SyncControl::disable(const std::string& topic) {
    std::unique_ptr<lake::sync::SyncJob> job;
    {
        std::lock_guard lock(mutex_);
        auto it = syncs_.find(topic);
        if (it == syncs_.end()) return;
        job = std::move(it->second);
        syncs_.erase(it);
    }
    job->stop();  // commits what is buffered; outside the lock so snapshots never wait on it
    log_.write(core::LogLevel::Info, "lake", "sync disabled: " + topic);
}

void SyncControl::pause(const std::string& topic) {
    std::lock_guard lock(mutex_);
    if (auto it = syncs_.find(topic); it != syncs_.end()) it->second->pause();
}

void SyncControl::resume(const std::string& topic, std::optional<lake::sync::ErrorPolicy> policy) {
    std::lock_guard lock(mutex_);
    if (auto it = syncs_.find(topic); it != syncs_.end()) it->second->resume(policy);
}

void SyncControl::stopAll() {
    std::map<std::string, std::unique_ptr<lake::sync::SyncJob>> stopping;
    {
        std::lock_guard lock(mutex_);
        stopping.swap(syncs_);
    }
    stopping.clear();  // each job commits what it buffered
}

std::vector<lake::sync::SyncStatus> SyncControl::statuses() const {
    std::vector<lake::sync::SyncStatus> statuses;
    std::lock_guard lock(mutex_);
    for (const auto& [topic, job] : syncs_)
        statuses.push_back(job->status());
    return statuses;
}

std::optional<lake::sync::SyncOptions> SyncControl::options(const std::string& topic) const {
    std::lock_guard lock(mutex_);
    const auto it = syncs_.find(topic);
    if (it == syncs_.end()) return std::nullopt;
    return it->second->options();
}

}  // namespace riverdelta
