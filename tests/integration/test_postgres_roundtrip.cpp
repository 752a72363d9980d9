#include <QtTest>

#include "engine/postgres/connection.h"
#include "engine/postgres/pg_error.h"
#include "support/test_env.h"

using namespace riverdelta;

class PostgresRoundTripTest : public QObject {
    Q_OBJECT
  private slots:
    void createWriteAndReadBack() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        postgres::Connection db(conninfo);
        QVERIFY(db.serverVersion().starts_with("15."));
        const std::string table = "rt_" + std::to_string(QDateTime::currentMSecsSinceEpoch());
        db.exec("CREATE SCHEMA IF NOT EXISTS it");
        db.exec("CREATE TABLE it." + table +
                " (customer_id text PRIMARY KEY, email text NOT NULL, visits integer, "
                "score double precision, created_at bigint)");
        std::string copy;
        for (int i = 0; i < 1000; ++i)
            copy += "C" + std::to_string(i) + "\tuser" + std::to_string(i) + "@example.com\t" +
                    std::to_string(i % 7) + "\t" + std::to_string(i * 0.5) + "\t" +
                    std::to_string(1'700'000'000'000LL + i) + "\n";
        db.exec("BEGIN");
        db.copyIn("COPY it." + table + " FROM STDIN", copy);
        db.exec("COMMIT");
        const std::optional<std::string> params[] = {std::string("C123"), std::nullopt};
        db.exec("INSERT INTO it." + table +
                    " (customer_id, email, visits) VALUES ('X1', 'x@y', $1::int)",
                std::span(params).subspan(1));
        auto count = db.exec("SELECT count(*), sum(visits), max(created_at) FROM it." + table);
        QCOMPARE(std::string(count.value(0, 0)), std::string("1001"));
        auto row =
            db.exec("SELECT email, visits, score FROM it." + table + " WHERE customer_id = $1",
                    std::span(params).first(1));
        QCOMPARE(row.rows(), 1);
        QCOMPARE(std::string(row.value(0, 0)), std::string("user123@example.com"));
        QCOMPARE(std::string(row.value(0, 1)), std::string("4"));
        QCOMPARE(std::string(row.value(0, 2)), std::string("61.5"));
        auto nulls = db.exec("SELECT visits FROM it." + table + " WHERE customer_id = 'X1'");
        QVERIFY(nulls.isNull(0, 0));
        db.exec("DROP TABLE it." + table);
    }

    void errorsCarrySqlStateAndNoPassword() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        postgres::Connection db(conninfo);
        try {
            db.exec("SELECT * FROM no_such_table_here");
            QFAIL("expected an error");
        } catch (const postgres::PgError& e) {
            QCOMPARE(e.sqlState(), std::string("42P01"));
        }
        std::string wrong = conninfo;
        const auto at = wrong.find("password=");
        QVERIFY(at != std::string::npos);
        wrong.replace(at, wrong.find(' ', at) - at, "password=not-the-password");
        try {
            postgres::Connection bad(wrong);
            QFAIL("expected an authentication error");
        } catch (const postgres::PgError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("password authentication failed") != std::string::npos, e.what());
            QVERIFY(what.find("not-the-password") == std::string::npos);
            QCOMPARE(e.sqlState(), std::string("28P01"));
        }
    }
};

QTEST_GUILESS_MAIN(PostgresRoundTripTest)
#include "test_postgres_roundtrip.moc"
