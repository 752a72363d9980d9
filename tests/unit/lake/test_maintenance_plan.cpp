// Unit tests for table maintenance: Thrift re-serialization, joining Parquet files by copying
// column chunks, stats merging, compaction bin-packing, vacuum / log cleanup / data retention
// decisions, table properties, and the compaction commit against a concurrent writer.
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <filesystem>
#include <numeric>
#include <random>
#include <thread>

#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/file_stats.h"
#include "engine/lake/delta/table_writer.h"
#include "engine/lake/maintenance/background_maintenance.h"
#include "engine/lake/maintenance/compaction_plan.h"
#include "engine/lake/maintenance/compactor.h"
#include "engine/lake/maintenance/data_retention.h"
#include "engine/lake/maintenance/log_cleanup.h"
#include "engine/lake/maintenance/rewrite_commit.h"
#include "engine/lake/maintenance/table_files.h"
#include "engine/lake/maintenance/table_maintainer.h"
#include "engine/lake/maintenance/table_properties.h"
#include "engine/lake/maintenance/vacuum.h"
#include "engine/lake/parquet/byte_source.h"
#include "engine/lake/parquet/file_concatenator.h"
#include "engine/lake/parquet/file_reader.h"
#include "engine/lake/parquet/file_writer.h"
#include "engine/lake/storage/local_object_store.h"

using namespace riverdelta::lake;
using namespace riverdelta::lake::maintenance;
using Json = nlohmann::json;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;

