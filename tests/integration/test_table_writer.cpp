#include <QtTest>
#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine/core/log.h"
#include "engine/core/process.h"
#include "engine/postgres/async_table_writer.h"
#include "engine/postgres/connection.h"
#include "engine/postgres/table_writer.h"
#include "support/test_env.h"

using namespace riverdelta;
using postgres::CopyBatch;
using postgres::TablePolicy;
using postgres::TableSpec;
using postgres::TableWriter;

namespace {

std::string uniqueTable(const std::string& prefix) {
    std::string name = testing::uniqueName(prefix);
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

TableSpec customers(const std::string& table) {
    return {.schema = "it_sink",
            .table = table,
            .columns = {{"id", "bigint", true},
                        {"email", "text"},
                        {"visits", "integer"},
                        {"score", "double precision"},
                        {"vip", "boolean"},
                        {"profile", "jsonb"},
                        {"created_at", "timestamptz"}},
            .primaryKey = {"id"}};
}

nlohmann::json customerRow(std::int64_t i) {
    return {{"id", i},
            {"email", "user" + std::to_string(i) + "@example.com"},
            {"visits", i % 17},
            {"score", static_cast<double>(i) / 8.0},
            {"vip", i % 5 == 0},
            {"profile", {{"tier", i % 3}, {"tags", {"a", "b"}}}},
            {"created_at", "2024-05-01T10:00:00Z"}};
}

std::string scalar(postgres::Connection& db, const std::string& sql) {
    auto r = db.exec(sql);
    return r.isNull(0, 0) ? "<null>" : std::string(r.value(0, 0));
}

// Replaces key=value in a libpq key/value conninfo.
std::string withParam(std::string conninfo, const std::string& key, const std::string& value) {
    const auto at = conninfo.find(key + "=");
    if (at == std::string::npos) return conninfo + " " + key + "=" + value;
    auto end = conninfo.find(' ', at);
    if (end == std::string::npos) end = conninfo.size();
    conninfo.replace(at, end - at, key + "=" + value);
    return conninfo;
}

}  // namespace

class TableWriterTest : public QObject {
    Q_OBJECT
  private slots:
    void copyEscapingRoundTrip() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        const auto table = uniqueTable("escape");
        TableSpec spec{.schema = "it_sink",
                       .table = table,
                       .columns = {{"id", "integer"}, {"t", "text"}, {"j", "jsonb"}},
                       .primaryKey = {"id"}};
        TableWriter writer(conninfo, spec, {.writerId = "escape/" + table});
        QVERIFY(writer.tableWasCreated());
        const std::vector<std::optional<std::string>> texts = {
            std::string("tab\there"),
            std::string("new\nline and \r carriage"),
            std::string("back\\slash \\N not null"),
            std::string("\\."),
            std::string(""),
            std::nullopt,
            std::string("unicode é ✓ 🏨 'quotes' \"double\""),
            std::string("trailing backslash \\"),
        };
        CopyBatch batch;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            batch.beginRow(static_cast<std::int64_t>(i + 1));
            batch.addInt(static_cast<std::int64_t>(i));
            if (texts[i])
                batch.addText(*texts[i]);
            else
                batch.addNull();
            batch.addJson(nlohmann::json{{"text", texts[i] ? *texts[i] : "none"}, {"n", i}});
            batch.endRow();
        }
        QCOMPARE(writer.write(batch), texts.size());
        postgres::Connection db(conninfo);
        for (std::size_t i = 0; i < texts.size(); ++i) {
            auto r = db.exec("SELECT t, j->>'text' FROM it_sink." + table +
                             " WHERE id = " + std::to_string(i));
            QCOMPARE(r.rows(), 1);
            if (texts[i]) {
                QVERIFY(!r.isNull(0, 0));
                QCOMPARE(std::string(r.value(0, 0)), *texts[i]);
                QCOMPARE(std::string(r.value(0, 1)), *texts[i]);
            } else {
                QVERIFY(r.isNull(0, 0));
            }
        }
        QCOMPARE(writer.counters().rowsWritten, std::uint64_t(texts.size()));
        QCOMPARE(writer.counters().batches, std::uint64_t(1));
    }

    void resumesAfterTheCommittedSequence() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        const auto table = uniqueTable("resume");
        const auto spec = customers(table);
        const std::string id = "resume/" + table;
        {
            TableWriter writer(conninfo, spec, {.writerId = id});
            CopyBatch batch;
            for (int i = 1; i <= 1000; ++i)
                batch.addJsonRow(i, spec, customerRow(i));
            QCOMPARE(writer.write(batch), std::size_t(1000));
            QCOMPARE(writer.write(batch), std::size_t(0));  // all committed already
            QCOMPARE(writer.committedSequence(), std::int64_t(1000));
        }
        TableWriter again(conninfo, spec, {.writerId = id});
        QVERIFY(!again.tableWasCreated());
        QCOMPARE(again.committedSequence(), std::int64_t(1000));
        CopyBatch overlap;
        for (int i = 901; i <= 1100; ++i)
            overlap.addJsonRow(i, spec, customerRow(i));
        QCOMPARE(again.write(overlap), std::size_t(100));
        postgres::Connection db(conninfo);
        QCOMPARE(scalar(db, "SELECT count(*) FROM it_sink." + table), std::string("1100"));
        QCOMPARE(scalar(db, "SELECT last_seq FROM riverdelta.sink_progress WHERE writer_id = '" +
                                id + "'"),
                 std::string("1100"));
        QCOMPARE(scalar(db, "SELECT email FROM it_sink." + table + " WHERE id = 1050"),
                 std::string("user1050@example.com"));
        QCOMPARE(scalar(db, "SELECT profile->'tags'->>1 FROM it_sink." + table + " WHERE id = 7"),
                 std::string("b"));

        // Two writers sharing an id cannot interleave: the one behind is stopped.
        TableWriter stale(conninfo, spec, {.writerId = id});
        CopyBatch more;
        for (int i = 1101; i <= 1110; ++i)
            more.addJsonRow(i, spec, customerRow(i));
        QCOMPARE(again.write(more), std::size_t(10));
        CopyBatch late;
        for (int i = 1101; i <= 1120; ++i)
            late.addJsonRow(i, spec, customerRow(i));
        try {
            stale.write(late);
            QFAIL("expected the writer-id guard");
        } catch (const postgres::PgError& e) {
            QCOMPARE(e.sqlState(), std::string("RDW01"));
            QVERIFY2(std::string(e.what()).find("in use by another writer") != std::string::npos,
                     e.what());
        }
        QCOMPARE(scalar(db, "SELECT count(*) FROM it_sink." + table), std::string("1110"));

        // dropAndCreate empties the table and resets this writer's progress with it.
        TableWriter fresh(conninfo, spec, {.writerId = id, .policy = TablePolicy::DropAndCreate});
        QVERIFY(fresh.tableWasCreated());
        QCOMPARE(fresh.committedSequence(), std::int64_t(0));
        QCOMPARE(scalar(db, "SELECT count(*) FROM it_sink." + table), std::string("0"));
    }

    void batchDueBySizeOrLatency() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        const auto spec = customers(uniqueTable("due"));
        TableWriter writer(
            conninfo, spec,
            {.writerId = "due", .batchRows = 3, .batchLatency = std::chrono::milliseconds(20)});
        CopyBatch batch;
        QVERIFY(!writer.batchDue(batch));
        batch.addJsonRow(1, spec, customerRow(1));
        QVERIFY(!writer.batchDue(batch, batch.startedAt()));
        QVERIFY(writer.batchDue(batch, batch.startedAt() + std::chrono::milliseconds(20)));
        batch.addJsonRow(2, spec, customerRow(2));
        batch.addJsonRow(3, spec, customerRow(3));
        QVERIFY(writer.batchDue(batch, batch.startedAt()));
        try {
            batch.beginRow(3);
            QFAIL("sequences must increase");
        } catch (const postgres::PgError&) {
        }
    }

    void manualPolicyChecksTheShape() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        postgres::Connection db(conninfo);
        db.exec("CREATE SCHEMA IF NOT EXISTS it_sink");
        const auto table = uniqueTable("manual");
        auto spec = customers(table);
        auto expectMismatch = [&](const std::string& fragment) {
            try {
                TableWriter writer(conninfo, spec,
                                   {.writerId = "m", .policy = TablePolicy::Manual});
                QFAIL("expected a table shape mismatch");
            } catch (const postgres::TableShapeMismatch& e) {
                QVERIFY2(std::string(e.what()).find(fragment) != std::string::npos, e.what());
            }
        };
        expectMismatch("table shape mismatch: table it_sink." + table + " does not exist");
        db.exec("CREATE TABLE it_sink." + table +
                " (id bigint PRIMARY KEY, email varchar(200), visits boolean, score numeric, "
                "vip boolean, profile json, created_at timestamp)");
        expectMismatch("column \"visits\" of it_sink." + table + " is boolean, expected integer");
        db.exec("ALTER TABLE it_sink." + table + " DROP COLUMN visits");
        expectMismatch("it_sink." + table + " has no column \"visits\"");
        db.exec("ALTER TABLE it_sink." + table +
                " ADD COLUMN visits bigint, ADD COLUMN extra text");
        // Compatible now: wider integer, varchar for text, numeric for double, json for jsonb,
        // timestamp for timestamptz; an extra column is fine. No DDL is run.
        TableWriter writer(conninfo, spec,
                           {.writerId = "manual/" + table, .policy = TablePolicy::Manual});
        QVERIFY(!writer.tableWasCreated());
        CopyBatch batch;
        batch.addJsonRow(1, spec, customerRow(1));
        QCOMPARE(writer.write(batch), std::size_t(1));
        QCOMPARE(scalar(db, "SELECT visits FROM it_sink." + table), std::string("1"));
        // The create policy checks an existing table the same way.
        spec.columns.push_back({"missing_col", "integer"});
        try {
            TableWriter w(conninfo, spec, {.writerId = "c"});
            QFAIL("expected a mismatch");
        } catch (const postgres::TableShapeMismatch& e) {
            QVERIFY2(std::string(e.what()).find("missing_col") != std::string::npos, e.what());
        }
    }

    void clearErrorsForBadConnectionsAndPrivileges() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        const auto spec = customers(uniqueTable("errs"));
        try {
            TableWriter w(withParam(conninfo, "password", "wrong-pass-123"), spec,
                          {.writerId = "e"});
            QFAIL("expected 28P01");
        } catch (const postgres::PgError& e) {
            QCOMPARE(e.sqlState(), std::string("28P01"));
            QVERIFY2(
                std::string(e.what()).find("password authentication failed") != std::string::npos,
                e.what());
            QVERIFY(std::string(e.what()).find("wrong-pass-123") == std::string::npos);
        }
        try {
            TableWriter w(withParam(conninfo, "dbname", "no_such_db_here"), spec,
                          {.writerId = "e"});
            QFAIL("expected 3D000");
        } catch (const postgres::PgError& e) {
            QCOMPARE(e.sqlState(), std::string("3D000"));
            QVERIFY2(std::string(e.what()).find("no_such_db_here") != std::string::npos, e.what());
        }

        // A role that may log in and keep progress, but not write the table.
        postgres::Connection admin(conninfo);
        const auto role = uniqueTable("rd_restricted");
        const std::string password = "pw-" + role;
        admin.exec("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        TableWriter owner(conninfo, spec, {.writerId = "owner/" + spec.table});  // creates it
        admin.exec("GRANT USAGE ON SCHEMA it_sink, riverdelta TO " + role);
        admin.exec("GRANT SELECT, INSERT, UPDATE, DELETE ON riverdelta.sink_progress TO " + role);
        const auto restricted = withParam(withParam(conninfo, "user", role), "password", password);
        TableWriter writer(restricted, spec, {.writerId = "restricted/" + spec.table});
        CopyBatch batch;
        batch.addJsonRow(1, spec, customerRow(1));
        try {
            writer.write(batch);
            QFAIL("expected 42501");
        } catch (const postgres::PgError& e) {
            QCOMPARE(e.sqlState(), std::string("42501"));
            const std::string what = e.what();
            QVERIFY2(what.find("permission denied for table " + spec.table) != std::string::npos,
                     e.what());
            QVERIFY2(what.find("it_sink." + spec.table) != std::string::npos, e.what());
            QVERIFY2(what.find("grant it") != std::string::npos, e.what());
            QVERIFY(what.find(password) == std::string::npos);
        }
        QCOMPARE(writer.counters().failures, std::uint64_t(1));
        // Without rights on the progress table it fails at construction, just as clearly.
        admin.exec("REVOKE ALL ON riverdelta.sink_progress FROM " + role);
        try {
            TableWriter w(restricted, spec, {.writerId = "restricted2"});
            QFAIL("expected 42501");
        } catch (const postgres::PgError& e) {
            QCOMPARE(e.sqlState(), std::string("42501"));
            QVERIFY2(std::string(e.what()).find("sink_progress") != std::string::npos, e.what());
        }
        admin.exec("REVOKE ALL ON SCHEMA it_sink, riverdelta FROM " + role);
        admin.exec("DROP ROLE " + role);
    }

    void exactlyOnceAcrossAServerRestart() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(ctl, "RIVERDELTA_TEST_SERVICES_CTL");
        RD_REQUIRE_ENV(dir, "RIVERDELTA_TEST_SERVICES_DIR");
        constexpr std::int64_t kRows = 20'000;
        constexpr std::int64_t kBatch = 250;
        const auto table = uniqueTable("restart");
        const auto spec = customers(table);
        core::Log log;
        TableWriter writer(conninfo, spec,
                           {.writerId = "restart/" + table,
                            .maxReconnectWait = std::chrono::seconds(60),
                            .initialBackoff = std::chrono::milliseconds(50),
                            .log = &log});
        std::atomic<bool> restartDone{false};
        std::string restartOutput;
        int restartExit = -1;
        std::jthread restarter;
        CopyBatch batch;
        std::int64_t seq = 0;
        for (std::int64_t b = 0; seq < kRows; ++b) {
            batch.clear();
            for (std::int64_t i = 0; i < kBatch; ++i) {
                ++seq;
                batch.addJsonRow(seq, spec, customerRow(seq));
            }
            if (b == 20) {  // about a quarter in: restart the server while we keep writing
                restarter = std::jthread([&] {
                    auto r = core::runProcess({ctl, "restart-postgres", dir},
                                              {.timeout = std::chrono::seconds(120)});
                    restartOutput = r.output;
                    restartExit = r.exitCode;
                    restartDone = true;
                });
            }
            writer.write(batch);
            // Paced on purpose while the restart goes, so it lands mid-stream, not after it.
            if (b >= 20 && !restartDone) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        restarter.join();
        QVERIFY2(restartExit == 0, restartOutput.c_str());
        const auto c = writer.counters();
        QCOMPARE(c.rowsWritten, std::uint64_t(kRows));
        QCOMPARE(c.committedSequence, kRows);
        QCOMPARE(c.failures, std::uint64_t(0));
        QVERIFY2(c.reconnects >= 1, "the restart was not noticed: no reconnect");
        postgres::Connection db(conninfo);
        QCOMPARE(scalar(db, "SELECT count(*) FROM it_sink." + table), std::to_string(kRows));
        QCOMPARE(scalar(db, "SELECT count(DISTINCT id) FROM it_sink." + table),
                 std::to_string(kRows));
        QCOMPARE(scalar(db, "SELECT min(id) FROM it_sink." + table), std::string("1"));
        QCOMPARE(scalar(db, "SELECT max(id) FROM it_sink." + table), std::to_string(kRows));
        bool sawReconnect = false;
        for (const auto& e : log.since(0))
            sawReconnect = sawReconnect || e.message.find("reconnected after") != std::string::npos;
        QVERIFY(sawReconnect);
        qInfo("restart: %llu reconnects, %llu batches",
              static_cast<unsigned long long>(c.reconnects),
              static_cast<unsigned long long>(c.batches));
    }

    void asyncGroupCommitAcrossARestart() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(ctl, "RIVERDELTA_TEST_SERVICES_CTL");
        RD_REQUIRE_ENV(dir, "RIVERDELTA_TEST_SERVICES_DIR");
        constexpr std::int64_t kRows = 50'000;
        const auto table = uniqueTable("async");
        const auto spec = customers(table);
        postgres::AsyncTableWriter writer(
            std::make_unique<TableWriter>(
                conninfo, spec,
                postgres::TableWriterOptions{.writerId = "async/" + table,
                                             .initialBackoff = std::chrono::milliseconds(50)}),
            {.maxRowsPerTransaction = 5000, .maxQueuedRows = 20'000});
        CopyBatch batch;
        std::jthread restarter;
        int restartExit = -1;
        for (std::int64_t seq = 1; seq <= kRows; ++seq) {
            batch.addJsonRow(seq, spec, customerRow(seq));
            if (writer.writer().batchDue(batch)) writer.submit(batch);
            if (seq == kRows / 3)
                restarter = std::jthread([&] {
                    restartExit = core::runProcess({ctl, "restart-postgres", dir}).exitCode;
                });
        }
        writer.submit(batch);
        writer.flush();
        restarter.join();
        QCOMPARE(restartExit, 0);
        const auto c = writer.counters();
        QCOMPARE(c.rowsWritten, std::uint64_t(kRows));
        QCOMPARE(c.committedSequence, kRows);
        // How many batches merged depends on how fast the rows came (it failed under ASan,
        // where the writer kept up): asyncGroupCommitMergesWhatQueues proves the merging.
        postgres::Connection db(conninfo);
        QCOMPARE(scalar(db, "SELECT count(*) FROM it_sink." + table), std::to_string(kRows));
        QCOMPARE(scalar(db, "SELECT count(DISTINCT id) FROM it_sink." + table),
                 std::to_string(kRows));
        qInfo("async: %llu transactions, %llu reconnects",
              static_cast<unsigned long long>(c.batches),
              static_cast<unsigned long long>(c.reconnects));
    }

    // While a transaction waits, the batches submitted meanwhile go out together: here the
    // table is locked until all ten are submitted, so whatever the timing, at most two
    // transactions write them (one per batch would be ten).
    void asyncGroupCommitMergesWhatQueues() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        const auto spec = customers(uniqueTable("merge"));
        postgres::AsyncTableWriter writer(
            std::make_unique<TableWriter>(
                conninfo, spec, postgres::TableWriterOptions{.writerId = "merge/" + spec.table}),
            {.maxRowsPerTransaction = 5000, .maxQueuedRows = 20'000});
        postgres::Connection locker(conninfo);
        locker.exec("BEGIN");
        locker.exec("LOCK TABLE it_sink." + spec.table + " IN SHARE MODE");  // blocks COPY
        CopyBatch batch;
        for (std::int64_t seq = 1; seq <= 5000; ++seq) {
            batch.addJsonRow(seq, spec, customerRow(seq));
            if (seq % 500 == 0) writer.submit(batch);
        }
        QCOMPARE(writer.queuedRows(), std::size_t(5000));  // nothing can have committed yet
        locker.exec("COMMIT");
        writer.flush();
        const auto c = writer.counters();
        QCOMPARE(c.rowsWritten, std::uint64_t(5000));
        QCOMPARE(c.committedSequence, std::int64_t(5000));
        QVERIFY2(c.batches <= 2, qPrintable(QString::number(c.batches) + " transactions"));
        postgres::Connection db(conninfo);
        QCOMPARE(scalar(db, "SELECT count(*) FROM it_sink." + spec.table), std::string("5000"));
    }

    void asyncWriterReportsErrors() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        const auto spec = customers(uniqueTable("asyncerr"));
        postgres::AsyncTableWriter writer(std::make_unique<TableWriter>(
            conninfo, spec, postgres::TableWriterOptions{.writerId = "asyncerr/" + spec.table}));
        CopyBatch batch;
        auto row = customerRow(1);
        row["visits"] = "not a number";
        batch.addJsonRow(1, spec, row);
        writer.submit(batch);
        try {
            writer.flush();
            QFAIL("expected the COPY error");
        } catch (const postgres::PgError& e) {
            QCOMPARE(e.sqlState(), std::string("22P02"));
            QVERIFY2(std::string(e.what()).find("visits") != std::string::npos, e.what());
        }
        batch.addJsonRow(2, spec, customerRow(2));
        QVERIFY_THROWS_EXCEPTION(postgres::PgError, writer.submit(batch));
        QCOMPARE(writer.counters().failures, std::uint64_t(1));
    }

    void givesUpWhenTheServerStaysAway() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(ctl, "RIVERDELTA_TEST_SERVICES_CTL");
        RD_REQUIRE_ENV(dir, "RIVERDELTA_TEST_SERVICES_DIR");
        const auto spec = customers(uniqueTable("away"));
        TableWriter writer(conninfo, spec,
                           {.writerId = "away/" + spec.table,
                            .maxReconnectWait = std::chrono::milliseconds(1500),
                            .initialBackoff = std::chrono::milliseconds(100)});
        auto stop = core::runProcess({ctl, "stop-postgres", dir});
        QVERIFY2(stop.ok(), stop.output.c_str());
        CopyBatch batch;
        batch.addJsonRow(1, spec, customerRow(1));
        QElapsedTimer timer;
        timer.start();
        try {
            writer.write(batch);
            QFAIL("expected a give-up error");
        } catch (const postgres::PgError& e) {
            QVERIFY2(std::string(e.what()).find("could not reconnect within 1500 ms") !=
                         std::string::npos,
                     e.what());
        }
        QVERIFY(timer.elapsed() < 10'000);
        auto start = core::runProcess({ctl, "start-postgres", dir});
        QVERIFY2(start.ok(), start.output.c_str());
        // The same writer carries on once the server is back.
        QCOMPARE(writer.write(batch), std::size_t(1));
        QCOMPARE(writer.counters().failures, std::uint64_t(1));
    }
};

QTEST_GUILESS_MAIN(TableWriterTest)
#include "test_table_writer.moc"
