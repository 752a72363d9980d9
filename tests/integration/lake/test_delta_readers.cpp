// Writes Delta tables with TableWriter and has delta-rs (deltalake), pyarrow and DuckDB check
// them (tests/integration/python/check_delta.py): version, every value, txn versions, add
// stats, schema evolution (incl. timestamp_ntz → protocol 3/7), loading from the checkpoint
// after the early JSON commits are gone, and a second concurrent writer losing cleanly.
#include <QtTest>
#include <atomic>
#include <thread>

#include "engine/lake/delta/table_writer.h"
#include "engine/lake/storage/local_object_store.h"
#include "lake/python_check.h"

using namespace riverdelta::lake;
using namespace riverdelta::lake::delta;
using Json = nlohmann::json;
namespace rt = riverdelta::tests;

namespace {

TableSchema baseSchema() {
    return TableSchema({{"id", DeltaType::Long, false},
                        {"name", DeltaType::String, true},
                        {"amount", DeltaType::Double, true},
                        {"qty", DeltaType::Integer, true},
                        {"ok", DeltaType::Boolean, true},
                        {"ts", DeltaType::Timestamp, true}});
}

// Writes rows [from, from + n) into one data file of the table's current schema; records the
// expected row values.
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
                    const std::string v = "customer-" + std::to_string(id % 97) + "-é";
                    col.appendBytes(v);
                    row[name] = v;
                }
            } else if (name == "amount") {
                const double v = static_cast<double>(id % 1000) * 1.25 - 300.5;
                col.appendDouble(v);
                row[name] = v;
            } else if (name == "qty") {
                if (id % 7 == 0) {
                    col.appendNull();
                    row[name] = nullptr;
                } else {
                    col.appendInt32(static_cast<std::int32_t>(id % 50 - 25));
                    row[name] = id % 50 - 25;
                }
            } else if (name == "ok") {
                col.appendBool(id % 2 == 0);
                row[name] = id % 2 == 0;
            } else if (name == "ts" || name == "local_ts") {
                const std::int64_t v = 1'714'000'000'000'000 + id * 1'000'123;
                col.appendInt64(v);
                row[name] = v;
            } else if (name == "extra") {
                const std::string v = "x" + std::to_string(id);
                col.appendBytes(v);
                row[name] = v;
            }
        }
        f->endRows();
        expected.push_back(row);
    }
    return f->finish();
}

void fillMissing(Json& rows, const TableSchema& schema) {
    for (auto& r : rows) {
        for (const auto& f : schema.fields()) {
            if (!r.contains(f.name)) r[f.name] = nullptr;
        }
    }
}

Json columnNames(const TableSchema& s) {
    Json names = Json::array();
    for (const auto& f : s.fields())
        names.push_back(f.name);
    return names;
}

}  // namespace

class TestDeltaReaders : public QObject {
    Q_OBJECT
  private slots:
    void deltaRsReadsTableAndCheckpoint() {
        RD_REQUIRE_PYTHON();
        const QString dir = rt::freshArtifactDir("lake_delta_readers");
        const std::string tableDir = dir.toStdString() + "/clicks";
        storage::LocalObjectStore store(tableDir);
        TableWriterOptions options;
        options.tableName = "clicks";
        TableWriter table(store, "", options);
        QCOMPARE(table.ensureSchema(baseSchema()), 0);

        Json rows = Json::array();
        std::int64_t offsets[2] = {-1, -1};
        std::int64_t nextId = 0;
        for (int commit = 0; commit < 27; ++commit) {
            if (commit == 12) {
                // Schema evolution: a string and a timestamp_ntz column appear in the source.
                auto fields = baseSchema().fields();
                fields.push_back({"extra", DeltaType::String, false});
                fields.push_back({"local_ts", DeltaType::TimestampNtz, true});
                QCOMPARE(table.ensureSchema(TableSchema(fields)), 13);
            }
            const int partition = commit % 2;
            const std::int64_t n = 40 + commit;
            const AddFile add = writeBatch(table, nextId, n, rows);
            nextId += n;
            offsets[partition] += n;
            const Txn txn{"riverdelta-clicks-" + std::to_string(partition), offsets[partition]};
            const auto r = table.commit({&add, 1}, {&txn, 1});
            QCOMPARE(r.status, CommitStatus::Committed);
            QVERIFY2(!r.checkpointError, r.checkpointError.value_or("").c_str());
        }
        QCOMPARE(table.version(), 28);
        fillMissing(rows, table.schema());

        const Json expected{
            {"version", 28},
            {"rows", rows},
            {"key", "id"},
            {"columns", columnNames(table.schema())},
            {"protocol", {3, 7}},
            {"timestamp_columns", {"ts", "local_ts"}},
            {"txns", {{"riverdelta-clicks-0", offsets[0]}, {"riverdelta-clicks-1", offsets[1]}}},
            {"checkpoint", {{"version", 20}}}};
        rt::writeJsonFile(dir + "/expected.json", expected);
        const auto run = rt::runPythonCheck(
            "check_delta.py", {QString::fromStdString(tableDir), dir + "/expected.json"});
        RD_VERIFY_PYTHON_RUN(run);
        const Json summary = Json::parse(run.out.toStdString());
        QCOMPARE(summary["version"].get<int>(), 28);
        QCOMPARE(summary["checkpoint_loaded"].get<int>(), 20);
        QCOMPARE(summary["files"].get<int>(), 27);

        // The other way round: our replay from a checkpoint that delta-rs wrote.
        const QString copy = dir + "/clicks-delta-rs-checkpoint";
        const auto cp =
            rt::runPythonCheck("delta_rs_checkpoint.py", {QString::fromStdString(tableDir), copy});
        RD_VERIFY_PYTHON_RUN(cp);
        storage::LocalObjectStore copyStore(copy.toStdString());
        const Snapshot fromTheirs = DeltaLog(copyStore, "").load();
        const Snapshot& ours = table.snapshot();
        QCOMPARE(fromTheirs.version, 28);
        QCOMPARE(fromTheirs.checkpointVersion.value_or(-1), 28);
        QCOMPARE(fromTheirs.files.size(), ours.files.size());
        QCOMPARE(fromTheirs.numRecords(), ours.numRecords());
        QCOMPARE(fromTheirs.txnVersion("riverdelta-clicks-0"),
                 ours.txnVersion("riverdelta-clicks-0"));
        QCOMPARE(fromTheirs.txnVersion("riverdelta-clicks-1"),
                 ours.txnVersion("riverdelta-clicks-1"));
        QVERIFY(TableSchema::fromSchemaString(fromTheirs.metadata->schemaString) == table.schema());
        QCOMPARE(fromTheirs.metadata->id, ours.metadata->id);
        QCOMPARE(fromTheirs.protocol->minWriterVersion, 7);
        // ... and we can keep appending to it.
        TableWriter more(copyStore, "");
        Json extraRows = Json::array();
        const AddFile add = writeBatch(more, 1'000'000, 5, extraRows);
        const Txn txn{"riverdelta-clicks-0", offsets[0] + 5};
        QCOMPARE(more.commit({&add, 1}, {&txn, 1}).status, CommitStatus::Committed);
        QCOMPARE(DeltaLog(copyStore, "").load().numRecords(), ours.numRecords() + 5);
    }

