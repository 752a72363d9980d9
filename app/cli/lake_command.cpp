#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "app/cli/commands.h"
#include "app/cli/saved_profile.h"
#include "engine/core/command_line.h"
#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/table_invariant.h"
#include "engine/lake/maintenance/compactor.h"
#include "engine/lake/maintenance/data_retention.h"
#include "engine/lake/maintenance/log_cleanup.h"
#include "engine/lake/maintenance/maintenance_report.h"
#include "engine/lake/maintenance/rewrite_commit.h"
#include "engine/lake/maintenance/table_files.h"
#include "engine/lake/maintenance/table_properties.h"
#include "engine/lake/maintenance/vacuum.h"
#include "engine/lake/storage/lake_location.h"
#include "engine/profiles/profile_connections.h"

namespace riverdelta::cli {

namespace {
namespace mt = lake::maintenance;

constexpr const char* kUsage =
    "Usage: riverdelta-cli lake status DIR|s3://BUCKET/PREFIX\n"
    "       riverdelta-cli lake optimize TABLE [--target-size MIB] [--dry-run]\n"
    "       riverdelta-cli lake vacuum TABLE [--retention DURATION] [--dry-run]\n"
    "       riverdelta-cli lake history TABLE [-n|--limit N]\n\n"
    "status    each Delta table under DIR (or DIR itself): version, rows, files, bytes,\n"
    "          orphans (data files no commit references), the Kafka offsets its commits\n"
    "          cover (txn versions by appId) and the last maintenance; a damaged table\n"
    "          (cut-off commit, rows + unwritten offsets != committed offsets) says\n"
    "          DAMAGED with the versions involved and the exit status is 1\n"
    "optimize  removes the files whose rows are all older than the table's\n"
    "          riverdelta.dataRetentionDuration (if set), then compacts small files into\n"
    "          files of --target-size MiB (default 128) in one OPTIMIZE commit\n"
    "          (dataChange=false; concurrent appends are kept)\n"
    "vacuum    deletes expired log files (older than delta.logRetentionDuration, default 30\n"
    "          days, and covered by a checkpoint) and data files no version within\n"
    "          --retention (default: delta.deletedFileRetentionDuration, 7 days; at least\n"
    "          1 hour) references, including orphans of interrupted writers\n"
    "history   the newest N (default 20) commits: version, time, operation, metrics\n\n"
    "TABLE is the table's folder (or file://PATH) or s3://BUCKET/PREFIX. DURATION: e.g.\n"
    "'7 days', '36 hours'. --dry-run shows what would be done and changes nothing.\n"
    "An s3:// location is read with an s3 --profile's endpoint and credentials, else the\n"
    "AWS environment (AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL, ...) and ~/.aws.\n";

std::unique_ptr<lake::storage::ObjectStore> openTable(const std::string& uri,
                                                      const std::optional<s3::S3Settings>& storage,
                                                      std::string& error) {
    const auto location = lake::storage::LakeLocation::parse(uri);
    if (!location.isS3()) {
        std::error_code ec;
        if (!std::filesystem::is_directory(location.folder() / "_delta_log", ec)) {
            error = uri + ": not a Delta table (no _delta_log folder)";
            return nullptr;
        }
    }
    auto store = lake::storage::openObjectStore(location, storage);
    if (location.isS3() && store->list("_delta_log/").empty()) {
        error = uri + ": not a Delta table (no _delta_log/ objects)";
        return nullptr;
    }
    return store;
}

// The tables under `root` (or root itself), as paths relative to it ("" = root).
std::vector<std::string> findTables(lake::storage::ObjectStore& store,
                                    const lake::storage::LakeLocation& root) {
    std::set<std::string> tables;
    if (!root.isS3()) {
        const auto& dir = root.folder();
        if (std::filesystem::exists(dir / "_delta_log")) tables.insert("");
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(dir, ec))
            if (e.is_directory() && std::filesystem::exists(e.path() / "_delta_log"))
                tables.insert(e.path().filename().string());
        return {tables.begin(), tables.end()};
    }
    // An object store has no folders: a table is whatever holds a _delta_log/ key.
    for (const auto& o : store.list("")) {
        const auto at = o.path.find("_delta_log/");
        if (at == std::string::npos) continue;
        if (at == 0) {
            tables.insert("");
        } else if (o.path[at - 1] == '/') {
            const std::string table = o.path.substr(0, at - 1);
            if (table.find('/') == std::string::npos) tables.insert(table);
        }
    }
    return {tables.begin(), tables.end()};
}

std::string formatTime(std::int64_t ms) {
    using namespace std::chrono;
    const auto t = sys_seconds{duration_cast<seconds>(milliseconds(ms))};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

int status(const lake::storage::LakeLocation& root, const std::optional<s3::S3Settings>& storage) {
    std::error_code ec;
    if (!root.isS3() && !std::filesystem::is_directory(root.folder(), ec)) {
        std::fprintf(stderr, "riverdelta-cli lake status: %s is not a directory\n",
                     root.toString().c_str());
        return kExitUsage;
    }
    const auto store = lake::storage::openObjectStore(root, storage);
    const auto tables = findTables(*store, root);
    if (tables.empty()) {
        std::printf("no Delta tables in %s\n", root.toString().c_str());
        return kExitOk;
    }
    std::printf("%-28s %8s %12s %7s %12s %7s  %s\n", "table", "version", "rows", "files", "bytes",
                "orphans", "committed offsets");
    int failures = 0;
    for (const auto& t : tables) {
        const std::string name =
            t.empty() ? (root.isS3() ? root.s3Url().prefix : root.folder().filename().string()) : t;
        try {
            lake::delta::DeltaLog log(*store, t);
            const auto snap = log.load();
            std::string offsets;
            for (const auto& [appId, txn] : snap.txns)
                offsets +=
                    (offsets.empty() ? "" : ", ") + appId + "=" + std::to_string(txn.version);
            const auto objects = mt::listDataObjects(*store, mt::rootPrefix(t));
            const auto retention =
                mt::tablePropertiesFrom(snap.metadata ? snap.metadata->configuration
                                                      : std::map<std::string, std::string>{})
                    .deletedFileRetention;
            const auto plan = mt::planVacuum(snap, objects, mt::nowMillis(), retention);
            std::printf(
                "%-28s %8lld %12lld %7zu %12lld %7lld  %s\n", name.c_str(),
                static_cast<long long>(snap.version), static_cast<long long>(snap.numRecords()),
                snap.files.size(), static_cast<long long>(snap.totalBytes()),
                static_cast<long long>(plan.orphans), offsets.empty() ? "-" : offsets.c_str());
            if (const auto report = mt::loadReport(*store, t)) {
                std::printf("%-28s last maintenance %s\n", "", report->summary().c_str());
            }
            if (const auto invariant = lake::delta::checkTableInvariant(snap);
                invariant.damaged()) {
                ++failures;
                std::printf(
                    "%-28s DAMAGED %s; riverdelta-cli sync %s --repair rewrites it from "
                    "Kafka, --accept-damage records the loss\n",
                    "", invariant.describe().substr(8).c_str(), name.c_str());
            }
        } catch (const std::exception& e) {
            ++failures;
            std::printf("%-28s unreadable: %s\n", name.c_str(), e.what());
        }
    }
    return failures ? kExitFailure : kExitOk;
}

// Records a by-hand run like a background one, so `lake status` and the sync status show it.
void record(lake::storage::ObjectStore& store, mt::MaintenanceReport report) {
    report.finishedMs = mt::nowMillis();
    try {
        lake::delta::DeltaLog log(store, "");
        const auto snap = log.load();
        report.filesAfter = static_cast<std::int64_t>(snap.files.size());
        report.version = snap.version;
        if (report.didSomething()) mt::saveReport(store, "", report);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "warning: the maintenance report was not saved: %s\n", e.what());
    }
}

int optimize(lake::storage::ObjectStore& store, const std::string& uri, std::int64_t targetMiB,
             bool dryRun) {
    mt::MaintenanceReport report;
    report.startedMs = mt::nowMillis();
    const auto expired =
        mt::expireData(store, "", report.startedMs, std::nullopt, "_kafka_timestamp", dryRun);
    if (!expired.plan.expired.empty()) {
        std::printf("%s %zu files (%lld rows, %s) whose rows are all older than %s\n",
                    dryRun ? "would expire" : "expired", expired.plan.expired.size(),
                    static_cast<long long>(expired.plan.rows),
                    mt::formatBytes(expired.plan.bytes).c_str(),
                    formatTime(expired.plan.cutoffMs).c_str());
    }
    report.expiredFiles = expired.filesRemoved;
    report.expiredRows = expired.rowsRemoved;
    mt::CompactionOptions options;
    options.targetFileSize = targetMiB << 20;
    mt::Compactor compactor(store, "", options);
    const auto r = compactor.run(dryRun);
    report.filesBefore = r.filesBefore + report.expiredFiles;
    report.compactedFiles = r.filesRemoved;
    report.compactedInto = r.filesAdded;
    report.compactedBytes = r.bytesWritten;
    if (!r.abandoned.empty()) {
        std::fprintf(stderr, "riverdelta-cli lake optimize: %s: nothing compacted: %s\n",
                     uri.c_str(), r.abandoned.c_str());
        return kExitFailure;
    }
    if (dryRun) {
        std::printf("would compact %lld files (%s) into %lld: %lld → %lld files\n",
                    static_cast<long long>(r.filesRemoved), mt::formatBytes(r.bytesRead).c_str(),
                    static_cast<long long>(r.filesAdded), static_cast<long long>(r.filesBefore),
                    static_cast<long long>(r.filesAfter));
        return kExitOk;
    }
    if (r.version) {
        std::printf(
            "compacted %lld files into %lld (%s written) as version %lld: %lld → %lld "
            "files\n",
            static_cast<long long>(r.filesRemoved), static_cast<long long>(r.filesAdded),
            mt::formatBytes(r.bytesWritten).c_str(), static_cast<long long>(*r.version),
            static_cast<long long>(r.filesBefore), static_cast<long long>(r.filesAfter));
    } else {
        std::printf("nothing to compact: %lld files, none of two or more small files to join\n",
                    static_cast<long long>(r.filesBefore));
    }
    if (r.checkpointError)
        std::fprintf(stderr, "warning: checkpoint not written: %s\n", r.checkpointError->c_str());
    record(store, report);
    return kExitOk;
}

int vacuum(lake::storage::ObjectStore& store, std::optional<std::chrono::milliseconds> retention,
           bool dryRun) {
    mt::MaintenanceReport report;
    report.startedMs = mt::nowMillis();
    const auto now = report.startedMs;
    const auto logs = mt::cleanUpLog(store, "", now, std::nullopt, dryRun);
    const auto v = mt::vacuumTable(store, "", now, retention, dryRun);
    std::int64_t orphans = 0;
    for (const auto& c : v.plan.remove)
        orphans += c.kind == mt::UnreferencedKind::Orphan;
    if (dryRun) {
        for (const auto& c : v.plan.remove)
            std::printf("would delete %s (%s)\n", c.path.c_str(),
                        c.kind == mt::UnreferencedKind::Orphan ? "never committed" : "removed");
        for (const auto& name : logs.plan.remove)
            std::printf("would delete _delta_log/%s\n", name.c_str());
    }
    const std::string anchor =
        logs.plan.checkpoint
            ? " (the log now starts at checkpoint " + std::to_string(*logs.plan.checkpoint) + ")"
            : std::string();
    std::printf(
        "%s %zu data files (%lld never committed), %s; %zu expired log files%s; "
        "%lld unreferenced files kept (within retention, cut-off %s UTC)\n",
        dryRun ? "would delete" : "deleted", v.plan.remove.size(), static_cast<long long>(orphans),
        mt::formatBytes(v.plan.bytes).c_str(), logs.plan.remove.size(), anchor.c_str(),
        static_cast<long long>(v.plan.keptRecent), formatTime(v.plan.cutoffMs).c_str());
    if (dryRun) return kExitOk;
    report.vacuumRan = true;
    report.vacuumedFiles = v.filesDeleted;
    report.vacuumedOrphans = orphans;
    report.bytesFreed = v.bytesFreed;
    report.logFilesDeleted = logs.filesDeleted;
    report.orphanFiles = v.plan.orphans - orphans;
    {
        lake::delta::DeltaLog log(store, "");
        report.filesBefore = static_cast<std::int64_t>(log.load().files.size());
    }
    record(store, report);
    return kExitOk;
}

int history(lake::storage::ObjectStore& store, std::int64_t limit) {
    lake::delta::DeltaLog log(store, "");
    const auto snap = log.load();
    std::printf("%8s  %-19s  %-18s  %s\n", "version", "time (UTC)", "operation", "metrics");
    std::int64_t shown = 0;
    for (std::int64_t v = snap.version; v >= 0 && shown < limit; --v) {
        const auto text = store.read(log.commitPath(v));
        if (!text) {
            std::printf(
                "(versions up to %lld were removed by log cleanup; the table is read "
                "from a checkpoint)\n",
                static_cast<long long>(v));
            break;
        }
        nlohmann::json info = nlohmann::json::object();
        for (const auto& a : lake::delta::parseCommit(*text))
            if (const auto* ci = std::get_if<lake::delta::CommitInfo>(&a)) info = ci->info;
        std::string metrics;
        if (info.contains("operationMetrics") && info["operationMetrics"].is_object()) {
            for (const auto& [k, m] : info["operationMetrics"].items())
                metrics += (metrics.empty() ? "" : ", ") + k + "=" +
                           (m.is_string() ? m.get<std::string>() : m.dump());
        }
        const std::string op = info.value("operation", std::string("-"));
        const std::string when = info.contains("timestamp") && info["timestamp"].is_number_integer()
                                     ? formatTime(info["timestamp"].get<std::int64_t>())
                                     : std::string("-");
        std::printf("%8lld  %-19s  %-18s  %s\n", static_cast<long long>(v), when.c_str(),
                    op.c_str(), metrics.c_str());
        ++shown;
    }
    return kExitOk;
}

}  // namespace

