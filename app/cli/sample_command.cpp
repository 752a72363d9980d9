#include <charconv>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "app/cli/commands.h"
#include "app/cli/scenario_source.h"
#include "engine/core/command_line.h"
#include "engine/generate/clock.h"
#include "engine/generate/session.h"
#include "engine/generate/value_json_writer.h"

namespace riverdelta::cli {

namespace {
void printSampleHelp(std::FILE* out) {
    std::fprintf(
        out,
        "Usage: riverdelta-cli sample [CONFIG] [--generator NAME] [-n N] [--seed S]\n"
        "                             [--now EPOCH_MS] [--mount SRC=DIR]...\n\n"
        "Prints events as JSON lines without connecting anywhere (stages respected,\n"
        "lookups work, throttles ignored):\n"
        "  {\"generator\":…,\"topic\"|\"table\":…,\"key\":…,\"value\"|\"row\":…}\n\n"
        "  CONFIG           a scenario file (default: the built-in River Hotels scenario)\n"
        "  --generator NAME print only this generator's events (others still run)\n"
        "  -n, --count N    number of events to print (default 10)\n"
        "  --seed S         random seed; the same seed gives the same output (default:\n"
        "                   random, printed on stderr)\n"
        "  --now EPOCH_MS   fix the run clock (what `now` returns)\n"
        "  --mount SRC=DIR  read paths under SRC from DIR\n");
}

template <class T>
bool parseNumber(const std::string& s, T& out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}
}  // namespace

int runSample(Args args) {
    std::vector<std::string_view> normalised;
    for (auto a : args)
        normalised.push_back(a == "-n" ? "--count" : a == "-h" ? "--help" : a);
    core::CommandLine cl(normalised, {.valueOptions = {"--generator", "--count", "--seed", "--now"},
                                      .flagOptions = {"--help"},
                                      .repeatableOptions = {"--mount"}});
    if (!cl.ok()) {
        std::fprintf(stderr, "riverdelta-cli sample: %s\n\n", cl.error().c_str());
        printSampleHelp(stderr);
        return kExitUsage;
    }
    if (cl.flag("--help")) {
        printSampleHelp(stdout);
        return kExitOk;
    }
    if (cl.positionals().size() > 1) {
        std::fprintf(stderr, "riverdelta-cli sample: expected at most one CONFIG\n\n");
        printSampleHelp(stderr);
        return kExitUsage;
    }
    std::uint64_t count = 10;
    if (auto v = cl.value("--count"); v && !parseNumber(*v, count)) {
        std::fprintf(stderr, "riverdelta-cli sample: -n needs a non-negative integer\n");
        return kExitUsage;
    }
    std::uint64_t seed = 0;
    if (auto v = cl.value("--seed")) {
        if (!parseNumber(*v, seed)) {
            std::fprintf(stderr, "riverdelta-cli sample: --seed needs a non-negative integer\n");
            return kExitUsage;
        }
    } else {
        seed = (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
        std::fprintf(stderr, "seed: %llu\n", static_cast<unsigned long long>(seed));
    }
    std::optional<generate::FixedClock> fixed;
    if (auto v = cl.value("--now")) {
        std::int64_t ms = 0;
        if (!parseNumber(*v, ms)) {
            std::fprintf(stderr, "riverdelta-cli sample: --now needs epoch milliseconds\n");
            return kExitUsage;
        }
        fixed.emplace(ms);
    }
    std::string name;
    const std::string config = cl.positionals().empty() ? std::string() : cl.positionals()[0];
    auto program = loadScenarioForCli(config, cl.values("--mount"), name);
    if (!program) return kExitUsage;
    std::optional<std::size_t> only;
    if (auto g = cl.value("--generator")) {
        only = program->findGenerator(*g);
        if (!only) {
            std::string names;
            for (const auto& info : program->generators())
                names += (names.empty() ? "" : ", ") + info.name + " (" + info.target + ")";
            std::fprintf(stderr,
                         "riverdelta-cli sample: no generator named \"%s\" in %s\n"
                         "generators: %s\n",
                         g->c_str(), name.c_str(), names.c_str());
            return kExitUsage;
        }
    }

    generate::SessionOptions options;
    options.seed = seed;
    if (fixed) options.clock = &*fixed;
    generate::Session session(*program, options);
    generate::Event event;
    std::string line;
    std::uint64_t printed = 0;
    while (printed < count) {
        auto status = session.next(event);
        if (status == generate::Session::Status::Failed) {
            std::fprintf(stderr, "riverdelta-cli sample: %s\n", session.error().c_str());
            return kExitFailure;
        }
        if (status != generate::Session::Status::Event) break;
        if (only && event.generator != *only) continue;
        const auto& info = program->generators()[event.generator];
        const bool topic = info.kind == generate::TargetKind::Topic;
        line.clear();
        generate::ValueJsonWriter w(line);
        w.raw("{\"generator\":");
        w.string(info.name);
        w.raw(",\"");
        w.raw(info.targetKey);
        w.raw("\":");
        w.string(info.target);
        if (info.kind == generate::TargetKind::Data) {
            // A data generator's key holds its per-event sink settings (headers, event ids…):
            // they print as the generator wrote them, beside "data".
            const std::string_view key = event.keyJson;
            if (key.size() > 2 && key.front() == '{') {
                w.raw(",");
                w.raw(key.substr(1, key.size() - 2));
            }
            w.raw(info.targetKey == "kind" ? ",\"query\":" : ",\"data\":");  // a reader's SQL
        } else {
            w.raw(",\"key\":");
            w.raw(event.keyJson);
            w.raw(topic ? ",\"value\":" : ",\"row\":");
        }
        w.raw(event.payloadJson);
        if (topic && !event.headers().isNull()) {
            w.raw(",\"headers\":");
            w.value(event.headers());
        }
        if (!topic && event.op != generate::RowOp::Insert) {
            w.raw(event.op == generate::RowOp::Update   ? ",\"op\":\"update\",\"where\":"
                  : event.op == generate::RowOp::Delete ? ",\"op\":\"delete\",\"where\":"
                                                        : ",\"op\":\"upsert\",\"where\":");
            w.value(event.where);
        }
        w.raw("}\n");
        std::fwrite(line.data(), 1, line.size(), stdout);
        ++printed;
    }
    return kExitOk;
}

}  // namespace riverdelta::cli
