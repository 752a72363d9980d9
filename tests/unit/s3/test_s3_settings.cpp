#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <map>

#include "engine/lake/storage/lake_location.h"
#include "engine/s3/s3_client.h"
#include "engine/s3/s3_error.h"
#include "engine/s3/s3_settings.h"
#include "engine/s3/s3_url.h"

using namespace riverdelta;

namespace {

s3::SettingsEnvironment environment(std::map<std::string, std::string> vars,
                                    const std::filesystem::path& home = {}) {
    s3::SettingsEnvironment e;
    e.variable = [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
        const auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
    e.home = home;
    return e;
}

void writeFile(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

}  // namespace

class S3SettingsTest : public QObject {
    Q_OBJECT
  private slots:
    void parsesS3Urls() {
        const auto u = s3::parseS3Url("s3://lake/rd/");
        QCOMPARE(u.bucket, std::string("lake"));
        QCOMPARE(u.prefix, std::string("rd"));
        QCOMPARE(u.child("clickstream").toString(), std::string("s3://lake/rd/clickstream"));
        QCOMPARE(u.child("clickstream").keyPrefix(), std::string("rd/clickstream/"));
        QCOMPARE(s3::parseS3Url("S3://my-bucket").keyPrefix(), std::string());
        QCOMPARE(s3::parseS3Url("s3://b.c-d//a//b").prefix, std::string("a/b"));
        for (const char* bad : {"s3://", "s3:///x", "s3://Upper/x", "s3://ab/x", "s3://b_c/x",
                                "s3://bucket/../x", "s3://-bucket/x"}) {
            try {
                (void)s3::parseS3Url(bad);
                QFAIL(bad);
            } catch (const s3::S3Error& e) {
                QCOMPARE(e.kind(), s3::S3ErrorKind::InvalidSettings);
                QVERIFY2(
                    std::string(e.what()).find("expected s3://BUCKET/PREFIX") != std::string::npos,
                    e.what());
            }
        }
    }

    // An s3:// location is never a folder, whatever the caller does with it.
    void lakeLocationsParseInOnePlace() {
        const auto s3 = lake::storage::LakeLocation::parse("s3://lake/rd");
        QVERIFY(s3.isS3());
        QCOMPARE(s3.child("bookings").toString(), std::string("s3://lake/rd/bookings"));
        const auto local = lake::storage::LakeLocation::parse("/data/lake");
        QVERIFY(!local.isS3());
        QCOMPARE(local.child("bookings").toString(), std::string("/data/lake/bookings"));
        QVERIFY(lake::storage::LakeLocation::parse("s3:/lake/rd").folder() ==
                std::filesystem::path("s3:/lake/rd"));  // not a URL: a relative folder
    }

    void profileValuesComeFirst() {
        s3::S3Settings given;
        given.endpoint = "https://acct.r2.cloudflarestorage.com/";
        given.region = "auto";
        given.accessKeyId = "KEY";
        given.secretAccessKey = "SECRET";
        const auto s = s3::resolveS3Settings(
            given, environment({{"AWS_ACCESS_KEY_ID", "ENVKEY"}, {"AWS_REGION", "eu-west-1"}}));
        QCOMPARE(s.endpoint, std::string("https://acct.r2.cloudflarestorage.com"));
        QCOMPARE(s.region, std::string("auto"));
        QCOMPARE(s.accessKeyId, std::string("KEY"));
        QVERIFY(!s.pathStyle());  // a host name: virtual-hosted
    }

    void environmentThenAwsFiles() {
        const auto env = s3::resolveS3Settings(
            {}, environment({{"AWS_ACCESS_KEY_ID", "AK"},
                             {"AWS_SECRET_ACCESS_KEY", "SK"},
                             {"AWS_SESSION_TOKEN", "TOK"},
                             {"AWS_REGION", "eu-central-1"},
                             {"AWS_ENDPOINT_URL", "http://other:1"},
                             {"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:8333"}}));
        QCOMPARE(env.accessKeyId, std::string("AK"));
        QCOMPARE(env.secretAccessKey, std::string("SK"));
        QCOMPARE(env.sessionToken, std::string("TOK"));
        QCOMPARE(env.region, std::string("eu-central-1"));
        QCOMPARE(env.endpoint, std::string("http://127.0.0.1:8333"));  // the S3-specific one
        QVERIFY(env.pathStyle());                                      // an IP address

        QTemporaryDir home;
        const std::filesystem::path h = home.path().toStdString();
        writeFile(h / ".aws" / "credentials",
                  "[default]\naws_access_key_id = DEF\naws_secret_access_key = DEFSECRET\n"
                  "[work]\naws_access_key_id = WORK\naws_secret_access_key = WORKSECRET\n"
                  "aws_session_token = WORKTOKEN\n");
        writeFile(h / ".aws" / "config",
                  "[default]\nregion = us-west-2\n[profile work]\nregion = ap-south-1\n"
                  "endpoint_url = http://localhost:9000\ns3 =\n  addressing_style = path\n");
        const auto def = s3::resolveS3Settings({}, environment({}, h));
        QCOMPARE(def.accessKeyId, std::string("DEF"));
        QCOMPARE(def.region, std::string("us-west-2"));
        QCOMPARE(def.endpoint, std::string("https://s3.us-west-2.amazonaws.com"));
        QVERIFY(!def.pathStyle());
        const auto work = s3::resolveS3Settings({}, environment({{"AWS_PROFILE", "work"}}, h));
        QCOMPARE(work.accessKeyId, std::string("WORK"));
        QCOMPARE(work.sessionToken, std::string("WORKTOKEN"));
        QCOMPARE(work.region, std::string("ap-south-1"));
        QCOMPARE(work.endpoint, std::string("http://localhost:9000"));
        QVERIFY(work.pathStyle());  // localhost
        QVERIFY(work.credentialsSource.find("work") != std::string::npos);
        QVERIFY(work.describe().find("WORKSECRET") == std::string::npos);
    }

    void defaultsAndBadEndpoints() {
        const auto s = s3::resolveS3Settings({}, environment({}));
        QCOMPARE(s.region, std::string("us-east-1"));
        QCOMPARE(s.endpoint, std::string("https://s3.us-east-1.amazonaws.com"));
        QVERIFY(s.accessKeyId.empty());
        try {
            s3::S3Client client(s);
            QFAIL("a client without credentials");
        } catch (const s3::S3Error& e) {
            QVERIFY2(std::string(e.what()).find("AWS_ACCESS_KEY_ID") != std::string::npos,
                     e.what());
        }
        s3::S3Settings bad;
        bad.endpoint = "ftp://host";
        QVERIFY_THROWS_EXCEPTION(s3::S3Error, s3::resolveS3Settings(bad, environment({})));
        bad.endpoint = "http://user:pw@host";
        try {
            (void)s3::resolveS3Settings(bad, environment({}));
            QFAIL("credentials in the endpoint");
        } catch (const s3::S3Error& e) {
            QVERIFY(std::string(e.what()).find("pw") == std::string::npos);
        }
        s3::S3Settings v6;
        v6.endpoint = "http://[::1]:9000";
        QVERIFY(s3::resolveS3Settings(v6, environment({})).pathStyle());
        QCOMPARE(s3::endpointHost("http://[::1]:9000/x"), std::string("::1"));
    }

    void xmlValues() {
        const std::string xml =
            "<Error><Code>AccessDenied</Code><Message>a &amp; b &lt;c&gt; &#233;</Message></Error>";
        QCOMPARE(s3::xmlValue(xml, "Code"), std::string("AccessDenied"));
        QCOMPARE(s3::xmlValue(xml, "Message"), std::string("a & b <c> \xC3\xA9"));
        QCOMPARE(s3::xmlValue(xml, "Missing"), std::string());
    }
};

QTEST_GUILESS_MAIN(S3SettingsTest)
#include "test_s3_settings.moc"
