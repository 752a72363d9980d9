// Table maintenance against the reference readers: 500 small commits (with a schema change
// half way), then compaction, vacuum and log cleanup; delta-rs, pyarrow and DuckDB read the same
// rows before and after (check_delta.py also checks every file's add stats, so the merged stats
// of compacted files), time travel to version N-1 still reads after a vacuum within retention,
// the file count drops to one file per schema, an orphan of an interrupted writer is counted and
// vacuumed, and after log cleanup the table reads from its checkpoint. The CLI runs the same
// steps by hand (lake optimize|vacuum|history|status).
#include <QtTest>
#include <filesystem>

#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/table_writer.h"
#include "engine/lake/maintenance/compactor.h"
#include "engine/lake/maintenance/log_cleanup.h"
#include "engine/lake/maintenance/rewrite_commit.h"
#include "engine/lake/maintenance/table_files.h"
#include "engine/lake/maintenance/vacuum.h"
#include "engine/lake/storage/local_object_store.h"
#include "lake/python_check.h"

using namespace riverdelta::lake;
using namespace riverdelta::lake::delta;
using namespace riverdelta::lake::maintenance;
using Json = nlohmann::json;
namespace rt = riverdelta::tests;

namespace {

const QString kCli = QStringLiteral(RIVERDELTA_BINARY_DIR "/app/riverdelta-cli");
constexpr std::int64_t kDay = 86'400'000;

TableSchema baseSchema() {
    return TableSchema({{"id", DeltaType::Long, false},
                        {"name", DeltaType::String, true},
                        {"amount", DeltaType::Double, true},
                        {"ts", DeltaType::Timestamp, true}});
}

AddFile writeBatch(TableWriter& t, std::int64_t from, std::int64_t n, Json& expected) {
    auto f = t.newDataFile();
    const auto& fields = f->schema().fields();
    for (std::int64_t id = from; id < from + n; ++id) {
        Json row;
        for (std::size_t c = 0; c < fields.size(); ++c) {
            const auto& name = fields[c].name;
            auto& col = f->column(c);
            if (name == "id") {
                col.appendInt64(id);
                row[name] = id;
            } else if (name == "name") {
                if (id % 10 == 3) {
                    col.appendNull();
                    row[name] = nullptr;
                } else {
                    const std::string v = "guest-" + std::to_string(id % 89);
                    col.appendBytes(v);
                    row[name] = v;
                }
            } else if (name == "amount") {
                const double v = static_cast<double>(id % 500) * 0.75 - 100;
                col.appendDouble(v);
                row[name] = v;
            } else if (name == "ts") {
                const std::int64_t v = 1'714'000'000'000'000 + id * 2'000'321;
                col.appendInt64(v);
                row[name] = v;
            } else if (name == "extra") {
                const std::string v = "e" + std::to_string(id % 3);
                col.appendBytes(v);
                row[name] = v;
            }
        }
        f->endRows();
        expected.push_back(row);
    }
    return f->finish();
}

Json names(const TableSchema& s) {
    Json out = Json::array();
    for (const auto& f : s.fields())
        out.push_back(f.name);
    return out;
}

}  // namespace

