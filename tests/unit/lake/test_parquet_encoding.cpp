// Unit tests for the Parquet writer's building blocks: Thrift compact bytes, the RLE /
// bit-packing hybrid, dictionary fallback, statistics ordering, and a write → read round trip.
#include <QtTest>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "engine/lake/parquet/byte_sink.h"
#include "engine/lake/parquet/file_reader.h"
#include "engine/lake/parquet/file_writer.h"
#include "engine/lake/parquet/json_shredder.h"
#include "engine/lake/parquet/rle_decoder.h"
#include "engine/lake/parquet/rle_encoder.h"
#include "engine/lake/parquet/thrift_compact_reader.h"
#include "engine/lake/parquet/thrift_compact_writer.h"

using namespace riverdelta::lake::parquet;
using Json = nlohmann::json;

namespace {

std::string bytes(std::initializer_list<int> b) {
    std::string s;
    for (int v : b)
        s.push_back(static_cast<char>(v));
    return s;
}

QString hex(const std::string& s) {
    return QString::fromLatin1(QByteArray::fromStdString(s).toHex(' '));
}

}  // namespace

class TestParquetEncoding : public QObject {
    Q_OBJECT
  private slots:
    void thriftFieldHeaders() {
        std::string out;
        CompactWriter w(out);
        w.beginStruct();
        w.fieldI32(1, 2);        // short form: delta 1, type I32 → 0x15, zigzag(2) = 4
        w.fieldI64(3, -1);       // delta 2, type I64 → 0x26, zigzag(-1) = 1
        w.fieldBinary(4, "ab");  // delta 1, BINARY → 0x18, len 2
        w.fieldBool(5, true);    // delta 1, BOOL_TRUE → 0x11
        w.fieldI32(40, 300);     // delta 35 > 15: long form 0x05, zigzag(40) = 80, 600 = d8 04
        w.beginStructField(41);  // delta 1, STRUCT → 0x1c
        w.fieldI32(1, 0);        // ids restart inside the struct → 0x15 00
        w.endStruct();           // 00
        w.beginListField(42, CompactType::I32, 2);  // 0x19, list header (2 << 4) | 5 = 0x25
        w.writeI32(1);
        w.writeI32(-2);
        w.endStruct();
        const std::string expected =
            bytes({0x15, 0x04, 0x26, 0x01, 0x18, 0x02, 'a',  'b',  0x11, 0x05, 0x50,
                   0xd8, 0x04, 0x1c, 0x15, 0x00, 0x00, 0x19, 0x25, 0x02, 0x03, 0x00});
        QCOMPARE(hex(out), hex(expected));

        CompactReader r(out);
        const ThriftValue v = r.readStruct();
        QCOMPARE(v.i64(1), 2);
        QCOMPARE(v.i64(3), -1);
        QCOMPARE(QString::fromStdString(v.str(4)), QStringLiteral("ab"));
        QCOMPARE(v.i64(5), 1);
        QCOMPARE(v.i64(40), 300);
        QCOMPARE(v.field(41)->i64(1, 7), 0);
        QCOMPARE(v.field(42)->elements.size(), std::size_t{2});
        QCOMPARE(v.field(42)->elements[1].integer, -2);
    }

    void thriftLongList() {
        std::string out;
        CompactWriter w(out);
        w.beginStruct();
        w.beginListField(1, CompactType::Binary, 20);  // 0x19, then 0xf8, varint 20
        for (int i = 0; i < 20; ++i)
            w.writeBinary("");
        w.endStruct();
        QCOMPARE(static_cast<unsigned char>(out[1]), 0xf8);
        QCOMPARE(static_cast<int>(out[2]), 20);
    }

