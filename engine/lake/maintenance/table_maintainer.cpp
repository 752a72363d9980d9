#include "engine/lake/maintenance/table_maintainer.h"

#include "engine/lake/delta/delta_log.h"
#include "engine/lake/maintenance/compactor.h"
#include "engine/lake/maintenance/data_retention.h"
#include "engine/lake/maintenance/log_cleanup.h"
#include "engine/lake/maintenance/rewrite_commit.h"
#include "engine/lake/maintenance/vacuum.h"

namespace riverdelta::lake::maintenance {

TableMaintainer::TableMaintainer(storage::ObjectStore& store, std::string tablePath,
                                 MaintenancePolicy policy)
    : store_(store), tablePath_(std::move(tablePath)), policy_(std::move(policy)) {}

MaintenanceReport TableMaintainer::run(Steps steps, const std::stop_token& stop) {
    MaintenanceReport report;
    report.startedMs = nowMillis();
    try {
        const delta::DeltaLog log(store_, tablePath_);
        const delta::Snapshot before = log.load();
        if (!before.exists()) {
            report.finishedMs = nowMillis();
            return report;
        }
        report.filesBefore = report.filesAfter = static_cast<std::int64_t>(before.files.size());
        report.version = before.version;

        const auto expired = expireData(store_, tablePath_, nowMillis(), policy_.dataRetention,
                                        policy_.timestampColumn, false);
        report.expiredFiles = expired.filesRemoved;
        report.expiredRows = expired.rowsRemoved;

        if (!stop.stop_requested() &&
            (steps.compactAlways ||
             countSmallFiles(before.files, policy_.compaction) >= policy_.compactAfterSmallFiles)) {
            Compactor compactor(store_, tablePath_, policy_.compaction);
            const auto c = compactor.run(false, stop);
            report.compactedFiles = c.filesRemoved;
            report.compactedInto = c.filesAdded;
            report.compactedBytes = c.bytesWritten;
        }

        if (steps.cleanup && !stop.stop_requested()) {
            const auto logs =
                cleanUpLog(store_, tablePath_, nowMillis(), policy_.logRetention, false);
            report.logFilesDeleted = logs.filesDeleted;
            const auto vac =
                vacuumTable(store_, tablePath_, nowMillis(), policy_.deletedFileRetention, false);
            report.vacuumRan = true;
            report.vacuumedFiles = vac.filesDeleted;
            report.bytesFreed = vac.bytesFreed;
            for (const auto& c : vac.plan.remove)
                if (c.kind == UnreferencedKind::Orphan) ++report.vacuumedOrphans;
            report.orphanFiles = vac.plan.orphans - report.vacuumedOrphans;
        }
        const delta::Snapshot after = log.load();
        report.filesAfter = static_cast<std::int64_t>(after.files.size());
        report.version = after.version;
    } catch (const std::exception& e) {
        report.error = e.what();
    }
    report.finishedMs = nowMillis();
    return report;
}

}  // namespace riverdelta::lake::maintenance
