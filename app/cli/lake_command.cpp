#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

#include "app/cli/commands.h"
#include "app/cli/saved_profile.h"
#include "engine/core/command_line.h"
#include "engine/lake/delta/delta_log.h"
#include "engine/lake/storage/lake_location.h"
#include "engine/profiles/profile_connections.h"

namespace riverdelta::cli {

namespace {

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
    std::printf("%-28s %8s %12s %7s %12s  %s\n", "table", "version", "rows", "files", "bytes",
                "committed offsets");
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
            std::printf("%-28s %8lld %12lld %7zu %12lld  %s\n", name.c_str(),
                        static_cast<long long>(snap.version),
                        static_cast<long long>(snap.numRecords()), snap.files.size(),
                        static_cast<long long>(snap.totalBytes()),
                        offsets.empty() ? "-" : offsets.c_str());
        } catch (const std::exception& e) {
            ++failures;
            std::printf("%-28s unreadable: %s\n", name.c_str(), e.what());
        }
    }
    return failures ? kExitFailure : kExitOk;
}
}  // namespace

int runLake(Args args) {
    core::CommandLine cl(args, {.flagOptions = {"--help"}, .repeatableOptions = {"--profile"}});
    const bool help = cl.flag("--help");
    if (!cl.ok() || help || cl.positionals().size() != 2 || cl.positionals()[0] != "status") {
        std::fprintf(
            help ? stdout : stderr,
            "Usage: riverdelta-cli lake status DIR|s3://BUCKET/PREFIX [--profile S3PROFILE]\n\n"
            "Prints each Delta table under the location (or the location itself): version,\n"
            "rows, files, bytes and the Kafka offsets its commits cover (txn versions by\n"
            "appId). An s3:// location is read with an s3 --profile's endpoint and\n"
            "credentials, else the AWS environment and ~/.aws.\n");
        if (!cl.ok()) std::fprintf(stderr, "\nerror: %s\n", cl.error().c_str());
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
    return status(lake::storage::LakeLocation::parse(cl.positionals()[1]), storage);
}

}  // namespace riverdelta::cli
