#include <sys/stat.h>

#include <QtTest>
#include <fstream>
#include <sstream>

#include "engine/profiles/profile_connections.h"
#include "engine/profiles/profile_store.h"
#include "engine/profiles/secret_store.h"
#include "support/enum_name.h"

using namespace riverdelta;
using profiles::Profile;
using profiles::ProfileKind;

namespace {

std::string slurp(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

unsigned mode(const std::filesystem::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
}

const char* kClientProperties =
    "bootstrap.servers=pkc-abc12.europe-west3.gcp.confluent.cloud:9092\n"
    "security.protocol=SASL_SSL\n"
    "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
    "username='CLUSTERKEY123' password='cluster-secret-value';\n"
    "sasl.mechanism=PLAIN\n"
    "client.dns.lookup=use_all_dns_ips\n"
    "session.timeout.ms=45000\n"
    "acks=all\n"
    "schema.registry.url=https://psrc-xyz.europe-west3.gcp.confluent.cloud\n"
    "basic.auth.credentials.source=USER_INFO\n"
    "basic.auth.user.info=SRKEY456:registry-secret-value\n";

}  // namespace

class ProfilesTest : public QObject {
    Q_OBJECT
  private slots:
    void fileSecretStoreIsPrivate() {
        QTemporaryDir dir;
        const auto file = std::filesystem::path(dir.path().toStdString()) / "cfg" / "s.json";
        const mode_t old = ::umask(0);  // even a careless umask must not widen the file
        profiles::FileSecretStore store(file);
        store.write("profile/a/x", "one");
        store.write("profile/a/y", "two");
        ::umask(old);
        QCOMPARE(mode(file), 0600u);
        QCOMPARE(mode(file.parent_path()), 0700u);
        QCOMPARE(store.read("profile/a/x").value(), std::string("one"));
        store.remove("profile/a/x");
        QVERIFY(!store.read("profile/a/x"));
        QCOMPARE(store.read("profile/a/y").value(), std::string("two"));
        QVERIFY(store.plainTextOnDisk());
        QVERIFY(store.description().find("0600") != std::string::npos);
    }

    void storeRoundTripKeepsSecretsOutOfTheProfileFile() {
        QTemporaryDir dir;
        const std::filesystem::path base = dir.path().toStdString();
        profiles::FileSecretStore secrets(base / "profiles.secrets.json");
        profiles::ProfileStore store(base / "profiles.json", secrets);
        auto imported = profiles::importClientProperties("workshop", ProfileKind::ConfluentCloud,
                                                         kClientProperties);
        store.save(imported.profile, imported.secrets);
        QCOMPARE(mode(base / "profiles.json"), 0600u);

        const std::string onDisk = slurp(base / "profiles.json");
        QVERIFY(onDisk.find("cluster-secret-value") == std::string::npos);
        QVERIFY(onDisk.find("registry-secret-value") == std::string::npos);
        QVERIFY(onDisk.find("CLUSTERKEY123") != std::string::npos);

        auto p = store.find("workshop");
        QVERIFY(p);
        QCOMPARE(testing::nameOf(p->kind), testing::nameOf(ProfileKind::ConfluentCloud));
        QCOMPARE(p->bootstrap, std::string("pkc-abc12.europe-west3.gcp.confluent.cloud:9092"));
        QCOMPARE(p->apiKey, std::string("CLUSTERKEY123"));
        QCOMPARE(p->registryUrl, std::string("https://psrc-xyz.europe-west3.gcp.confluent.cloud"));
        QCOMPARE(p->registryKey, std::string("SRKEY456"));
        QCOMPARE(p->secretSlots.size(), std::size_t(2));
        const auto s = store.secretsOf(*p);
        QCOMPARE(s.at(profiles::slot::kApiSecret), std::string("cluster-secret-value"));
        QCOMPARE(s.at(profiles::slot::kRegistrySecret), std::string("registry-secret-value"));

        // What a runner gets: SASL_SSL/PLAIN with the key and secret, the extra properties.
        const auto kafka = profiles::kafkaConfig(*p, s);
        QCOMPARE(kafka.name, std::string("profile 'workshop'"));
        QCOMPARE(*kafka.find("security.protocol"), std::string("SASL_SSL"));
        QCOMPARE(*kafka.find("sasl.mechanisms"), std::string("PLAIN"));
        QCOMPARE(*kafka.find("sasl.username"), std::string("CLUSTERKEY123"));
        QCOMPARE(*kafka.find("sasl.password"), std::string("cluster-secret-value"));
        QCOMPARE(*kafka.find("acks"), std::string("all"));
        QCOMPARE(*kafka.find("session.timeout.ms"), std::string("45000"));
        QVERIFY(kafka.build());
        const auto registry = profiles::registryConfig(*p, s);
        QCOMPARE(registry.username, std::string("SRKEY456"));
        QCOMPARE(registry.password, std::string("registry-secret-value"));

        // Names are unique unless replacing; replacing drops secrets that are gone.
        try {
            store.save(imported.profile, imported.secrets);
            QFAIL("expected a duplicate-name error");
        } catch (const profiles::ProfileError& e) {
            QVERIFY(std::string(e.what()).find("exists already") != std::string::npos);
        }
        Profile plain = *p;
        plain.registryUrl.clear();
        plain.registryKey.clear();
        store.save(plain, {{profiles::slot::kApiSecret, "rotated-secret"}}, true);
        QVERIFY(!secrets.read(
            profiles::ProfileStore::secretKey("workshop", profiles::slot::kRegistrySecret)));
        QCOMPARE(store.secretsOf(*store.find("workshop")).at(profiles::slot::kApiSecret),
                 std::string("rotated-secret"));

        QVERIFY(store.remove("workshop"));
        QVERIFY(!store.remove("workshop"));
        QVERIFY(store.list().empty());
        QVERIFY(slurp(base / "profiles.secrets.json").find("rotated-secret") == std::string::npos);
    }

