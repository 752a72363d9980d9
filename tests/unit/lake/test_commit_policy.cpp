// Unit tests for the sync job's commit loop parts: CommitPolicy (when a batch is committed:
// freshness target, idle stream, fixed interval, size limits, the poll wait) on given times,
// and BufferedBatch (its data file streams row groups to storage before the commit; the
// timestamp sample and the txns), and what the default compaction makes of a day of commits
// at the policy's one a second.
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/table_writer.h"
#include "engine/lake/maintenance/table_maintainer.h"
#include "engine/lake/storage/local_object_store.h"
#include "engine/lake/sync/buffered_batch.h"
#include "engine/lake/sync/commit_policy.h"
#include "engine/lake/sync/partition_offsets.h"

using namespace riverdelta::lake;
using namespace riverdelta::lake::sync;
using namespace std::chrono_literals;
using Clock = CommitPolicy::Clock;

namespace {
const char* name(CommitReason r) {
    return toString(r);
}
}  // namespace

class CommitPolicyTest : public QObject {
    Q_OBJECT
  private slots:
    void freshnessTargetCountsFromTheOldestRecord() {
        CommitPolicy p({.freshnessTarget = 1000ms, .idleAfter = 300ms});
        const Clock::time_point t0{};
        QCOMPARE(name(p.due(0, 0, t0 + 10s)), name(CommitReason::NotDue));  // nothing buffered
        QCOMPARE(p.wait(t0, 100ms), 100ms);
        // A steady stream, a record every 50 ms: never idle, due 1 s after the first one.
        for (int i = 0; i < 20; ++i)
            p.buffered(t0 + i * 50ms);
        QCOMPARE(name(p.due(20, 100, t0 + 990ms)), name(CommitReason::NotDue));
        QCOMPARE(p.wait(t0 + 960ms, 100ms), 40ms);
        QCOMPARE(name(p.due(20, 100, t0 + 1000ms)), name(CommitReason::Freshness));
        QCOMPARE(p.wait(t0 + 1000ms, 100ms), 0ms);
        p.committed(0ms);
        QCOMPARE(name(p.due(0, 0, t0 + 5s)), name(CommitReason::NotDue));
    }

    void idleStreamCommitsEarly() {
        CommitPolicy p({.freshnessTarget = 1000ms, .idleAfter = 300ms});
        const Clock::time_point t0{};
        p.buffered(t0);
        p.buffered(t0 + 100ms);  // a burst, then silence
        QCOMPARE(name(p.due(2, 10, t0 + 399ms)), name(CommitReason::NotDue));
        QCOMPARE(p.wait(t0 + 200ms, 1000ms), 200ms);  // the idle deadline comes first
        QCOMPARE(name(p.due(2, 10, t0 + 400ms)), name(CommitReason::Idle));
    }

    void commitsStartEarlyByWhatTheyTake() {
        CommitPolicy p({.freshnessTarget = 1000ms, .idleAfter = 300ms});
        const Clock::time_point t0{};
        p.buffered(t0);
        p.committed(200ms);
        QCOMPARE(p.expectedCommitTime(), 200ms);
        p.committed(600ms);  // moving average: 0.75 * 200 + 0.25 * 600
        QCOMPARE(p.expectedCommitTime(), 300ms);
        for (int i = 0; i < 10; ++i)
            p.buffered(t0 + i * 50ms);
        QCOMPARE(name(p.due(10, 10, t0 + 699ms)), name(CommitReason::NotDue));
        QCOMPARE(name(p.due(10, 10, t0 + 700ms)), name(CommitReason::Freshness));
        // A very slow store: never earlier than half the target.
        for (int i = 0; i < 20; ++i)
            p.committed(5s);
        for (int i = 0; i < 10; ++i)
            p.buffered(t0 + i * 50ms);
        QCOMPARE(name(p.due(1, 1, t0 + 499ms)), name(CommitReason::NotDue));
        QCOMPARE(name(p.due(1, 1, t0 + 500ms)), name(CommitReason::Freshness));
    }