namespace {

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t kNow = 1'780'000'000'000;  // a fixed "now" (2026)

parquet::Schema smallSchema(bool withExtra = false) {
    std::vector<parquet::SchemaNode> fields{
        parquet::SchemaNode::int64("id"),
        parquet::SchemaNode::string("name"),
    };
    if (withExtra) fields.push_back(parquet::SchemaNode::string("extra"));
    return parquet::Schema(std::move(fields));
}

// A Parquet file with rows [from, from+n) in `rowGroups` row groups.
std::string parquetFile(std::int64_t from, std::int64_t n, int rowGroups, bool withExtra = false,
                        parquet::Compression codec = parquet::Compression::Snappy) {
    parquet::MemorySink sink;
    parquet::WriterOptions o;
    o.compression = codec;
    parquet::FileWriter w(smallSchema(withExtra), sink, o);
    const std::int64_t perGroup = (n + rowGroups - 1) / rowGroups;
    for (std::int64_t i = from; i < from + n; ++i) {
        w.column(0).appendInt64(i);
        if (i % 5 == 0)
            w.column(1).appendNull();
        else
            w.column(1).appendBytes("name-" + std::to_string(i % 13));
        if (withExtra) w.column(2).appendBytes("x");
        w.endRows();
        if ((i - from + 1) % perGroup == 0) w.flushRowGroup();
    }
    w.close();
    return sink.take();
}

delta::AddFile add(std::string path, std::int64_t size, std::int64_t modified = 0) {
    delta::AddFile a;
    a.path = std::move(path);
    a.size = size;
    a.modificationTime = modified;
    return a;
}

std::map<std::string, delta::AddFile> filesOf(std::initializer_list<delta::AddFile> adds) {
    std::map<std::string, delta::AddFile> m;
    for (const auto& a : adds)
        m[a.path] = a;
    return m;
}

storage::ObjectInfo object(std::string path, std::uint64_t size, std::int64_t modified) {
    return storage::ObjectInfo{std::move(path), size, modified};
}

std::string commitName(std::int64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%020lld.json", static_cast<long long>(v));
    return buf;
}

std::string checkpointName(std::int64_t v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%020lld.checkpoint.parquet", static_cast<long long>(v));
    return buf;
}

delta::TableSchema tableSchema() {
    return delta::TableSchema({{"id", delta::DeltaType::Long, false},
                               {"name", delta::DeltaType::String},
                               {"_kafka_timestamp", delta::DeltaType::Timestamp}});
}

delta::AddFile writeRows(delta::TableWriter& t, std::int64_t from, std::int64_t count,
                         std::int64_t tsMicros = 1'700'000'000'000'000) {
    auto f = t.newDataFile();
    for (std::int64_t i = from; i < from + count; ++i) {
        f->column(0).appendInt64(i);
        if (i % 4 == 0)
            f->column(1).appendNull();
        else
            f->column(1).appendBytes("n" + std::to_string(i % 7));
        f->column(2).appendInt64(tsMicros + i * 1'500);
        f->endRows();
    }
    return f->finish();
}

std::vector<std::int64_t> idsOfTable(storage::ObjectStore& store) {
    delta::DeltaLog log(store, "");
    const auto snap = log.load();
    std::vector<std::int64_t> ids;
    for (const auto& [path, a] : snap.files) {
        const auto bytes = store.read(path);
        if (!bytes) throw std::runtime_error("missing " + path);
        for (const auto& row : parquet::FileReader(*bytes).readRows())
            ids.push_back(row["id"].get<std::int64_t>());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

// Records every read of a whole Parquet file so memory tests can be exact.
class ReadRecordingSource final : public parquet::ByteSource {
  public:
    explicit ReadRecordingSource(std::string_view bytes) : bytes_(bytes) {}
    [[nodiscard]] std::uint64_t size() const override { return bytes_.size(); }
    std::string_view read(std::uint64_t offset, std::size_t length) override {
        if (offset + length > bytes_.size()) throw std::out_of_range("read past the end");
        reads.emplace_back(offset, length);
        // A copy, dropped at the next read: a view kept too long reads garbage, not the file.
        buffer_.assign(bytes_.substr(static_cast<std::size_t>(offset), length));
        return buffer_;
    }
    std::vector<std::pair<std::uint64_t, std::size_t>> reads;

  private:
    std::string_view bytes_;
    std::string buffer_;
};

// A LocalObjectStore that records how data files are read: whole (read) or in ranges.
class ReadRecordingStore final : public storage::ObjectStore {
  public:
    explicit ReadRecordingStore(std::filesystem::path root) : inner_(std::move(root)) {}

    std::vector<storage::ObjectInfo> list(std::string_view prefix) override {
        return inner_.list(prefix);
    }
    std::optional<std::string> read(std::string_view path) override {
        if (path.ends_with(".parquet") && path.find("_delta_log") == std::string_view::npos)
            wholeDataReads.emplace_back(path);
        return inner_.read(path);
    }
    std::optional<std::uint64_t> objectSize(std::string_view path) override {
        return inner_.objectSize(path);
    }
    void readRange(std::string_view path, std::uint64_t offset, std::size_t length,
                   std::string& into) override {
        largestRange = std::max(largestRange, length);
        rangeBytes[std::string(path)] += length;
        inner_.readRange(path, offset, length, into);
    }
    std::unique_ptr<storage::NewFile> createNewFile(std::string_view path) override {
        return inner_.createNewFile(path);
    }
    storage::PutResult putIfAbsent(std::string_view path, std::string_view bytes) override {
        return inner_.putIfAbsent(path, bytes);
    }
    void overwrite(std::string_view path, std::string_view bytes) override {
        inner_.overwrite(path, bytes);
    }
    bool remove(std::string_view path) override { return inner_.remove(path); }

    std::vector<std::string> wholeDataReads;
    std::map<std::string, std::uint64_t> rangeBytes;  // per data file
    std::size_t largestRange = 0;

  private:
    storage::LocalObjectStore inner_;
};

// `n` characters no codec shrinks much.
std::string noise(std::mt19937_64& rng, std::size_t n) {
    static constexpr char kChars[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";
    std::string s(n, ' ');
    for (auto& c : s)
        c = kChars[rng() & 63U];
    return s;
}

}  // namespace

class TestMaintenancePlan : public QObject {
    Q_OBJECT
  private slots:
    void thriftFooterRoundTripsByteForByte() {
        const std::string file = parquetFile(0, 100, 3);
        std::uint32_t len = 0;
        std::memcpy(&len, file.data() + file.size() - 8, 4);
        const std::string_view footer(file.data() + file.size() - 8 - len, len);
        parquet::CompactReader r(footer);
        const parquet::ThriftValue meta = r.readStruct();
        QCOMPARE(parquet::serializeStruct(meta), std::string(footer));
    }

    void concatenatedFileReadsAllRowsInOrder() {
        const std::string a = parquetFile(0, 100, 2);
        const std::string b = parquetFile(100, 7, 1, false, parquet::Compression::Zstd);
        const std::string c = parquetFile(107, 1000, 3);
        parquet::MemorySink sink;
        parquet::FileConcatenator out(sink, "riverdelta test");
        out.append(a);
        out.append(b);
        out.append(c);
        QCOMPARE(out.numRows(), 1107);
        QCOMPARE(out.numRowGroups(), 6u);
        out.close();
        const std::string joined = sink.take();
        parquet::FileReader reader(joined);
        QCOMPARE(reader.numRows(), 1107);
        QCOMPARE(reader.numRowGroups(), 6u);
        const auto rows = reader.readRows();
        QCOMPARE(rows.size(), 1107u);
        for (std::int64_t i = 0; i < 1107; ++i) {
            QCOMPARE(rows[i]["id"].get<std::int64_t>(), i);
            if (i % 5 == 0)
                QVERIFY(rows[i]["name"].is_null());
            else
                QCOMPARE(rows[i]["name"].get<std::string>(), "name-" + std::to_string(i % 13));
        }
        // Every input was written by the same writer: its created_by is kept.
        QCOMPARE(reader.createdBy(), parquet::FileReader(a).createdBy());
        // Row-group statistics travel with the chunks.
        QCOMPARE(reader.rowGroup(0).columns[1].nullCount.value_or(-1),
                 parquet::FileReader(a).rowGroup(0).columns[1].nullCount.value_or(-2));
    }

    void concatenatorRefusesAnotherSchema() {
        parquet::MemorySink sink;
        parquet::FileConcatenator out(sink, "riverdelta test");
        out.append(parquetFile(0, 10, 1));
        const auto before = sink.position();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, out.append(parquetFile(10, 10, 1, true)));
        QCOMPARE(sink.position(), before);  // nothing of the refused file was written
        QVERIFY(parquet::summarizeFooter(parquetFile(0, 1, 1)).schemaKey !=
                parquet::summarizeFooter(parquetFile(0, 1, 1, true)).schemaKey);
        QCOMPARE(parquet::summarizeFooter(parquetFile(0, 30, 3)).numRowGroups, 3u);
    }

    void mergedStatsAreTrueBounds() {
        const std::vector<std::optional<std::string>> stats{
            R"({"numRecords":3,"minValues":{"id":5,"s":"b","t":"2024-01-02T00:00:00.000Z","d":1.5},
               "maxValues":{"id":9,"s":"k","t":"2024-01-03T00:00:00.000Z","d":2.5},
               "nullCount":{"id":0,"s":0,"t":0,"d":1,"n":3}})",
            R"({"numRecords":2,"minValues":{"id":1,"s":"a","t":"2024-01-05T00:00:00.000Z","d":-1},
               "maxValues":{"id":4,"t":"2024-01-06T00:00:00.000Z","d":0.5},
               "nullCount":{"id":0,"s":0,"t":1,"d":0,"n":2}})",
        };
        const auto merged = delta::mergeFileStatsJson(stats);
        QVERIFY(merged);
        const Json j = Json::parse(*merged);
        QCOMPARE(j["numRecords"].get<int>(), 5);
        QCOMPARE(j["minValues"]["id"].get<int>(), 1);
        QCOMPARE(j["maxValues"]["id"].get<int>(), 9);
        QCOMPARE(j["minValues"]["s"].get<std::string>(), "a");
        // The second file has string values but no max (cut): no max is a true bound.
        QVERIFY(!j["maxValues"].contains("s"));
        QCOMPARE(j["minValues"]["t"].get<std::string>(), "2024-01-02T00:00:00.000Z");
        QCOMPARE(j["maxValues"]["t"].get<std::string>(), "2024-01-06T00:00:00.000Z");
        QCOMPARE(j["minValues"]["d"].get<double>(), -1.0);
        QCOMPARE(j["maxValues"]["d"].get<double>(), 2.5);
        QCOMPARE(j["nullCount"]["t"].get<int>(), 1);
        QCOMPARE(j["nullCount"]["n"].get<int>(), 5);
        QVERIFY(!j["minValues"].contains("n"));  // all null everywhere