    void rleRunsAndBitPacking() {
        // 8 × 1 → RLE run: header (8 << 1) = 0x10, value 1 in 1 byte.
        std::string out;
        const std::vector<std::uint8_t> ones(8, 1);
        RleEncoder::encode(ones, 1, out);
        QCOMPARE(hex(out), hex(bytes({0x10, 0x01})));

        // Encodings.md example: values 0..7 at bit width 3 → bit-packed, one group:
        // header (1 << 1) | 1 = 0x03, then 0x88 0xc6 0xfa.
        out.clear();
        const std::vector<std::uint8_t> seq{0, 1, 2, 3, 4, 5, 6, 7};
        RleEncoder::encode(seq, 3, out);
        QCOMPARE(hex(out), hex(bytes({0x03, 0x88, 0xc6, 0xfa})));

        // Short tail is zero-padded to a group of 8: [1,0,1] width 1 → 0x03 0x05.
        out.clear();
        const std::vector<std::uint8_t> tail{1, 0, 1};
        RleEncoder::encode(tail, 1, out);
        QCOMPARE(hex(out), hex(bytes({0x03, 0x05})));

        // Run of 300 twos at width 2 → varint(600) = d8 04, value 02.
        out.clear();
        const std::vector<std::uint32_t> twos(300, 2);
        RleEncoder::encode(twos, 2, out);
        QCOMPARE(hex(out), hex(bytes({0xd8, 0x04, 0x02})));

        // Width 9 values need 2 bytes in an RLE run.
        out.clear();
        const std::vector<std::uint32_t> big(10, 300);
        RleEncoder::encode(big, 9, out);
        QCOMPARE(hex(out), hex(bytes({0x14, 0x2c, 0x01})));
    }

    void rleRoundTripRandom() {
        std::mt19937 rng(42);
        for (int width = 1; width <= 20; ++width) {
            std::vector<std::uint32_t> values;
            const std::uint32_t maxV = (1U << width) - 1;
            for (int i = 0; i < 5000; ++i) {
                const std::uint32_t v = rng() & maxV;
                const int repeat = (rng() % 4 == 0) ? static_cast<int>(rng() % 40) : 1;
                for (int k = 0; k < repeat; ++k)
                    values.push_back(v);
            }
            std::string enc;
            RleEncoder::encode(values, width, enc);
            std::vector<std::uint32_t> dec;
            const std::size_t used = RleDecoder::decode(enc, width, values.size(), dec);
            QCOMPARE(used, enc.size());
            QVERIFY2(dec == values, qPrintable(QString("width %1").arg(width)));
        }
        QCOMPARE(RleEncoder::bitWidthFor(0), 0);
        QCOMPARE(RleEncoder::bitWidthFor(1), 1);
        QCOMPARE(RleEncoder::bitWidthFor(2), 2);
        QCOMPARE(RleEncoder::bitWidthFor(255), 8);
        QCOMPARE(RleEncoder::bitWidthFor(256), 9);
    }

    void statisticsOrdering() {
        Statistics ints(PhysicalType::Int32);
        for (std::int64_t v : {5, -3, 7, -100, 0})
            ints.updateInt(v);
        QCOMPARE(std::get<std::int64_t>(*ints.min()), -100);
        QCOMPARE(std::get<std::int64_t>(*ints.max()), 7);
        QCOMPARE(hex(ints.encodedMin()),
                 hex(bytes({0x9c, 0xff, 0xff, 0xff})));  // LE two's complement
        QCOMPARE(ints.encodedMax().size(), std::size_t{4});

        Statistics doubles(PhysicalType::Double);
        doubles.updateDouble(std::nan(""));
        QVERIFY(!doubles.hasMinMax());  // NaN alone gives no bounds
        doubles.updateDouble(0.0);
        doubles.updateDouble(-2.5);
        doubles.updateDouble(std::nan(""));
        QCOMPARE(std::get<double>(*doubles.min()), -2.5);
        QCOMPARE(std::get<double>(*doubles.max()), 0.0);
        double maxOut = 0;
        std::memcpy(&maxOut, doubles.encodedMax().data(), 8);
        QVERIFY(!std::signbit(maxOut));  // zero max is +0.0
        Statistics zero(PhysicalType::Double);
        zero.updateDouble(0.0);
        double minOut = 0;
        std::memcpy(&minOut, zero.encodedMin().data(), 8);
        QVERIFY(std::signbit(minOut));  // zero min is -0.0

        Statistics strings(PhysicalType::ByteArray);
        for (const char* s : {"b", "\xc3\xa9t\xc3\xa9", "a", "Z", "ab"})
            strings.updateBytes(s);
        QCOMPARE(QString::fromStdString(std::get<std::string>(*strings.min())),
                 QStringLiteral("Z"));
        // "été" (0xC3...) sorts after ASCII bytewise, as UTF-8 code point order says.
        QCOMPARE(QString::fromStdString(std::get<std::string>(*strings.max())),
                 QString::fromUtf8("\xc3\xa9t\xc3\xa9"));

        Statistics merged(PhysicalType::Int64);
        merged.merge(ints);
        Statistics other(PhysicalType::Int64);
        other.updateInt(std::numeric_limits<std::int64_t>::max());
        other.addNulls(3);
        merged.merge(other);
        QCOMPARE(std::get<std::int64_t>(*merged.min()), -100);
        QCOMPARE(std::get<std::int64_t>(*merged.max()), std::numeric_limits<std::int64_t>::max());
        QCOMPARE(merged.nullCount(), 3);
    }

