// S3ObjectStore and S3Client against the real SeaweedFS server of the test services: exclusive
// conditional creates under contention, multipart uploads, listings past one page, and failures
// that name the endpoint in one line without the secret; ranged reads and compaction that
// reads its inputs in pieces.
#include <QProcess>
#include <QtTest>
#include <atomic>
#include <barrier>
#include <random>
#include <thread>

#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/table_writer.h"
#include "engine/lake/maintenance/compactor.h"
#include "engine/lake/parquet/file_reader.h"
#include "engine/lake/storage/lake_location.h"
#include "engine/lake/storage/s3_object_store.h"
#include "engine/profiles/profile_connections.h"
#include "engine/s3/conditional_write_probe.h"
#include "engine/s3/s3_client.h"
#include "lake/python_check.h"
#include "lake/s3_test_env.h"

using namespace riverdelta;
using lake::storage::PutResult;
using lake::storage::S3ObjectStore;

namespace {

std::unique_ptr<S3ObjectStore> openStore(const std::string& url,
                                         std::size_t partSize = S3ObjectStore::kDefaultPartSize,
                                         s3::S3Settings settings = tests::testS3Settings()) {
    auto client = std::make_shared<s3::S3Client>(s3::resolveS3Settings(settings, {}),
                                                 s3::RetryPolicy{.attempts = 3});
    return std::make_unique<S3ObjectStore>(std::move(client), s3::parseS3Url(url), partSize);
}

// What a failing call says: one line, naming the endpoint, never the secret.
template <typename F>
std::string failureOf(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no failure)";
}

void verifyOneLine(const std::string& message, const std::string& endpoint,
                   const std::string& mustContain, const std::string& secret) {
    QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
    QVERIFY2(message.find(endpoint) != std::string::npos, message.c_str());
    QVERIFY2(message.find(mustContain) != std::string::npos, message.c_str());
    QVERIFY2(secret.empty() || message.find(secret) == std::string::npos, message.c_str());
}

}  // namespace