        // An all-null file does not hide the other files' bounds.
        const std::vector<std::optional<std::string>> withAllNull{
            R"({"numRecords":2,"minValues":{"x":3},"maxValues":{"x":4},"nullCount":{"x":0}})",
            R"({"numRecords":2,"minValues":{},"maxValues":{},"nullCount":{"x":2}})"};
        const Json k = Json::parse(*delta::mergeFileStatsJson(withAllNull));
        QCOMPARE(k["minValues"]["x"].get<int>(), 3);
        QCOMPARE(k["maxValues"]["x"].get<int>(), 4);
        QCOMPARE(k["nullCount"]["x"].get<int>(), 2);
        // A file without stats: nothing can be said.
        const std::vector<std::optional<std::string>> missing{withAllNull[0], std::nullopt};
        QVERIFY(!delta::mergeFileStatsJson(missing));
    }

    void compactionBinPacking() {
        CompactionOptions o;
        o.targetFileSize = 100;
        // Oldest first by modificationTime; 120 is big enough to stay; the lone last file of a
        // partition is not rewritten.
        auto files = filesOf({add("a", 40, 5), add("b", 40, 1), add("c", 30, 3), add("d", 120, 2),
                              add("e", 60, 4), add("f", 10, 6)});
        auto bins = planCompaction(files, o);
        QCOMPARE(bins.size(), 2u);
        QCOMPARE(bins[0].paths, (std::vector<std::string>{"b", "c"}));  // 40+30, +60 > 100
        QCOMPARE(bins[0].bytes, 70);
        QCOMPARE(bins[1].paths, (std::vector<std::string>{"e", "a"}));  // 60+40, +10 > 100
        QCOMPARE(countSmallFiles(files, o), 5u);

        // Files of different partitions never share a bin.
        auto p1 = add("p1", 10, 1);
        p1.partitionValues["day"] = "1";
        auto p2 = add("p2", 10, 2);
        p2.partitionValues["day"] = "2";
        auto p3 = add("p3", 10, 3);
        p3.partitionValues["day"] = "1";
        bins = planCompaction(filesOf({p1, p2, p3}), o);
        QCOMPARE(bins.size(), 1u);
        QCOMPARE(bins[0].paths, (std::vector<std::string>{"p1", "p3"}));

        // 500 files of 1 unit with a target of 128: four bins of 128 and one of 116.
        std::map<std::string, delta::AddFile> many;
        for (int i = 0; i < 500; ++i) {
            const std::string p = "f" + std::to_string(1000 + i);
            many[p] = add(p, 1, i);
        }
        o.targetFileSize = 128;
        bins = planCompaction(many, o);
        QCOMPARE(bins.size(), 4u);
        QCOMPARE(bins[0].paths.size(), 128u);
        QCOMPARE(bins[3].paths.size(), 116u);
        o.minFilesPerBin = 200;
        QVERIFY(planCompaction(many, o).empty());
    }

    void vacuumDecisions() {
        delta::Snapshot s;
        s.version = 5;
        s.files["live.parquet"] = add("live.parquet", 10);
        s.files["with%20space.parquet"] = add("with%20space.parquet", 10);
        delta::RemoveFile recent;
        recent.path = "removed-recent.parquet";
        recent.deletionTimestamp = kNow - 2 * kDay;
        s.tombstones[recent.path] = recent;
        delta::RemoveFile old;
        old.path = "removed-old.parquet";
        old.deletionTimestamp = kNow - 8 * kDay;
        s.tombstones[old.path] = old;
        const std::vector<storage::ObjectInfo> objects{
            object("live.parquet", 10, kNow - 30 * kDay),
            object("with space.parquet", 10, kNow - 30 * kDay),
            object("removed-recent.parquet", 11, kNow - 30 * kDay),  // old file, recent remove
            object("removed-old.parquet", 12, kNow - 9 * kDay),
            object("orphan-old.parquet", 13, kNow - 8 * kDay),
            object("orphan-young.parquet", 14, kNow - 1000),
        };
        const auto plan = planVacuum(s, objects, kNow, days(7));
        QCOMPARE(plan.cutoffMs, kNow - 7 * kDay);
        QCOMPARE(plan.remove.size(), 2u);
        QCOMPARE(plan.remove[0].path, std::string("removed-old.parquet"));
        QCOMPARE(plan.remove[0].kind, UnreferencedKind::Removed);
        QCOMPARE(plan.remove[1].path, std::string("orphan-old.parquet"));
        QCOMPARE(plan.remove[1].kind, UnreferencedKind::Orphan);
        QCOMPARE(plan.bytes, 25);
        QCOMPARE(plan.keptRecent, 2);
        QCOMPARE(plan.orphans, 2);
        QCOMPARE(plan.orphanBytes, 27);
        // A zero retention takes everything unreferenced, still never a live file.
        QCOMPARE(planVacuum(s, objects, kNow, milliseconds(0)).remove.size(), 4u);
    }

    void logCleanupDecisions() {
        // Versions 0..25, one per hour ending now; checkpoints at 10 and 20.
        std::vector<storage::ObjectInfo> log;
        for (int v = 0; v <= 25; ++v) {
            log.push_back(object(commitName(v), 100, kNow - (25 - v) * 3'600'000LL));
            if (v == 10 || v == 20)
                log.push_back(object(checkpointName(v), 100, kNow - (25 - v) * 3'600'000LL));
        }
        log.push_back(object("_last_checkpoint", 10, kNow));
        std::sort(log.begin(), log.end(), [](auto& a, auto& b) { return a.path < b.path; });

        // Retention 12 h: versions 0..12 are expired (v12 is 13 h old); anchor = checkpoint 10.
        auto plan = planLogCleanup(log, kNow, hours(12) + milliseconds(1));
        QCOMPARE(plan.checkpoint.value_or(-1), 10);
        QCOMPARE(plan.remove.size(), 10u);
        QCOMPARE(plan.remove.front(), commitName(0));
        QCOMPARE(plan.remove.back(), commitName(9));

        // Everything expired: the anchor is the newest checkpoint (20); checkpoint 10 goes too.
        plan = planLogCleanup(log, kNow + 100 * kDay, days(30));
        QCOMPARE(plan.checkpoint.value_or(-1), 20);
        QCOMPARE(plan.remove.size(), 21u);
        QVERIFY(std::find(plan.remove.begin(), plan.remove.end(), checkpointName(10)) !=
                plan.remove.end());
        QVERIFY(std::find(plan.remove.begin(), plan.remove.end(), checkpointName(20)) ==
                plan.remove.end());
        QVERIFY(std::find(plan.remove.begin(), plan.remove.end(), "_last_checkpoint") ==
                plan.remove.end());

        // Nothing expired before the first checkpoint can be read without: nothing goes.
        plan = planLogCleanup(log, kNow, hours(20) + milliseconds(1));  // 0..4 expired
        QVERIFY(!plan.checkpoint);
        QVERIFY(plan.remove.empty());
        // The checkpoint right after the last expired version is a valid anchor.
        plan = planLogCleanup(log, kNow, hours(16) + milliseconds(1));  // 0..8 expired
        QVERIFY(!plan.checkpoint);
        plan = planLogCleanup(log, kNow, hours(15) + milliseconds(1));  // 0..9 expired
        QCOMPARE(plan.checkpoint.value_or(-1), 10);
        QCOMPARE(plan.remove.size(), 10u);
    }

    void dataRetentionDecisions() {
        QCOMPARE(parseStatsTimestamp("1970-01-01T00:00:01.250Z").value_or(-1), 1250);
        QCOMPARE(parseStatsTimestamp("2024-05-01T12:34:56.789Z").value_or(-1), 1'714'566'896'789LL);
        QCOMPARE(parseStatsTimestamp("2024-05-01T14:34:56.789+02:00").value_or(-1),
                 1'714'566'896'789LL);
        QCOMPARE(parseStatsTimestamp("2024-05-01").value_or(-1), 1'714'521'600'000LL);
        QVERIFY(!parseStatsTimestamp("yesterday"));
        QVERIFY(!parseStatsTimestamp("2024-13-01T00:00:00Z"));

        delta::Snapshot s;
        s.version = 1;
        auto withMax = [](std::string path, const char* max, int rows) {
            auto a = add(std::move(path), 100);
            a.stats = Json{{"numRecords", rows}, {"maxValues", {{"_kafka_timestamp", max}}}}.dump();
            return a;
        };
        s.files["old"] = withMax("old", "2024-05-01T00:00:00.000Z", 7);
        s.files["edge"] = withMax("edge", "2024-05-02T00:00:00.000Z", 1);
        s.files["new"] = withMax("new", "2024-05-03T00:00:00.000Z", 2);
        s.files["nostats"] = add("nostats", 100);
        const auto plan =
            planDataRetention(s, "_kafka_timestamp", *parseStatsTimestamp("2024-05-02T00:00:00Z"));
        QCOMPARE(plan.expired, (std::vector<std::string>{"old"}));  // max < cutoff only
        QCOMPARE(plan.rows, 7);
        QCOMPARE(plan.bytes, 100);
    }

    void tableProperties() {
        QCOMPARE(parseInterval("interval 7 days").value_or(milliseconds(-1)), days(7));
        QCOMPARE(parseInterval("1 week").value_or(milliseconds(-1)), days(7));
        QCOMPARE(parseInterval(" INTERVAL 36 hours ").value_or(milliseconds(-1)), hours(36));
        QCOMPARE(parseInterval("90 minutes").value_or(milliseconds(-1)), std::chrono::minutes(90));
        QCOMPARE(parseInterval("500 milliseconds").value_or(milliseconds(-1)), milliseconds(500));
        QVERIFY(!parseInterval("interval 1 month"));
        QVERIFY(!parseInterval("7"));
        QVERIFY(!parseInterval("-1 days"));
        QCOMPARE(formatInterval(hours(36)), std::string("36 hours"));
        QCOMPARE(formatInterval(days(14)), std::string("14 days"));

        const auto defaults = tablePropertiesFrom({});
        QCOMPARE(defaults.logRetention, days(30));
        QCOMPARE(defaults.deletedFileRetention, days(7));
        QCOMPARE(defaults.checkpointInterval, 10);
        QVERIFY(!defaults.dataRetention);
        const auto set = tablePropertiesFrom({{"delta.logRetentionDuration", "interval 2 days"},
                                              {"delta.deletedFileRetentionDuration", "1 hour"},
                                              {"delta.checkpointInterval", "25"},
                                              {"riverdelta.dataRetentionDuration", "6 hours"}});
        QCOMPARE(set.logRetention, days(2));
        QCOMPARE(set.deletedFileRetention, hours(1));
        QCOMPARE(set.checkpointInterval, 25);
        QCOMPARE(set.dataRetention.value_or(milliseconds(-1)), hours(6));
        try {
            (void)tablePropertiesFrom({{"delta.deletedFileRetentionDuration", "a week"}});
            QFAIL("accepted 'a week'");
        } catch (const TablePropertyError& e) {
            QVERIFY(std::string(e.what()).find("delta.deletedFileRetentionDuration") !=
                    std::string::npos);
            QVERIFY(std::string(e.what()).find("'a week'") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(TablePropertyError,
                                 (void)tablePropertiesFrom({{"delta.checkpointInterval", "0"}}));
    }

    void localStoreReadsRangesAndSizes() {
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        std::string data(100'000, '\0');
        for (std::size_t i = 0; i < data.size(); ++i)
            data[i] = static_cast<char>(i * 7 % 251);
        QCOMPARE(store.putIfAbsent("t/part-0.parquet", data), storage::PutResult::Created);
        QCOMPARE(store.objectSize("t/part-0.parquet").value_or(0), std::uint64_t(data.size()));
        QVERIFY(!store.objectSize("t/missing.parquet"));
        std::string piece = "old contents";
        store.readRange("t/part-0.parquet", 99'990, 10, piece);
        QCOMPARE(piece, data.substr(99'990, 10));
        store.readRange("t/part-0.parquet", 0, data.size(), piece);
        QVERIFY(piece == data);
        store.readRange("t/part-0.parquet", 5, 0, piece);
        QVERIFY(piece.empty());
        // Past the end and missing objects: errors that name the file and what was expected.
        try {
            store.readRange("t/part-0.parquet", 99'995, 10, piece);
            QFAIL("read past the end");
        } catch (const storage::StorageError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("part-0.parquet") != std::string::npos, e.what());
            QVERIFY2(what.find("expected 10 bytes at offset 99995, the file has 100000 bytes") !=
                         std::string::npos,
                     e.what());
        }
        try {
            store.readRange("t/missing.parquet", 0, 1, piece);
            QFAIL("read of a missing file");
        } catch (const storage::StorageError& e) {
            QVERIFY2(std::string(e.what()).find("missing.parquet") != std::string::npos, e.what());
        }
    }

    void concatenatorCopiesInPiecesByteForByte() {
        const std::string a = parquetFile(0, 3000, 2);
        const std::string b = parquetFile(3000, 7, 1, false, parquet::Compression::Zstd);
        const std::string c = parquetFile(3007, 5000, 3);
        // Reference: every input in memory, copied in one piece.
        parquet::MemorySink whole;
        {
            parquet::FileConcatenator out(whole, "riverdelta test", std::size_t(1) << 30);
            for (const auto* f : {&a, &b, &c})
                out.append(*f);
            out.close();
        }
        // Pieces of 100 bytes: chunks span many reads, and reads span chunks.
        constexpr std::size_t kPiece = 100;
        parquet::MemorySink pieces;
        parquet::FileConcatenator out(pieces, "riverdelta test", kPiece);
        for (const auto* f : {&a, &b, &c}) {
            ReadRecordingSource source(*f);
            const parquet::ParquetFooter footer = parquet::readFooter(source);
            QCOMPARE(footer.fileSize, std::uint64_t(f->size()));
            out.append(source, footer);
            std::uint64_t dataBytes = 0;
            for (std::size_t i = 0; i < source.reads.size(); ++i) {
                const auto [offset, length] = source.reads[i];
                if (i == 0) {  // the tail: the whole footer of a small file, its length
                    QCOMPARE(offset + length, std::uint64_t(f->size()));
                    QCOMPARE(length, std::min<std::size_t>(f->size(), 64u << 10));
                } else if (i == 1) {  // the leading magic
                    QCOMPARE(offset, std::uint64_t(0));
                    QCOMPARE(length, std::size_t(4));
                } else {
                    QVERIFY2(length <= kPiece, std::to_string(length).c_str());
                    dataBytes += length;
                }
            }
            // Each data byte is read once (no chunk read twice, no whole file).
            QVERIFY(dataBytes < f->size());
            QVERIFY(dataBytes + footer.length + 12 >= f->size() - 64);
        }
        out.close();
        QCOMPARE(pieces.data().size(), whole.data().size());
        QVERIFY(pieces.data() == whole.data());
        QCOMPARE(parquet::FileReader(pieces.data()).numRows(), 8007);
        {
            // The footer, written field by field, decodes and re-encodes to the same bytes.
            const std::string& joined = pieces.data();
            std::uint32_t len = 0;
            std::memcpy(&len, joined.data() + joined.size() - 8, 4);
            const std::string_view footer(joined.data() + joined.size() - 8 - len, len);
            parquet::CompactReader r(footer);
            QCOMPARE(parquet::serializeStruct(r.readStruct()), std::string(footer));
            QCOMPARE(r.position(), footer.size());
        }

        // A truncated or foreign file is refused before anything is written.
        parquet::MemorySink sink;
        parquet::FileConcatenator refusing(sink, "riverdelta test", kPiece);
        refusing.append(a);
        const auto before = sink.position();
        const std::string truncated = c.substr(0, c.size() / 2) + c.substr(c.size() - 8);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, refusing.append(truncated));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, refusing.append(std::string(100, 'x')));
        QCOMPARE(sink.position(), before);
    }

    // Inputs of megabytes are copied through reads of one piece; a lone input (its own schema)
    // has only its footer read; no data file is ever read whole.
    void compactorReadsInputsInBoundedPieces() {
        QTemporaryDir dir;
        ReadRecordingStore store(dir.path().toStdString());
        delta::TableWriter table(store, "");
        table.ensureSchema(tableSchema());
        std::mt19937_64 rng(18);
        constexpr int kFiles = 6;
        constexpr int kRows = 1500;
        for (int f = 0; f < kFiles; ++f) {
            auto file = table.newDataFile();
            for (int i = 0; i < kRows; ++i) {
                file->column(0).appendInt64(f * kRows + i);
                file->column(1).appendBytes(noise(rng, 1000));
                file->column(2).appendInt64(1'700'000'000'000'000 + i);
                file->endRows();
            }
            const auto a = file->finish();
            QCOMPARE(table.commit({&a, 1}, {}).status, delta::CommitStatus::Committed);
        }
        // A last file written after a column was added: alone in its output, not rewritten.
        auto schema = tableSchema();
        auto fields = schema.fields();
        fields.push_back({"extra", delta::DeltaType::String});
        table.ensureSchema(delta::TableSchema(fields));
        std::string lonePath;
        {
            auto file = table.newDataFile();
            for (int i = 0; i < kRows; ++i) {
                file->column(0).appendInt64(kFiles * kRows + i);
                file->column(1).appendBytes(noise(rng, 1000));
                file->column(2).appendInt64(1'700'000'000'000'000 + i);
                file->column(3).appendBytes("x");
                file->endRows();
            }
            const auto a = file->finish();
            lonePath = a.path;
            QCOMPARE(table.commit({&a, 1}, {}).status, delta::CommitStatus::Committed);
        }
        std::int64_t inputBytes = 0;
        for (const auto& [path, add] : delta::DeltaLog(store, "").load().files)
            inputBytes += add.size;
        QVERIFY2(inputBytes > 8'000'000, std::to_string(inputBytes).c_str());
        const auto idsBefore = idsOfTable(store);
        store.wholeDataReads.clear();

        CompactionOptions options;
        options.readPieceBytes = 256u << 10;
        const auto r = Compactor(store, "", options).run();
        QVERIFY2(r.abandoned.empty(), r.abandoned.c_str());
        QCOMPARE(r.filesRemoved, kFiles);
        QCOMPARE(r.filesAdded, 1);
        QCOMPARE(r.bytesRead, inputBytes);
        QVERIFY(store.wholeDataReads.empty());
        // One piece, or the 64 KiB tail that holds a small footer: never a whole input.
        QVERIFY2(store.largestRange <= options.readPieceBytes,
                 std::to_string(store.largestRange).c_str());
        QVERIFY(store.rangeBytes.at(lonePath) <= 64u << 10);
        // Held at once: one piece, the tail buffer of the input whose footer is being read,
        // and small footers. The inputs total more than 20 times that.
        const std::int64_t bound =
            static_cast<std::int64_t>(options.readPieceBytes) + (64 << 10) + (32 << 10);
        QVERIFY2(r.peakInputBytesHeld > 0 && r.peakInputBytesHeld <= bound,
                 std::to_string(r.peakInputBytesHeld).c_str());
        QVERIFY(inputBytes > 20 * bound);
        QCOMPARE(idsOfTable(store), idsBefore);
        const auto snap = delta::DeltaLog(store, "").load();
        QCOMPARE(snap.files.size(), 2u);
        QVERIFY(snap.files.contains(lonePath));
    }

    void compactorJoinsSmallFilesKeepingRowsAndStats() {
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        delta::TableWriter table(store, "");
        table.ensureSchema(tableSchema());
        for (int c = 0; c < 30; ++c) {
            const auto a = writeRows(table, c * 10, 10);
            const delta::Txn txn{"app-0", c * 10 + 9};
            QCOMPARE(table.commit({&a, 1}, {&txn, 1}).status, delta::CommitStatus::Committed);
        }
        const auto idsBefore = idsOfTable(store);
        QCOMPARE(idsBefore.size(), 300u);

        Compactor dry(store, "");
        const auto planned = dry.run(true);
        QCOMPARE(planned.filesRemoved, 30);
        QCOMPARE(planned.filesAdded, 1);
        QCOMPARE(delta::DeltaLog(store, "").load().version, 30);  // a dry run commits nothing
        QCOMPARE(listDataObjects(store, "").size(), 30u);         // and writes nothing

        Compactor compactor(store, "");
        const auto r = compactor.run();
        QVERIFY2(r.abandoned.empty(), r.abandoned.c_str());
        QCOMPARE(r.version.value_or(-1), 31);
        QCOMPARE(r.filesBefore, 30);
        QCOMPARE(r.filesAfter, 1);
        QCOMPARE(idsOfTable(store), idsBefore);

        delta::DeltaLog log(store, "");
        const auto snap = log.load();
        QCOMPARE(snap.files.size(), 1u);
        const auto& out = snap.files.begin()->second;
        QVERIFY(!out.dataChange);
        const Json stats = Json::parse(out.stats.value());
        QCOMPARE(stats["numRecords"].get<int>(), 300);
        QCOMPARE(stats["minValues"]["id"].get<int>(), 0);
        QCOMPARE(stats["maxValues"]["id"].get<int>(), 299);
        QCOMPARE(stats["nullCount"]["name"].get<int>(), 75);
        QCOMPARE(snap.txnVersion("app-0").value_or(-1), 299);  // offsets untouched
        QCOMPARE(snap.tombstones.size(), 30u);
        for (const auto& [path, rm] : snap.tombstones)
            QVERIFY(!rm.dataChange);
        // Nothing left to do: a second run commits nothing.
        QVERIFY(!Compactor(store, "").run().version);
    }

    void compactionCommitKeepsConcurrentAppendsAndStopsOnLostFiles() {
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        delta::TableWriter table(store, "");
        table.ensureSchema(tableSchema());
        std::vector<delta::AddFile> adds;
        for (int c = 0; c < 3; ++c) {
            adds.push_back(writeRows(table, c * 10, 10));
            QCOMPARE(table.commit({&adds.back(), 1}, {}).status, delta::CommitStatus::Committed);
        }
        delta::DeltaLog log(store, "");
        auto snapshot = log.load();  // version 3

        // Another writer appends meanwhile: the rewrite lands after it, the append stays.
        const auto appended = writeRows(table, 100, 5);
        QCOMPARE(table.commit({&appended, 1}, {}).version, 4);
        RewriteCommit commit;
        delta::RemoveFile rm;
        rm.path = adds[0].path;
        rm.dataChange = false;
        commit.removes.push_back(rm);
        commit.commitInfo = {{"operation", "OPTIMIZE"}};
        auto r = commitRewrite(log, snapshot, commit, 10);
        QCOMPARE(r.version.value_or(-1), 5);
        QVERIFY(snapshot.files.contains(appended.path));
        QVERIFY(!snapshot.files.contains(adds[0].path));

        // Someone else removed a file first: nothing is committed, the file is named.
        auto stale = snapshot;
        stale.version = 4;
        stale.files[adds[0].path] = adds[0];
        r = commitRewrite(log, stale, commit, 10);
        QVERIFY(!r.version);
        QCOMPARE(r.gone, (std::vector<std::string>{adds[0].path}));
        QCOMPARE(log.load().version, 5);
    }

    void maintainerExpiresVacuumsAndReports() {
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        delta::TableWriterOptions options;
        options.configuration = {{"riverdelta.dataRetentionDuration", "1 day"}};
        delta::TableWriter table(store, "", options);
        table.ensureSchema(tableSchema());
        // Rows of 2023 (older than a day) and of now.
        const auto old = writeRows(table, 0, 10, 1'700'000'000'000'000);
        QCOMPARE(table.commit({&old, 1}, {}).status, delta::CommitStatus::Committed);
        const auto fresh = writeRows(table, 10, 10, nowMillis() * 1000);
        QCOMPARE(table.commit({&fresh, 1}, {}).status, delta::CommitStatus::Committed);
        // A file a writer wrote but never committed (killed before its commit).
        auto orphan = table.newDataFile();
        orphan->column(0).appendInt64(1);
        orphan->column(1).appendNull();
        orphan->column(2).appendNull();
        orphan->endRows();
        const auto orphanAdd = orphan->finish();

        MaintenancePolicy policy;
        TableMaintainer maintainer(store, "", policy);
        const auto report = maintainer.run({.compactAlways = true, .cleanup = true});
        QVERIFY2(report.error.empty(), report.error.c_str());
        QCOMPARE(report.filesBefore, 2);
        QCOMPARE(report.expiredFiles, 1);
        QCOMPARE(report.expiredRows, 10);
        QCOMPARE(report.filesAfter, 1);
        QCOMPARE(report.orphanFiles, 1);  // young: kept
        QCOMPARE(report.vacuumedFiles, 0);
        QVERIFY(report.vacuumRan);
        QCOMPARE(idsOfTable(store).size(), 10u);

        // Eight days later the removed file and the orphan go; the live one stays.
        const auto later = vacuumTable(store, "", nowMillis() + 8 * kDay, std::nullopt, false);
        QCOMPARE(later.filesDeleted, 2);
        QVERIFY(!std::filesystem::exists(dir.path().toStdString() + "/" + orphanAdd.path));
        QVERIFY(!std::filesystem::exists(dir.path().toStdString() + "/" + old.path));
        QCOMPARE(idsOfTable(store).size(), 10u);

        saveReport(store, "", report);
        const auto loaded = loadReport(store, "");
        QVERIFY(loaded);
        QCOMPARE(loaded->toJson(), report.toJson());
        QVERIFY(loaded->summary().find("2 → 1 files") != std::string::npos);
        // The report lives in a hidden folder: never a vacuum candidate.
        QCOMPARE(vacuumTable(store, "", nowMillis() + 100 * kDay, milliseconds(0), true)
                     .plan.remove.size(),
                 0u);
    }

    // Checkpoints leave out tombstones past delta.deletedFileRetentionDuration, so a table
    // compacted every few minutes does not carry every file it ever removed.
    void checkpointsDropExpiredTombstones() {
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        delta::TableWriter table(store, "");
        table.ensureSchema(tableSchema());
        delta::DeltaLog log(store, "");
        auto snap = log.load();
        auto tomb = [](std::string path, std::optional<std::int64_t> at) {
            delta::RemoveFile r;
            r.path = std::move(path);
            r.deletionTimestamp = at;
            return r;
        };
        const std::vector<delta::Action> removes{tomb("expired", nowMillis() - 8 * kDay),
                                                 tomb("recent", nowMillis() - 6 * kDay),
                                                 tomb("untimed", std::nullopt)};
        QCOMPARE(log.commit(1, removes), delta::CommitStatus::Committed);
        log.update(snap);
        QCOMPARE(snap.tombstones.size(), 3u);
        log.writeCheckpoint(snap);
        QVERIFY(store.remove(log.commitPath(0)));
        QVERIFY(store.remove(log.commitPath(1)));
        const auto fromCheckpoint = log.load();
        QCOMPARE(fromCheckpoint.checkpointVersion.value_or(-1), 1);
        QVERIFY(!fromCheckpoint.tombstones.contains("expired"));
        QVERIFY(fromCheckpoint.tombstones.contains("recent"));
        QVERIFY(fromCheckpoint.tombstones.contains("untimed"));
    }

    // An appender commits as a sync job does (txn per commit, retry after a lost race) while
    // BackgroundMaintenance compacts behind it: the appender never fails, every row and the
    // last txn offset are in the table once, and the table ends with few files.
    void backgroundCompactionBesideAnAppender() {
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        {
            delta::TableWriter creator(store, "");
            creator.ensureSchema(tableSchema());
        }
        MaintenancePolicy policy;
        policy.compactAfterSmallFiles = 8;
        policy.checkEvery = milliseconds(50);
        policy.cleanupEvery = hours(1);
        BackgroundMaintenance background(store, "", policy);
        std::atomic<int> conflicts{0};
        constexpr int kCommits = 120;
        std::thread appender([&] {
            delta::TableWriter table(store, "");
            for (int c = 0; c < kCommits; ++c) {
                const auto add = writeRows(table, c * 5, 5);
                const delta::Txn txn{"app-0", c * 5 + 4};
                for (;;) {
                    const auto r = table.commit({&add, 1}, {&txn, 1});
                    if (r.status == delta::CommitStatus::Committed) break;
                    ++conflicts;
                    // A compaction carries no txn: our offsets are never someone else's.
                    if (table.txnVersion("app-0").value_or(-1) >= txn.version) std::abort();
                }
                background.notifyCommit();
            }
        });
        appender.join();
        qInfo("commit races the appender lost to compactions: %d", conflicts.load());
        // The last small files are compacted once 8 of them are there; wait for a run that
        // leaves fewer than 8.
        QTRY_VERIFY_WITH_TIMEOUT(delta::DeltaLog(store, "").load().files.size() < 8, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(background.lastReport().has_value(), 30000);
        const auto report = *background.lastReport();
        QVERIFY2(report.error.empty(), report.error.c_str());
        QVERIFY(report.compactedFiles >= 2);
        const auto snap = delta::DeltaLog(store, "").load();
        QCOMPARE(snap.txnVersion("app-0").value_or(-1), kCommits * 5 - 1);
        std::vector<std::int64_t> want(kCommits * 5);
        std::iota(want.begin(), want.end(), 0);
        QCOMPARE(idsOfTable(store), want);
        QVERIFY(loadReport(store, "").has_value());  // saved for lake status
    }
};

QTEST_GUILESS_MAIN(TestMaintenancePlan)
#include "test_maintenance_plan.moc"