    void fixedIntervalIgnoresIdleAndCommitTime() {
        CommitPolicy p({.fixedInterval = 5000ms});
        const Clock::time_point t0{};
        p.committed(2s);
        p.buffered(t0);
        QCOMPARE(name(p.due(1, 1, t0 + 4999ms)), name(CommitReason::NotDue));
        QCOMPARE(p.wait(t0 + 1s, 100ms), 100ms);
        QCOMPARE(name(p.due(1, 1, t0 + 5000ms)), name(CommitReason::Interval));
    }

    // While the job reads a backlog it commits on the backlog interval or size, not every
    // freshness target, and a pause is no idle stream; near the end again, both are back.
    void backlogWaitsForItsInterval() {
        CommitPolicy p({.freshnessTarget = 1000ms, .idleAfter = 300ms, .backlogInterval = 10s});
        const Clock::time_point t0{};
        p.setBacklog(true);
        for (int i = 0; i < 40; ++i)
            p.buffered(t0 + i * 50ms);  // a steady read of a backlog
        QCOMPARE(name(p.due(40, 100, t0 + 1950ms)), name(CommitReason::NotDue));
        QCOMPARE(p.wait(t0 + 1950ms, 100ms), 100ms);
        // A pause in reading a backlog is not an idle stream.
        QCOMPARE(name(p.due(40, 100, t0 + 5s)), name(CommitReason::NotDue));
        QCOMPARE(name(p.due(1'000'000, 100, t0 + 1950ms)), name(CommitReason::Rows));
        p.buffered(t0 + 9999ms);
        QCOMPARE(name(p.due(41, 100, t0 + 9999ms)), name(CommitReason::NotDue));
        QCOMPARE(name(p.due(41, 100, t0 + 10s)), name(CommitReason::Backlog));
        p.setBacklog(false);  // caught up: the oldest record is past the target already
        QCOMPARE(name(p.due(41, 100, t0 + 9999ms)), name(CommitReason::Freshness));
        QCOMPARE(p.wait(t0 + 9999ms, 100ms), 0ms);
        p.committed(0ms);
        const auto t1 = t0 + 20s;
        p.buffered(t1);
        QCOMPARE(name(p.due(1, 1, t1 + 300ms)), name(CommitReason::Idle));  // idle commits are back
        // Without the setting, a backlog changes nothing.
        CommitPolicy plain({.freshnessTarget = 1000ms, .idleAfter = 300ms});
        plain.setBacklog(true);
        plain.buffered(t0);
        plain.buffered(t0 + 900ms);
        QCOMPARE(name(plain.due(2, 1, t0 + 1s)), name(CommitReason::Freshness));
        // The fixed interval ignores the backlog.
        CommitPolicy fixed({.fixedInterval = 5000ms, .backlogInterval = 10s});
        fixed.setBacklog(true);
        fixed.buffered(t0);
        QCOMPARE(name(fixed.due(1, 1, t0 + 5s)), name(CommitReason::Interval));
    }

    void sizeLimitsCommitAtOnce() {
        CommitPolicy p({.maxRows = 1000, .maxBytes = 1 << 20});
        const Clock::time_point t0{};
        p.buffered(t0);
        QCOMPARE(name(p.due(999, 10, t0)), name(CommitReason::NotDue));
        QCOMPARE(name(p.due(1000, 10, t0)), name(CommitReason::Rows));
        QCOMPARE(name(p.due(5, 1 << 20, t0)), name(CommitReason::Bytes));
    }