    void dictionaryFallsBackToPlain() {
        std::vector<SchemaNode> fields;
        fields.push_back(SchemaNode::string("s"));
        MemorySink sink;
        WriterOptions o;
        o.dictionaryPageSizeLimit = 2000;
        o.pageSize = 1000;
        FileWriter w(Schema(std::move(fields)), sink, o);
        std::vector<std::string> expected;
        for (int i = 0; i < 2000; ++i) {
            expected.push_back("value-" + std::to_string(i));
            w.column(0).appendBytes(expected.back());
            w.endRows();
        }
        w.close();
        FileReader r(sink.data());
        QCOMPARE(r.numRowGroups(), std::size_t{1});
        const auto& chunk = r.rowGroup(0).columns[0];
        QVERIFY(chunk.dictionaryPageOffset.has_value());
        const auto& enc = chunk.encodings;
        QVERIFY(std::find(enc.begin(), enc.end(), 8) != enc.end());  // RLE_DICTIONARY pages
        QVERIFY(std::find(enc.begin(), enc.end(), 0) != enc.end());  // PLAIN after fallback
        const auto rows = r.readRows();
        QCOMPARE(rows.size(), expected.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            QCOMPARE(rows[i]["s"].get<std::string>(), expected[i]);
        }
        QCOMPARE(*chunk.minValue, std::string("value-0"));
        QCOMPARE(*chunk.maxValue, std::string("value-999"));
    }

    void lowCardinalityStaysDictionary() {
        std::vector<SchemaNode> fields;
        fields.push_back(SchemaNode::int64("n"));
        MemorySink sink;
        FileWriter w(Schema(std::move(fields)), sink);
        for (int i = 0; i < 10000; ++i) {
            if (i % 4 == 0) {
                w.column(0).appendNull();
            } else {
                w.column(0).appendInt64(i % 3 - 1);
            }
        }
        w.endRows();
        w.close();
        FileReader r(sink.data());
        const auto& chunk = r.rowGroup(0).columns[0];
        QVERIFY(chunk.dictionaryPageOffset.has_value());
        QCOMPARE(*chunk.nullCount, 2500);
        std::int64_t mn = 0;
        std::memcpy(&mn, chunk.minValue->data(), 8);
        QCOMPARE(mn, -1);
        QVERIFY(sink.data().size() < 4000);  // 10k values in a few bytes each
    }

    void rowGroupsAndPages() {
        std::vector<SchemaNode> fields;
        fields.push_back(SchemaNode::int64("id", Repetition::Required));
        fields.push_back(SchemaNode::primitive("d", Repetition::Optional, PhysicalType::Double));
        MemorySink sink;
        WriterOptions o;
        o.rowGroupRows = 1000;
        o.pageSize = 512;
        o.dictionary = false;
        o.compression = Compression::Zstd;
        FileWriter w(Schema(std::move(fields)), sink, o);
        for (int i = 0; i < 3500; ++i) {
            w.column(0).appendInt64(i);
            if (i % 2 != 0) {
                w.column(1).appendDouble(i / 4.0);
            } else {
                w.column(1).appendNull();
            }
            w.endRows();
        }
        w.close();
        QCOMPARE(w.numRowGroups(), std::size_t{4});
        QCOMPARE(w.numRows(), 3500);
        FileReader r(sink.data());
        QCOMPARE(r.numRows(), 3500);
        const auto rows = r.readRows();
        for (int i = 0; i < 3500; ++i) {
            QCOMPARE(rows[static_cast<std::size_t>(i)]["id"].get<std::int64_t>(), i);
            if (i % 2 != 0) {
                QCOMPARE(rows[static_cast<std::size_t>(i)]["d"].get<double>(), i / 4.0);
            } else {
                QVERIFY(rows[static_cast<std::size_t>(i)]["d"].is_null());
            }
        }
        QCOMPARE(w.fileStatistics(1).nullCount(), 1750);
        QVERIFY(
            QString::fromStdString(r.createdBy()).startsWith("riverdelta version 0.1.0 (build "));
    }

