#include <QCoreApplication>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli/commands.h"
#include "app/secrets/keychain_secret_store.h"
#include "engine/core/command_line.h"
#include "engine/kafka/client_config.h"
#include "engine/profiles/profile_connections.h"
#include "engine/profiles/profile_store.h"
#include "engine/s3/s3_settings.h"
#include "engine/s3/s3_url.h"

namespace riverdelta::cli {

namespace {

using profiles::Profile;
using profiles::ProfileKind;

constexpr const char* kUsage =
    "Usage: riverdelta-cli profile list\n"
    "       riverdelta-cli profile add NAME --kind KIND [OPTIONS]\n"
    "       riverdelta-cli profile remove NAME\n"
    "       riverdelta-cli profile test NAME [--timeout SECONDS] [--lake s3://BUCKET/PREFIX]\n"
    "\n"
    "Connection profiles: where Riverdelta writes when not on the local sandbox. Profiles live\n"
    "in %s/profiles.json; their secrets in the system keychain, or, when\n"
    "none is available, in profiles.secrets.json there (mode 0600, with a warning).\n"
    "\n"
    "Kinds: kafka, confluent-cloud, schema-registry, postgres, s3 (sandbox is built in).\n"
    "\n"
    "Options of add:\n"
    "  --kind KIND              the profile's kind (confluent-cloud when --properties is given)\n"
    "  --bootstrap HOST:PORT    Kafka bootstrap servers\n"
    "  --api-key KEY            Confluent Cloud API key (or Schema Registry key for that kind)\n"
    "  --secret-stdin           read secrets from standard input, one per line, so they stay\n"
    "                           out of the shell history: first the API secret (confluent-cloud),\n"
    "                           registry secret (schema-registry), password (postgres) or\n"
    "                           sasl.password (kafka); then, optionally, the Schema Registry\n"
    "                           secret of a Kafka or Confluent Cloud profile\n"
    "  --api-secret SECRET      the same on the command line (visible in the history)\n"
    "  --properties FILE        import a client.properties file (Confluent Cloud's or any Java\n"
    "                           or librdkafka one), Schema Registry settings included\n"
    "  --property KEY=VALUE     a librdkafka property (repeatable)\n"
    "  --registry-url URL       a Schema Registry (Confluent-compatible REST API)\n"
    "  --registry-key KEY       its API key (basic auth user)\n"
    "  --conninfo CONNINFO      PostgreSQL key=value string or postgresql:// URI (a password in\n"
    "                           it goes to the secret store)\n"
    "  --host H --port P --user U --dbname D --sslmode M   PostgreSQL fields instead\n"
    "  --endpoint URL           s3: any S3-compatible endpoint (default: AWS for the region)\n"
    "  --region REGION          s3: the signing region (default: AWS_REGION, ~/.aws/config,\n"
    "                           us-east-1)\n"
    "  --path-style             s3: path-style addressing (always for IP or localhost)\n"
    "  --access-key ID          s3: access key id; the secret access key comes from\n"
    "                           --secret-stdin (then, optionally, a session token). Without\n"
    "                           them the environment and ~/.aws are used, as AWS tools do\n"
    "  --lake s3://BUCKET/PREFIX  s3: where Enable sync proposes tables and test probes\n"
    "  --replace                overwrite a profile of the same name\n"
    "Common options:\n"
    "  --config-dir DIR         where profiles live (default above)\n"
    "  --timeout SECONDS        test: how long to wait for each service (default 15)\n";

void printUsage(std::FILE* out) {
    std::fprintf(out, kUsage, profiles::ProfileStore::defaultDirectory().string().c_str());
}

// QtKeychain's jobs need an event loop: one application object for this command.
QCoreApplication& qtApplication() {
    static int argc = 1;
    static char name[] = "riverdelta-cli";
    static char* argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    return app;
}

std::vector<std::string> stdinSecrets() {
    std::vector<std::string> out;
    for (std::string line; std::getline(std::cin, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        out.push_back(line);
    }
    return out;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw profiles::ProfileError("cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string details(const Profile& p) {
    std::string out;
    auto add = [&](const std::string& s) { out += (out.empty() ? "" : "; ") + s; };
    if (!p.apiKey.empty()) add("api key " + p.apiKey);
    if (p.kind != ProfileKind::SchemaRegistry && !p.registryUrl.empty())
        add("schema registry " + p.registryUrl);
    if (p.kind == ProfileKind::SchemaRegistry && !p.registryKey.empty())
        add("key " + p.registryKey);
    if (!p.kafkaProperties.empty())
        add(std::to_string(p.kafkaProperties.size()) + " librdkafka properties");
    add(std::to_string(p.secretSlots.size()) +
        (p.secretSlots.size() == 1 ? " secret stored" : " secrets stored"));
    return out;
}

int list(const core::CommandLine& cl, const std::filesystem::path& dir) {
    if (!cl.positionals().empty() && cl.positionals().size() != 1) {
        printUsage(stderr);
        return kExitUsage;
    }
    profiles::MemorySecretStore none;  // listing never touches secrets
    profiles::ProfileStore store(dir / profiles::ProfileStore::kProfilesFile, none);
    std::printf("%-20s %-16s %-40s %s\n", "NAME", "KIND", "ENDPOINT", "DETAILS");
    std::printf("%-20s %-16s %-40s %s\n", "sandbox", "sandbox",
                "embedded Kafka + private PostgreSQL", "built in, the default");
    for (const auto& p : store.list())
        std::printf("%-20s %-16s %-40s %s\n", p.name.c_str(), toString(p.kind),
                    p.endpoint().c_str(), details(p).c_str());
    return kExitOk;
}

int add(const core::CommandLine& cl, const std::filesystem::path& dir) {
    if (cl.positionals().size() != 2) {
        std::fprintf(stderr, "riverdelta-cli profile add: give exactly one NAME\n\n");
        printUsage(stderr);
        return kExitUsage;
    }
    const std::string name = cl.positionals()[1];
    profiles::validateProfileName(name);
    const auto kindText = cl.value("--kind");
    std::optional<ProfileKind> kind;
    if (kindText) {
        kind = profiles::parseProfileKind(*kindText);
        if (!kind || *kind == ProfileKind::LocalSandbox) {
            std::fprintf(stderr,
                         "riverdelta-cli profile add: --kind must be kafka, confluent-cloud, "
                         "schema-registry, postgres or s3\n");
            return kExitUsage;
        }
    } else if (cl.value("--properties")) {
        kind = ProfileKind::ConfluentCloud;
    } else {
        std::fprintf(stderr, "riverdelta-cli profile add: --kind is required\n");
        return kExitUsage;
    }

    std::vector<std::string> fromStdin;
    if (cl.flag("--secret-stdin")) fromStdin = stdinSecrets();
    auto secretArg = [&](std::size_t index, const char* option) -> std::optional<std::string> {
        if (index < fromStdin.size() && !fromStdin[index].empty()) return fromStdin[index];
        if (option) return cl.value(option);
        return std::nullopt;
    };

    Profile p;
    profiles::Secrets secrets;
    std::vector<std::string> warnings, notes;
    if (auto file = cl.value("--properties")) {
        if (*kind != ProfileKind::ConfluentCloud && *kind != ProfileKind::Kafka) {
            std::fprintf(stderr,
                         "riverdelta-cli profile add: --properties is for kafka and "
                         "confluent-cloud profiles\n");
            return kExitUsage;
        }
        auto imported = profiles::importClientProperties(name, *kind, readFile(*file));
        p = std::move(imported.profile);
        secrets = std::move(imported.secrets);
        warnings = std::move(imported.warnings);
        notes = std::move(imported.notes);
    }
    p.name = name;
    p.kind = *kind;
    if (auto v = cl.value("--bootstrap")) p.bootstrap = *v;
    if (auto v = cl.value("--registry-url")) p.registryUrl = *v;
    if (auto v = cl.value("--registry-key")) p.registryKey = *v;
    for (const auto& kv : cl.values("--property")) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::fprintf(stderr, "riverdelta-cli profile add: --property wants KEY=VALUE\n");
            return kExitUsage;
        }
        const std::string key = kv.substr(0, eq), value = kv.substr(eq + 1);
        if (kafka::ClientConfig::isSecret(key))
            secrets[profiles::slot::kafkaProperty(key)] = value;
        else
            p.kafkaProperties.emplace_back(key, value);
    }

    switch (*kind) {
        case ProfileKind::ConfluentCloud:
            if (auto v = cl.value("--api-key")) p.apiKey = *v;
            if (auto s = secretArg(0, "--api-secret")) secrets[profiles::slot::kApiSecret] = *s;
            if (p.bootstrap.empty() || p.apiKey.empty() ||
                !secrets.count(profiles::slot::kApiSecret)) {
                std::fprintf(stderr,
                             "riverdelta-cli profile add: a confluent-cloud profile needs "
                             "--bootstrap, --api-key and the API secret (--secret-stdin), or "
                             "--properties client.properties\n");
                return kExitUsage;
            }
            if (auto s = secretArg(1, nullptr)) secrets[profiles::slot::kRegistrySecret] = *s;
            break;
        case ProfileKind::Kafka:
            if (p.bootstrap.empty()) {
                std::fprintf(stderr,
                             "riverdelta-cli profile add: a kafka profile needs --bootstrap\n");
                return kExitUsage;
            }
            if (auto s = secretArg(0, "--api-secret"))
                secrets[profiles::slot::kafkaProperty("sasl.password")] = *s;
            if (auto v = cl.value("--api-key")) p.kafkaProperties.emplace_back("sasl.username", *v);
            if (auto s = secretArg(1, nullptr)) secrets[profiles::slot::kRegistrySecret] = *s;
            break;
        case ProfileKind::SchemaRegistry:
            if (auto v = cl.value("--api-key"); v && p.registryKey.empty()) p.registryKey = *v;
            if (auto s = secretArg(0, "--api-secret"))
                secrets[profiles::slot::kRegistrySecret] = *s;
            if (p.registryUrl.empty()) {
                std::fprintf(stderr,
                             "riverdelta-cli profile add: a schema-registry profile needs "
                             "--registry-url\n");
                return kExitUsage;
            }
            break;
        case ProfileKind::PostgreSQL: {
            std::string conninfo = cl.value("--conninfo").value_or("");
            for (const char* field : {"host", "port", "user", "dbname", "sslmode"})
                if (auto v = cl.value(std::string("--") + field)) {
                    std::string quoted;
                    for (char c : *v)
                        quoted +=
                            (c == '\'' || c == '\\') ? std::string("\\") + c : std::string(1, c);
                    conninfo +=
                        std::string(conninfo.empty() ? "" : " ") + field + "='" + quoted + "'";
                }
            if (conninfo.empty()) {
                std::fprintf(stderr,
                             "riverdelta-cli profile add: a postgres profile needs "
                             "--conninfo or --host/--port/--user/--dbname\n");
                return kExitUsage;
            }
            auto parts = profiles::splitConninfoPassword(conninfo);
            p.conninfo = parts.conninfo;
            if (parts.password) secrets[profiles::slot::kPostgresPassword] = *parts.password;
            if (auto s = secretArg(0, "--api-secret"))
                secrets[profiles::slot::kPostgresPassword] = *s;
            break;
        }
        case ProfileKind::S3:
            p.s3Endpoint = cl.value("--endpoint").value_or("");
            p.s3Region = cl.value("--region").value_or("");
            p.s3PathStyle = cl.flag("--path-style");
            p.s3AccessKey = cl.value("--access-key").value_or("");
            p.s3Lake = cl.value("--lake").value_or("");
            if (!p.s3Lake.empty()) (void)s3::parseS3Url(p.s3Lake);  // throws what is wrong
            if (auto s = secretArg(0, "--api-secret")) secrets[profiles::slot::kS3SecretKey] = *s;
            if (auto s = secretArg(1, nullptr)) secrets[profiles::slot::kS3SessionToken] = *s;
            if (p.s3AccessKey.empty() != !secrets.count(profiles::slot::kS3SecretKey)) {
                std::fprintf(stderr,
                             "riverdelta-cli profile add: an s3 profile takes --access-key and "
                             "the secret access key (--secret-stdin) together, or neither (then "
                             "the environment and ~/.aws provide them)\n");
                return kExitUsage;
            }
            if (!p.s3Endpoint.empty()) {
                s3::S3Settings check;
                check.endpoint = p.s3Endpoint;
                check.region = p.s3Region.empty() ? "us-east-1" : p.s3Region;
                (void)s3::resolveS3Settings(check, {});  // throws for a malformed endpoint
            }
            break;
        case ProfileKind::LocalSandbox:
            break;
    }

    qtApplication();
    auto choice = secrets::openSecretStore(dir);
    if (!choice.warning.empty() && !secrets.empty())
        std::fprintf(stderr, "warning: %s\n", choice.warning.c_str());
    profiles::ProfileStore store(dir / profiles::ProfileStore::kProfilesFile, *choice.store);
    store.save(p, secrets, cl.flag("--replace"));
    for (const auto& w : warnings)
        std::fprintf(stderr, "warning: %s\n", w.c_str());
    for (const auto& n : notes)
        std::fprintf(stderr, "note: %s\n", n.c_str());
    std::printf("Saved profile '%s' (%s, %s)", name.c_str(), toString(p.kind),
                p.endpoint().c_str());
    if (!secrets.empty())
        std::printf("; %zu %s in %s", secrets.size(), secrets.size() == 1 ? "secret" : "secrets",
                    choice.store->description().c_str());
    std::printf("\n");
    return kExitOk;
}

int remove(const core::CommandLine& cl, const std::filesystem::path& dir) {
    if (cl.positionals().size() != 2) {
        printUsage(stderr);
        return kExitUsage;
    }
    const std::string name = cl.positionals()[1];
    qtApplication();
    auto choice = secrets::openSecretStore(dir);
    profiles::ProfileStore store(dir / profiles::ProfileStore::kProfilesFile, *choice.store);
    if (!store.remove(name)) {
        std::fprintf(stderr, "riverdelta-cli profile remove: no profile named '%s'\n",
                     name.c_str());
        return kExitFailure;
    }
    std::printf("Removed profile '%s' and its secrets\n", name.c_str());
    return kExitOk;
}

int test(const core::CommandLine& cl, const std::filesystem::path& dir) {
    if (cl.positionals().size() != 2) {
        printUsage(stderr);
        return kExitUsage;
    }
    const std::string name = cl.positionals()[1];
    int seconds = 15;
    if (auto t = cl.value("--timeout")) {
        try {
            seconds = std::stoi(*t);
        } catch (const std::exception&) {
            seconds = 0;
        }
        if (seconds <= 0) {
            std::fprintf(stderr,
                         "riverdelta-cli profile test: --timeout wants a positive number\n");
            return kExitUsage;
        }
    }
    Profile p;
    profiles::Secrets secrets;
    if (name == "sandbox") {
        p.name = "sandbox";
    } else {
        qtApplication();
        auto choice = secrets::openSecretStore(dir);
        profiles::ProfileStore store(dir / profiles::ProfileStore::kProfilesFile, *choice.store);
        auto found = store.find(name);
        if (!found) {
            std::fprintf(stderr, "riverdelta-cli profile test: no profile named '%s'\n",
                         name.c_str());
            return kExitFailure;
        }
        p = *found;
        secrets = store.secretsOf(p);
    }
    std::printf("Testing profile '%s' (%s)...\n", p.name.c_str(), toString(p.kind));
    std::fflush(stdout);
    const auto result = profiles::testProfile(p, secrets, std::chrono::seconds(seconds),
                                              cl.value("--lake").value_or(""));
    for (const auto& c : result.checks)
        std::printf("  %-16s %-7s %s\n", (c.what + ":").c_str(), c.ok ? "ok" : "FAILED",
                    c.message.c_str());
    return result.ok() ? kExitOk : kExitFailure;
}

}  // namespace

int runProfile(Args args) {
    core::CommandLine cl(
        args,
        {.valueOptions = {"--kind", "--bootstrap", "--api-key", "--api-secret", "--properties",
                          "--registry-url", "--registry-key", "--conninfo", "--host", "--port",
                          "--user", "--dbname", "--sslmode", "--config-dir", "--timeout",
                          "--endpoint", "--region", "--access-key", "--lake"},
         .flagOptions = {"--help", "--secret-stdin", "--replace", "--path-style"},
         .repeatableOptions = {"--property"}});
    if (cl.flag("--help")) {
        printUsage(stdout);
        return kExitOk;
    }
    if (!cl.ok() || cl.positionals().empty()) {
        printUsage(stderr);
        if (!cl.ok()) std::fprintf(stderr, "\nerror: %s\n", cl.error().c_str());
        return kExitUsage;
    }
    const std::filesystem::path dir =
        cl.value("--config-dir").value_or(profiles::ProfileStore::defaultDirectory().string());
    const std::string& action = cl.positionals()[0];
    if (action == "list") return list(cl, dir);
    if (action == "add") return add(cl, dir);
    if (action == "remove") return remove(cl, dir);
    if (action == "test") return test(cl, dir);
    std::fprintf(stderr, "riverdelta-cli profile: unknown action '%s'\n\n", action.c_str());
    printUsage(stderr);
    return kExitUsage;
}

}  // namespace riverdelta::cli