int runLake(Args args) {
    std::vector<std::string_view> normalised;
    for (auto a : args)
        normalised.push_back(a == "-n" ? "--limit" : a);
    core::CommandLine cl(normalised, {.valueOptions = {"--target-size", "--retention", "--limit"},
                                      .flagOptions = {"--help", "--dry-run"},
                                      .repeatableOptions = {"--profile"}});
    const bool help = cl.flag("--help");
    const auto& pos = cl.positionals();
    const std::string sub = pos.empty() ? "" : pos[0];
    const bool known = sub == "status" || sub == "optimize" || sub == "vacuum" || sub == "history";
    if (!cl.ok() || help || pos.size() != 2 || !known) {
        std::fprintf(help ? stdout : stderr, "%s", kUsage);
        if (!cl.ok()) {
            std::fprintf(stderr, "\nerror: %s\n", cl.error().c_str());
        } else if (!help && !pos.empty() && !known) {
            std::fprintf(stderr, "\nerror: unknown lake command '%s'\n", sub.c_str());
        }
        return help ? kExitOk : kExitUsage;
    }
    std::optional<s3::S3Settings> storage;
    for (const auto& name : cl.values("--profile")) {
        auto saved = findSavedProfile(name, "lake");
        if (!saved) return kExitUsage;
        if (saved->profile.kind != profiles::ProfileKind::S3) {
            std::fprintf(stderr, "riverdelta-cli lake: profile '%s' is not an s3 profile\n",
                         name.c_str());
            return kExitUsage;
        }
        storage = profiles::s3Settings(saved->profile, saved->secrets);
    }
    if (sub == "status") {
        try {
            return status(lake::storage::LakeLocation::parse(pos[1]), storage);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "riverdelta-cli lake status: %s\n", e.what());
            return kExitFailure;
        }
    }
    // Options that do not belong to the command are refused, not ignored.
    auto refuse = [&](const char* option) {
        std::fprintf(stderr, "riverdelta-cli lake %s: %s does not apply to this command\n",
                     sub.c_str(), option);
        return kExitUsage;
    };
    if (sub != "optimize" && cl.value("--target-size")) return refuse("--target-size");
    if (sub != "vacuum" && cl.value("--retention")) return refuse("--retention");
    if (sub != "history" && cl.value("--limit")) return refuse("-n");
    if (sub == "history" && cl.flag("--dry-run")) return refuse("--dry-run");

    std::string error;
    std::unique_ptr<lake::storage::ObjectStore> store;
    try {
        store = openTable(pos[1], storage, error);
    } catch (const std::exception& e) {
        error = e.what();
    }
    if (!store) {
        std::fprintf(stderr, "riverdelta-cli lake %s: %s\n", sub.c_str(), error.c_str());
        return kExitUsage;
    }
    try {
        if (sub == "optimize") {
            std::int64_t target = 128;
            if (const auto v = cl.value("--target-size")) {
                target = std::atoll(v->c_str());
                if (target <= 0 || target > (1 << 20)) {
                    std::fprintf(stderr,
                                 "riverdelta-cli lake optimize: --target-size takes a size in "
                                 "MiB (a positive number), not '%s'\n",
                                 v->c_str());
                    return kExitUsage;
                }
            }
            return optimize(*store, pos[1], target, cl.flag("--dry-run"));
        }
        if (sub == "vacuum") {
            std::optional<std::chrono::milliseconds> retention;
            if (const auto v = cl.value("--retention")) {
                retention = mt::parseInterval(*v);
                if (!retention) {
                    std::fprintf(stderr,
                                 "riverdelta-cli lake vacuum: --retention takes a duration like "
                                 "'7 days' or '36 hours', not '%s'\n",
                                 v->c_str());
                    return kExitUsage;
                }
                // A writer's file is unreferenced until its commit: a short retention could
                // delete a file a running sync is about to commit.
                if (*retention < std::chrono::hours(1)) {
                    std::fprintf(stderr,
                                 "riverdelta-cli lake vacuum: --retention must be at least 1 "
                                 "hour (files of running writers are not committed yet)\n");
                    return kExitUsage;
                }
            }
            return vacuum(*store, retention, cl.flag("--dry-run"));
        }
        std::int64_t limit = 20;
        if (const auto v = cl.value("--limit")) {
            limit = std::atoll(v->c_str());
            if (limit <= 0) {
                std::fprintf(stderr, "riverdelta-cli lake history: -n takes a positive number\n");
                return kExitUsage;
            }
        }
        return history(*store, limit);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "riverdelta-cli lake %s: %s: %s\n", sub.c_str(), pos[1].c_str(),
                     e.what());
        return kExitFailure;
    }
}

}  // namespace riverdelta::cli
