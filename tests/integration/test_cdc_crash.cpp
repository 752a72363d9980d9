#include <QProcess>
#include <QtTest>
#include <map>
#include <thread>

#include "engine/cdc/lsn.h"
#include "integration/cdc_test_support.h"

using namespace riverdelta;
using namespace riverdelta::testing;
using nlohmann::json;

namespace {

constexpr int kRows = 25'000;  // inserted, then each updated once: 50,000 changes
constexpr int kPerTransaction = 250;
const QString kCli = QStringLiteral(RIVERDELTA_BINARY_DIR "/app/riverdelta-cli");

std::int64_t highWatermark(kafka::Consumer& consumer, const std::string& topic) {
    try {
        return consumer.queryWatermarks(topic, 0, std::chrono::seconds(2)).high;
    } catch (const std::exception&) {
        return 0;  // not created yet
    }
}

cdc::Lsn slotConfirmed(postgres::Connection& db, const std::string& slot, bool* active = nullptr) {
    auto res = db.exec(
        "SELECT confirmed_flush_lsn, active FROM pg_replication_slots "
        "WHERE slot_name = '" +
        slot + "'");
    if (res.rows() != 1 || res.isNull(0, 0)) return cdc::Lsn();
    if (active) *active = res.value(0, 1) == "t";
    return cdc::Lsn::fromString(res.value(0, 0));
}

}  // namespace

class CdcCrashTest : public QObject {
    Q_OBJECT
  private:
    std::string conninfo_, bootstrap_, database_, db_;

    void startCli(QProcess& p, const QStringList& args) {
        p.setProcessChannelMode(QProcess::SeparateChannels);
        p.start(kCli, args);
        QVERIFY(p.waitForStarted());
        QString out;
        QDeadlineTimer deadline(60'000);
        while (!out.contains(QStringLiteral("cdc Streaming"))) {
            QVERIFY2(!deadline.hasExpired(), "the cdc command did not reach Streaming");
            QVERIFY2(p.state() == QProcess::Running,
                     qPrintable("cdc exited: " + QString::fromUtf8(p.readAllStandardError())));
            p.waitForReadyRead(200);
            out += QString::fromUtf8(p.readAllStandardOutput());
        }
    }

  private slots:
    void initTestCase() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        conninfo_ = conninfo;
        bootstrap_ = bootstrap;
        database_ = lowerUnique("cdc_crash");
        db_ = createDatabase(conninfo_, database_);
    }
    void cleanupTestCase() {
        if (!database_.empty()) dropDatabase(conninfo_, database_);
    }

