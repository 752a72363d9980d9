#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <thread>

#include "app/cli/app_paths.h"
#include "app/cli/byte_size.h"
#include "app/cli/commands.h"
#include "app/cli/run_report_hook.h"
#include "app/cli/saved_profile.h"
#include "app/cli/scenario_source.h"
#include "app/cli/stop_signal.h"
#include "app/secrets/keychain_secret_store.h"
#include "engine/core/command_line.h"
#include "engine/core/log.h"
#include "engine/generate/clock.h"
#include "engine/generate/program.h"
#include "engine/kafka/cluster_metadata.h"
#include "engine/kafka/consumer.h"
#include "engine/kafka/embedded_cluster.h"
#include "engine/lake/storage/lake_location.h"
#include "engine/lake/sync/sync_job.h"
#include "engine/profiles/profile_connections.h"
#include "engine/profiles/profile_store.h"
#include "engine/run/run_capture.h"
#include "engine/run/run_ledger.h"
#include "engine/run/run_topics.h"
#include "engine/run/scenario_run.h"
#include "engine/sandbox/sandbox.h"

namespace riverdelta::cli {

namespace {

constexpr const char* kUsage =
    "Usage: riverdelta-cli run [CONFIG] [--seed S] [--mount SRC=DIR] [--stages N]\n"
    "         [--duration SECONDS] [--speed X] [--kafka BOOTSTRAP|sandbox]\n"
    "         [--postgres CONNINFO|sandbox] [--profile NAME]... [--partitions N]\n"
    "         [--sync TOPIC[,TOPIC...]] [--lake DIR|s3://BUCKET/PREFIX] [--data-dir DIR]\n"
    "         [--now EPOCH_MS]\n"
    "         [--no-cdc] [--cdc-prefix PREFIX] [--fresh]\n"
    "         [--report FILE.pdf|FILE.html|FILE.json]\n\n"
    "Runs a scenario into PostgreSQL and Kafka. Without CONFIG: the built-in River Hotels\n"
    "scenario on the local sandbox (embedded Kafka + private PostgreSQL). With CONFIG: its own\n"
    "connections, unless --kafka, --postgres or --profile say otherwise.\n\n"
    "  --stages N        stop once stage N (1 = the first) has completed\n"
    "  --duration S      stop after S seconds\n"
    "  --speed X         divide every throttle by X (e.g. 20 to demo streaming in minutes)\n"
    "  --seed S          the same seed gives the same data (default 42). A run that\n"
    "                    completed before (same scenario, seed, stages, Kafka and PostgreSQL)\n"
    "                    is not repeated: it says so and sends nothing; one that did not\n"
    "                    complete continues (PostgreSQL after its committed rows)\n"
    "  --fresh           run it again from the first event into every sink\n"
    "  --now EPOCH_MS    fix the run clock (what `now` returns), as `sample --now` does\n"
    "  --profile NAME    a saved connection profile (see 'riverdelta-cli profile list')\n"
    "  --partitions N    partitions of the topics the run creates (default 1)\n"
    "  --sync TOPICS     also sync these topics into Delta tables under --lake (a folder, or\n"
    "                    s3://BUCKET/PREFIX with an s3 --profile or the AWS environment)\n"
    "  --no-cdc          do not capture the PostgreSQL tables the scenario writes; by default\n"
    "                    their changes go to Kafka as PREFIX.schema.table (see 'cdc --help')\n"
    "  --cdc-prefix P    topic prefix for those changes (default riverhotel)\n"
    "  --report FILE     when the run ends (also after Ctrl-C), validate the pipeline and write\n"
    "                    a run report; the format follows the extension: .pdf, .html or .json\n"
    "                    (repeat it for several formats of the same report)\n"
    "Ctrl-C stops cleanly: what is in flight is delivered and counted.\n"
    "Exit status 1 when the run failed, or when it finished but change data capture did not\n"
    "get every change into Kafka within 60 s.\n";

std::string progressBar(std::uint64_t done, std::optional<std::uint64_t> total, int width) {
    if (!total || *total == 0) return std::string(static_cast<std::size_t>(width), ' ');
    const int filled =
        static_cast<int>(std::min<double>(1.0, static_cast<double>(done) / *total) * width);
    return std::string(static_cast<std::size_t>(filled), '#') +
           std::string(static_cast<std::size_t>(width - filled), '.');
}

void printTable(const run::RunStatus& s, bool withBars) {
    std::printf("%-24s %-18s %-8s %10s %10s %8s %9s\n", "generator", "target", "state", "acked",
                "max", "failed", "rate/s");
    for (const auto& st : s.streams) {
        const std::string max = st.maxEvents ? std::to_string(*st.maxEvents) : "-";
        std::printf(
            "%-24s %-18s %-8s %10llu %10s %8llu %9.0f%s%s\n", st.name.c_str(), st.target.c_str(),
            run::toString(st.state), static_cast<unsigned long long>(st.acknowledged), max.c_str(),
            static_cast<unsigned long long>(st.failed), st.ratePerSecond, withBars ? "  " : "",
            withBars ? progressBar(st.acknowledged, st.maxEvents, 20).c_str() : "");
    }
    // Below the table: what could not be delivered, and updates/deletes that found no row.
    for (const auto& st : s.streams) {
        if (!st.problem.empty()) std::printf("%s: %s\n", st.name.c_str(), st.problem.c_str());
        if (st.resumedAfter > 0)
            std::printf("%s: resumed after the %llu rows an earlier run of this seed committed\n",
                        st.name.c_str(), static_cast<unsigned long long>(st.resumedAfter));
        if (st.unmatched > 0)
            std::printf("%s: %llu update%s/deletes matched no row\n", st.name.c_str(),
                        static_cast<unsigned long long>(st.unmatched),
                        st.unmatched == 1 ? "" : "s");
    }
}

int extraLines(const run::RunStatus& s) {
    int n = 0;
    for (const auto& st : s.streams)
        n += (st.problem.empty() ? 0 : 1) + (st.unmatched > 0 ? 1 : 0) + (st.resumedAfter > 0);
    return n;
}

}  // namespace

// One line per capture: state, counters, rate, lag, snapshot progress.
std::vector<std::string> captureLines(const run::RunCapture& capture) {
    std::vector<std::string> out;
    for (const auto& c : capture.status()) {
        std::string tables;
        for (const auto& t : c.tables)
            tables += (tables.empty() ? "" : ",") + t;
        if (!c.source) {
            out.push_back("cdc " + tables + ": waiting for the tables" +
                          (c.note.empty() ? "" : " (" + c.note + ")"));
            continue;
        }
        const auto& s = *c.source;
        char buffer[256];
        std::snprintf(buffer, sizeof buffer,
                      "cdc %s: %s, captured %llu, acked %llu, %.0f ev/s, lag %s %.1f s",
                      tables.c_str(), cdc::toString(s.state),
                      static_cast<unsigned long long>(s.eventsCaptured),
                      static_cast<unsigned long long>(s.eventsAcknowledged), s.eventsPerSecond,
                      formatBytes(s.lagBytes).c_str(), s.lagSeconds);
        std::string line = buffer;
        if (s.state == cdc::SourceState::Snapshotting)
            for (const auto& t : s.snapshot)
                line += ", " + t.table + " " + std::to_string(t.rowsDone) + "/" +
                        std::to_string(t.rowsTotal);
        if (!s.waitingFor.empty()) line += " (" + s.waitingFor + ")";
        if (s.state == cdc::SourceState::Failed) line += ": " + s.failureReason;
        out.push_back(std::move(line));
    }
    return out;
}

int runRun(Args args) {
    core::CommandLine cl(
        args,
        {.valueOptions = {"--seed", "--stages", "--duration", "--speed", "--kafka", "--postgres",
                          "--partitions", "--lake", "--data-dir", "--cdc-prefix", "--now"},
         .flagOptions = {"--help", "--no-cdc", "--fresh"},
         .repeatableOptions = {"--mount", "--profile", "--sync", "--report"}});
    if (!cl.ok() || cl.flag("--help") || cl.positionals().size() > 1) {
        std::fprintf(cl.flag("--help") ? stdout : stderr, "%s", kUsage);
        if (!cl.ok())
            std::fprintf(stderr, "\nerror: %s\n", cl.error().c_str());
        else if (cl.positionals().size() > 1)
            std::fprintf(stderr, "\nerror: at most one CONFIG\n");
        return cl.flag("--help") ? kExitOk : kExitUsage;
    }
    const std::string config = cl.positionals().empty() ? std::string() : cl.positionals()[0];
    run::RunOptions options;
    auto number = [&](const char* name, double& out, double min) {
        if (auto v = cl.value(name)) {
            char* end = nullptr;
            out = std::strtod(v->c_str(), &end);
            if (!end || *end || out < min) {
                std::fprintf(stderr, "riverdelta-cli run: %s takes a number >= %g, got '%s'\n",
                             name, min, v->c_str());
                return false;
            }
        }
        return true;
    };
    double seed = 42, stages = 0, duration = 0, partitions = 1;
    if (!number("--seed", seed, 0) || !number("--stages", stages, 1) ||
        !number("--duration", duration, 0) || !number("--speed", options.speed, 0.001) ||
        !number("--partitions", partitions, 1))
        return kExitUsage;
    options.seed = static_cast<std::uint64_t>(seed);
    // ---- run report (--report): unknown extension is a usage error before anything starts
    std::string reportError;
    auto reportHook = RunReportHook::create(cl.values("--report"), reportError);
    if (!reportError.empty()) {
        std::fprintf(stderr, "riverdelta-cli run: %s\n", reportError.c_str());
        return kExitUsage;
    }
    // ---- end run report
    if (cl.value("--stages")) options.lastStage = static_cast<int>(stages) - 1;
    if (cl.value("--duration"))
        options.duration = std::chrono::milliseconds(static_cast<std::int64_t>(duration * 1000));

    std::optional<generate::FixedClock> fixedClock;
    if (auto v = cl.value("--now")) {
        char* end = nullptr;
        const long long ms = std::strtoll(v->c_str(), &end, 10);
        if (v->empty() || !end || *end) {
            std::fprintf(stderr, "riverdelta-cli run: --now takes epoch milliseconds, got '%s'\n",
                         v->c_str());
            return kExitUsage;
        }
        fixedClock.emplace(ms);
        options.clock = &*fixedClock;
    }

    std::string name;
    auto program = loadScenarioForCli(config, cl.values("--mount"), name);
    if (!program) return kExitUsage;
    options.runId = config.empty() ? "builtin/river-hotels" : name;

    core::Log log;
    log.setSink([](const core::LogEntry& e) {
        // A webhook connection's printExchange: request/response pairs on standard output.
        if (e.source == "webhook" && e.level == core::LogLevel::Info) {
            std::fprintf(stdout, "%s\n", e.message.c_str());
            return;
        }
        // The run's own failure is the last line printed (once), not a log line.
        if (e.level >= core::LogLevel::Warning &&
            !(e.source == "run" && e.level == core::LogLevel::Error))
            std::fprintf(stderr, "[%s] %s: %s\n", core::toString(e.level), e.source.c_str(),
                         e.message.c_str());
    });
    options.log = &log;

    // Where events go: the sandbox by default, else the scenario's connections, overrides win.
    const std::string dataDir = cl.value("--data-dir").value_or(defaultDataDirectory());
    run::TargetOverrides overrides;
    std::string kafkaChoice = cl.value("--kafka").value_or(config.empty() ? "sandbox" : "");
    std::string postgresChoice = cl.value("--postgres").value_or(config.empty() ? "sandbox" : "");
    std::optional<s3::S3Settings> lakeStorage;  // an s3 --profile's settings
    std::string profileLake;
    for (const auto& profileName : cl.values("--profile")) {
        auto saved = findSavedProfile(profileName, "run");
        if (!saved) return kExitUsage;
        const auto* profile = &saved->profile;
        const auto& secrets = saved->secrets;
        if (profile->kind == profiles::ProfileKind::S3) {
            lakeStorage = profiles::s3Settings(*profile, secrets);
            if (!cl.value("--lake") && !profile->s3Lake.empty()) profileLake = profile->s3Lake;
        } else if (profile->kind == profiles::ProfileKind::PostgreSQL) {
            overrides.postgres = run::PostgresTarget{profiles::postgresConninfo(*profile, secrets),
                                                     std::nullopt, "profile '" + profileName + "'"};
            postgresChoice.clear();
        } else if (profile->kind == profiles::ProfileKind::LocalSandbox) {
            kafkaChoice = postgresChoice = "sandbox";
        } else {
            run::KafkaTarget k;
            k.config = profiles::kafkaConfig(*profile, secrets);
            k.registry = profiles::registryConfig(*profile, secrets);
            if (!k.registry.url.empty()) k.valueSerializer = kafka::Serializer::Avro;
            k.label = "profile '" + profileName + "'";
            overrides.kafka = k;
            kafkaChoice.clear();
        }
    }
    std::unique_ptr<sandbox::Sandbox> sandbox;
    auto ensureSandbox = [&] {
        if (!sandbox)
            sandbox =
                std::make_unique<sandbox::Sandbox>(std::filesystem::path(dataDir) / "sandbox");
        return sandbox.get();
    };
    try {
        if (kafkaChoice == "sandbox") {
            ensureSandbox()->startKafka();
            run::KafkaTarget k;
            k.config = sandbox->kafkaClientConfig();
            k.embedded = sandbox->cluster();
            k.label = "sandbox " + k.config.bootstrapServers;
            overrides.kafka = k;
            std::printf("Kafka:      embedded sandbox cluster at %s\n",
                        k.config.bootstrapServers.c_str());
        } else if (!kafkaChoice.empty()) {
            run::KafkaTarget k;
            k.config.bootstrapServers = kafkaChoice;
            k.label = kafkaChoice;
            overrides.kafka = k;
        }
        if (postgresChoice == "sandbox") {
            auto ep = ensureSandbox()->startPostgres();
            overrides.postgres = run::PostgresTarget{ep.conninfo, std::nullopt, "sandbox", true};
            std::printf("PostgreSQL: private sandbox server %s\n", ep.description.c_str());
        } else if (!postgresChoice.empty()) {
            overrides.postgres = run::PostgresTarget{postgresChoice, std::nullopt};
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "riverdelta-cli run: %s\n", e.what());
        return kExitFailure;
    }
    if (overrides.kafka) overrides.kafka->partitions = static_cast<int>(partitions);
    run::RunTargets targets;
    try {
        targets = run::resolveTargets(*program, overrides);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "riverdelta-cli run: %s\n", e.what());
        return kExitUsage;
    }
    for (const auto& w : targets.warnings)
        std::fprintf(stderr, "warning: %s (ignored)\n", w.c_str());

