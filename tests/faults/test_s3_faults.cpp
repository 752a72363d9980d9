// S3 faults without touching the shared server: a data file's multipart upload, whose parts go
// up in the background while the writer fills the next, reaches the test services' SeaweedFS
// through a TCP relay (tests/integration/python/tcp_relay.py) that the test kills mid-file, as
// a server or network gone away. The file then fails at its next write or at commit, in one
// line naming the endpoint and never the secret; nothing appears under its name; and the
// server, reached directly, takes a new file whole.
#include <QProcess>
#include <QtTest>

#include "engine/lake/storage/s3_object_store.h"
#include "engine/s3/s3_client.h"
#include "integration/lake/s3_test_env.h"

using namespace riverdelta;
using lake::storage::S3ObjectStore;

namespace {

std::unique_ptr<S3ObjectStore> openStore(const s3::S3Settings& settings, const std::string& url) {
    auto client = std::make_shared<s3::S3Client>(s3::resolveS3Settings(settings, {}),
                                                 s3::RetryPolicy{.attempts = 2});
    return std::make_unique<S3ObjectStore>(std::move(client), s3::parseS3Url(url), 5u << 20);
}

}  // namespace

class S3FaultsTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { RD_REQUIRE_S3(); }

    void aConnectionCutMidUploadFailsTheFile() {
        RD_REQUIRE_PYTHON();
        QProcess relay;
        auto viaRelay = tests::testS3Settings();
        viaRelay.endpoint = tests::startEndpointScript(relay, QStringLiteral("tcp_relay.py"));
        QVERIFY(!viaRelay.endpoint.empty());
        const std::string url = tests::freshS3Url("part-fault");
        auto store = openStore(viaRelay, url);
        const std::string part = tests::randomBytes(5u << 20, 3);
        std::string failure;
        {
            auto file = store->createNewFile("part-0.parquet");
            file->write(part);  // part 1 goes up in the background
            relay.kill();
            QVERIFY(relay.waitForFinished());
            // Part 1 made it or fails; then part 2 fails in the background: either way the file
            // fails here, before anything is visible. No tail: commit() itself only completes
            // the upload (a POST), so a PUT in the failure is a part's, surfaced from the
            // background.
            try {
                file->write(part);
                file->commit();
            } catch (const lake::storage::StorageError& e) {
                failure = e.what();
            }
        }  // its abort fails too, and is not thrown from the destructor
        QVERIFY2(!failure.empty(), "the file committed through a relay that was gone");
        QVERIFY2(failure.find("(PUT ") != std::string::npos, failure.c_str());
        QVERIFY2(failure.find('\n') == std::string::npos, failure.c_str());
        QVERIFY2(failure.find(viaRelay.endpoint) != std::string::npos, failure.c_str());
        QVERIFY2(failure.find(viaRelay.secretAccessKey) == std::string::npos, failure.c_str());

        auto direct = openStore(tests::testS3Settings(), url);
        QVERIFY(!direct->read("part-0.parquet"));
        auto again = direct->createNewFile("part-1.parquet");
        again->write(part);
        again->write(part);
        again->write("tail");
        again->commit();
        QVERIFY(direct->read("part-1.parquet") == part + part + "tail");
    }
};

QTEST_GUILESS_MAIN(S3FaultsTest)
#include "test_s3_faults.moc"