class S3StoreTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { RD_REQUIRE_S3(); }

    // Six writers with their own connections create each key at once: one wins, every time.
    void putIfAbsentHasExactlyOneWinner() {
        const auto url = tests::freshS3Url("race");
        constexpr int kWriters = 6;
        std::vector<std::unique_ptr<S3ObjectStore>> stores;
        for (int i = 0; i < kWriters; ++i)
            stores.push_back(openStore(url));
        for (int round = 0; round < 10; ++round) {
            const std::string key = "_delta_log/" + std::to_string(round) + ".json";
            std::barrier start(kWriters);
            std::atomic<int> created{0};
            std::vector<std::string> results(kWriters);
            std::vector<std::jthread> threads;
            for (int i = 0; i < kWriters; ++i)
                threads.emplace_back([&, i] {
                    start.arrive_and_wait();
                    try {
                        if (stores[i]->putIfAbsent(key, "writer " + std::to_string(i)) ==
                            PutResult::Created) {
                            ++created;
                            results[i] = "writer " + std::to_string(i);
                        }
                    } catch (const std::exception& e) {
                        results[i] = std::string("error: ") + e.what();
                    }
                });
            threads.clear();
            for (const auto& r : results)
                QVERIFY2(!r.starts_with("error"), r.c_str());
            QCOMPARE(created.load(), 1);
            const auto winner = std::find_if(results.begin(), results.end(),
                                             [](const std::string& r) { return !r.empty(); });
            QCOMPARE(stores[0]->read(key).value_or(""), *winner);
        }
    }

    void multipartUploadsAppearOnlyOnCommit() {
        const auto url = tests::freshS3Url("multipart");
        auto store = openStore(url, 5u << 20);
        const std::string data = tests::randomBytes((12u << 20) + 12345, 7);
        {
            auto file = store->createNewFile("part-0.parquet");
            for (std::size_t at = 0; at < data.size(); at += 1u << 20)
                file->write(std::string_view(data).substr(at, 1u << 20));
            QCOMPARE(file->size(), std::uint64_t(data.size()));
            QVERIFY(!store->read("part-0.parquet"));  // parts uploaded, nothing visible yet
            file->commit();
        }
        QVERIFY(store->read("part-0.parquet") == data);
        const auto listed = store->list("");
        QCOMPARE(listed.size(), std::size_t(1));
        QCOMPARE(listed[0].path, std::string("part-0.parquet"));
        QCOMPARE(listed[0].size, std::uint64_t(data.size()));
        QVERIFY(listed[0].modifiedMs > 1'700'000'000'000LL);
        // A file is never replaced, and one dropped before commit leaves nothing behind.
        {
            auto again = store->createNewFile("part-0.parquet");
            again->write("other");
            QVERIFY_THROWS_EXCEPTION(lake::storage::StorageError, again->commit());
        }
        QVERIFY(store->read("part-0.parquet") == data);
        {
            auto dropped = store->createNewFile("part-1.parquet");
            dropped->write(tests::randomBytes(6u << 20, 8));  // a multipart upload is open
        }
        QVERIFY(!store->read("part-1.parquet"));
        QCOMPARE(store->list("").size(), std::size_t(1));
    }

    // Ranged reads (GET with Range) return exactly the bytes asked for, across part
    // boundaries; past the end or of a missing object they fail naming the object.
    void rangedReadsReturnExactBytes() {
        const auto url = tests::freshS3Url("ranges");
        auto store = openStore(url, 5u << 20);
        const std::string data = tests::randomBytes((11u << 20) + 321, 9);
        {
            auto file = store->createNewFile("part-0.parquet");
            file->write(data);  // one write of 11 MiB: parts of exactly 5 MiB, then the rest
            file->commit();
        }
        QCOMPARE(store->objectSize("part-0.parquet").value_or(0), std::uint64_t(data.size()));
        QVERIFY(!store->objectSize("missing.parquet"));
        std::string piece;
        const std::vector<std::pair<std::uint64_t, std::size_t>> ranges{
            {0, 4},          {data.size() - 8, 8}, {(5u << 20) - 10, 20},
            {123, 4u << 20}, {0, data.size()},     {data.size() - 1, 1}};
        for (const auto& [offset, length] : ranges) {
            store->readRange("part-0.parquet", offset, length, piece);
            QCOMPARE(piece.size(), length);
            QVERIFY2(piece == std::string_view(data).substr(offset, length),
                     (std::to_string(offset) + "+" + std::to_string(length)).c_str());
        }
        store->readRange("part-0.parquet", 10, 0, piece);
        QVERIFY(piece.empty());

        const auto endpoint = tests::testS3Settings().endpoint;
        const auto secret = tests::testS3Settings().secretAccessKey;
        const auto pastEnd =
            failureOf([&] { store->readRange("part-0.parquet", data.size() - 4, 8, piece); });
        verifyOneLine(pastEnd, endpoint, "part-0.parquet", secret);
        QVERIFY2(pastEnd.find("expected 8 bytes") != std::string::npos ||
                     pastEnd.find("416") != std::string::npos,
                 pastEnd.c_str());
        const auto beyond =
            failureOf([&] { store->readRange("part-0.parquet", data.size() + 100, 8, piece); });
        verifyOneLine(beyond, endpoint, "part-0.parquet", secret);
        const auto missing = failureOf([&] { store->readRange("missing.parquet", 0, 8, piece); });
        QVERIFY2(missing.find("s3://" + tests::testBucket() + "/") != std::string::npos &&
                     missing.find("missing.parquet: no such object") != std::string::npos,
                 missing.c_str());
    }

    // Compaction on S3 reads its inputs in ranges (pieces smaller than a column chunk) and
    // keeps every row.
    void compactionReadsS3InputsInPieces() {
        const auto url = tests::freshS3Url("compact");
        auto store = openStore(url, 5u << 20);
        lake::delta::TableWriter table(*store, "");
        table.ensureSchema(lake::delta::TableSchema({{"id", lake::delta::DeltaType::Long, false},
                                                     {"payload", lake::delta::DeltaType::String}}));
        std::mt19937_64 rng(5);
        constexpr int kFiles = 4, kRows = 400;
        for (int f = 0; f < kFiles; ++f) {
            auto file = table.newDataFile();
            for (int i = 0; i < kRows; ++i) {
                file->column(0).appendInt64(f * kRows + i);
                std::string payload(500, 'a');
                for (auto& c : payload)
                    c = static_cast<char>('a' + rng() % 26);
                file->column(1).appendBytes(payload);
                file->endRows();
            }
            const auto a = file->finish();
            QCOMPARE(table.commit({&a, 1}, {}).status, lake::delta::CommitStatus::Committed);
        }
        lake::maintenance::CompactionOptions options;
        options.readPieceBytes = 16u << 10;  // far below one chunk (~200 KB)
        const auto r = lake::maintenance::Compactor(*store, "", options).run();
        QVERIFY2(r.abandoned.empty(), r.abandoned.c_str());
        QCOMPARE(r.filesRemoved, kFiles);
        QCOMPARE(r.filesAdded, 1);
        // A response body may take up to twice its size (libcurl appends it in pieces).
        QVERIFY2(r.peakInputBytesHeld <= 2 * ((16 << 10) + (64 << 10)) + (16 << 10),
                 std::to_string(r.peakInputBytesHeld).c_str());
        const auto snap = lake::delta::DeltaLog(*store, "").load();
        QCOMPARE(snap.files.size(), std::size_t(1));
        const auto bytes = store->read(snap.files.begin()->first);
        QVERIFY(bytes.has_value());
        const auto rows = lake::parquet::FileReader(*bytes).readRows();
        QCOMPARE(static_cast<int>(rows.size()), kFiles * kRows);
        for (int i = 0; i < kFiles * kRows; ++i)
            QCOMPARE(rows[i]["id"].get<std::int64_t>(), std::int64_t(i));
    }

    void listingsPageAndOverwriteAndRemoveWork() {
        const auto url = tests::freshS3Url("listing");
        constexpr int kKeys = 1050;  // past ListObjectsV2's 1,000-key page
        std::vector<std::jthread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                auto store = openStore(url);
                for (int i = t; i < kKeys; i += 4)
                    (void)store->writeNewFile(QString::asprintf("many/k%04d", i).toStdString(),
                                              "x");
            });
        threads.clear();
        auto store = openStore(url);
        const auto listed = store->list("many/");
        QCOMPARE(static_cast<int>(listed.size()), kKeys);
        for (int i = 0; i < kKeys; ++i)
            QCOMPARE(listed[i].path, QString::asprintf("many/k%04d", i).toStdString());
        QCOMPARE(store->writeNewFile("many/k0001", "y"), PutResult::AlreadyExists);
        QVERIFY(store->list("many/k00").size() == 100);
        QVERIFY(store->list("nothing/").empty());
        store->overwrite("_delta_log/_last_checkpoint", "{\"version\":1}");
        store->overwrite("_delta_log/_last_checkpoint", "{\"version\":2}");
        QCOMPARE(store->read("_delta_log/_last_checkpoint").value_or(""),
                 std::string("{\"version\":2}"));
        QVERIFY(store->remove("many/k0000"));
        QVERIFY(!store->remove("many/k0000"));
        QVERIFY(!store->read("many/k0000"));
    }

    void conditionalWriteProbePassesOnTheTestServer() {
        const auto url = tests::freshS3Url("probe");
        auto store = openStore(url);
        store->checkConditionalWrites();
        QVERIFY(store->list("").empty());  // the probe cleans up
        const auto checks = profiles::checkS3(tests::testS3Settings(), url);
        QCOMPARE(checks.size(), std::size_t(2));
        for (const auto& c : checks)
            QVERIFY2(c.ok, c.message.c_str());
        QVERIFY2(checks[1].message.find("412") != std::string::npos, checks[1].message.c_str());
    }

    // A store that ignores If-None-Match (the real server behind a proxy that drops it) is found
    // by the probe: nothing is committed there, and the reason says why.
    void aStoreWithoutConditionalWritesIsRefused() {
        RD_REQUIRE_PYTHON();
        QProcess proxy;
        auto settings = tests::testS3Settings();
        settings.endpoint =
            tests::startEndpointScript(proxy, QStringLiteral("s3_unconditional_proxy.py"));
        QVERIFY(!settings.endpoint.empty());
        const std::string url = "s3://" + tests::envOr("RIVERDELTA_TEST_S3_OPEN_BUCKET") + "/" +
                                testing::uniqueName("unconditional");
        auto store = openStore(url, S3ObjectStore::kDefaultPartSize, settings);
        // It is a working store otherwise: plain writes and reads go through.
        store->overwrite("plain", "bytes");
        QCOMPARE(store->read("plain").value_or(""), std::string("bytes"));
        const auto refused =
            failureOf([&] { store->putIfAbsent("_delta_log/00000000000000000000.json", "{}"); });
        verifyOneLine(refused, settings.endpoint, "ignores If-None-Match",
                      settings.secretAccessKey);
        QVERIFY(!store->read("_delta_log/00000000000000000000.json"));
        const auto checks = profiles::checkS3(settings, url);
        QCOMPARE(checks.size(), std::size_t(2));
        QVERIFY2(checks[0].ok, checks[0].message.c_str());
        QVERIFY(!checks[1].ok);
        QVERIFY2(checks[1].message.find("ignores If-None-Match") != std::string::npos,
                 checks[1].message.c_str());
        proxy.kill();
        proxy.waitForFinished();
    }

    void badCredentialsMissingBucketAndUnreachableEndpointsSayWhy() {
        const auto good = tests::testS3Settings();
        const auto url = tests::freshS3Url("errors");

        auto wrongSecret = good;
        wrongSecret.secretAccessKey = "wrong-secret-0123456789abcdef";
        auto denied = failureOf([&] { openStore(url, 8u << 20, wrongSecret)->list(""); });
        verifyOneLine(denied, good.endpoint, "403", wrongSecret.secretAccessKey);
        QVERIFY2(denied.find("SignatureDoesNotMatch") != std::string::npos, denied.c_str());
        auto unknownKey = good;
        unknownKey.accessKeyId = "NOSUCHKEY123";
        const auto unknown = failureOf([&] { openStore(url, 8u << 20, unknownKey)->read("x"); });
        verifyOneLine(unknown, good.endpoint, "403", good.secretAccessKey);
        QVERIFY2(unknown.find("InvalidAccessKeyId") != std::string::npos, unknown.c_str());

        const auto missing =
            failureOf([&] { openStore("s3://no-such-bucket-rd/t")->list("_delta_log/"); });
        verifyOneLine(missing, good.endpoint, "bucket 'no-such-bucket-rd'", good.secretAccessKey);
        QVERIFY2(missing.find("does not exist") != std::string::npos, missing.c_str());

        auto closed = good;
        closed.endpoint = "http://127.0.0.1:1";
        const auto refused = failureOf([&] { openStore(url, 8u << 20, closed)->list(""); });
        verifyOneLine(refused, closed.endpoint, "cannot connect", good.secretAccessKey);

        auto nowhere = good;
        nowhere.endpoint = "http://no-such-host.invalid:9000";
        const auto dns = failureOf([&] { openStore(url, 8u << 20, nowhere)->list(""); });
        verifyOneLine(dns, nowhere.endpoint, "DNS", good.secretAccessKey);

        // profile test reports the same reasons per check
        const auto checks = profiles::checkS3(wrongSecret, url);
        QCOMPARE(checks.size(), std::size_t(1));
        QVERIFY(!checks[0].ok);
        verifyOneLine(checks[0].message, good.endpoint, "SignatureDoesNotMatch",
                      wrongSecret.secretAccessKey);
    }
};

QTEST_GUILESS_MAIN(S3StoreTest)
#include "test_s3_store.moc"
