// Unit tests for the Delta log: action JSON, replay, put-if-absent conflicts, checkpoints,
// schema evolution and the table writer, on a temporary local directory.
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <filesystem>
#include <thread>

#include "engine/lake/delta/checkpoint.h"
#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/file_stats.h"
#include "engine/lake/delta/table_writer.h"
#include "engine/lake/storage/local_object_store.h"

using namespace riverdelta::lake;
using namespace riverdelta::lake::delta;
using Json = nlohmann::json;

namespace {

AddFile addFile(std::string path, std::int64_t size) {
    AddFile a;
    a.path = std::move(path);
    a.size = size;
    return a;
}

RemoveFile removeFile(std::string path, std::optional<std::int64_t> deletionTimestamp = {}) {
    RemoveFile r;
    r.path = std::move(path);
    r.deletionTimestamp = deletionTimestamp;
    return r;
}

TableSchema clickSchema() {
    return TableSchema({{"id", DeltaType::Long, false},
                        {"name", DeltaType::String},
                        {"ts", DeltaType::Timestamp}});
}

AddFile writeRows(TableWriter& t, std::int64_t from, std::int64_t count) {
    auto f = t.newDataFile();
    for (std::int64_t i = from; i < from + count; ++i) {
        f->column(0).appendInt64(i);
        f->column(1).appendBytes("n" + std::to_string(i % 7));
        f->column(2).appendInt64(1'700'000'000'000'000 + i * 1'500);
        for (std::size_t c = 3; c < f->schema().fields().size(); ++c)
            f->column(c).appendNull();
        f->endRows();
    }
    return f->finish();
}

}  // namespace

class TestDeltaLog : public QObject {
    Q_OBJECT
  private slots:
    void actionsRoundTrip() {
        Metadata m;
        m.id = "a1b2";
        m.schemaString = clickSchema().toSchemaString();
        m.createdTime = 123;
        AddFile a;
        a.path = "part-1.parquet";
        a.size = 10;
        a.modificationTime = 5;
        a.stats = R"({"numRecords":1})";
        const std::vector<Action> actions{protocolFor(false), m, a, Txn{"app-0", 7, 9},
                                          removeFile("old.parquet", 3)};
        const std::string text = serializeCommit(actions);
        QCOMPARE(std::count(text.begin(), text.end(), '\n'), 5);
        const Json first = Json::parse(text.substr(0, text.find('\n')));
        QCOMPARE(first["protocol"]["minReaderVersion"].get<int>(), 1);
        QCOMPARE(first["protocol"]["minWriterVersion"].get<int>(), 2);
        const auto back = parseCommit(text + "{\"cdc\":{\"path\":\"x\"}}\n");
        QCOMPARE(back.size(), std::size_t{5});  // unknown action skipped
        QCOMPARE(std::get<Metadata>(back[1]).schemaString, m.schemaString);
        QCOMPARE(std::get<AddFile>(back[2]).stats.value(), *a.stats);
        QCOMPARE(std::get<Txn>(back[3]).version, 7);
        QCOMPARE(std::get<RemoveFile>(back[4]).deletionTimestamp.value(), 3);
        const Json metaJson = toJson(m)["metaData"];
        QVERIFY(metaJson["format"]["options"].is_object());
        QVERIFY(metaJson["configuration"].is_object());

        const Protocol ntz = protocolFor(true);
        QCOMPARE(ntz.minReaderVersion, 3);
        QCOMPARE(ntz.minWriterVersion, 7);
        QVERIFY(protocolSupports(ntz, "timestampNtz"));
    }