class TestLakeMaintenance : public QObject {
    Q_OBJECT
  private slots:
    void fiveHundredCommitsCompactVacuumAndCleanUp() {
        RD_REQUIRE_PYTHON();
        const QString dir = rt::freshArtifactDir("lake_maintenance");
        const std::string tableDir = dir.toStdString() + "/bookings";
        storage::LocalObjectStore store(tableDir);
        TableWriter table(store, "", TableWriterOptions{.tableName = "bookings"});
        QCOMPARE(table.ensureSchema(baseSchema()), 0);

        Json rows = Json::array();
        std::int64_t offsets[2] = {-1, -1};
        std::int64_t nextId = 0;
        std::vector<std::int64_t> rowsAtVersion{0};  // rows visible at each version
        for (int commit = 0; commit < 500; ++commit) {
            if (commit == 250) {
                auto fields = baseSchema().fields();
                fields.push_back({"extra", DeltaType::String, true});
                QCOMPARE(table.ensureSchema(TableSchema(fields)), 251);
                rowsAtVersion.push_back(nextId);
            }
            const int partition = commit % 2;
            const std::int64_t n = 3 + commit % 5;
            const AddFile add = writeBatch(table, nextId, n, rows);
            nextId += n;
            offsets[partition] += n;
            const Txn txn{"riverdelta-bookings-" + std::to_string(partition), offsets[partition]};
            const auto r = table.commit({&add, 1}, {&txn, 1});
            QCOMPARE(r.status, CommitStatus::Committed);
            rowsAtVersion.push_back(nextId);
        }
        QCOMPARE(table.version(), 501);
        for (auto& r : rows)
            if (!r.contains("extra")) r["extra"] = nullptr;
        Json expected{
            {"version", 501},
            {"rows", rows},
            {"key", "id"},
            {"columns", names(table.schema())},
            {"protocol", {1, 2}},
            {"timestamp_columns", {"ts"}},
            {"txns",
             {{"riverdelta-bookings-0", offsets[0]}, {"riverdelta-bookings-1", offsets[1]}}}};
        rt::writeJsonFile(dir + "/before.json", expected);
        auto run = rt::runPythonCheck("check_delta.py",
                                      {QString::fromStdString(tableDir), dir + "/before.json"});
        RD_VERIFY_PYTHON_RUN(run);
        QCOMPARE(Json::parse(run.out.toStdString())["files"].get<int>(), 500);

        // A writer killed between writing its data file and committing it leaves an orphan.
        Json lost = Json::array();
        const AddFile orphan = writeBatch(table, 9'000'000, 4, lost);

        // Compaction: the files before the schema change and those after cannot share a
        // file, so 500 → 2.
        Compactor compactor(store, "");
        const auto c = compactor.run();
        QVERIFY2(c.abandoned.empty(), c.abandoned.c_str());
        QCOMPARE(c.version.value_or(-1), 502);
        QCOMPARE(c.filesBefore, 500);
        QCOMPARE(c.filesRemoved, 500);
        QCOMPARE(c.filesAdded, 2);
        QCOMPARE(c.filesAfter, 2);
        expected["version"] = 502;
        rt::writeJsonFile(dir + "/after.json", expected);
        run = rt::runPythonCheck("check_delta.py",
                                 {QString::fromStdString(tableDir), dir + "/after.json"});
        RD_VERIFY_PYTHON_RUN(run);
        QCOMPARE(Json::parse(run.out.toStdString())["files"].get<int>(), 2);

        // VACUUM within retention deletes nothing a retained version needs.
        const auto keep = vacuumTable(store, "", nowMillis(), std::nullopt, false);
        QCOMPARE(keep.filesDeleted, 0);
        QCOMPARE(keep.plan.orphans, 1);
        QCOMPARE(keep.plan.keptRecent, 501);
        const Json travel{{"key", "id"},
                          {"rows", rows},
                          {"checks",
                           {{{"version", 501}, {"count", rowsAtVersion[501]}, {"files", 500}},
                            {{"version", 100}, {"count", rowsAtVersion[100]}, {"files", 100}},
                            {{"version", 502}, {"count", rowsAtVersion[501]}, {"files", 2}}}}};
        rt::writeJsonFile(dir + "/travel.json", travel);
        run = rt::runPythonCheck("check_time_travel.py",
                                 {QString::fromStdString(tableDir), dir + "/travel.json"});
        RD_VERIFY_PYTHON_RUN(run);

        // lake status counts the orphan; lake history shows the OPTIMIZE commit.
        auto status = riverdelta::testing::runProcess(kCli, {"lake", "status", dir});
        QVERIFY2(status.exitCode == 0, qPrintable(status.all()));
        QVERIFY2(status.out.contains(QRegularExpression(R"(bookings\s+502\s+\d+\s+2\s+\d+\s+1\s)")),
                 qPrintable(status.out));
        auto history = riverdelta::testing::runProcess(
            kCli, {"lake", "history", QString::fromStdString(tableDir), "-n", "2"});
        QVERIFY2(history.exitCode == 0, qPrintable(history.all()));
        QVERIFY2(history.out.contains(
                     QRegularExpression(R"(502\s+\S+ \S+\s+OPTIMIZE\s+.*numRemovedFiles=500)")),
                 qPrintable(history.out));
        QVERIFY2(history.out.contains("STREAMING UPDATE"), qPrintable(history.out));
        auto dry = riverdelta::testing::runProcess(
            kCli, {"lake", "vacuum", QString::fromStdString(tableDir), "--dry-run"});
        QVERIFY2(dry.exitCode == 0, qPrintable(dry.all()));
        QVERIFY2(dry.out.contains("would delete 0 data files"), qPrintable(dry.out));

        // Eight days later (past the 7-day default): the 500 compacted files and the orphan go.
        const auto later = vacuumTable(store, "", nowMillis() + 8 * kDay, std::nullopt, false);
        QCOMPARE(later.filesDeleted, 501);
        QVERIFY(!std::filesystem::exists(tableDir + "/" + orphan.path));
        QCOMPARE(listDataObjects(store, "").size(), 2u);
        run = rt::runPythonCheck("check_delta.py",
                                 {QString::fromStdString(tableDir), dir + "/after.json"});
        RD_VERIFY_PYTHON_RUN(run);

        // Thirty-one days later the log goes up to the newest checkpoint (500); the table reads
        // from it in delta-rs (latest and time travel to the retained 501), and in our replay.
        const auto logs = cleanUpLog(store, "", nowMillis() + 31 * kDay, std::nullopt, false);
        QCOMPARE(logs.plan.checkpoint.value_or(-1), 500);
        QCOMPARE(logs.filesDeleted, 500 + 49);  // commits 0..499, checkpoints 10..490
        QVERIFY(!std::filesystem::exists(tableDir + "/_delta_log/00000000000000000000.json"));
        const Snapshot fromCheckpoint = DeltaLog(store, "").load();
        QCOMPARE(fromCheckpoint.version, 502);
        QCOMPARE(fromCheckpoint.checkpointVersion.value_or(-1), 500);
        QCOMPARE(fromCheckpoint.files.size(), 2u);
        QCOMPARE(fromCheckpoint.txnVersion("riverdelta-bookings-0").value_or(-1), offsets[0]);
        run = rt::runPythonCheck("check_delta.py",
                                 {QString::fromStdString(tableDir), dir + "/after.json"});
        RD_VERIFY_PYTHON_RUN(run);
        const Json latestOnly{
            {"key", "id"},
            {"rows", rows},
            {"checks", {{{"version", 502}, {"count", rowsAtVersion[501]}, {"files", 2}}}}};
        rt::writeJsonFile(dir + "/latest.json", latestOnly);
        run = rt::runPythonCheck("check_time_travel.py",
                                 {QString::fromStdString(tableDir), dir + "/latest.json"});
        RD_VERIFY_PYTHON_RUN(run);

        // And the writer carries on appending after all that.
        Json more = Json::array();
        const AddFile add = writeBatch(table, nextId, 5, more);
        const Txn txn{"riverdelta-bookings-0", offsets[0] + 5};
        auto r = table.commit({&add, 1}, {&txn, 1});
        QCOMPARE(r.status, CommitStatus::Conflict);  // its snapshot predates the compaction
        QCOMPARE(table.commit({&add, 1}, {&txn, 1}).version, 503);
        QCOMPARE(DeltaLog(store, "").load().files.size(), 3u);
    }