    void threadedCompressionIsIdentical() {
        // Compression on worker threads must produce exactly the bytes of inline compression.
        auto write = [](std::size_t threads, Compression codec) {
            std::vector<SchemaNode> fields;
            fields.push_back(SchemaNode::int64("id", Repetition::Required));
            fields.push_back(SchemaNode::string("s"));
            fields.push_back(SchemaNode::string("low"));
            MemorySink sink;
            WriterOptions o;
            o.compression = codec;
            o.compressionThreads = threads;
            o.pageSize = 2048;
            o.rowGroupRows = 3000;
            FileWriter w(Schema(std::move(fields)), sink, o);
            for (int i = 0; i < 10000; ++i) {
                w.column(0).appendInt64(i * 3);
                if (i % 5 == 0) {
                    w.column(1).appendNull();
                } else {
                    w.column(1).appendBytes("row-" + std::to_string(i));
                }
                w.column(2).appendBytes(i % 3 == 0 ? "a" : "b");
                w.endRows();
            }
            w.close();
            return sink.take();
        };
        for (const auto codec : {Compression::Snappy, Compression::Zstd}) {
            const std::string inlined = write(0, codec);
            QVERIFY(inlined == write(1, codec));
            QVERIFY(inlined == write(3, codec));
            QCOMPARE(FileReader(inlined).readRows().size(), std::size_t{10000});
        }
    }

    void batchAppends() {
        std::vector<SchemaNode> fields;
        fields.push_back(SchemaNode::int64("a", Repetition::Required));
        fields.push_back(SchemaNode::int32("b"));
        fields.push_back(SchemaNode::primitive("c", Repetition::Optional, PhysicalType::Double));
        MemorySink sink;
        WriterOptions o;
        o.pageSize = 4096;
        o.rowGroupRows = 40000;
        FileWriter w(Schema(std::move(fields)), sink, o);
        std::vector<std::int64_t> a;
        std::vector<std::int32_t> b;
        std::vector<double> c;
        for (int i = 0; i < 100000; ++i) {
            a.push_back(static_cast<std::int64_t>(i) * 7 - 1000);  // unique: falls back to PLAIN
            b.push_back(i % 10 - 5);                               // dictionary
            c.push_back(i * 0.5);
        }
        for (std::size_t start = 0; start < a.size(); start += 4096) {
            const std::size_t n = std::min<std::size_t>(4096, a.size() - start);
            w.column(0).appendInt64s(std::span(a).subspan(start, n));
            w.column(1).appendInt32s(std::span(b).subspan(start, n));
            w.column(2).appendDoubles(std::span(c).subspan(start, n));
            w.endRows();
        }
        w.close();
        QCOMPARE(w.numRowGroups(), std::size_t{3});
        QVERIFY_THROWS_EXCEPTION(std::logic_error, w.column(1).appendInt64(1));  // INT32 column
        QCOMPARE(std::get<std::int64_t>(*w.fileStatistics(0).min()), -1000);
        QCOMPARE(std::get<std::int64_t>(*w.fileStatistics(0).max()), 99999 * 7 - 1000);
        QCOMPARE(std::get<std::int64_t>(*w.fileStatistics(1).min()), -5);
        FileReader r(sink.data());
        const auto rows = r.readRows();
        QCOMPARE(rows.size(), a.size());
        for (std::size_t i = 0; i < rows.size(); i += 997) {
            QCOMPARE(rows[i]["a"].get<std::int64_t>(), a[i]);
            QCOMPARE(rows[i]["b"].get<std::int32_t>(), b[i]);
            QCOMPARE(rows[i]["c"].get<double>(), c[i]);
        }
        QVERIFY(std::find(r.rowGroup(0).columns[0].encodings.begin(),
                          r.rowGroup(0).columns[0].encodings.end(),
                          0) != r.rowGroup(0).columns[0].encodings.end());
    }

