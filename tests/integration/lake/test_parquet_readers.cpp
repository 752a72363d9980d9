// Writes Parquet files with every codec, dictionary and PLAIN, several row groups and pages,
// flat and nested columns, then has pyarrow and DuckDB read them back and compare values,
// types and statistics (tests/integration/python/check_parquet.py).
#include <QtTest>
#include <cmath>

#include "engine/lake/parquet/file_sink.h"
#include "engine/lake/parquet/file_writer.h"
#include "engine/lake/parquet/json_shredder.h"
#include "lake/python_check.h"

using namespace riverdelta::lake::parquet;
using Json = nlohmann::json;
namespace rt = riverdelta::tests;

namespace {

constexpr int kRows = 5000;

std::vector<SchemaNode> flatSchema() {
    std::vector<SchemaNode> f;
    f.push_back(SchemaNode::int32("i32"));
    f.push_back(SchemaNode::int64("i64", Repetition::Required));
    f.push_back(SchemaNode::primitive("f32", Repetition::Optional, PhysicalType::Float));
    f.push_back(SchemaNode::primitive("f64", Repetition::Optional, PhysicalType::Double));
    f.push_back(SchemaNode::boolean("flag"));
    f.push_back(SchemaNode::string("city"));
    f.push_back(SchemaNode::string("uid"));
    f.push_back(SchemaNode::primitive("ts_us", Repetition::Optional, PhysicalType::Int64,
                                      LogicalType::timestamp(TimeUnit::Micros, true)));
    f.push_back(SchemaNode::primitive("ts_ms_local", Repetition::Optional, PhysicalType::Int64,
                                      LogicalType::timestamp(TimeUnit::Millis, false)));
    f.push_back(SchemaNode::primitive("day", Repetition::Optional, PhysicalType::Int32,
                                      LogicalType::date()));
    f.push_back(SchemaNode::primitive("small", Repetition::Optional, PhysicalType::Int32,
                                      LogicalType::integer(8)));
    f.push_back(SchemaNode::primitive("medium", Repetition::Required, PhysicalType::Int32,
                                      LogicalType::integer(16)));
    return f;
}

Json flatRow(int i) {
    static const char* cities[] = {"Zürich", "São Paulo", "東京", "Oslo", "", "Århus", "oslo"};
    Json r;
    r["i32"] = i % 11 == 0 ? Json() : Json((i * 7919) % 2001 - 1000);
    r["i64"] = static_cast<std::int64_t>(i) * 1'000'003 - (std::int64_t{1} << 40);
    r["f32"] = i % 13 == 0 ? Json()
                           : Json(static_cast<double>(static_cast<float>(i % 100) * 0.25F - 10.0F));
    r["f64"] = i % 17 == 0 ? Json() : Json(std::sin(i) * 1e6);
    r["flag"] = i % 3 == 0 ? Json() : Json(i % 2 == 0);
    r["city"] = i % 9 == 0 ? Json() : Json(cities[i % 7]);
    r["uid"] =
        i % 23 == 0
            ? Json()
            : Json("user-" + std::to_string(1'000'000 + i * 37) + "-session-" + std::to_string(i));
    r["ts_us"] = i % 19 == 0 ? Json()
                             : Json(std::int64_t{1'700'000'000'000'000} +
                                    std::int64_t{i} * 1'234'567 - 3'000'000'000'000);
    r["ts_ms_local"] = Json(std::int64_t{1'600'000'000'000} + i * 61'001);
    r["day"] = i % 29 == 0 ? Json() : Json(19'000 + (i % 400) - 200);
    r["small"] = i % 31 == 0 ? Json() : Json((i % 256) - 128);
    r["medium"] = (i * 131) % 65536 - 32768;
    return r;
}

void appendFlat(FileWriter& w, const Json& r) {
    const auto& fields = w.schema().fields();
    for (std::size_t c = 0; c < fields.size(); ++c) {
        const Json& v = r[fields[c].name()];
        ColumnWriter& col = w.column(c);
        if (v.is_null()) {
            col.appendNull();
            continue;
        }
        switch (fields[c].physicalType()) {
            case PhysicalType::Boolean:
                col.appendBool(v.get<bool>());
                break;
            case PhysicalType::Int32:
                col.appendInt32(v.get<std::int32_t>());
                break;
            case PhysicalType::Int64:
                col.appendInt64(v.get<std::int64_t>());
                break;
            case PhysicalType::Float:
                col.appendFloat(v.get<float>());
                break;
            case PhysicalType::Double:
                col.appendDouble(v.get<double>());
                break;
            case PhysicalType::ByteArray:
                col.appendBytes(v.get_ref<const std::string&>());
                break;
        }
    }
}

}  // namespace

class TestParquetReaders : public QObject {
    Q_OBJECT
  private slots:
    void referenceReadersAgree() {
        RD_REQUIRE_PYTHON();
        const QString dir = rt::freshArtifactDir("lake_parquet_readers");
        Json rows = Json::array();
        for (int i = 0; i < kRows; ++i)
            rows.push_back(flatRow(i));

        const std::pair<const char*, Compression> codecs[] = {{"none", Compression::Uncompressed},
                                                              {"snappy", Compression::Snappy},
                                                              {"zstd", Compression::Zstd}};
        for (const auto& [codecName, codec] : codecs) {
            for (const bool dictionary : {true, false}) {
                const std::string name =
                    std::string("flat_") + codecName + (dictionary ? "_dict" : "_plain");
                WriterOptions o;
                o.compression = codec;
                o.dictionary = dictionary;
                o.pageSize = 4096;
                o.rowGroupRows = 1700;
                o.dictionaryPageSizeLimit = 16 * 1024;
                o.compressionThreads = codec == Compression::Zstd ? 2 : 0;
                {
                    FileSink sink(dir.toStdString() + "/" + name + ".parquet");
                    FileWriter w(Schema(flatSchema()), sink, o);
                    for (const auto& r : rows) {
                        appendFlat(w, r);
                        w.endRows();
                    }
                    w.close();
                    QCOMPARE(w.numRowGroups(), std::size_t{3});
                    for (std::size_t rg = 0; rg < 3; ++rg) {
                        QVERIFY(w.chunkInfo(rg, 6).dataPages > 3);  // uid: several pages
                        if (!dictionary) QVERIFY(w.chunkInfo(rg, 1).dataPages > 1);  // i64
                    }
                }
                Json spec{{"rows", rows},
                          {"codec", codecName},
                          {"dictionary", dictionary},
                          {"row_groups", 3},
                          {"arrow_types",
                           {{"i32", "int32"},
                            {"i64", "int64"},
                            {"f32", "float"},
                            {"f64", "double"},
                            {"flag", "bool"},
                            {"city", "string"},
                            {"uid", "string"},
                            {"ts_us", "timestamp[us, tz=UTC]"},
                            {"ts_ms_local", "timestamp[ms]"},
                            {"day", "date32[day]"},
                            {"small", "int8"},
                            {"medium", "int16"}}}};
                if (dictionary) {
                    spec["dictionary_columns"] = {"i32", "city", "small"};
                    spec["fallback_columns"] = {"uid"};
                }
                rt::writeJsonFile(dir + "/" + QString::fromStdString(name) + ".json", spec);
            }
        }

        // Nested: structs, maps, lists (3-level), list of structs, list of lists.
        std::vector<SchemaNode> inner;
        inner.push_back(SchemaNode::string("path"));
        inner.push_back(SchemaNode::map("partitionValues", Repetition::Optional,
                                        SchemaNode::string("k"), SchemaNode::string("v")));
        inner.push_back(SchemaNode::int64("size"));
        inner.push_back(SchemaNode::boolean("dataChange"));
        std::vector<SchemaNode> point;
        point.push_back(SchemaNode::primitive("x", Repetition::Optional, PhysicalType::Double));
        point.push_back(SchemaNode::int32("y", Repetition::Required));
        std::vector<SchemaNode> fields;
        fields.push_back(SchemaNode::int64("id", Repetition::Required));
        fields.push_back(SchemaNode::group("add", Repetition::Optional, std::move(inner)));
        fields.push_back(SchemaNode::list("tags", Repetition::Optional, SchemaNode::string("e")));
        fields.push_back(
            SchemaNode::list("points", Repetition::Optional,
                             SchemaNode::group("p", Repetition::Optional, std::move(point))));
        fields.push_back(SchemaNode::list(
            "matrix", Repetition::Optional,
            SchemaNode::list("row", Repetition::Optional, SchemaNode::int64("v"))));
        Json nestedRows = Json::array();
        for (int i = 0; i < 3000; ++i) {
            Json r;
            r["id"] = i;
            if (i % 5 == 0) {
                r["add"] = nullptr;
            } else {
                Json pv = Json::object();
                for (int k = 0; k < i % 4; ++k) {
                    pv["key" + std::to_string(k)] =
                        (k + i) % 3 == 0 ? Json() : Json("v" + std::to_string(i + k));
                }
                r["add"] = {{"path", i % 7 == 0 ? Json() : Json("part-" + std::to_string(i))},
                            {"partitionValues", i % 6 == 0 ? Json() : pv},
                            {"size", i * 10},
                            {"dataChange", i % 2 == 0}};
            }
            Json tags = Json::array();
            for (int k = 0; k < i % 5; ++k)
                tags.push_back(k == 2 ? Json() : Json("t" + std::to_string(k)));
            r["tags"] = i % 8 == 0 ? Json() : tags;
            Json points = Json::array();
            for (int k = 0; k < i % 3; ++k) {
                points.push_back(
                    k == 1 && i % 2 == 0
                        ? Json()
                        : Json{{"x", i % 4 == 0 ? Json() : Json(i * 0.5 + k)}, {"y", k}});
            }
            r["points"] = points;
            Json matrix = Json::array();
            for (int k = 0; k < i % 4; ++k) {
                Json row = Json::array();
                for (int m = 0; m < k; ++m)
                    row.push_back(Json(i * 100 + m));
                matrix.push_back(k == 3 ? Json() : row);
            }
            r["matrix"] = i % 9 == 0 ? Json() : matrix;
            nestedRows.push_back(r);
        }
        for (const bool dictionary : {true, false}) {
            const std::string name = std::string("nested_") + (dictionary ? "dict" : "plain");
            WriterOptions o;
            o.dictionary = dictionary;
            o.compression = dictionary ? Compression::Snappy : Compression::Zstd;
            o.pageSize = 2048;
            o.rowGroupRows = 1000;
            {
                FileSink sink(dir.toStdString() + "/" + name + ".parquet");
                FileWriter w(Schema(fields), sink, o);
                JsonShredder shredder(w);
                for (const auto& r : nestedRows) {
                    shredder.append(r);
                    w.endRows();
                }
                w.close();
            }
            rt::writeJsonFile(dir + "/" + QString::fromStdString(name) + ".json",
                              Json{{"rows", nestedRows},
                                   {"codec", dictionary ? "snappy" : "zstd"},
                                   {"dictionary", dictionary},
                                   {"row_groups", 3}});
        }

        const auto run = rt::runPythonCheck("check_parquet.py", {dir});
        RD_VERIFY_PYTHON_RUN(run);
        const Json summary = Json::parse(run.out.toStdString());
        QCOMPARE(summary.size(), std::size_t{8});
        QCOMPARE(summary["flat_zstd_dict.parquet"]["rows"].get<int>(), kRows);
    }
};

QTEST_APPLESS_MAIN(TestParquetReaders)
#include "test_parquet_readers.moc"