    // The console's choice of profiles as an engine connection, and each way it can be wrong.
    void choiceResolvesToAConnection() {
        QTemporaryDir dir;
        profiles::MemorySecretStore secrets;
        profiles::ProfileStore store(
            std::filesystem::path(dir.path().toStdString()) / "profiles.json", secrets);
        auto cloud = profiles::importClientProperties("cloud", ProfileKind::ConfluentCloud,
                                                      kClientProperties);
        store.save(cloud.profile, cloud.secrets);
        store.save(Profile{.name = "db",
                           .kind = ProfileKind::PostgreSQL,
                           .conninfo = "host=db.example port=5432 dbname=shop user=app"},
                   {{profiles::slot::kPostgresPassword, "db-secret"}});
        store.save(Profile{.name = "plain", .kind = ProfileKind::Kafka, .bootstrap = "k:9092"}, {});

        const ServiceConnections c = profiles::resolveConnection(store, {"cloud", "db", "cloud"});
        QCOMPARE(c.kafka->profile, std::string("cloud"));
        QCOMPARE(*c.kafka->config.find("sasl.password"), std::string("cluster-secret-value"));
        QCOMPARE(c.postgres->profile, std::string("db"));
        QVERIFY(c.postgres->conninfo.find("password=db-secret") != std::string::npos);
        QCOMPARE(c.registry->config.password, std::string("registry-secret-value"));
        QCOMPARE(c.describe(), std::string("Kafka profile 'cloud' · PostgreSQL profile 'db'"));
        QCOMPARE(profiles::resolveConnection(store, {}).describe(), std::string("Local sandbox"));
        QVERIFY(!profiles::resolveConnection(store, {"plain", "", ""}).registry);

        auto fails = [&](const profiles::ProfileChoice& choice, const std::string& needle) {
            try {
                profiles::resolveConnection(store, choice);
            } catch (const profiles::ProfileError& e) {
                return std::string(e.what()).find(needle) != std::string::npos;
            }
            return false;
        };
        QVERIFY(fails({"gone", "", ""}, "there is no profile named 'gone'"));
        QVERIFY(fails({"db", "", ""}, "is not a Kafka or Confluent Cloud profile"));
        QVERIFY(fails({"", "cloud", ""}, "is not a PostgreSQL profile"));
        QVERIFY(fails({"plain", "", "plain"}, "profile 'plain' has no Schema Registry"));
        secrets.remove(profiles::ProfileStore::secretKey("db", profiles::slot::kPostgresPassword));
        QVERIFY(fails({"", "db", ""}, profiles::slot::kPostgresPassword));
    }

    void namesAreChecked() {
        QVERIFY_THROWS_EXCEPTION(profiles::ProfileError, profiles::validateProfileName(""));
        QVERIFY_THROWS_EXCEPTION(profiles::ProfileError, profiles::validateProfileName("sandbox"));
        QVERIFY_THROWS_EXCEPTION(profiles::ProfileError, profiles::validateProfileName("a b"));
        profiles::validateProfileName("cc-prod_1.eu");
    }

    void kafkaImportPutsSecretPropertiesInTheSecretStore() {
        auto imported = profiles::importClientProperties(
            "onprem", ProfileKind::Kafka,
            "bootstrap.servers=k1:9093\nsecurity.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
            "username=\"svc\" password=\"scram-secret\";\nssl.ca.location=/etc/ssl/ca.pem\n"
            "ssl.truststore.location=/etc/kafka/truststore.jks\n");
        const auto& p = imported.profile;
        QCOMPARE(p.bootstrap, std::string("k1:9093"));
        QCOMPARE(imported.secrets.at(profiles::slot::kafkaProperty("sasl.password")),
                 std::string("scram-secret"));
        for (const auto& [k, v] : p.kafkaProperties)
            QVERIFY2(v.find("scram-secret") == std::string::npos, k.c_str());
        QCOMPARE(imported.warnings.size(), std::size_t(1));  // the Java trust store
        QVERIFY_THROWS_EXCEPTION(profiles::ProfileError,
                                 profiles::importClientProperties("x", ProfileKind::ConfluentCloud,
                                                                  "bootstrap.servers=k:9092\n"));
    }

    void postgresPasswordsAreSplitOff() {
        auto kv = profiles::splitConninfoPassword(
            "host=db.example.com port=5433 user=app password='pa ss\\'word' dbname=shop");
        QCOMPARE(kv.password.value(), std::string("pa ss'word"));
        QVERIFY(kv.conninfo.find("password") == std::string::npos);
        QVERIFY(kv.conninfo.find("host=db.example.com") != std::string::npos);
        auto uri = profiles::splitConninfoPassword(
            "postgresql://app:p%40ss@db.example.com:5433/shop?sslmode=require");
        QCOMPARE(uri.password.value(), std::string("p@ss"));
        QVERIFY(uri.conninfo.find("sslmode=require") != std::string::npos);
        QVERIFY(uri.conninfo.find("p@ss") == std::string::npos);
        Profile p{.name = "pg", .kind = ProfileKind::PostgreSQL, .conninfo = uri.conninfo};
        const auto full =
            profiles::postgresConninfo(p, {{profiles::slot::kPostgresPassword, "a b'c"}});
        auto back = profiles::splitConninfoPassword(full);
        QCOMPARE(back.password.value(), std::string("a b'c"));
        QVERIFY_THROWS_EXCEPTION(profiles::ProfileError,
                                 profiles::splitConninfoPassword("host='unterminated"));
    }
};

QTEST_GUILESS_MAIN(ProfilesTest)
#include "test_profiles.moc"
