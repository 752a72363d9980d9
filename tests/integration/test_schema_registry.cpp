#include <QtTest>
#include <nlohmann/json.hpp>

#include "engine/core/process.h"
#include "engine/http/http_client.h"
#include "engine/registry/schema_registry.h"
#include "support/test_env.h"

using namespace riverdelta;
using registry::RegistryError;

namespace {

std::string customerSchema(const std::string& name, const std::string& idType = "string") {
    return nlohmann::json{
        {"type", "record"},
        {"name", name},
        {"namespace", "riverhotels"},
        {"fields",
         {{{"name", "customer_id"}, {"type", idType}},
          {{"name", "email"}, {"type", {"null", "string"}}, {"default", nullptr}}}}}
        .dump();
}

// The fake registry (tests/support/fake_registry.py) as a child process; killed on scope exit.
class FakeRegistry {
  public:
    FakeRegistry(const std::string& python, QStringList args) {
        args.prepend(RIVERDELTA_SOURCE_DIR "/tests/support/fake_registry.py");
        process_.start(QString::fromStdString(python), args);
        if (!process_.waitForStarted(10'000) || !process_.waitForReadyRead(20'000)) return;
        port_ = process_.readLine().trimmed().toInt();
    }
    ~FakeRegistry() {
        process_.kill();
        process_.waitForFinished(5000);
    }
    [[nodiscard]] int port() const { return port_; }

  private:
    QProcess process_;
    int port_ = 0;
};

}  // namespace

class SchemaRegistryTest : public QObject {
    Q_OBJECT
  private slots:
    void registerLookUpAndFetchOnApicurio() {
        RD_REQUIRE_ENV(url, "RIVERDELTA_TEST_SCHEMA_REGISTRY_URL");
        const auto subject = testing::uniqueName("customers") + "-value";
        const auto schema = customerSchema("Customer");
        registry::SchemaRegistryClient client({.url = url});
        QVERIFY(!client.lookupSchemaId(subject, schema));
        const int id = client.registerSchema(subject, schema);
        QVERIFY(id > 0);
        QCOMPARE(client.registerSchema(subject, schema), id);  // cached

        registry::SchemaRegistryClient fresh({.url = url + "/"});
        QCOMPARE(fresh.registerSchema(subject, schema), id);  // the server says the same
        QCOMPARE(fresh.lookupSchemaId(subject, schema), std::optional<int>(id));
        QCOMPARE(nlohmann::json::parse(fresh.schemaById(id)), nlohmann::json::parse(schema));
        const auto latest = fresh.latestVersion(subject);
        QCOMPARE(latest.id, id);
        QCOMPARE(latest.version, 1);
        const auto subjects = fresh.subjects();
        QVERIFY(std::find(subjects.begin(), subjects.end(), subject) != subjects.end());

        // The same schema under another subject keeps its id (ids name schema content).
        const auto other = testing::uniqueName("customers-copy") + "-value";
        QCOMPARE(fresh.registerSchema(other, schema), id);
    }

    void incompatibleAndInvalidSchemasAreNamed() {
        RD_REQUIRE_ENV(url, "RIVERDELTA_TEST_SCHEMA_REGISTRY_URL");
        const auto subject = testing::uniqueName("bookings") + "-value";
        registry::SchemaRegistryClient client({.url = url});
        client.registerSchema(subject, customerSchema("Booking"));
        http::Client raw;
        auto config = raw.send({.method = "PUT",
                                .url = url + "/config/" + subject,
                                .headers = {"Content-Type: application/json"},
                                .body = R"({"compatibility":"BACKWARD"})"});
        QCOMPARE(config.status, 200L);
        try {
            client.registerSchema(subject, customerSchema("Booking", "int"));
            QFAIL("expected a 409");
        } catch (const RegistryError& e) {
            QCOMPARE(e.kind(), RegistryError::Kind::Incompatible);
            QCOMPARE(e.httpStatus(), 409L);
            const std::string what = e.what();
            QVERIFY2(what.find(subject) != std::string::npos, e.what());
            QVERIFY2(what.find("incompatible") != std::string::npos, e.what());
        }
        try {
            client.registerSchema(subject + "-broken", R"({"type": "recordx"})");
            QFAIL("expected a 422");
        } catch (const RegistryError& e) {
            QCOMPARE(e.kind(), RegistryError::Kind::InvalidSchema);
            QCOMPARE(e.httpStatus(), 422L);
        }
        try {
            client.schemaById(987654321);
            QFAIL("expected a 404");
        } catch (const RegistryError& e) {
            QCOMPARE(e.kind(), RegistryError::Kind::NotFound);
        }
    }