    // Per-partition positions of a job reading partitions 0 and 2 of a topic (a partition
    // group): gaps count as unwritten offsets, ends and targets count the job's partitions only.
    void partitionOffsetsOfAGroup() {
        PartitionOffsets o;
        o.reset({0, 2});
        o.setCommitted(0, 9);
        QCOMPARE(o.cover(0, 10), std::int64_t(0));  // the next offset
        QCOMPARE(o.cover(0, 14), std::int64_t(3));  // 11..13 have no record
        QCOMPARE(o.cover(2, 0), std::int64_t(0));   // nothing committed before: offset 0 is next
        QCOMPARE(o.cover(2, 5), std::int64_t(4));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, o.cover(1, 0));  // not the job's
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, o.cover(3, 0));
        QCOMPARE(o.committed(0), std::int64_t(9));
        o.setTarget(0, 15);
        o.setTarget(2, 7);
        QVERIFY(!o.reachedTargets());  // partition 2 read up to 5 of 0..6
        QCOMPARE(o.cover(2, 6), std::int64_t(0));
        QVERIFY(o.reachedTargets());
        o.commitRead();
        QCOMPARE(o.committed(0), std::int64_t(14));
        QCOMPARE(o.committed(2), std::int64_t(6));
        QVERIFY(!o.allAtEnd());
        o.setAtEnd(0, true);
        QVERIFY(!o.allAtEnd());
        o.setAtEnd(2, true);
        QVERIFY(o.allAtEnd());
        o.forgetEnds();
        QVERIFY(!o.allAtEnd());
        o.setWatermark(2, 100);
        const auto progress = o.progress();
        QCOMPARE(progress.size(), std::size_t(2));
        QCOMPARE(progress[0], (PartitionProgress{0, 14, 15}));  // watermark kept past the read
        QCOMPARE(progress[1], (PartitionProgress{2, 6, 100}));
    }

    // The data file of a batch grows in storage while rows come in (row groups are flushed as
    // they fill), and is complete and readable after finishFile().
    void batchStreamsRowGroupsBeforeTheCommit() {
        QCOMPARE(BufferedBatch::streamingWriterOptions({}).rowGroupBytes,
                 BufferedBatch::kRowGroupBytes);
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        delta::TableWriterOptions options;
        options.parquet.rowGroupBytes = 64 << 10;  // small, to see several in one test
        options.parquet = BufferedBatch::streamingWriterOptions(options.parquet);
        QCOMPARE(options.parquet.rowGroupBytes, std::size_t(64 << 10));
        delta::TableWriter table(store, "", options);
        table.ensureSchema(delta::TableSchema(
            {{"id", delta::DeltaType::Long, false}, {"text", delta::DeltaType::String}}));

        BufferedBatch batch;
        QVERIFY(batch.empty());
        const auto onDisk = [&] {
            return std::filesystem::file_size(
                dir.filePath(QString::fromStdString(batch.dataFilePath())).toStdString());
        };
        std::uintmax_t sizeMidway = 0;
        constexpr int kRows = 100'000;
        for (int i = 0; i < kRows; ++i) {
            auto& file = batch.file(table);
            file.column(0).appendInt64(i);
            file.column(1).appendBytes("row " + std::to_string(i * 7919));
            batch.rowAppended(1'000 + i, 16);
            if ((i + 1) % 256 == 0) file.endRows();  // as EncodePipeline does per batch
            batch.cover(i % 2, 10'000 + i);
            if (i == kRows / 2) sizeMidway = onDisk();
        }
        QVERIFY2(
            sizeMidway > 64 << 10,
            qPrintable(QString("only %1 bytes streamed by row %2").arg(sizeMidway).arg(kRows / 2)));
        QCOMPARE(batch.rows(), std::int64_t(kRows));
        QCOMPARE(batch.bytes(), std::size_t(16) * kRows);
        QCOMPARE(batch.firstOffsets().at(0), std::int64_t(10'000));
        QCOMPARE(batch.firstOffsets().at(1), std::int64_t(10'001));
        QCOMPARE(batch.lastOffsets().at(1), std::int64_t(10'000 + kRows - 1));

        // The sample stays bounded and evenly spaced from the first row on.
        const auto& sample = batch.timestampSample();
        QVERIFY(sample.size() >= BufferedBatch::kMaxTimestampSamples / 2);
        QVERIFY(sample.size() < BufferedBatch::kMaxTimestampSamples);
        QCOMPARE(sample.front(), std::int64_t(1'000));
        const std::int64_t stride = sample[1] - sample[0];
        for (std::size_t i = 1; i < sample.size(); ++i)
            QCOMPARE(sample[i] - sample[i - 1], stride);
        QVERIFY(sample.back() + stride >= 1'000 + kRows - 1);

        const auto txns = batch.txns("riverdelta", "clicks");
        QCOMPARE(txns.size(), std::size_t(2));
        QCOMPARE(txns[1].appId, std::string("riverdelta-clicks-1"));
        QCOMPARE(txns[1].version, std::int64_t(10'000 + kRows - 1));

        auto add = batch.finishFile();
        QVERIFY(add);
        QVERIFY(add->size > static_cast<std::int64_t>(sizeMidway));
        QCOMPARE(static_cast<std::uintmax_t>(add->size), onDisk());
        QCOMPARE(table.commit({&*add, 1}, txns).status, delta::CommitStatus::Committed);
        const auto snap = delta::DeltaLog(store, "").load();
        QCOMPARE(snap.numRecords(), std::int64_t(kRows));
        QCOMPARE(snap.txnVersion("riverdelta-clicks-0").value_or(-1),
                 std::int64_t(10'000 + kRows - 2));
    }

    // A day of streaming at one commit a second, scaled down 128 times: 675 commits of one row
    // group each, compaction capped at 32 row groups per output (4,096 / 128), maintained as
    // BackgroundMaintenance does (a pass after every 16 commits, compaction past 16 small
    // files; the real thresholds are 32 and 32). The active files stay bounded all along and
    // end near 675 / 32 = 21 full files plus the young ones, as a real day (86,400 / 4,096)
    // does: a few dozen, not 86,400.
    void aDayOfOneCommitASecondStaysWithinAFewDozenFiles() {
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        delta::TableWriter table(store, "");
        table.ensureSchema(delta::TableSchema(
            {{"id", delta::DeltaType::Long, false}, {"text", delta::DeltaType::String}}));
        maintenance::MaintenancePolicy policy;
        policy.compaction.maxRowGroupsPerFile = 32;
        policy.compactAfterSmallFiles = 16;
        maintenance::TableMaintainer maintainer(store, "", policy);
        constexpr int kCommits = 675;
        std::size_t most = 0;
        std::int64_t compactions = 0;
        for (int c = 0; c < kCommits; ++c) {
            auto file = table.newDataFile();
            for (int r = 0; r < 30; ++r) {
                file->column(0).appendInt64(c * 30 + r);
                file->column(1).appendBytes("click " + std::to_string(r));
            }
            file->endRows();
            const delta::AddFile add = file->finish();
            const std::vector<delta::Txn> txn{{"riverdelta-day-0", c}};
            while (table.commit({&add, 1}, txn).status != delta::CommitStatus::Committed) {
            }
            if ((c + 1) % 16 == 0) {
                const auto report = maintainer.run({.compactAlways = false, .cleanup = false});
                QVERIFY2(report.error.empty(), report.error.c_str());
                compactions += report.compactedInto > 0;
                most = std::max(most, static_cast<std::size_t>(report.filesAfter));
            }
        }
        table.refresh();
        const auto files = table.snapshot().files.size();
        qInfo("%d commits: %zu active files at the end, at most %zu after a pass, %lld compactions",
              kCommits, files, most, static_cast<long long>(compactions));
        QCOMPARE(table.snapshot().numRecords(), std::int64_t(kCommits) * 30);
        QVERIFY2(files >= kCommits / 32, qPrintable(QString::number(files)));
        QVERIFY2(files <= kCommits / 32 + 2 * 16, qPrintable(QString::number(files)));
        QVERIFY2(most <= kCommits / 32 + 2 * 16, qPrintable(QString::number(most)));
    }

    void batchWithoutRowsHasNoFile() {
        BufferedBatch batch;
        batch.cover(0, 41);  // a skipped record
        QVERIFY(!batch.empty());
        QVERIFY(!batch.finishFile());
        QCOMPARE(batch.txns("p", "t").at(0).version, std::int64_t(41));
    }
};

QTEST_GUILESS_MAIN(CommitPolicyTest)
#include "test_commit_policy.moc"
