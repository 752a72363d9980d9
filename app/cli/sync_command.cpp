#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string_view>
#include <thread>

#include "app/cli/app_paths.h"
#include "app/cli/commands.h"
#include "app/cli/saved_profile.h"
#include "app/cli/stop_signal.h"
#include "app/secrets/keychain_secret_store.h"
#include "engine/core/command_line.h"
#include "engine/lake/maintenance/table_properties.h"
#include "engine/lake/storage/lake_location.h"
#include "engine/lake/sync/sync_job.h"
#include "engine/profiles/profile_connections.h"
#include "engine/profiles/profile_store.h"

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
                                "--freshness-target-ms", "--schema", "--dead-letter-topic",
                                "--max-batch-rows", "--schema-registry", "--data-retention"},
               .flagOptions = {"--until-caught-up", "--no-maintenance", "--repair",
                               "--accept-damage", "--help"},
               .repeatableOptions = {"--profile"}});
    const bool help = cl.flag("--help");
    const bool hasCluster = cl.value("--kafka") || !cl.values("--profile").empty();
    if (!cl.ok() || help || cl.positionals().empty() || !hasCluster) {
        std::fprintf(
            help ? stdout : stderr,
            "Usage: riverdelta-cli sync TOPIC[,TOPIC...] (--kafka BOOTSTRAP | --profile NAME)\n"
            "         [--lake DIR|s3://BUCKET/PREFIX] [--schema-registry URL] [--until-caught-up]\n"
            "         [--on-error suspend|skip|log] [--schema AVRO.json]\n"
            "         [--freshness-target-ms N | --commit-interval-ms N] [--max-batch-rows N]\n"
            "         [--dead-letter-topic NAME]\n"
            "         [--data-retention DURATION] [--no-maintenance]\n"
            "         [--repair | --accept-damage]\n\n"
            "Syncs each topic into a Delta table DIR/<topic> (default DIR: %s/lake), exactly\n"
            "once: progress lives in the table's own log, so a restart resumes where the last\n"
            "commit ended. --until-caught-up exits once every partition reaches the high\n"
            "watermark seen at start (1 when a record suspends the job, with its offset).\n"
            "A cluster that gives no answer for 30 s ends the command with exit 1.\n"
            "A damaged table (a cut-off commit, or rows + unwritten offsets != committed\n"
            "offsets) gets nothing appended: --repair rewrites it from the topic (from offset\n"
            "0), --accept-damage records the loss in the table and goes on. Avro values in the "
            "Confluent wire format are decoded\n"
            "with their writer schema from the Schema Registry (--schema-registry, or the one\n"
            "of a --profile) and the table schema follows it; JSON values follow --schema or\n"
            "a schema inferred from them.\n"
            "Records are committed once the oldest buffered one has waited the freshness\n"
            "target (default 1000 ms), or when the stream pauses, or at --max-batch-rows;\n"
            "--commit-interval-ms N commits every N ms instead.\n"
            "Each table is maintained in the background: small files are compacted, expired\n"
            "log files and unreferenced data files deleted (delta.logRetentionDuration,\n"
            "delta.deletedFileRetentionDuration); --data-retention (e.g. '6 hours') also\n"
            "removes files whose rows are all older. --no-maintenance turns that off.\n"
            "An s3:// lake is written to S3 or any S3-compatible\n"
            "store: endpoint, region and credentials from an s3 --profile, else the AWS\n"
            "environment (AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL, ...) and ~/.aws.\n",
            defaultDataDirectory().c_str());
        if (!help) {
            if (!cl.ok())
                std::fprintf(stderr, "\nerror: %s\n", cl.error().c_str());
            else if (cl.positionals().empty())
                std::fprintf(stderr, "\nerror: name at least one topic\n");
            else
                std::fprintf(stderr, "\nerror: --kafka BOOTSTRAP or --profile NAME is required\n");
        }
        return help ? kExitOk : kExitUsage;
    }
    // The cluster and registry: --profile (Kafka / Confluent Cloud, or a Schema Registry
    // profile), then --kafka and --schema-registry override.
    kafka::ClientConfig kafkaConfig;
    registry::RegistryConfig registryConfig;
    std::optional<s3::S3Settings> lakeStorage;  // an s3 --profile's settings
    std::string profileLake;
    for (const auto& profileName : cl.values("--profile")) {
        auto saved = findSavedProfile(profileName, "sync");
        if (!saved) return kExitUsage;
        const auto* profile = &saved->profile;
        const auto& secrets = saved->secrets;
        if (profile->kind == profiles::ProfileKind::S3) {
            lakeStorage = profiles::s3Settings(*profile, secrets);
            if (!profile->s3Lake.empty()) profileLake = profile->s3Lake;
            continue;
        }
        if (profile->kind == profiles::ProfileKind::Kafka ||
            profile->kind == profiles::ProfileKind::ConfluentCloud)
            kafkaConfig = profiles::kafkaConfig(*profile, secrets);
        if (profile->kind != profiles::ProfileKind::PostgreSQL &&
            profile->kind != profiles::ProfileKind::LocalSandbox) {
            auto r = profiles::registryConfig(*profile, secrets);
            if (!r.url.empty()) registryConfig = r;
        }
    }
    if (auto v = cl.value("--kafka")) kafkaConfig.bootstrapServers = *v;
    if (auto v = cl.value("--schema-registry"))
        registryConfig = registry::RegistryConfig{.url = *v};
    while (!registryConfig.url.empty() && registryConfig.url.back() == '/')
        registryConfig.url.pop_back();
    if (kafkaConfig.bootstrapServers.empty()) {
        std::fprintf(stderr,
                     "riverdelta-cli sync: the profile has no Kafka cluster; add --kafka\n");
        return kExitUsage;
    }
    const auto lakeLocation = lake::storage::LakeLocation::parse(cl.value("--lake").value_or(
        profileLake.empty() ? defaultDataDirectory() + "/lake" : profileLake));
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
    std::optional<std::chrono::milliseconds> commitInterval;
    std::optional<std::chrono::milliseconds> freshnessTarget;
    for (const char* option : {"--commit-interval-ms", "--freshness-target-ms"}) {
        const auto v = cl.value(option);
        if (!v) continue;
        const long ms = std::atol(v->c_str());
        if (ms <= 0) {
            std::fprintf(stderr, "riverdelta-cli sync: %s takes a positive number, not '%s'\n",
                         option, v->c_str());
            return kExitUsage;
        }
        (std::string_view(option) == "--commit-interval-ms" ? commitInterval : freshnessTarget) =
            std::chrono::milliseconds(ms);
    }
    if (commitInterval && freshnessTarget) {
        std::fprintf(stderr,
                     "riverdelta-cli sync: --commit-interval-ms and --freshness-target-ms are two "
                     "commit policies; give one\n");
        return kExitUsage;
    }

    std::int64_t maxRows = 1'000'000;
    if (auto v = cl.value("--max-batch-rows")) {
        maxRows = std::atoll(v->c_str());
        if (maxRows <= 0) {
            std::fprintf(stderr, "riverdelta-cli sync: --max-batch-rows takes a positive number\n");
            return kExitUsage;
        }
    }
    std::optional<std::chrono::milliseconds> dataRetention;
    if (auto v = cl.value("--data-retention")) {
        dataRetention = lake::maintenance::parseInterval(*v);
        if (!dataRetention || dataRetention->count() == 0) {
            std::fprintf(stderr,
                         "riverdelta-cli sync: --data-retention takes a duration like '6 hours' "
                         "or '7 days', not '%s'\n",
                         v->c_str());
            return kExitUsage;
        }
    }
    if (cl.flag("--repair") && cl.flag("--accept-damage")) {
        std::fprintf(stderr, "riverdelta-cli sync: choose --repair or --accept-damage, not both\n");
        return kExitUsage;
    }
    installStopSignals();
    std::vector<std::unique_ptr<lake::sync::SyncJob>> jobs;
    for (const auto& topic : splitCommaLists(cl.positionals())) {
        lake::sync::SyncOptions o;
        o.topic = topic;
        o.tableLocation = lakeLocation.child(topic).toString();
        o.s3 = lakeStorage;
        o.kafka = kafkaConfig;
        o.schemaRegistry = registryConfig;
        o.avroSchema = schema;
        o.commitInterval = commitInterval;
        if (freshnessTarget) o.freshnessTarget = *freshnessTarget;
        o.errorPolicy = *policy;
        o.maxBufferedRows = maxRows;
        o.deadLetterTopic = cl.value("--dead-letter-topic").value_or("");
        o.untilCaughtUp = cl.flag("--until-caught-up");
        o.maintenance.enabled = !cl.flag("--no-maintenance");
        o.maintenance.dataRetention = dataRetention;
        o.clusterTimeout = std::chrono::seconds(30);  // as `run` gives up on its cluster
        o.damage = cl.flag("--repair")          ? lake::sync::DamageChoice::RepairFromKafka
                   : cl.flag("--accept-damage") ? lake::sync::DamageChoice::Accept
                                                : lake::sync::DamageChoice::Refuse;
        jobs.push_back(std::make_unique<lake::sync::SyncJob>(std::move(o)));
        jobs.back()->start();
    }
    const bool tty = ::isatty(STDOUT_FILENO);
    auto lastPrint = std::chrono::steady_clock::now();
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        bool allDone = true;
        for (auto& j : jobs) {
            // A suspended job waits for a resume the command line cannot give: it ends here.
            const auto st = j->status();
            allDone = allDone && (st.finished || st.suspended);
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
        if (s.lastMaintenance)
            std::printf("%-24s last maintenance %s\n", "", s.lastMaintenance->summary().c_str());
        if (s.state == lake::sync::SyncState::Failed || s.state == lake::sync::SyncState::Damaged) {
            ++failed;
            std::fprintf(stderr, "riverdelta-cli sync: %s: %s\n", s.topic.c_str(),
                         s.reason.c_str());
        } else if (s.suspended) {
            // --until-caught-up cannot get past it: say where it stopped and exit non-zero.
            ++failed;
            std::fprintf(stderr,
                         "riverdelta-cli sync: %s suspended at partition %d offset %lld: %s; the "
                         "table holds everything before it (--on-error skip or log passes it)\n",
                         s.topic.c_str(), s.suspended->partition,
                         static_cast<long long>(s.suspended->offset), s.suspended->why.c_str());
        }
    }
    return failed ? kExitFailure : kExitOk;
}

}  // namespace riverdelta::cli