    void unreachableRegistryFailsFast() {
        const std::string url =
            "http://127.0.0.1:" + std::to_string(core::freeLoopbackPort()) + "/apis/ccompat/v7";
        registry::SchemaRegistryClient client(
            {.url = url, .password = "never-shown", .timeout = std::chrono::seconds(5)});
        QElapsedTimer timer;
        timer.start();
        try {
            client.subjects();
            QFAIL("expected an error");
        } catch (const RegistryError& e) {
            QCOMPARE(e.kind(), RegistryError::Kind::Unreachable);
            const std::string what = e.what();
            QVERIFY2(what.find(url) != std::string::npos, e.what());
            QVERIFY(what.find("never-shown") == std::string::npos);
        }
        QVERIFY(timer.elapsed() < 5000);
    }

    void basicAuthIsSentAnd401NamesTheRegistryNotTheSecret() {
        RD_REQUIRE_ENV(python, "RIVERDELTA_TEST_PYTHON");
        FakeRegistry fake(python, {"sr-key", "sr-secret-value"});
        QVERIFY(fake.port() > 0);
        const std::string url = "http://127.0.0.1:" + std::to_string(fake.port());
        registry::SchemaRegistryClient good(
            {.url = url, .username = "sr-key", .password = "sr-secret-value"});
        QCOMPARE(good.subjects(), std::vector<std::string>{"fake-subject"});
        registry::SchemaRegistryClient bad(
            {.url = url, .username = "sr-key", .password = "wrong-secret-value"});
        try {
            bad.subjects();
            QFAIL("expected a 401");
        } catch (const RegistryError& e) {
            QCOMPARE(e.kind(), RegistryError::Kind::Unauthorized);
            const std::string what = e.what();
            QVERIFY2(what.find(url) != std::string::npos, e.what());
            QVERIFY2(what.find("API key and secret") != std::string::npos, e.what());
            QVERIFY(what.find("wrong-secret-value") == std::string::npos);
        }
        // Credentials written into the URL are never echoed either.
        registry::SchemaRegistryClient inUrl(
            {.url = "http://sr-key:url-secret@127.0.0.1:" + std::to_string(fake.port())});
        QVERIFY(inUrl.url().find("url-secret") == std::string::npos);
    }

    void httpsWithAPrivateCa() {
        RD_REQUIRE_ENV(python, "RIVERDELTA_TEST_PYTHON");
        QTemporaryDir dir;
        const std::string cert = dir.filePath("cert.pem").toStdString();
        const std::string key = dir.filePath("key.pem").toStdString();
        auto openssl =
            core::runProcess({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                              "1", "-keyout", key, "-out", cert, "-subj", "/CN=127.0.0.1",
                              "-addext", "subjectAltName=IP:127.0.0.1"});
        QVERIFY2(openssl.ok(), openssl.output.c_str());
        FakeRegistry fake(python,
                          {"k", "s", QString::fromStdString(cert), QString::fromStdString(key)});
        QVERIFY(fake.port() > 0);
        const std::string url = "https://127.0.0.1:" + std::to_string(fake.port());
        registry::SchemaRegistryClient untrusted({.url = url, .username = "k", .password = "s"});
        try {
            untrusted.subjects();
            QFAIL("expected a certificate error");
        } catch (const RegistryError& e) {
            QCOMPARE(e.kind(), RegistryError::Kind::Unreachable);
        }
        registry::SchemaRegistryClient trusted(
            {.url = url, .username = "k", .password = "s", .caFile = cert});
        QCOMPARE(trusted.subjects(), std::vector<std::string>{"fake-subject"});
    }
};

QTEST_GUILESS_MAIN(SchemaRegistryTest)
#include "test_schema_registry.moc"