    void schemaStringAndMerge() {
        const TableSchema s = clickSchema();
        const Json j = Json::parse(s.toSchemaString());
        QCOMPARE(j["type"].get<std::string>(), std::string("struct"));
        QCOMPARE(j["fields"][2]["type"].get<std::string>(), std::string("timestamp"));
        QCOMPARE(j["fields"][0]["nullable"].get<bool>(), false);
        QVERIFY(j["fields"][0]["metadata"].is_object());
        QVERIFY(TableSchema::fromSchemaString(s.toSchemaString()) == s);

        TableSchema wider({{"id", DeltaType::Long, false},
                           {"name", DeltaType::String},
                           {"ts", DeltaType::Timestamp},
                           {"extra", DeltaType::Double, false}});
        const auto merged = mergeSchema(s, wider);
        QVERIFY(merged.changed);
        QCOMPARE(merged.merged.fields().size(), std::size_t{4});
        QVERIFY(merged.merged.fields()[3].nullable);  // new columns are nullable

        // A nullable column missing from the source is fine; the same schema is unchanged.
        QVERIFY(!mergeSchema(s, TableSchema({{"id", DeltaType::Long, false}})).changed);
        QVERIFY_THROWS_EXCEPTION(SchemaIncompatibleError,
                                 mergeSchema(s, TableSchema({{"name", DeltaType::String}})));
        QVERIFY_THROWS_EXCEPTION(SchemaIncompatibleError,
                                 mergeSchema(s, TableSchema({{"id", DeltaType::String, false}})));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 TableSchema::fromSchemaString(R"({"type":"struct","fields":[
                                 {"name":"m","type":{"type":"map"},"nullable":true}]})"));
    }

    void statsFormatting() {
        QCOMPARE(formatTimestampMillis(0, false), std::string("1970-01-01T00:00:00.000Z"));
        QCOMPARE(formatTimestampMillis(1'500, false), std::string("1970-01-01T00:00:00.001Z"));
        QCOMPARE(formatTimestampMillis(1'500, true), std::string("1970-01-01T00:00:00.002Z"));
        QCOMPARE(formatTimestampMillis(-1, false), std::string("1969-12-31T23:59:59.999Z"));
        QCOMPARE(formatTimestampMillis(1'700'000'000'123'000, true),
                 std::string("2023-11-14T22:13:20.123Z"));
        QCOMPARE(formatDate(19'000), std::string("2022-01-08"));
    }

    void refusesUnsupportedProtocols() {
        checkWritable(protocolFor(false), nullptr);
        checkWritable(protocolFor(true), nullptr);
        Protocol dv = protocolFor(true);
        dv.readerFeatures->push_back("deletionVectors");
        QVERIFY_THROWS_EXCEPTION(UnsupportedTableError, checkWritable(dv, nullptr));
        Protocol columnMapping;
        columnMapping.minReaderVersion = 2;
        columnMapping.minWriterVersion = 5;
        QVERIFY_THROWS_EXCEPTION(UnsupportedTableError, checkWritable(columnMapping, nullptr));
        Protocol constraints;
        constraints.minWriterVersion = 3;
        QVERIFY_THROWS_EXCEPTION(UnsupportedTableError, checkWritable(constraints, nullptr));

        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        Metadata m;
        m.id = "x";
        m.schemaString = clickSchema().toSchemaString();
        const std::vector<Action> v0{columnMapping, m};
        QCOMPARE(DeltaLog(store, "").commit(0, v0), CommitStatus::Committed);
        TableWriter t(store, "");
        QVERIFY_THROWS_EXCEPTION(UnsupportedTableError, (void)t.newDataFile());
        QVERIFY_THROWS_EXCEPTION(UnsupportedTableError, t.ensureSchema(clickSchema()));
    }

    void putIfAbsentRace() {
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        std::atomic<int> created{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 8; ++i) {
            threads.emplace_back([&store, &created, i] {
                if (store.putIfAbsent("log/0001.json", "writer " + std::to_string(i)) ==
                    storage::PutResult::Created) {
                    ++created;
                }
            });
        }
        for (auto& t : threads)
            t.join();
        QCOMPARE(created.load(), 1);
        QVERIFY(store.read("log/0001.json")->starts_with("writer "));
        const auto listing = store.list("log/");
        QCOMPARE(listing.size(), std::size_t{1});  // no temporaries left behind
        QCOMPARE(store.writeNewFile("log/0001.json", "x"), storage::PutResult::AlreadyExists);
        store.overwrite("log/last", "1");
        store.overwrite("log/last", "2");
        QCOMPARE(*store.read("log/last"), std::string("2"));
        QVERIFY(!store.read("log/missing").has_value());
        QVERIFY(store.list("nothing/").empty());
    }

    void replayAndTxn() {
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        DeltaLog log(store, "t");
        QCOMPARE(log.load().version, -1);
        Metadata m;
        m.id = "id";
        m.schemaString = clickSchema().toSchemaString();
        const std::vector<Action> v0{protocolFor(false), m};
        QCOMPARE(log.commit(0, v0), CommitStatus::Committed);
        QCOMPARE(log.commit(0, v0), CommitStatus::Conflict);  // never overwritten
        const std::vector<Action> v1{addFile("a", 1), addFile("b", 2), Txn{"p0", 10}};
        QCOMPARE(log.commit(1, v1), CommitStatus::Committed);
        const std::vector<Action> v2{removeFile("a"), Txn{"p0", 20}, Txn{"p1", 5}};
        QCOMPARE(log.commit(2, v2), CommitStatus::Committed);
        QVERIFY(std::filesystem::exists(
            dir.filePath("t/_delta_log/00000000000000000002.json").toStdString()));
        Snapshot s = log.load();
        QCOMPARE(s.version, 2);
        QCOMPARE(s.files.size(), std::size_t{1});
        QVERIFY(s.files.contains("b"));
        QCOMPARE(s.txnVersion("p0").value(), 20);
        QCOMPARE(s.txnVersion("p1").value(), 5);
        QVERIFY(!s.txnVersion("p2").has_value());
        QCOMPARE(s.totalBytes(), 2);

        // Incremental update picks up a later commit.
        Snapshot older = s;
        const std::vector<Action> v3{Txn{"p1", 6}};
        QCOMPARE(log.commit(3, v3), CommitStatus::Committed);
        log.update(older);
        QCOMPARE(older.version, 3);
        QCOMPARE(older.txnVersion("p1").value(), 6);

        // A gap in the log is an error.
        QVERIFY(store.remove("t/_delta_log/00000000000000000001.json"));
        QVERIFY_THROWS_EXCEPTION(LogError, (void)log.load());
    }

    // Issue 19: a cut-off commit was read as a smaller table. Damage is named per version,
    // the commit is not applied, writers refuse the table until a commit resolves it.
    void damagedCommitsAreRecordedNotApplied() {
        QVERIFY(commitDamage("").value().find("0 bytes") != std::string::npos);
        QVERIFY(commitDamage("\n\n").has_value());
        QVERIFY(commitDamage("{\"add\": {\"path\": \"a\"").has_value());  // cut mid-line
        const std::string ours =
            "{\"commitInfo\":{\"engineInfo\":\"riverdelta/0.1.0\",\"operation\":"
            "\"STREAMING UPDATE\",\"operationMetrics\":{\"numFiles\":\"1\","
            "\"numOutputRows\":\"5\"}}}";
        const std::string add =
            "{\"add\":{\"path\":\"a\",\"size\":1,\"modificationTime\":0,\"dataChange\":"
            "true,\"partitionValues\":{},\"stats\":\"{\\\"numRecords\\\":5}\"}}";
        QVERIFY(!commitDamage(ours + "\n" + add + "\n").has_value());
        QVERIFY(commitDamage(ours + "\n").value().find("only a commitInfo") != std::string::npos);
        QVERIFY(commitDamage(ours + "\n" + add).value().find("newline") != std::string::npos);
        // A foreign writer's commit (Spark ends without a newline, may omit commitInfo) is whole.
        QVERIFY(!commitDamage(add).has_value());

        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        TableWriter table(store, "t");
        table.ensureSchema(clickSchema());
        const std::vector<Txn> txns{{"app-t-0", 9}};
        QCOMPARE(table.commit(std::vector<AddFile>{addFile("a", 1)}, txns).version, 1);
        store.overwrite("t/_delta_log/00000000000000000001.json", "");
        const Snapshot s = DeltaLog(store, "t").load();
        QCOMPARE(s.version, 1);
        QCOMPARE(s.files.size(), std::size_t(0));
        QCOMPARE(s.unresolvedDamage().size(), std::size_t(1));
        QCOMPARE(s.unresolvedDamage().front().version, 1);
        TableWriter reopened(store, "t");
        QVERIFY_THROWS_EXCEPTION(DamagedTableError,
                                 (void)reopened.commit(std::vector<AddFile>{}, txns));
        CommitInfo resolve;
        resolve.info = {{kResolvedDamageKey, {1}}, {"operation", "ACCEPT DAMAGE"}};
        QCOMPARE(DeltaLog(store, "t").commit(2, std::vector<Action>{resolve, Txn{"x", 1}}),
                 CommitStatus::Committed);
        QVERIFY(DeltaLog(store, "t").load().unresolvedDamage().empty());
    }

    void checkpointReplay() {
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        TableWriter t(store, "tbl");
        t.ensureSchema(clickSchema());
        for (int c = 0; c < 25; ++c) {
            const AddFile add = writeRows(t, c * 10, 10);
            const Txn txn{"app-0", c * 10 + 9};
            const auto r = t.commit({&add, 1}, {&txn, 1});
            QCOMPARE(r.status, CommitStatus::Committed);
            QVERIFY(!r.checkpointError);
        }
        QCOMPARE(t.version(), 25);
        QVERIFY(store.read("tbl/_delta_log/00000000000000000010.checkpoint.parquet"));
        const auto last = Json::parse(*store.read("tbl/_delta_log/_last_checkpoint"));
        QCOMPARE(last["version"].get<int>(), 20);
        QCOMPARE(last["size"].get<int>(), 2 + 1 + 20);  // protocol, metaData, txn, 20 adds

        // Drop the commits the checkpoint covers: replay must start from the checkpoint.
        for (int v = 0; v <= 20; ++v) {
            QVERIFY(store.remove(DeltaLog(store, "tbl").commitPath(v)));
        }
        const Snapshot s = DeltaLog(store, "tbl").load();
        QCOMPARE(s.version, 25);
        QCOMPARE(s.checkpointVersion.value(), 20);
        QCOMPARE(s.files.size(), std::size_t{25});
        QCOMPARE(s.numRecords(), 250);
        QCOMPARE(s.txnVersion("app-0").value(), 249);
        QVERIFY(TableSchema::fromSchemaString(s.metadata->schemaString) == clickSchema());
        QCOMPARE(s.protocol->minWriterVersion, 2);

        // The checkpoint's actions read back directly too.
        const auto actions =
            Checkpoint::read(*store.read("tbl/_delta_log/00000000000000000010.checkpoint.parquet"));
        QCOMPARE(actions.size(), std::size_t{13});
    }

    void tableWriterConflictAndEvolution() {
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        TableWriter a(store, "");
        QCOMPARE(a.ensureSchema(clickSchema()), 0);
        TableWriter b(store, "");
        QCOMPARE(b.version(), 0);

        const AddFile fa = writeRows(a, 0, 5);
        const AddFile fb = writeRows(b, 100, 5);
        const Txn ta{"a-0", 4};
        const Txn tb{"b-0", 104};
        QCOMPARE(a.commit({&fa, 1}, {&ta, 1}).status, CommitStatus::Committed);
        const auto rb = b.commit({&fb, 1}, {&tb, 1});
        QCOMPARE(rb.status, CommitStatus::Conflict);  // version 1 taken by a
        QCOMPARE(rb.version, 1);                      // b now sees a's commit
        QCOMPARE(b.txnVersion("a-0").value(), 4);
        QCOMPARE(b.commit({&fb, 1}, {&tb, 1}).status, CommitStatus::Committed);  // retry
        a.refresh();
        QCOMPARE(a.snapshot().files.size(), std::size_t{2});
        QCOMPARE(a.snapshot().numRecords(), 10);

        // Evolution: a new field → new metaData with the same id, nullable column.
        const std::string id = a.snapshot().metadata->id;
        TableSchema wider = clickSchema();
        auto fields = wider.fields();
        fields.push_back({"score", DeltaType::Double, false});
        const std::int64_t v = a.ensureSchema(TableSchema(fields));
        QCOMPARE(v, 3);
        QCOMPARE(a.snapshot().metadata->id, id);
        QCOMPARE(a.schema().fields().size(), std::size_t{4});
        QVERIFY(a.schema().fields()[3].nullable);
        QCOMPARE(a.ensureSchema(TableSchema(fields)), 3);  // idempotent

        // Incompatible: type change. The table is untouched.
        fields[1].type = DeltaType::Long;
        QVERIFY_THROWS_EXCEPTION(SchemaIncompatibleError, a.ensureSchema(TableSchema(fields)));
        QCOMPARE(DeltaLog(store, "").load().version, 3);

        // timestamp_ntz upgrades the protocol to table features.
        fields[1].type = DeltaType::String;
        fields.push_back({"local", DeltaType::TimestampNtz, true});
        QCOMPARE(a.ensureSchema(TableSchema(fields)), 4);
        const Protocol p = *DeltaLog(store, "").load().protocol;
        QCOMPARE(p.minReaderVersion, 3);
        QCOMPARE(p.minWriterVersion, 7);
        QVERIFY(protocolSupports(p, "timestampNtz"));

        // Stats JSON of a file.
        const AddFile f = writeRows(a, 0, 3);
        const Json stats = Json::parse(*f.stats);
        QCOMPARE(stats["numRecords"].get<int>(), 3);
        QCOMPARE(stats["minValues"]["id"].get<int>(), 0);
        QCOMPARE(stats["maxValues"]["id"].get<int>(), 2);
        QCOMPARE(stats["minValues"]["ts"].get<std::string>(),
                 std::string("2023-11-14T22:13:20.000Z"));
        QCOMPARE(stats["maxValues"]["ts"].get<std::string>(),
                 std::string("2023-11-14T22:13:20.003Z"));
        QCOMPARE(stats["nullCount"]["score"].get<int>(), 3);

        // Commit files: one JSON action per line, commitInfo first, never overwritten.
        const std::string v1 = *store.read("_delta_log/00000000000000000001.json");
        QVERIFY(v1.starts_with("{\"commitInfo\":"));
        QCOMPARE(std::count(v1.begin(), v1.end(), '\n'), 3);  // commitInfo, add, txn
        QVERIFY(!stats["minValues"].contains("score"));
    }
};

QTEST_APPLESS_MAIN(TestDeltaLog)
#include "test_delta_log.moc"
