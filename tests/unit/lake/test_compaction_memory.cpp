// Compaction's memory does not grow with its inputs (issue 18, "bounded memory in every mode"),
// measured as this process's peak RSS: a table of 5 data files of ~40 MB each is compacted
// (joining them used to hold two whole inputs, the bin's first and the current one; now one
// piece of CompactionOptions::readPieceBytes plus the footers), and files of thousands of row
// groups are joined (their footers are no longer decoded whole). Its own executable, so
// nothing else runs in the process while the high-water mark is measured.
#include <malloc.h>

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/table_writer.h"
#include "engine/lake/maintenance/compactor.h"
#include "engine/lake/parquet/file_concatenator.h"
#include "engine/lake/parquet/file_writer.h"
#include "engine/lake/storage/local_object_store.h"

using namespace riverdelta::lake;

namespace {

// A field of /proc/self/status in bytes ("VmRSS", "VmHWM"), or -1.
std::int64_t statusBytes(const std::string& field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field + ":", 0) == 0)
            return std::stoll(line.substr(field.size() + 1)) * 1024;  // "  1234 kB"
    }
    return -1;
}

// A sink that only counts: what a join writes is not held by the test.
class CountingSink final : public parquet::ByteSink {
  public:
    void write(std::string_view b) override { bytes += b.size(); }
    [[nodiscard]] std::uint64_t position() const override { return bytes; }
    void close() override {}
    std::uint64_t bytes = 0;
};

// Returns free heap to the system and resets VmHWM to the current RSS (Linux >= 4.0), so
// the growth measured next is memory the code under test took.
bool resetPeakRss() {
    ::malloc_trim(0);
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

}  // namespace

class TestCompactionMemory : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
#if defined(__SANITIZE_ADDRESS__)
        // ASan's allocator keeps freed blocks in quarantine and pads each with redzones, so
        // RSS measures the sanitizer, not the compactor.
        QSKIP("peak RSS bounds do not hold under AddressSanitizer");
