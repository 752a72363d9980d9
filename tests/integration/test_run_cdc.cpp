#include <QtTest>
#include <set>

#include "integration/cdc_test_support.h"
#include "support/run_process.h"

using namespace riverdelta;
using namespace riverdelta::testing;

namespace {

const QString kCli = QStringLiteral(RIVERDELTA_BINARY_DIR "/app/riverdelta-cli");

}  // namespace

// `riverdelta-cli run` captures the tables its scenario writes: the built-in seed stage's
// 1,000 customers and 30 hotels reach riverhotel-style topics as exactly one r/c event each.
class RunCdcTest : public QObject {
    Q_OBJECT
  private slots:
    void seedStageLandsInTheCdcTopicsExactly() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        const std::string database = lowerUnique("run_cdc");
        const std::string db = createDatabase(conninfo, database);
        const std::string prefix = lowerUnique("runcdc");
        QTemporaryDir dataDir;

        const auto run =
            runProcess(kCli,
                       {"run", "--stages", "1", "--postgres", QString::fromStdString(db), "--kafka",
                        QString::fromStdString(bootstrap), "--cdc-prefix",
                        QString::fromStdString(prefix), "--data-dir", dataDir.path()},
                       {.timeoutMs = 240000});
        const QString& out = run.out;
        const QString& err = run.err;
        QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
        QVERIFY2(out.contains(QString::fromStdString("CDC:        " + prefix + ".cdc.customer")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("cdc cdc.customer,cdc.hotel: Stopped")) ||
                     out.contains(QStringLiteral("cdc cdc.hotel,cdc.customer: Stopped")),
                 qPrintable(out));
        QVERIFY2(!err.contains(QStringLiteral("did not deliver")), qPrintable(err));

        const struct {
            const char* table;
            std::size_t rows;
        } expected[] = {{"customer", 1000}, {"hotel", 30}};
        postgres::Connection pg(db);
        for (const auto& e : expected) {
            const std::string topic = prefix + ".cdc." + e.table;
            // The whole topic: anything beyond the rows is a duplicate.
            const auto records = readWholeTopic(bootstrap, topic);
            QCOMPARE(records.size(), e.rows);
            std::set<std::string> keys;
            for (const auto& r : records) {
                QVERIFY(!r.tombstone);
                const std::string op = r.value["op"].get<std::string>();
                QVERIFY2(op == "r" || op == "c", op.c_str());
                QCOMPARE(r.value["source"]["table"].get<std::string>(), std::string(e.table));
                keys.insert(r.key);
            }
            QCOMPARE(keys.size(), e.rows);
            const auto count = pg.exec(std::string("SELECT count(*) FROM cdc.") + e.table);
            QCOMPARE(std::stoul(std::string(count.value(0, 0))), e.rows);
        }
        dropDatabase(conninfo, database);
    }
};

QTEST_GUILESS_MAIN(RunCdcTest)
#include "test_run_cdc.moc"
