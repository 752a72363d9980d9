// Unit tests for the sync job's decode | encode pipeline: rows staged by RecordDecoder into
// RowBatches and written by EncodePipeline on its encoder thread give the same Parquet file as
// on the caller's thread, a batch outgrows its room intact, and an encoder failure reaches the
// caller.
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "engine/lake/delta/table_writer.h"
#include "engine/lake/parquet/file_reader.h"
#include "engine/lake/storage/local_object_store.h"
#include "engine/lake/sync/encode_pipeline.h"
#include "engine/lake/sync/record_decoder.h"
#include "engine/lake/sync/table_layout.h"

using namespace riverdelta::lake;
using namespace riverdelta::lake::sync;
using Json = nlohmann::json;

namespace {

delta::TableSchema sourceSchema(delta::DeltaType idType) {
    return withMetadataColumns({{"id", idType, false},
                                {"name", delta::DeltaType::String},
                                {"score", delta::DeltaType::Double},
                                {"flag", delta::DeltaType::Boolean}});
}

std::string record(std::int64_t i) {
    Json j = {{"id", i}, {"score", static_cast<double>(i) * 0.5}, {"flag", i % 2 == 0}};
    j["name"] = i % 5 == 0 ? Json() : Json("n" + std::to_string(i % 37));
    return j.dump();
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// `rows` records through a pipeline into one data file of a new table in `dir`; its rows.
std::vector<Json> writeThrough(const std::filesystem::path& dir, bool ownThread, std::int64_t rows,
                               std::size_t rowsPerBatch) {
    storage::LocalObjectStore store(dir);
    delta::TableWriter table(store, "");
    table.ensureSchema(sourceSchema(delta::DeltaType::Long));
    RecordDecoder decoder(table.schema());
    auto file = table.newDataFile();
    {
        EncodePipeline pipeline(ownThread, rowsPerBatch, 2);
        for (std::int64_t i = 0; i < rows; ++i) {
            const std::string value = record(i);
            const std::string key = "k" + std::to_string(i % 3);
            KafkaRecordMeta meta{0, i, 1'790'000'000'000 + i,
                                 i % 4 == 0 ? std::nullopt : std::optional<std::string_view>(key)};
            if (decoder.decode(value, meta) != RecordDecoder::Outcome::Ok)
                throw std::runtime_error("undecodable: " + decoder.error());
            pipeline.add(decoder, *file);
        }
        pipeline.drain();
        if (file->numRows() != rows) throw std::runtime_error("drain left rows behind");
    }
    const delta::AddFile add = file->finish();
    const std::string bytes = readFile(dir / add.path);
    return parquet::FileReader(bytes).readRows();
}

}  // namespace

class TestEncodePipeline : public QObject {
    Q_OBJECT
  private slots:
    void integersDecodeExactlyOrNotAtAll() {
        // Up to 18 digits are summed inline, longer ones go through std::from_chars: both sides
        // of that line, the int64 limits, and values past them (undecodable, not wrapped).
        QTemporaryDir tmp;
        const std::filesystem::path dir = tmp.path().toStdString();
        storage::LocalObjectStore store(dir);
        delta::TableWriter table(store, "");
        table.ensureSchema(sourceSchema(delta::DeltaType::Long));
        RecordDecoder decoder(table.schema());
        const KafkaRecordMeta meta{0, 0, 0, std::nullopt};
        auto decodeId = [&](const std::string& literal) -> std::optional<std::int64_t> {
            const std::string value = R"({"id":)" + literal + "}";
            if (decoder.decode(value, meta) != RecordDecoder::Outcome::Ok) return std::nullopt;
            auto file = table.newDataFile();
            EncodePipeline pipeline(false);
            pipeline.add(decoder, *file);
            pipeline.drain();
            const auto rows = parquet::FileReader(readFile(dir / file->finish().path)).readRows();
            return rows.at(0)["id"].get<std::int64_t>();
        };
        QCOMPARE(decodeId("0"), std::optional<std::int64_t>(0));
        QCOMPARE(decodeId("-7"), std::optional<std::int64_t>(-7));
        QCOMPARE(decodeId("999999999999999999"), std::optional<std::int64_t>(999999999999999999));
        QCOMPARE(decodeId("-999999999999999999"), std::optional<std::int64_t>(-999999999999999999));
        QCOMPARE(decodeId("1000000000000000000"), std::optional<std::int64_t>(1000000000000000000));
        QCOMPARE(decodeId("9223372036854775807"),
                 std::optional<std::int64_t>(std::numeric_limits<std::int64_t>::max()));
        QCOMPARE(decodeId("-9223372036854775808"),
                 std::optional<std::int64_t>(std::numeric_limits<std::int64_t>::min()));
        QCOMPARE(decodeId("9223372036854775808"), std::nullopt);
        QCOMPARE(decodeId("-9223372036854775809"), std::nullopt);
        QCOMPARE(decodeId("123456789012345678901234"), std::nullopt);
        QCOMPARE(decodeId("1.5"), std::nullopt);
    }

