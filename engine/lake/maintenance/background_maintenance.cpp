#include "engine/lake/maintenance/background_maintenance.h"

#include <algorithm>
#include <chrono>

namespace riverdelta::lake::maintenance {

BackgroundMaintenance::BackgroundMaintenance(storage::ObjectStore& store, std::string tablePath,
                                             MaintenancePolicy policy)
    : store_(store),
      tablePath_(std::move(tablePath)),
      policy_(std::move(policy)),
      thread_([this](const std::stop_token& stop) { loop(stop); }) {}

BackgroundMaintenance::~BackgroundMaintenance() {
    thread_.request_stop();
    thread_.join();
}

void BackgroundMaintenance::notifyCommit() {
    {
        std::lock_guard lock(mutex_);
        ++commits_;
    }
    wake_.notify_all();
}

std::optional<MaintenanceReport> BackgroundMaintenance::lastReport() const {
    std::lock_guard lock(mutex_);
    return last_;
}

void BackgroundMaintenance::loop(const std::stop_token& stop) {
    try {
        if (auto previous = loadReport(store_, tablePath_)) {
            std::lock_guard lock(mutex_);
            last_ = std::move(previous);
        }
    } catch (const std::exception&) {  // a missing or unreadable report only means none shown
    }
    TableMaintainer maintainer(store_, tablePath_, policy_);
    using Clock = std::chrono::steady_clock;
    // The first cleanup comes after one check interval: a restarted job soon removes what a
    // crashed one left behind (once old enough).
    auto nextCleanup = Clock::now() + policy_.checkEvery;
    while (!stop.stop_requested()) {
        {
            std::unique_lock lock(mutex_);
            const auto threshold = static_cast<std::int64_t>(policy_.compactAfterSmallFiles);
            wake_.wait_for(lock, stop, policy_.checkEvery,
                           [&] { return commits_ >= std::max<std::int64_t>(threshold, 1); });
            if (stop.stop_requested()) return;
            commits_ = 0;
        }
        const bool cleanup = Clock::now() >= nextCleanup;
        MaintenanceReport report =
            maintainer.run({.compactAlways = false, .cleanup = cleanup}, stop);
        if (cleanup) nextCleanup = Clock::now() + policy_.cleanupEvery;
        if (!report.didSomething()) continue;
        try {
            saveReport(store_, tablePath_, report);
        } catch (const std::exception& e) {
            if (report.error.empty()) report.error = std::string("saving the report: ") + e.what();
        }
        std::lock_guard lock(mutex_);
        last_ = std::move(report);
    }
}

}  // namespace riverdelta::lake::maintenance