    void concurrentWriterLosesCleanly() {
        RD_REQUIRE_PYTHON();
        const QString dir = rt::freshArtifactDir("lake_delta_concurrent");
        const std::string tableDir = dir.toStdString() + "/table";
        {
            storage::LocalObjectStore store(tableDir);
            TableWriter creator(store, "");
            creator.ensureSchema(baseSchema());
        }
        // A stale second writer: its commit of version 1 must lose to the first writer's.
        Json rows = Json::array();
        {
            storage::LocalObjectStore s1(tableDir);
            storage::LocalObjectStore s2(tableDir);
            TableWriter w1(s1, "");
            TableWriter w2(s2, "");
            const AddFile a1 = writeBatch(w1, 0, 10, rows);
            Json lost = Json::array();
            const AddFile a2 = writeBatch(w2, 1'000'000, 10, lost);
            const Txn t1{"writer-1", 9};
            const Txn t2{"writer-1", 9};  // the same offsets, as a duplicate sync job would
            QCOMPARE(w1.commit({&a1, 1}, {&t1, 1}).status, CommitStatus::Committed);
            const auto r2 = w2.commit({&a2, 1}, {&t2, 1});
            QCOMPARE(r2.status, CommitStatus::Conflict);
            // The loser re-reads the log, sees its offsets are already committed and stops.
            QCOMPARE(w2.txnVersion("writer-1").value(), 9);
            QVERIFY(s2.remove(a2.path));  // its orphan data file is never referenced
        }

        // Two writers racing on every version: each retries after a conflict until it lands.
        std::atomic<int> conflicts{0};
        Json perWriter[2] = {Json::array(), Json::array()};
        auto worker = [&](int k) {
            storage::LocalObjectStore store(tableDir);
            TableWriter w(store, "");
            const std::string appId = "racer-" + std::to_string(k);
            for (int i = 0; i < 15; ++i) {
                const std::int64_t base = (k + 1) * 100'000 + i * 20;
                const AddFile add = writeBatch(w, base, 20, perWriter[k]);
                const Txn txn{appId, i * 20 + 19};
                while (w.commit({&add, 1}, {&txn, 1}).status == CommitStatus::Conflict) {
                    ++conflicts;
                    if (w.txnVersion(appId).value_or(-1) >= txn.version) break;
                }
            }
        };
        std::thread a(worker, 0);
        std::thread b(worker, 1);
        a.join();
        b.join();
        for (const auto& pw : perWriter) {
            for (const auto& r : pw)
                rows.push_back(r);
        }
        qInfo("commit conflicts resolved by retry: %d", conflicts.load());

        storage::LocalObjectStore store(tableDir);
        TableWriter reader(store, "");
        QCOMPARE(reader.version(), 1 + 30);  // writer-1 at 1, then 30 racing commits
        QCOMPARE(reader.snapshot().numRecords(), 10 + 600);
        const Json expected{{"version", 31},
                            {"rows", rows},
                            {"key", "id"},
                            {"columns", columnNames(baseSchema())},
                            {"protocol", {1, 2}},
                            {"timestamp_columns", {"ts"}},
                            {"txns", {{"writer-1", 9}, {"racer-0", 299}, {"racer-1", 299}}}};
        rt::writeJsonFile(dir + "/expected.json", expected);
        const auto run = rt::runPythonCheck(
            "check_delta.py", {QString::fromStdString(tableDir), dir + "/expected.json"});
        RD_VERIFY_PYTHON_RUN(run);
    }
};

QTEST_APPLESS_MAIN(TestDeltaReaders)
#include "test_delta_readers.moc"
