#include <sys/stat.h>

#include <QtTest>

#include "engine/cdc/catalog.h"
#include "engine/cdc/cdc_error.h"
#include "engine/cdc/pg_source.h"
#include "engine/cdc/replication_connection.h"
#include "engine/postgres/local_server.h"
#include "integration/cdc_test_support.h"
#include "support/enum_name.h"

using namespace riverdelta;
using namespace riverdelta::testing;

namespace {

// Runs a source until it fails; returns its status.
cdc::SourceStatus runUntilFailed(cdc::PgSourceOptions options) {
    cdc::PgSource source(std::move(options));
    source.start();
    cdc::SourceStatus s;
    waitForStatus(
        source, [](const auto& st) { return st.state == cdc::SourceState::Failed; },
        std::chrono::seconds(60), &s);
    source.stop();
    return source.status();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

class CdcErrorsTest : public QObject {
    Q_OBJECT
  private:
    std::string conninfo_, bootstrap_, database_, db_;

    cdc::PgSourceOptions options(std::vector<std::string> tables) {
        cdc::PgSourceOptions o = sourceOptions(db_, bootstrap_, std::move(tables));
        o.slotInUseWait = std::chrono::milliseconds(1000);
        return o;
    }

  private slots:
    void init() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        conninfo_ = conninfo;
        bootstrap_ = bootstrap;
        database_ = lowerUnique("cdc_errors");
        db_ = createDatabase(conninfo_, database_);
        postgres::Connection db(db_);
        db.exec("CREATE SCHEMA cdc");
        db.exec("CREATE TABLE cdc.customer (email text PRIMARY KEY, name text)");
        db.exec("CREATE TABLE cdc.hotel (hotel_id text PRIMARY KEY, name text)");
    }
    void cleanup() { dropDatabase(conninfo_, database_); }

    void walLevelNotLogical() {
        // A throwaway cluster of our own, switched to wal_level=replica.
        QTemporaryDir dir;
        ::chmod(dir.path().toLocal8Bit().constData(), 0755);  // the postgres user must reach it
        postgres::LocalServer server(dir.path().toStdString());
        auto endpoint = server.start();
        {
            postgres::Connection admin(endpoint.conninfo);
            admin.exec("ALTER SYSTEM SET wal_level = replica");
        }
        server.stop();
        endpoint = server.start();
        postgres::Connection check(endpoint.conninfo);
        QCOMPARE(std::string(check.exec("SHOW wal_level").value(0, 0)), std::string("replica"));
        check.exec("CREATE TABLE t (id int PRIMARY KEY)");

        auto o = options({"public.t"});
        o.postgresConninfo = endpoint.conninfo;
        const auto s = runUntilFailed(o);
        QCOMPARE(testing::nameOf(s.state), testing::nameOf(cdc::SourceState::Failed));
        QCOMPARE(s.failureKind, cdc::CdcErrorKind::WalLevel);
        QVERIFY2(contains(s.failureReason, "wal_level is 'replica'"), s.failureReason.c_str());
        QVERIFY2(contains(s.failureReason, "ALTER SYSTEM SET wal_level = logical"),
                 s.failureReason.c_str());
        QVERIFY(contains(s.failureReason, "restart"));
        // Nothing was created on the way.
        QCOMPARE(check.exec("SELECT 1 FROM pg_publication").rows(), 0);
        server.stop();
    }

    void roleWithoutReplicationPrivilege() {
        const std::string role = lowerUnique("norepl");
        {
            postgres::Connection admin(db_);
            admin.exec("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOREPLICATION PASSWORD 'pw-" +
                       role + "'");
            admin.exec("GRANT ALL ON SCHEMA cdc TO " + role);
        }
        const std::string asRole = db_ + " user=" + role + " password=pw-" + role;
        auto o = options({"cdc.customer"});
        o.postgresConninfo = asRole;
        const auto s = runUntilFailed(o);
        QCOMPARE(s.failureKind, cdc::CdcErrorKind::ReplicationPrivilege);
        QVERIFY2(contains(s.failureReason, "lacks the REPLICATION privilege"),
                 s.failureReason.c_str());
        QVERIFY(contains(s.failureReason, "ALTER ROLE \"" + role + "\" WITH REPLICATION"));
        // The replication connection itself says the same when the pre-check is bypassed.
        try {
            cdc::ReplicationConnection repl(asRole);
            QFAIL("expected a privilege error");
        } catch (const cdc::CdcError& e) {
            QCOMPARE(e.kind(), cdc::CdcErrorKind::ReplicationPrivilege);
            QVERIFY2(contains(e.what(), "WITH REPLICATION"), e.what());
            QVERIFY(!contains(e.what(), "pw-" + role));  // never the password
        }
        postgres::Connection admin(db_);
        admin.exec("DROP OWNED BY " + role);
        admin.exec("DROP ROLE " + role);
    }

    void slotInUseByAnotherClient() {
        auto o = options({"cdc.customer"});
        cdc::PgSource first(o);
        first.start();
        cdc::SourceStatus s;
        QVERIFY2(waitForStatus(
                     first, [](const auto& st) { return st.state == cdc::SourceState::Streaming; },
                     std::chrono::seconds(60), &s),
                 s.failureReason.c_str());
        const auto second = runUntilFailed(o);
        QCOMPARE(second.failureKind, cdc::CdcErrorKind::SlotInUse);
        QVERIFY2(contains(second.failureReason, "is in use by another client"),
                 second.failureReason.c_str());
        QVERIFY(contains(second.failureReason, o.slotName));
        QVERIFY(contains(second.failureReason, "--slot"));
        QCOMPARE(testing::nameOf(first.status().state),
                 testing::nameOf(cdc::SourceState::Streaming));  // unharmed
        first.stop();
    }

    void tableWithoutPrimaryKey() {
        postgres::Connection db(db_);
        db.exec("CREATE TABLE cdc.visits (guest text, at bigint)");
        const auto s = runUntilFailed(options({"cdc.customer", "cdc.visits"}));
        QCOMPARE(s.failureKind, cdc::CdcErrorKind::MissingPrimaryKey);
        QVERIFY2(contains(s.failureReason, "table cdc.visits has no primary key"),
                 s.failureReason.c_str());
        QVERIFY(contains(s.failureReason, "ALTER TABLE \"cdc\".\"visits\" ADD PRIMARY KEY"));
    }

    void missingTable() {
        const auto s = runUntilFailed(options({"cdc.nosuch"}));
        QCOMPARE(s.failureKind, cdc::CdcErrorKind::MissingTable);
        QVERIFY2(contains(s.failureReason, "cdc.nosuch does not exist"), s.failureReason.c_str());
    }

    void publicationMissingATable() {
        auto o = options({"cdc.customer", "cdc.hotel"});
        postgres::Connection db(db_);
        db.exec("CREATE PUBLICATION " + o.publicationName + " FOR TABLE cdc.customer");
        const auto s = runUntilFailed(o);
        QCOMPARE(s.failureKind, cdc::CdcErrorKind::PublicationMissingTable);
        QVERIFY2(contains(s.failureReason, "ALTER PUBLICATION \"" + o.publicationName +
                                               "\" ADD TABLE \"cdc\".\"hotel\""),
                 s.failureReason.c_str());
        QVERIFY(!contains(s.failureReason, "\"customer\""));
        // Nothing else happened: no slot was created.
        QCOMPARE(
            db.exec("SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + o.slotName + "'")
                .rows(),
            0);
    }
};

QTEST_GUILESS_MAIN(CdcErrorsTest)
#include "test_cdc_errors.moc"