    void stringBatchesMatchSingleAppends() {
        // appendByteArrays looks values up with the dictionary's memory fetched ahead: the file
        // must be byte for byte what per-value appends make, through dictionary growth (many
        // distinct URLs), page flushes, the early fallback of a unique column and the size
        // fallback of a column whose dictionary outgrows its limit within a batch.
        const auto write = [](bool batched) {
            std::vector<SchemaNode> fields;
            fields.push_back(SchemaNode::string("url"));
            fields.push_back(SchemaNode::string("id"));
            fields.push_back(SchemaNode::string("big"));
            MemorySink sink;
            WriterOptions o;
            o.pageSize = 8192;
            o.dictionaryPageSizeLimit = 200'000;
            o.rowGroupRows = 60'000;
            FileWriter w(Schema(std::move(fields)), sink, o);
            std::mt19937_64 rng(7);
            std::vector<std::string> url, id, big;
            for (int start = 0; start < 150'000; start += 2048) {
                url.clear();
                id.clear();
                big.clear();
                for (int i = start; i < start + 2048; ++i) {
                    url.push_back("/hotels/H" + std::to_string(rng() % 30) + "/rooms/" +
                                  std::to_string(rng() % 400));
                    id.push_back("A" + std::to_string(i));
                    big.push_back(std::string(40 + i % 7, 'x') + std::to_string(i / 3));
                }
                for (std::size_t c = 0; c < 3; ++c) {
                    const auto& values = c == 0 ? url : c == 1 ? id : big;
                    if (batched) {
                        const std::vector<std::string_view> views(values.begin(), values.end());
                        w.column(c).appendByteArrays(views);
                    } else {
                        for (const auto& v : values)
                            w.column(c).appendBytes(v);
                    }
                }
                w.endRows();
            }
            w.close();
            return sink.take();
        };
        const std::string single = write(false);
        QVERIFY(single == write(true));
        FileReader r(single);
        QCOMPARE(r.readRows().size(), std::size_t{151'552});
        const auto& enc = r.rowGroup(0).columns[2].encodings;  // "big": dictionary, then PLAIN
        QVERIFY(std::find(enc.begin(), enc.end(), 8) != enc.end());  // RLE_DICTIONARY
    }

    void rowGroupTail() {
        // The tail of a row group equals the end of the whole group: across page boundaries,
        // with nulls, dictionary and PLAIN (fallback) pages, booleans and strings.
        std::vector<SchemaNode> fields;
        fields.push_back(SchemaNode::int64("id", Repetition::Required));
        fields.push_back(SchemaNode::string("s"));
        fields.push_back(SchemaNode::string("low"));
        fields.push_back(SchemaNode::boolean("b"));
        fields.push_back(SchemaNode::primitive("d", Repetition::Optional, PhysicalType::Double));
        MemorySink sink;
        WriterOptions o;
        o.pageSize = 1024;
        o.pageValues = 300;
        o.dictionaryPageSizeLimit = 4000;
        o.rowGroupRows = 5000;
        FileWriter w(Schema(std::move(fields)), sink, o);
        for (int i = 0; i < 7000; ++i) {
            w.column(0).appendInt64(i);
            if (i % 7 == 0) {
                w.column(1).appendNull();
            } else {
                w.column(1).appendBytes("row-" + std::to_string(i));
            }
            w.column(2).appendBytes(i % 3 == 0 ? "a" : "b");
            if (i % 5 == 0) {
                w.column(3).appendNull();
            } else {
                w.column(3).appendBool(i % 2 == 0);
            }
            w.column(4).appendDouble(i * 0.25);
            w.endRows();
        }
        w.close();
        FileReader r(sink.data());
        QCOMPARE(r.numRowGroups(), std::size_t{2});
        for (std::size_t g = 0; g < r.numRowGroups(); ++g) {
            const auto all = r.readRowGroup(g);
            for (std::size_t count : {0, 1, 20, 299, 300, 301, 1000, 4999, 5000, 9000}) {
                const auto tail = r.readRowGroupTail(g, count);
                const std::size_t expected = std::min(count, all.size());
                QCOMPARE(tail.size(), expected);
                for (std::size_t i = 0; i < tail.size(); ++i)
                    QCOMPARE(QString::fromStdString(tail[i].dump()),
                             QString::fromStdString(all[all.size() - expected + i].dump()));
            }
        }
        QCOMPARE(r.readRowGroupTail(1, 1).front()["id"].get<std::int64_t>(), 6999);
    }

    void nestedTail() {
        const Json rows = Json::parse(R"([
            {"tags": [1, null, 3], "ll": [["x"], [], null, ["y", "z"]], "n": 1},
            {"tags": null, "ll": null, "n": null},
            {"tags": [], "ll": [], "n": 3},
            {"tags": [4], "ll": [[null]], "n": 4},
            {"tags": [5, 6], "ll": [["w"]], "n": 5}
        ])");
        std::vector<SchemaNode> fields;
        fields.push_back(SchemaNode::list("tags", Repetition::Optional, SchemaNode::int32("e")));
        fields.push_back(
            SchemaNode::list("ll", Repetition::Optional,
                             SchemaNode::list("e", Repetition::Optional, SchemaNode::string("e"))));
        fields.push_back(SchemaNode::int64("n"));
        MemorySink sink;
        WriterOptions o;
        o.pageValues = 2;  // lists span pages
        FileWriter w(Schema(std::move(fields)), sink, o);
        JsonShredder shredder(w);
        for (const auto& row : rows) {
            shredder.append(row);
            w.endRows();
        }
        w.close();
        FileReader r(sink.data());
        for (std::size_t count = 0; count <= rows.size() + 1; ++count) {
            const auto tail = r.readRowGroupTail(0, count);
            const std::size_t expected = std::min(count, rows.size());
            QCOMPARE(tail.size(), expected);
            for (std::size_t i = 0; i < tail.size(); ++i)
                QCOMPARE(QString::fromStdString(tail[i].dump()),
                         QString::fromStdString(rows[rows.size() - expected + i].dump()));
        }
    }

    void nestedRoundTrip() {
        std::vector<SchemaNode> inner;
        inner.push_back(SchemaNode::string("path"));
        inner.push_back(SchemaNode::map("pv", Repetition::Optional, SchemaNode::string("k"),
                                        SchemaNode::string("v")));
        inner.push_back(SchemaNode::list("tags", Repetition::Optional, SchemaNode::int32("e")));
        std::vector<SchemaNode> fields;
        fields.push_back(SchemaNode::group("add", Repetition::Optional, std::move(inner)));
        fields.push_back(
            SchemaNode::list("ll", Repetition::Optional,
                             SchemaNode::list("e", Repetition::Optional, SchemaNode::string("e"))));
        const Schema schema(std::move(fields));
        QCOMPARE(schema.columns().size(), std::size_t{5});
        QCOMPARE(schema.columns()[1].maxDefinitionLevel, 3);  // add, pv, key_value
        QCOMPARE(schema.columns()[2].maxDefinitionLevel, 4);  // ... value optional
        QCOMPARE(schema.columns()[2].maxRepetitionLevel, 1);
        QCOMPARE(schema.columns()[4].maxRepetitionLevel, 2);
        QCOMPARE(schema.columns()[4].maxDefinitionLevel, 5);

        const Json rows = Json::parse(R"([
            {"add": {"path": "a", "pv": {}, "tags": [1, null, 3]}, "ll": [["x"], [], null, ["y", "z"]]},
            {"add": null, "ll": null},
            {"add": {"path": null, "pv": {"k1": "v1", "k2": null}, "tags": []}, "ll": []},
            {"add": {"path": "b", "pv": null, "tags": null}, "ll": [[null]]}
        ])");
        MemorySink sink;
        WriterOptions o;
        o.compression = Compression::Uncompressed;
        FileWriter w(schema, sink, o);
        JsonShredder shredder(w);
        for (const auto& row : rows) {
            shredder.append(row);
            w.endRows();
        }
        w.close();
        FileReader r(sink.data());
        const auto back = r.readRows();
        QCOMPARE(back.size(), rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            QCOMPARE(QString::fromStdString(back[i].dump()),
                     QString::fromStdString(rows[i].dump()));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 shredder.append(Json::parse(R"({"add": [1]})")));
    }
};

QTEST_APPLESS_MAIN(TestParquetEncoding)
#include "test_parquet_encoding.moc"
