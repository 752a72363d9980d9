// localConfigs.sqlDdlHint against a real PostgreSQL: when the run creates the table (here
// dropAndCreate), the user's DDL makes it, with its own types, constraints and extra statements
// (an index); a hint whose table lacks a column the generator writes fails the run saying so.
#include <QtTest>

#include "engine/postgres/connection.h"
#include "engine/run/scenario_run.h"
#include "integration/cdc_test_support.h"
#include "unit/scenario_test_support.h"

using namespace riverdelta;
using namespace riverdelta::testing;

std::string hintedScenario(const std::string& table, const std::string& hint);

namespace {

run::RunStatus runOn(const generate::Program& program, const std::string& conninfo) {
    run::TargetOverrides overrides;
    overrides.postgres = run::PostgresTarget{conninfo, postgres::TablePolicy::DropAndCreate};
    run::RunOptions o;
    o.seed = 11;
    o.runId = uniqueName("ddl");
    run::ScenarioRun r(program, run::resolveTargets(program, overrides), o);
    r.start();
    if (!r.waitFinished(std::chrono::seconds(90))) r.stop();
    return r.status();
}

}  // namespace

class SqlDdlHintTest : public QObject {
    Q_OBJECT
  private slots:
    void theHintCreatesTheTable() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        const std::string table = lowerUnique("hinted");
        const std::string hint = "CREATE TABLE " + table +
                                 " (id INTEGER PRIMARY KEY, name VARCHAR(8) NOT NULL, "
                                 "score NUMERIC(5,1) CHECK (score >= 0), note TEXT DEFAULT 'n/a');"
                                 " CREATE INDEX " +
                                 table + "_name ON " + table + " (name);";
        auto c = rdtest::compile(hintedScenario(table, hint));
        QVERIFY2(c.program, c.diagnostics.format().c_str());
        const auto st = runOn(*c.program, conninfo);
        QVERIFY2(st.state == run::RunState::Finished, st.error.c_str());
        QCOMPARE(st.streams[0].acknowledged, std::uint64_t(20));

        postgres::Connection pg(conninfo);
        const std::optional<std::string> params[] = {table};
        auto cols = pg.exec(
            "SELECT column_name, data_type, coalesce(numeric_precision::text, ''), "
            "coalesce(numeric_scale::text, ''), is_nullable, coalesce(column_default, '') "
            "FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 "
            "ORDER BY ordinal_position",
            params);
        QCOMPARE(cols.rows(), 4);
        QCOMPARE(std::string(cols.value(0, 1)), std::string("integer"));  // not the inferred bigint
        QCOMPARE(std::string(cols.value(1, 1)), std::string("character varying"));  // not text
        QCOMPARE(std::string(cols.value(1, 4)), std::string("NO"));
        QCOMPARE(std::string(cols.value(2, 1)), std::string("numeric"));
        QCOMPARE(std::string(cols.value(2, 2)), std::string("5"));
        QCOMPARE(std::string(cols.value(2, 3)), std::string("1"));
        QCOMPARE(std::string(cols.value(3, 0)),
                 std::string("note"));  // a column the generator omits
        auto index = pg.exec(
            "SELECT count(*) FROM pg_indexes WHERE tablename = $1 AND "
            "indexname = $1 || '_name'",
            params);
        QCOMPARE(std::string(index.value(0, 0)), std::string("1"));
        auto rows =
            pg.exec("SELECT count(*), count(DISTINCT id), min(note), max(note) FROM " + table);
        QCOMPARE(std::string(rows.value(0, 0)), std::string("20"));
        QCOMPARE(std::string(rows.value(0, 1)), std::string("20"));
        QCOMPARE(std::string(rows.value(0, 2)), std::string("n/a"));  // the hint's default applied
        pg.exec("DROP TABLE " + table);
    }

    void aHintMissingAColumnFailsTheRun() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        const std::string table = lowerUnique("short");
        auto c = rdtest::compile(
            hintedScenario(table, "CREATE TABLE " + table + " (id INTEGER, name TEXT)"));
        QVERIFY2(c.program, c.diagnostics.format().c_str());
        const auto st = runOn(*c.program, conninfo);
        QCOMPARE(st.state, run::RunState::Failed);
        QVERIFY2(st.error.find("sqlDdlHint") != std::string::npos &&
                     st.error.find("no column \"score\"") != std::string::npos,
                 st.error.c_str());
        // Rolled back with the failed check: no half-made table is left behind.
        postgres::Connection pg(conninfo);
        const std::optional<std::string> params[] = {table};
        QCOMPARE(std::string(pg.exec("SELECT to_regclass($1) IS NULL", params).value(0, 0)),
                 std::string("t"));
    }
};

QTEST_GUILESS_MAIN(SqlDdlHintTest)
#include "test_sql_ddl_hint.moc"

// The scenario, defined after the test class: moc does not read raw strings.
std::string hintedScenario(const std::string& table, const std::string& hint) {
    return R"({"generators":[{"name":"accounts","table":")" + table + R"(",
        "row":{"id":{"_gen":"sequentialInteger","startingFrom":1},
               "name":{"_gen":"oneOf","choices":["ada","bo","cy"]},
               "score":{"_gen":"uniformDistribution","bounds":[0,100],"decimals":1}},
        "localConfigs":{"maxEvents":20,"sqlDdlHint":)" +
           nlohmann::json(hint).dump() + "}}]}";
}