    void cliOptimizeAndVacuumByHand() {
        const QString dir = rt::freshArtifactDir("lake_maintenance_cli");
        const std::string tableDir = dir.toStdString() + "/clicks";
        {
            storage::LocalObjectStore store(tableDir);
            TableWriter table(store, "");
            table.ensureSchema(baseSchema());
            Json rows = Json::array();
            for (int i = 0; i < 12; ++i) {
                const AddFile add = writeBatch(table, i * 10, 10, rows);
                QCOMPARE(table.commit({&add, 1}, {}).status, CommitStatus::Committed);
            }
        }
        const QString t = QString::fromStdString(tableDir);
        auto dry = riverdelta::testing::runProcess(kCli, {"lake", "optimize", t, "--dry-run"});
        QVERIFY2(dry.exitCode == 0, qPrintable(dry.all()));
        QVERIFY2(dry.out.contains("would compact 12 files"), qPrintable(dry.out));
        auto opt = riverdelta::testing::runProcess(kCli, {"lake", "optimize", t});
        QVERIFY2(opt.exitCode == 0, qPrintable(opt.all()));
        QVERIFY2(opt.out.contains("compacted 12 files into 1"), qPrintable(opt.out));
        QVERIFY2(opt.out.contains("12 → 1 files"), qPrintable(opt.out));
        auto status = riverdelta::testing::runProcess(kCli, {"lake", "status", t});
        QVERIFY2(status.exitCode == 0, qPrintable(status.all()));
        QVERIFY2(status.out.contains("last maintenance") && status.out.contains("12 → 1 files"),
                 qPrintable(status.out));
        auto vac = riverdelta::testing::runProcess(kCli, {"lake", "vacuum", t});
        QVERIFY2(vac.exitCode == 0, qPrintable(vac.all()));
        QVERIFY2(vac.out.contains("deleted 0 data files"), qPrintable(vac.out));

        // Bad input: a clear error and exit 2.
        auto shortRetention = riverdelta::testing::runProcess(
            kCli, {"lake", "vacuum", t, "--retention", "5 minutes"});
        QCOMPARE(shortRetention.exitCode, 2);
        QVERIFY2(shortRetention.err.contains("at least 1 hour"), qPrintable(shortRetention.all()));
        auto badRetention =
            riverdelta::testing::runProcess(kCli, {"lake", "vacuum", t, "--retention", "soon"});
        QCOMPARE(badRetention.exitCode, 2);
        QVERIFY2(badRetention.err.contains("'soon'"), qPrintable(badRetention.all()));
        auto notTable = riverdelta::testing::runProcess(kCli, {"lake", "optimize", dir});
        QCOMPARE(notTable.exitCode, 2);
        QVERIFY2(notTable.err.contains("not a Delta table"), qPrintable(notTable.all()));
        auto misplaced = riverdelta::testing::runProcess(kCli, {"lake", "history", t, "--dry-run"});
        QCOMPARE(misplaced.exitCode, 2);
        auto unknown = riverdelta::testing::runProcess(kCli, {"lake", "shrink", t});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("unknown lake command 'shrink'"), qPrintable(unknown.all()));
    }
};

QTEST_GUILESS_MAIN(TestLakeMaintenance)
#include "test_lake_maintenance.moc"