    void encoderThreadWritesWhatTheCallerWould() {
        QTemporaryDir a, b;
        const std::int64_t rows = 20'011;  // not a multiple of the batch size
        const auto inline0 = writeThrough(a.path().toStdString(), false, rows, 1000);
        const auto threaded = writeThrough(b.path().toStdString(), true, rows, 1000);
        QCOMPARE(static_cast<std::int64_t>(threaded.size()), rows);
        QCOMPARE(threaded, inline0);
        for (std::int64_t i : {0L, 7L, 4096L, rows - 1}) {
            const Json& row = threaded[static_cast<std::size_t>(i)];
            QCOMPARE(row.at("id").get<std::int64_t>(), i);
            QCOMPARE(row.at(std::string(kOffsetColumn)).get<std::int64_t>(), i);
            QCOMPARE(row.at("score").get<double>(), static_cast<double>(i) * 0.5);
            QCOMPARE(row.at("flag").get<bool>(), i % 2 == 0);
            if (i % 5 == 0)
                QVERIFY(row.at("name").is_null());
            else
                QCOMPARE(row.at("name").get<std::string>(), "n" + std::to_string(i % 37));
            if (i % 4 == 0)
                QVERIFY(row.at(std::string(kKeyColumn)).is_null());
            else
                QCOMPARE(row.at(std::string(kKeyColumn)).get<std::string>(),
                         "k" + std::to_string(i % 3));
        }
    }

    // A batch given more rows than it has room for moves its columns to a larger array and
    // writes the same rows.
    void aBatchGrowsPastItsRoom() {
        QTemporaryDir a, b;
        const std::int64_t rows = 10;
        const auto expected = writeThrough(a.path().toStdString(), false, rows, 1000);
        storage::LocalObjectStore store(b.path().toStdString());
        delta::TableWriter table(store, "");
        table.ensureSchema(sourceSchema(delta::DeltaType::Long));
        RecordDecoder decoder(table.schema());
        auto file = table.newDataFile();
        RowBatch batch(3);
        for (std::int64_t i = 0; i < rows; ++i) {
            const std::string value = record(i);
            const std::string key = "k" + std::to_string(i % 3);
            KafkaRecordMeta meta{0, i, 1'790'000'000'000 + i,
                                 i % 4 == 0 ? std::nullopt : std::optional<std::string_view>(key)};
            QCOMPARE(decoder.decode(value, meta), RecordDecoder::Outcome::Ok);
            decoder.stageTo(batch);  // the text is copied: the record goes with this iteration
        }
        QCOMPARE(batch.rows(), static_cast<std::size_t>(rows));
        batch.writeTo(*file);
        const delta::AddFile add = file->finish();
        QCOMPARE(parquet::FileReader(readFile(b.path().toStdString() + "/" + add.path)).readRows(),
                 expected);
    }

    // The file's column types disagree with the decoder's (id: string, not long): the encoder
    // thread's append throws, and drain() hands that to the caller.
    void encoderFailureReachesTheCaller() {
        QTemporaryDir dir;
        storage::LocalObjectStore store(dir.path().toStdString());
        delta::TableWriter table(store, "");
        table.ensureSchema(sourceSchema(delta::DeltaType::String));
        RecordDecoder decoder(sourceSchema(delta::DeltaType::Long));
        auto file = table.newDataFile();
        EncodePipeline pipeline(true, 16, 2);
        const std::string value = record(1);
        QCOMPARE(decoder.decode(value, KafkaRecordMeta{0, 1, 1, std::nullopt}),
                 RecordDecoder::Outcome::Ok);
        bool thrown = false;
        try {
            for (int i = 0; i < 100; ++i)
                pipeline.add(decoder, *file);
            pipeline.drain();
        } catch (const std::exception&) {
            thrown = true;
        }
        QVERIFY(thrown);
    }
};

QTEST_GUILESS_MAIN(TestEncodePipeline)
#include "test_encode_pipeline.moc"
