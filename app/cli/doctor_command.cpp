#include <libpq-fe.h>
#include <librdkafka/rdkafka.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

#include "app/cli/commands.h"
#include "engine/core/command_line.h"
#include "engine/core/process.h"
#include "engine/postgres/server_binaries.h"
#include "riverdelta/version.h"

namespace riverdelta::cli {

namespace {

struct Checker {
    int problems = 0;
    int warnings = 0;
    void ok(const std::string& what, const std::string& detail) {
        std::printf("  ok    %-26s %s\n", what.c_str(), detail.c_str());
    }
    void missing(const std::string& what, const std::string& detail, const std::string& fix) {
        ++problems;
        std::printf("  MISS  %-26s %s\n        fix: %s\n", what.c_str(), detail.c_str(),
                    fix.c_str());
    }
    void warn(const std::string& what, const std::string& detail, const std::string& fix) {
        ++warnings;
        std::printf("  warn  %-26s %s\n        fix: %s\n", what.c_str(), detail.c_str(),
                    fix.c_str());
    }
};

std::string firstLine(const std::string& s) {
    return s.substr(0, s.find('\n'));
}

// The first integer in `java -version`'s banner, handling both "1.8.0" and "17.0.9".
int javaMajor(const std::string& banner) {
    std::smatch m;
    if (!std::regex_search(banner, m, std::regex("version \"(\\d+)(?:\\.(\\d+))?"))) return 0;
    int major = std::stoi(m[1]);
    if (major == 1 && m[2].matched) major = std::stoi(m[2]);
    return major;
}

}  // namespace

int runDoctor(Args args) {
    core::CommandLine cl(args, {.flagOptions = {"--help"}});
    if (!cl.ok() || cl.flag("--help") || !cl.positionals().empty()) {
        std::fprintf(cl.flag("--help") ? stdout : stderr,
                     "Usage: riverdelta-cli doctor\n\nChecks what Riverdelta needs to run (the "
                     "sandbox's PostgreSQL server binaries, libraries)\nand what its test suite "
                     "needs (Java 17, Maven, Python 3, kcat), and says how to fix\nwhat is "
                     "missing. Exit code 1 when something required is missing.\n");
        if (!cl.ok()) std::fprintf(stderr, "\nerror: %s\n", cl.error().c_str());
        return cl.flag("--help") ? kExitOk : kExitUsage;
    }
    Checker c;
    std::printf("Riverdelta %s\n\nRuntime\n", kVersion);
    c.ok("librdkafka", rd_kafka_version_str());
    const int pq = PQlibVersion();
    c.ok("libpq", std::to_string(pq / 10000) + "." + std::to_string(pq % 10000));

    if (auto bin = postgres::findServerBinaries()) {
        c.ok("PostgreSQL server",
             "version " + std::to_string(bin->majorVersion) + " in " + bin->binDir);
    } else {
        c.missing("PostgreSQL server",
                  "initdb/pg_ctl/postgres not found in /usr/lib/postgresql/*/bin",
                  "sudo apt-get install postgresql   (the local sandbox needs it)");
    }
    if (::geteuid() == 0) {
        if (::getpwnam("postgres"))
            c.ok("running as root", "the sandbox server will run as the 'postgres' user");
        else
            c.missing("running as root", "no 'postgres' user to run the sandbox server as",
                      "sudo apt-get install postgresql (creates it), or run as a normal user");
    }
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((display && *display) || (wayland && *wayland))
        c.ok("display", display && *display ? std::string("DISPLAY=") + display : "Wayland");
    else
        c.warn("display", "no DISPLAY or WAYLAND_DISPLAY: the desktop app cannot open a window",
               "run headless with riverdelta-cli (e.g. 'riverdelta-cli sandbox'), or "
               "QT_QPA_PLATFORM=offscreen");

    std::printf("\nTest suite\n");
    if (auto java = core::findExecutable("java")) {
        auto r = core::runProcess({*java, "-version"});
        const int major = javaMajor(r.output);
        if (major >= 17)
            c.ok("Java", firstLine(r.output));
        else
            c.missing("Java", "found " + firstLine(r.output) + ", need 17 or newer",
                      "sudo apt-get install openjdk-17-jre-headless");
    } else {
        c.missing("Java", "not found (the test Kafka broker runs on Java 17)",
                  "sudo apt-get install openjdk-17-jre-headless");
    }
    if (auto mvn = core::findExecutable("mvn"))
        c.ok("Maven", *mvn + " (fetches the Kafka broker from Maven Central)");
    else
        c.missing("Maven", "not found (fetches the Kafka broker)", "sudo apt-get install maven");
    if (auto py = core::findExecutable("python3")) {
        auto r = core::runProcess({*py, "-c", "import sys, venv; print(sys.version.split()[0])"});
        if (r.ok())
            c.ok("Python 3 + venv", firstLine(r.output));
        else
            c.missing("Python 3 + venv", "python3 cannot create virtualenvs",
                      "sudo apt-get install python3-venv");
    } else {
        c.missing("Python 3", "not found (reference readers)",
                  "sudo apt-get install python3 python3-venv");
    }
    if (auto kcat = core::findExecutable("kcat"))
        c.ok("kcat", *kcat);
    else
        c.missing("kcat", "not found (second client in Kafka tests)", "sudo apt-get install kcat");
    if (auto go = core::findExecutable("go"))
        c.ok("Go", *go + " (builds the SeaweedFS S3 test server once)");
    else
        c.missing("Go", "not found (builds the SeaweedFS S3 test server)",
                  "sudo apt-get install golang-go");
    const char* cache = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    std::filesystem::path cacheDir = cache && *cache
                                         ? std::filesystem::path(cache)
                                         : std::filesystem::path(home ? home : "/tmp") / ".cache";
    cacheDir /= "riverdelta";
    bool kafkaCached = false;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(cacheDir, ec))
        if (e.path().filename().string().starts_with("kafka-")) kafkaCached = true;
    if (kafkaCached)
        c.ok("Kafka broker (tests)", "cached in " + cacheDir.string());
    else
        std::printf("  info  %-26s not downloaded yet; scripts/test.sh fetches it into %s\n",
                    "Kafka broker (tests)", cacheDir.c_str());

    std::printf("\n%d missing, %d warning(s)\n", c.problems, c.warnings);
    return c.problems == 0 ? kExitOk : kExitFailure;
}

}  // namespace riverdelta::cli
