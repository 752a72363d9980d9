#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "app/cli/commands.h"
#include "engine/core/command_line.h"
#include "engine/lake/delta/delta_log.h"
#include "engine/lake/storage/local_object_store.h"

namespace riverdelta::cli {

namespace {
int status(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        std::fprintf(stderr, "riverdelta-cli lake status: %s is not a directory\n", dir.c_str());
        return kExitUsage;
    }
    std::vector<std::filesystem::path> tables;
    if (std::filesystem::exists(dir / "_delta_log")) tables.push_back(dir);
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.is_directory() && std::filesystem::exists(e.path() / "_delta_log"))
            tables.push_back(e.path());
    std::sort(tables.begin(), tables.end());
    if (tables.empty()) {
        std::printf("no Delta tables in %s\n", dir.c_str());
        return kExitOk;
    }
    std::printf("%-28s %8s %12s %7s %12s  %s\n", "table", "version", "rows", "files", "bytes",
                "committed offsets");
    int failures = 0;
    for (const auto& t : tables) {
        try {
            lake::storage::LocalObjectStore store(t);
            lake::delta::DeltaLog log(store, "");
            const auto snap = log.load();
            std::string offsets;
            for (const auto& [appId, txn] : snap.txns)
                offsets +=
                    (offsets.empty() ? "" : ", ") + appId + "=" + std::to_string(txn.version);
            std::printf("%-28s %8lld %12lld %7zu %12lld  %s\n", t.filename().c_str(),
                        static_cast<long long>(snap.version),
                        static_cast<long long>(snap.numRecords()), snap.files.size(),
                        static_cast<long long>(snap.totalBytes()),
                        offsets.empty() ? "-" : offsets.c_str());
        } catch (const std::exception& e) {
            ++failures;
            std::printf("%-28s unreadable: %s\n", t.filename().c_str(), e.what());
        }
    }
    return failures ? kExitFailure : kExitOk;
}
}  // namespace

int runLake(Args args) {
    core::CommandLine cl(args, {.flagOptions = {"--help"}});
    const bool help = cl.flag("--help");
    if (!cl.ok() || help || cl.positionals().size() != 2 || cl.positionals()[0] != "status") {
        std::fprintf(
            help ? stdout : stderr,
            "Usage: riverdelta-cli lake status DIR\n\n"
            "Prints each Delta table under DIR (or DIR itself): version, rows, files, bytes\n"
            "and the Kafka offsets its commits cover (txn versions by appId).\n");
        if (!cl.ok()) std::fprintf(stderr, "\nerror: %s\n", cl.error().c_str());
        return help ? kExitOk : kExitUsage;
    }
    return status(cl.positionals()[1]);
}

}  // namespace riverdelta::cli
