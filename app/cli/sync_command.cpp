#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>

#include "app/cli/app_paths.h"
#include "app/cli/commands.h"
#include "app/cli/stop_signal.h"
#include "engine/core/command_line.h"
#include "engine/lake/sync/sync_job.h"

namespace riverdelta::cli {

namespace {
void printStatus(const lake::sync::SyncStatus& s) {
    std::printf("%-24s %-9s v%-5lld rows %-9lld files %-5lld lag %-8lld skipped %lld%s%s\n",
                s.topic.c_str(), lake::sync::toString(s.state), static_cast<long long>(s.version),
                static_cast<long long>(s.rows), static_cast<long long>(s.files),
                static_cast<long long>(s.lag()), static_cast<long long>(s.skipped),
                s.reason.empty() ? "" : "  ", s.reason.c_str());
}
}  // namespace

int runSync(Args args) {
    core::CommandLine cl(
        args, {.valueOptions = {"--kafka", "--lake", "--on-error", "--commit-interval-ms",
                                "--schema", "--dead-letter-topic", "--max-batch-rows"},
               .flagOptions = {"--until-caught-up", "--help"}});
    const bool help = cl.flag("--help");
    if (!cl.ok() || help || cl.positionals().empty() || !cl.value("--kafka")) {
        std::fprintf(
            help ? stdout : stderr,
            "Usage: riverdelta-cli sync TOPIC[,TOPIC...] --kafka BOOTSTRAP [--lake DIR]\n"
            "         [--until-caught-up] [--on-error suspend|skip|log] [--schema AVRO.json]\n"
            "         [--commit-interval-ms N] [--max-batch-rows N] [--dead-letter-topic NAME]\n\n"
            "Syncs each topic into a Delta table DIR/<topic> (default DIR: %s/lake), exactly\n"
            "once: progress lives in the table's own log, so a restart resumes where the last\n"
            "commit ended. --until-caught-up exits once every partition reaches the high\n"
            "watermark seen at start. Without --schema the table schema is inferred from the\n"
            "JSON values.\n",
            defaultDataDirectory().c_str());
        if (!help) {
            if (!cl.ok())
                std::fprintf(stderr, "\nerror: %s\n", cl.error().c_str());
            else if (cl.positionals().empty())
                std::fprintf(stderr, "\nerror: name at least one topic\n");
            else
                std::fprintf(stderr, "\nerror: --kafka BOOTSTRAP is required\n");
        }
        return help ? kExitOk : kExitUsage;
    }
    const std::string lakeDir = cl.value("--lake").value_or(defaultDataDirectory() + "/lake");
    auto policy = lake::sync::errorPolicyFromString(cl.value("--on-error").value_or("suspend"));
    if (!policy) {
        std::fprintf(stderr, "riverdelta-cli sync: --on-error takes suspend, skip or log\n");
        return kExitUsage;
    }
    nlohmann::json schema;
    if (auto file = cl.value("--schema")) {
        std::ifstream in(*file);
        if (!in) {
            std::fprintf(stderr, "riverdelta-cli sync: cannot read %s\n", file->c_str());
            return kExitUsage;
        }
        schema = nlohmann::json::parse(in, nullptr, false);
        if (schema.is_discarded()) {
            std::fprintf(stderr, "riverdelta-cli sync: %s is not valid JSON\n", file->c_str());
            return kExitUsage;
        }
    }
    int intervalMs = 5000;
    if (auto v = cl.value("--commit-interval-ms")) {
        intervalMs = std::atoi(v->c_str());
        if (intervalMs <= 0) {
            std::fprintf(stderr,
                         "riverdelta-cli sync: --commit-interval-ms takes a positive number\n");
            return kExitUsage;
        }
    }

    std::int64_t maxRows = 1'000'000;
    if (auto v = cl.value("--max-batch-rows")) {
        maxRows = std::atoll(v->c_str());
        if (maxRows <= 0) {
            std::fprintf(stderr, "riverdelta-cli sync: --max-batch-rows takes a positive number\n");
            return kExitUsage;
        }
    }
    installStopSignals();
    std::vector<std::unique_ptr<lake::sync::SyncJob>> jobs;
    for (const auto& topic : splitCommaLists(cl.positionals())) {
        lake::sync::SyncOptions o;
        o.topic = topic;
        o.tableLocation = lakeDir + "/" + topic;
        o.kafka.bootstrapServers = *cl.value("--kafka");
        o.avroSchema = schema;
        o.commitInterval = std::chrono::milliseconds(intervalMs);
        o.errorPolicy = *policy;
        o.maxBufferedRows = maxRows;
        o.deadLetterTopic = cl.value("--dead-letter-topic").value_or("");
        o.untilCaughtUp = cl.flag("--until-caught-up");
        jobs.push_back(std::make_unique<lake::sync::SyncJob>(std::move(o)));
        jobs.back()->start();
    }
    const bool tty = ::isatty(STDOUT_FILENO);
    auto lastPrint = std::chrono::steady_clock::now();
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        bool allDone = true;
        for (auto& j : jobs) {
            const auto st = j->status().state;
            allDone = allDone &&
                      (st == lake::sync::SyncState::Stopped || st == lake::sync::SyncState::Failed);
        }
        if (allDone || stopRequested()) break;
        if (std::chrono::steady_clock::now() - lastPrint >= std::chrono::seconds(tty ? 1 : 5)) {
            for (auto& j : jobs)
                printStatus(j->status());
            std::fflush(stdout);
            lastPrint = std::chrono::steady_clock::now();
        }
    }
    int failed = 0;
    for (auto& j : jobs) {
        j->stop();  // commits what is buffered
        const auto s = j->status();
        printStatus(s);
        failed += s.state == lake::sync::SyncState::Failed;
    }
    return failed ? kExitFailure : kExitOk;
}

}  // namespace riverdelta::cli