#endif
    }

    void peakRssStaysFarBelowTheInputs() {
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        delta::TableWriterOptions writerOptions;
        writerOptions.parquet.rowGroupBytes = 8u << 20;  // several row groups per file
        delta::TableWriter table(store, "", writerOptions);
        table.ensureSchema(delta::TableSchema(
            {{"id", delta::DeltaType::Long, false}, {"payload", delta::DeltaType::String}}));

        // One file of incompressible values, then four byte-for-byte copies of it under other
        // names (as many adds): 5 inputs, written once.
        constexpr int kRows = 40'000;
        constexpr std::size_t kValueBytes = 1000;
        std::mt19937_64 rng(18);
        std::string value(kValueBytes, ' ');
        auto file = table.newDataFile();
        for (int i = 0; i < kRows; ++i) {
            for (auto& c : value)
                c = static_cast<char>('!' + rng() % 90);
            file->column(0).appendInt64(i);
            file->column(1).appendBytes(value);
            file->endRows();
        }
        std::vector<delta::AddFile> adds{file->finish()};
        file.reset();
        for (int copy = 1; copy < 5; ++copy) {
            delta::AddFile a = adds.front();
            a.path = "part-copy-" + std::to_string(copy) + ".snappy.parquet";
            std::filesystem::copy_file(store.root() / adds.front().path, store.root() / a.path);
            adds.push_back(a);
        }
        QCOMPARE(table.commit(adds, {}).status, delta::CommitStatus::Committed);
        std::int64_t inputBytes = 0;
        for (const auto& a : adds)
            inputBytes += a.size;
        QVERIFY2(inputBytes > 180'000'000, std::to_string(inputBytes).c_str());

        QVERIFY2(resetPeakRss(), "cannot reset the peak RSS through /proc/self/clear_refs");
        const std::int64_t before = statusBytes("VmRSS");
        QVERIFY(before > 0);
        QCOMPARE(statusBytes("VmHWM") / (1 << 20), before / (1 << 20));  // the reset worked

        maintenance::CompactionOptions options;  // default 4 MiB pieces, 128 MiB target
        options.targetFileSize = 1LL << 30;      // one bin of all five
        const auto r = maintenance::Compactor(store, "", options).run();
        const std::int64_t growth = statusBytes("VmHWM") - before;

        QVERIFY2(r.abandoned.empty(), r.abandoned.c_str());
        QCOMPARE(r.filesRemoved, 5);
        QCOMPARE(r.filesAdded, 1);
        QCOMPARE(r.rows, 5 * kRows);
        qInfo("compacted %.1f MB: peak RSS grew by %.1f MB, input bytes held at most %.1f MB",
              static_cast<double>(inputBytes) / 1e6, static_cast<double>(growth) / 1e6,
              static_cast<double>(r.peakInputBytesHeld) / 1e6);
        // One 4 MiB piece, a 64 KiB tail, footers, the Delta log and allocator slack: well
        // under 24 MiB, where holding two whole inputs took over 75 MB.
        QVERIFY2(growth < (24 << 20), std::to_string(growth).c_str());
        QVERIFY2(r.peakInputBytesHeld <= (4 << 20) + (64 << 10) + (64 << 10),
                 std::to_string(r.peakInputBytesHeld).c_str());
        const auto snap = delta::DeltaLog(store, "").load();
        QCOMPARE(snap.files.size(), std::size_t(1));
        QCOMPARE(snap.files.begin()->second.size, r.bytesWritten);
    }
    // The footer of a file of 4,096 row groups of 15 columns (3.8 MB; what an hour of
    // one-a-second commits compacts into) is never decoded whole: joining two such files took
    // 450 MB when footers were decoded trees, now about their serialized size.
    void footersOfThousandsOfRowGroupsStaySmall() {
        std::vector<parquet::SchemaNode> fields;
        for (int c = 0; c < 15; ++c)
            fields.push_back(c % 2 != 0 ? parquet::SchemaNode::string("s" + std::to_string(c))
                                        : parquet::SchemaNode::int64("i" + std::to_string(c)));
        parquet::MemorySink sink;
        {
            parquet::FileWriter w(parquet::Schema(fields), sink, {});
            for (int rg = 0; rg < 4096; ++rg) {
                for (int c = 0; c < 15; ++c) {
                    if (c % 2 != 0)
                        w.column(c).appendBytes("value-" + std::to_string(rg));
                    else
                        w.column(c).appendInt64(rg);
                }
                w.endRows();
                w.flushRowGroup();
            }
            w.close();
        }
        const std::string file = sink.take();

        QVERIFY(resetPeakRss());
        const std::int64_t before = statusBytes("VmRSS");
        CountingSink out;
        std::uint64_t footerBytes = 0;
        {
            parquet::FileConcatenator joined(out, "riverdelta test");
            for (int i = 0; i < 2; ++i) {
                parquet::MemorySource source(file);
                parquet::ParquetFooter footer = parquet::readFooter(source);
                QCOMPARE(footer.numRowGroups, std::uint64_t(4096));
                footerBytes = footer.length;
                joined.append(source, std::move(footer));
            }
            QCOMPARE(joined.numRowGroups(), std::size_t(8192));
            QCOMPARE(joined.numRows(), std::int64_t(8192));
            joined.close();
        }
        const std::int64_t growth = statusBytes("VmHWM") - before;
        qInfo("footer %.1f MB; joining two such files: peak RSS grew by %.1f MB",
              static_cast<double>(footerBytes) / 1e6, static_cast<double>(growth) / 1e6);
        QVERIFY(footerBytes > 3'000'000);
        // Held: one input footer, the output's serialized row groups (twice a footer) and the
        // output footer being written: about 4 footers (8 leaves room for the allocator).
        QVERIFY2(growth < 8 * static_cast<std::int64_t>(footerBytes),
                 std::to_string(growth).c_str());
        QVERIFY(out.bytes > file.size());
    }
};

QTEST_GUILESS_MAIN(TestCompactionMemory)
#include "test_compaction_memory.moc"