    void killDuringStreamingLosesNothing() {
        postgres::Connection db(db_);
        db.exec("CREATE SCHEMA cdc");
        db.exec("CREATE TABLE cdc.booking (id int PRIMARY KEY, version int NOT NULL, note text)");
        const std::string slot = lowerUnique("crash");
        const std::string prefix = lowerUnique("rh");
        const std::string topic = prefix + ".cdc.booking";
        const QStringList args{QStringLiteral("cdc"),
                               QStringLiteral("--postgres"),
                               QString::fromStdString(db_),
                               QStringLiteral("--kafka"),
                               QString::fromStdString(bootstrap_),
                               QStringLiteral("--tables"),
                               QStringLiteral("cdc.booking"),
                               QStringLiteral("--prefix"),
                               QString::fromStdString(prefix),
                               QStringLiteral("--slot"),
                               QString::fromStdString(slot),
                               QStringLiteral("--publication"),
                               QString::fromStdString("pub_" + slot)};

        QProcess first;
        startCli(first, args);

        // 50,000 changes in transactions of 250: inserts (version 0), then updates (version 1).
        std::atomic<bool> writerDone{false};
        std::string writerError;
        std::jthread writer([&] {
            try {
                postgres::Connection w(db_);
                for (int start = 1; start <= kRows; start += kPerTransaction)
                    w.exec(
                        "INSERT INTO cdc.booking SELECT i, 0, 'booking ' || i FROM "
                        "generate_series(" +
                        std::to_string(start) + ", " + std::to_string(start + kPerTransaction - 1) +
                        ") i");
                for (int start = 1; start <= kRows; start += kPerTransaction)
                    w.exec(
                        "UPDATE cdc.booking SET version = 1, note = note || ' changed' "
                        "WHERE id BETWEEN " +
                        std::to_string(start) + " AND " +
                        std::to_string(start + kPerTransaction - 1));
            } catch (const std::exception& e) {
                writerError = e.what();
            }
            writerDone = true;
        });

        // kill -9 mid-way: once Kafka holds a good part of the changes, not all of them.
        kafka::ClientConfig config;
        config.bootstrapServers = bootstrap_;
        kafka::Consumer probe(config);
        QDeadlineTimer deadline(120'000);
        while (highWatermark(probe, topic) < 15'000) {
            QVERIFY2(!deadline.hasExpired(), "the first run produced too little");
            QVERIFY(first.state() == QProcess::Running);
            QThread::msleep(20);
        }
        first.kill();  // SIGKILL
        QVERIFY(first.waitForFinished(10'000));
        const std::int64_t atKill = highWatermark(probe, topic);
        writer.join();
        QVERIFY2(writerError.empty(), writerError.c_str());

        // What the slot had confirmed when the process died: only events after it may repeat.
        bool active = true;
        cdc::Lsn confirmedAtKill;
        for (int i = 0; i < 100 && active; ++i) {
            confirmedAtKill = slotConfirmed(db, slot, &active);
            if (active) QThread::msleep(100);
        }
        QVERIFY(!active);
        const cdc::Lsn end =
            cdc::Lsn::fromString(db.exec("SELECT pg_current_wal_lsn()").value(0, 0));
        qInfo("killed with %lld messages in the topic; slot confirmed %s; WAL end %s",
              static_cast<long long>(atKill), confirmedAtKill.toString().c_str(),
              end.toString().c_str());
        QVERIFY(confirmedAtKill < end);

        // Restart: resume from the slot until it has confirmed everything, then stop cleanly.
        QProcess second;
        startCli(second, args);
        deadline.setRemainingTime(180'000);
        while (slotConfirmed(db, slot) < end) {
            QVERIFY2(!deadline.hasExpired(), "the restarted source did not catch up");
            QVERIFY(second.state() == QProcess::Running);
            QThread::msleep(100);
        }
        second.terminate();  // SIGTERM: clean stop
        QVERIFY(second.waitForFinished(60'000));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);

        const auto records = readTopic(bootstrap_, topic, 2 * kRows, std::chrono::seconds(120));
        // A transaction's commit LSN is the first element of `sequence` in the events of the
        // transaction that follows it (the topic holds one writer's transactions in order).
        std::map<std::uint64_t, cdc::Lsn> commitOf;  // txId -> commit LSN
        std::optional<std::uint64_t> previousTx;
        for (const auto& r : records) {
            const auto tx = r.value["source"]["txId"].get<std::uint64_t>();
            if (previousTx && *previousTx != tx) {
                const auto sequence = json::parse(r.value["source"]["sequence"].get<std::string>());
                commitOf[*previousTx] = cdc::Lsn(std::stoull(sequence[0].get<std::string>()));
            }
            previousTx = tx;
        }
        std::map<std::pair<int, int>, int> seen;  // (id, version) -> copies
        std::size_t duplicates = 0, duplicatesBeforeConfirmed = 0;
        for (const auto& r : records) {
            QVERIFY(!r.tombstone);
            const json& after = r.value["after"];
            const std::string op = r.value["op"].get<std::string>();
            QVERIFY2(op == "c" || op == "u" || op == "r", op.c_str());
            const auto change = std::make_pair(after["id"].get<int>(), after["version"].get<int>());
            QCOMPARE(op == "u", change.second == 1);
            if (++seen[change] > 1) {
                ++duplicates;
                // A resent event must belong to a transaction the slot had not confirmed.
                const auto commit = commitOf.find(r.value["source"]["txId"].get<std::uint64_t>());
                if (commit != commitOf.end() && commit->second < confirmedAtKill)
                    ++duplicatesBeforeConfirmed;
            }
        }
        qInfo(
            "crash test: %zu messages, %zu distinct changes, %zu duplicates (resent tail after "
            "the confirmed LSN %s)",
            records.size(), seen.size(), duplicates, confirmedAtKill.toString().c_str());
        QCOMPARE(seen.size(), std::size_t(2 * kRows));  // every change present: no gap
        for (int id = 1; id <= kRows; ++id)
            QVERIFY(seen.count({id, 0}) == 1 && seen.count({id, 1}) == 1);
        QCOMPARE(records.size(), 2 * kRows + duplicates);
        QCOMPARE(duplicatesBeforeConfirmed, std::size_t(0));  // only the unacknowledged tail
    }
};

QTEST_GUILESS_MAIN(CdcCrashTest)
#include "test_cdc_crash.moc"