    // ---- a repeated run: one behaviour for every sink (see run_ledger.h)
    std::optional<run::RunLedger> ledger;
    std::string ledgerKey;
    run::RunLedgerEntry ledgerEntry;
    const std::string stagesText =
        options.lastStage ? "1-" + std::to_string(*options.lastStage + 1) : std::string("all");
    bool ephemeralKafka = false;
    std::string kafkaWhere, postgresWhere;
    for (const auto& [connection, target] : targets.kafka) {
        ephemeralKafka = ephemeralKafka || target.embedded != nullptr;
        kafkaWhere += (kafkaWhere.empty() ? "" : ",") + target.config.bootstrapServers;
    }
    for (const auto& [connection, target] : targets.postgres)
        postgresWhere += (postgresWhere.empty() ? "" : ",") + target.conninfo;
    if (ephemeralKafka) {
        // The sandbox's Kafka is new at every start: its topics hold nothing of an earlier
        // run, so nothing is recorded; PostgreSQL still continues after its committed rows.
        if (cl.flag("--fresh"))
            std::fprintf(stderr, "warning: --fresh has no effect on the sandbox's Kafka\n");
    } else {
        ledger.emplace(std::filesystem::path(dataDir) / "runs.json");
        ledgerKey =
            run::RunLedger::key(options.runId, options.seed, stagesText, kafkaWhere, postgresWhere);
        std::optional<run::RunLedgerEntry> prior;
        try {
            prior = ledger->find(ledgerKey);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "riverdelta-cli run: %s\n", e.what());
            return kExitFailure;
        }
        if (prior && prior->completed && !cl.flag("--fresh")) {
            std::printf(
                "This run already completed (seed %llu, stages %s) at %s; nothing sent — use "
                "--fresh to run again\n",
                static_cast<unsigned long long>(options.seed), stagesText.c_str(),
                prior->finishedAt.c_str());
            return kExitOk;
        }
        ledgerEntry.generation =
            prior ? prior->generation + (cl.flag("--fresh") ? 1 : 0) : (cl.flag("--fresh") ? 1 : 0);
        if (cl.flag("--fresh"))
            std::printf(
                "Fresh run (--fresh): every sink gets every event of seed %llu again "
                "(its PostgreSQL tables are dropped and created anew)\n",
                static_cast<unsigned long long>(options.seed));
        else if (prior)
            std::printf(
                "Resuming seed %llu (stages %s): an earlier run did not complete; PostgreSQL "
                "tables continue after the rows they committed, Kafka topics get every event "
                "of the seed again\n",
                static_cast<unsigned long long>(options.seed), stagesText.c_str());
        if (ledgerEntry.generation > 0)
            options.runId += "#" + std::to_string(ledgerEntry.generation);
        // From the first event means empty tables: rows again on top of the old ones would
        // break their keys (or double them).
        if (cl.flag("--fresh"))
            for (auto& [connection, target] : targets.postgres)
                target.policy = postgres::TablePolicy::DropAndCreate;
        try {
            ledger->put(ledgerKey, ledgerEntry);  // before anything is sent
        } catch (const std::exception& e) {
            std::fprintf(stderr, "riverdelta-cli run: %s\n", e.what());
            return kExitFailure;
        }
    }
    // ---- end repeated run

    installStopSignals();
    const auto syncTopics = splitCommaLists(cl.values("--sync"));
    if (!syncTopics.empty()) {
        // The run's topics exist, with --partitions, before a sync job asks for their metadata
        // (which may auto-create a topic with the cluster's default partition count).
        try {
            run::createRunTopics(*program, targets, std::chrono::seconds(30));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "riverdelta-cli run: %s\n", e.what());
            return kExitFailure;
        }
    }
    // Change data capture of the tables the scenario writes, into the run's Kafka.
    std::unique_ptr<run::RunCapture> cdc;
    if (!cl.flag("--no-cdc")) {
        cdc = std::make_unique<run::RunCapture>(
            *program, targets,
            run::RunCapture::Options{cl.value("--cdc-prefix").value_or("riverhotel"),
                                     kafkaChoice == "sandbox", &log});
        if (cdc->empty()) {
            cdc.reset();
        } else {
            std::string topics;
            for (const auto& t : cdc->topics())
                topics += (topics.empty() ? "" : ", ") + t;
            std::printf("CDC:        %s (--no-cdc to turn off)\n", topics.c_str());
        }
    }
    if (cdc) options.changesMayStart = [&cdc] { return cdc->readyForChanges(); };
    run::ScenarioRun scenario(*program, targets, options);
    // ---- run report: baseline before the first event
    if (reportHook)
        reportHook->begin(*program, targets, log,
                          {{name, name, options.seed, options.speed, kafkaChoice == "sandbox",
                            postgresChoice == "sandbox"},
                           cl.values("--mount"),
                           cl.values("--profile")});
    // ---- end run report
    scenario.start();

    // Lake sync of the chosen topics, on the Kafka the run writes to.
    std::vector<std::unique_ptr<lake::sync::SyncJob>> syncs;
    const auto lakeLocation = lake::storage::LakeLocation::parse(
        cl.value("--lake").value_or(profileLake.empty() ? dataDir + "/lake" : profileLake));
    for (const auto& topic : syncTopics) {
        const run::KafkaTarget* k = nullptr;
        for (const auto& [connection, target] : targets.kafka)
            k = &target;
        if (!k) {
            std::fprintf(stderr, "riverdelta-cli run: --sync needs a Kafka connection\n");
            return kExitUsage;
        }
        lake::sync::SyncOptions o;
        o.topic = topic;
        o.tableLocation = lakeLocation.child(topic).toString();
        o.s3 = lakeStorage;
        o.kafka = k->config;
        o.schemaRegistry = k->registry;  // Avro values: the writer schemas come from there
        for (const auto& info : program->generators())
            if (info.kind == generate::TargetKind::Topic && info.target == topic &&
                info.avroSchemaHint.is_object() && info.avroSchemaHint.contains("value"))
                o.avroSchema = info.avroSchemaHint["value"];
        syncs.push_back(std::make_unique<lake::sync::SyncJob>(std::move(o)));
        syncs.back()->start();
        std::printf("Lake sync:  %s → %s\n", topic.c_str(),
                    lakeLocation.child(topic).toString().c_str());
    }
    std::printf("Scenario:   %s (seed %llu, speed %g)\n\n", name.c_str(),
                static_cast<unsigned long long>(options.seed), options.speed);
    std::fflush(stdout);

    const bool tty = ::isatty(STDOUT_FILENO);
    int drawnLines = 0;
    auto lastPlain = std::chrono::steady_clock::now();
    while (!scenario.waitFinished(std::chrono::milliseconds(500))) {
        if (stopRequested()) {
            std::printf(
                "\nStopping: delivering what is in flight (Ctrl-C again stops at once)...\n");
            scenario.stop();
            break;
        }
        const auto s = scenario.status();
        if (cdc) cdc->poll();
        const auto cdcLines = cdc ? captureLines(*cdc) : std::vector<std::string>();
        if (reportHook) reportHook->sample(s, syncs, cdc.get());  // run report
        if (tty) {
            if (drawnLines) std::printf("\x1b[%dA\x1b[J", drawnLines);
            std::printf("stage %d of %d\n", s.stage + 1, s.stageCount);
            printTable(s, true);
            for (const auto& line : cdcLines)
                std::printf("%s\n", line.c_str());
            drawnLines = static_cast<int>(s.streams.size() + cdcLines.size()) + 2 + extraLines(s);
            std::fflush(stdout);
        } else if (std::chrono::steady_clock::now() - lastPlain >= std::chrono::seconds(5)) {
            for (const auto& st : s.streams)
                if (st.state == run::StreamState::Running)
                    std::printf("%s: %llu acknowledged, %.0f/s\n", st.name.c_str(),
                                static_cast<unsigned long long>(st.acknowledged), st.ratePerSecond);
            for (const auto& line : cdcLines)
                std::printf("%s\n", line.c_str());
            std::fflush(stdout);
            lastPlain = std::chrono::steady_clock::now();
        }
    }
    const auto s = scenario.status();
    if (tty && drawnLines) std::printf("\x1b[%dA\x1b[J", drawnLines);
    std::printf("\nRun %s after %.1f s\n", run::toString(s.state),
                s.endedAt ? std::chrono::duration<double>(*s.endedAt - s.startedAt).count() : 0.0);
    printTable(s, false);
    std::string cdcFailure;
    bool cdcDelivered = true;
    if (cdc) {
        // The end waits (bounded) until Kafka holds every change the run wrote: the rows a
        // stopped run committed are in flight too. A second Ctrl-C leaves the rest to the slot.
        const bool stopped = stopRequested();
        cdcDelivered = cdc->finish(
            s.state == run::RunState::Failed ? std::chrono::milliseconds(0)
            : stopped                        ? std::chrono::seconds(15)
                                             : std::chrono::seconds(60),
            stopped ? &stopInsisted : &stopRequested,
            stopped ? run::RunCapture::StartMissing::No : run::RunCapture::StartMissing::Yes);
        for (const auto& line : captureLines(*cdc))
            std::printf("%s\n", line.c_str());
        cdcFailure = cdc->failure();
    }
    for (auto& job : syncs) {
        // Give each table the events the run produced, then report it.
        if (!stopRequested()) {
            // Caught up means every partition's committed offset reached the high watermark
            // as it is now that the run has ended (a status from before the run may say 0 lag).
            std::map<std::int32_t, std::int64_t> highs;
            try {
                kafka::Consumer probe(job->options().kafka);
                const auto md = kafka::fetchMetadata(probe.handle(), std::chrono::seconds(10),
                                                     job->options().topic);
                for (const auto& t : md.topics)
                    for (std::int32_t p = 0; t.name == job->options().topic && p < t.partitions;
                         ++p)
                        highs[p] = probe.queryWatermarks(t.name, p, std::chrono::seconds(10)).high;
            } catch (const std::exception& e) {
                std::fprintf(stderr, "warning: lake %s: %s\n", job->options().topic.c_str(),
                             e.what());
            }
            auto caughtUp = [&] {
                const auto st = job->status();
                if (st.finished || st.suspended) return true;  // it will not catch up alone
                for (const auto& [partition, high] : highs) {
                    const std::int32_t p = partition;  // clang 14 cannot capture a binding
                    const auto it = std::find_if(st.partitions.begin(), st.partitions.end(),
                                                 [&](const auto& pp) { return pp.partition == p; });
                    if (it == st.partitions.end() || it->committedOffset + 1 < high) return false;
                }
                return true;
            };
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
            while (std::chrono::steady_clock::now() < deadline && !caughtUp() && !stopRequested())
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        job->stop();
        const auto st = job->status();
        std::printf("lake %-20s %-9s version %lld, %lld rows, lag %lld%s%s\n", st.topic.c_str(),
                    lake::sync::toString(st.state), static_cast<long long>(st.version),
                    static_cast<long long>(st.rows), static_cast<long long>(st.lag()),
                    st.reason.empty() ? "" : ": ", st.reason.c_str());
    }
    // ---- run report: written after the syncs have stopped, also after Ctrl-C
    const bool reportWritten = !reportHook || reportHook->finish(s, syncs, cdc.get());
    // ---- end run report
    // ---- a repeated run: recorded as completed only when every sink has everything
    bool complete = s.state == run::RunState::Finished && !stopRequested() && cdcDelivered &&
                    cdcFailure.empty() && reportWritten;
    for (const auto& st : s.streams)
        complete = complete && st.failed == 0 && st.problem.empty();
    if (ledger && complete) {
        ledgerEntry.completed = true;
        const std::time_t now = std::time(nullptr);
        std::tm utc{};
        gmtime_r(&now, &utc);
        char stamp[32];
        std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
        ledgerEntry.finishedAt = stamp;
        try {
            ledger->put(ledgerKey, ledgerEntry);
            std::printf(
                "Completed: running seed %llu (stages %s) again says so and sends "
                "nothing (--fresh runs it again)\n",
                static_cast<unsigned long long>(options.seed), stagesText.c_str());
        } catch (const std::exception& e) {
            std::fprintf(stderr, "warning: %s\n", e.what());
        }
    }
    // ---- end repeated run
    if (s.state == run::RunState::Failed) {
        std::fprintf(stderr, "riverdelta-cli run: %s\n", s.error.c_str());
        return kExitFailure;
    }
    if (!cdcFailure.empty()) {
        std::fprintf(stderr, "riverdelta-cli run: cdc: %s (--no-cdc runs without it)\n",
                     cdcFailure.c_str());
        return kExitFailure;
    }
    // A finished run whose changes are not all in Kafka is not a success a script may trust;
    // after a stop the user asked for, a shortfall is expected and only warned of.
    if (!cdcDelivered) {
        if (s.state == run::RunState::Finished && !stopRequested()) {
            std::fprintf(stderr, "riverdelta-cli run: %s\n", cdc->shortfall().c_str());
            return kExitFailure;
        }
        std::fprintf(stderr, "warning: %s\n", cdc->shortfall().c_str());
    }
    return reportWritten ? kExitOk : kExitFailure;
}

}  // namespace riverdelta::cli
