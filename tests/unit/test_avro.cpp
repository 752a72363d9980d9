#include <QtTest>
#include <climits>

#include "engine/avro/avro_decoder.h"
#include "engine/avro/avro_encoder.h"
#include "engine/avro/avro_schema.h"
#include "support/enum_name.h"

using namespace riverdelta;
using avro::Buffer;

namespace {

std::string hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        if (!out.empty()) out += ' ';
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    }
    return out;
}

template <typename F>
std::string encoded(F&& write) {
    Buffer b;
    write(b);
    return hex(b.view());
}

std::string encodeValue(const std::string& schema, const nlohmann::json& value) {
    Buffer b;
    avro::encodeJson(avro::Schema::parse(schema), value, b);
    return hex(b.view());
}

std::string errorOf(const std::string& schema, const nlohmann::json& value) {
    try {
        encodeValue(schema, value);
    } catch (const avro::AvroError& e) {
        return e.what();
    }
    return "<no error>";
}

}  // namespace

class AvroTest : public QObject {
    Q_OBJECT
  private slots:
    void zigzagVarints() {
        QCOMPARE(encoded([](Buffer& b) { avro::writeLong(b, 0); }), std::string("00"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeLong(b, -1); }), std::string("01"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeLong(b, 1); }), std::string("02"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeLong(b, -2); }), std::string("03"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeLong(b, 63); }), std::string("7e"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeLong(b, -64); }), std::string("7f"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeLong(b, 64); }), std::string("80 01"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeInt(b, INT32_MIN); }),
                 std::string("ff ff ff ff 0f"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeLong(b, INT64_MAX); }),
                 std::string("fe ff ff ff ff ff ff ff ff 01"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeLong(b, INT64_MIN); }),
                 std::string("ff ff ff ff ff ff ff ff ff 01"));
    }

    void primitivesAndFraming() {
        QCOMPARE(encoded([](Buffer& b) { avro::writeString(b, "foo"); }),
                 std::string("06 66 6f 6f"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeString(b, ""); }), std::string("00"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeDouble(b, 1.0); }),
                 std::string("00 00 00 00 00 00 f0 3f"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeFloat(b, 1.0f); }), std::string("00 00 80 3f"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeBoolean(b, true); }), std::string("01"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeConfluentHeader(b, 258); }),
                 std::string("00 00 00 01 02"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeDecimalBytes(b, 0); }), std::string("02 00"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeDecimalBytes(b, -1); }), std::string("02 ff"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeDecimalBytes(b, 128); }),
                 std::string("04 00 80"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeDecimalBytes(b, -129); }),
                 std::string("04 ff 7f"));
        QCOMPARE(encoded([](Buffer& b) { avro::writeDecimalFixed(b, -2, 4); }),
                 std::string("ff ff ff fe"));
    }

    void textFormsOfLogicalTypes() {
        QCOMPARE(avro::parseDate("1970-01-01"), std::optional<std::int32_t>(0));
        QCOMPARE(avro::parseDate("2024-02-29"), std::optional<std::int32_t>(19782));
        QCOMPARE(avro::parseDate("1969-12-31"), std::optional<std::int32_t>(-1));
        QVERIFY(!avro::parseDate("2024-13-01"));
        QVERIFY(!avro::parseDate("2024-01-01x"));
        const std::int64_t base = 19844LL * 86'400'000'000LL;  // 2024-05-01
        const std::int64_t t = base + ((13 * 60 + 45) * 60) * 1'000'000LL + 250'000;
        QCOMPARE(avro::parseTimestampMicros("2024-05-01T13:45:00.250Z", false),
                 std::optional<std::int64_t>(t));
        QCOMPARE(avro::parseTimestampMicros("2024-05-01 13:45:00.25", false),
                 std::optional<std::int64_t>(t));
        QCOMPARE(avro::parseTimestampMicros("2024-05-01T15:45:00.250+02:00", false),
                 std::optional<std::int64_t>(t));
        QCOMPARE(avro::parseTimestampMicros("2024-05-01T13:45:00.250+02:00", true),
                 std::optional<std::int64_t>(t));
        QCOMPARE(avro::parseTimestampMicros("2024-05-01", false),
                 std::optional<std::int64_t>(base));
        QVERIFY(!avro::parseTimestampMicros("May 1st", false));
        QCOMPARE(avro::parseTimeOfDayMicros("00:00:01.5"), std::optional<std::int64_t>(1'500'000));
        QVERIFY(avro::parseDecimal("123.456", 2) == avro::Int128(12346));
        QVERIFY(avro::parseDecimal("-0.005", 2) == avro::Int128(-1));
        QVERIFY(avro::parseDecimal("1e3", 0) == avro::Int128(1000));
        QVERIFY(avro::parseDecimal("1.5E-1", 2) == avro::Int128(15));
        QVERIFY(avro::parseDecimal("7", 3) == avro::Int128(7000));
        QVERIFY(!avro::parseDecimal("abc", 2));
        QVERIFY(!avro::parseDecimal("1.2.3", 2));
    }

    void parsesSchemas() {
        auto s = avro::Schema::parse(R"({"type": "record", "name": "Booking", "namespace": "rh",
            "fields": [
              {"name": "guest", "type": {"type": "record", "name": "Guest",
                 "fields": [{"name": "name", "type": "string"}]}},
              {"name": "companion", "type": ["null", "Guest"], "default": null},
              {"name": "status", "type": {"type": "enum", "name": "Status",
                 "symbols": ["BOOKED", "CANCELLED"]}},
              {"name": "nights", "type": {"type": "array", "items": "int"}},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal",
                 "precision": 10, "scale": 2}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}
            ]})");
        const auto& root = s.root();
        QCOMPARE(testing::nameOf(root.type), testing::nameOf(avro::Type::Record));
        QCOMPARE(root.name, std::string("rh.Booking"));
        QCOMPARE(root.fields.size(), std::size_t(6));
        const auto& companion = s.node(root.fields[1].type);
        QCOMPARE(testing::nameOf(companion.type), testing::nameOf(avro::Type::Union));
        QCOMPARE(companion.nullBranch, 0);
        QCOMPARE(s.node(companion.branches[1]).name, std::string("rh.Guest"));
        QCOMPARE(s.node(root.fields[4].type).logical, avro::LogicalType::Decimal);
        QCOMPARE(s.node(root.fields[4].type).scale, 2);
        QCOMPARE(s.node(root.fields[5].type).logical, avro::LogicalType::TimestampMillis);

        // A recursive type (a linked list) refers to itself by name.
        auto list = avro::Schema::parse(R"({"type": "record", "name": "Node", "fields": [
            {"name": "value", "type": "int"}, {"name": "next", "type": ["null", "Node"]}]})");
        QCOMPARE(
            encodeValue(list.text(), {{"value", 1}, {"next", {{"value", 2}, {"next", nullptr}}}}),
            std::string("02 02 04 00"));

        auto bad = [](const char* text) -> std::string {
            try {
                avro::Schema::parse(text);
            } catch (const avro::AvroError& e) {
                return e.what();
            }
            return "<no error>";
        };
        QVERIFY(bad(R"({"type": "record", "name": "R", "fields": [{"name": "a", "type": "Nope"}]})")
                    .find("unknown type 'Nope'") != std::string::npos);
        QVERIFY(bad(R"(["null", "string", "null"])").find("two null branches") !=
                std::string::npos);
        QVERIFY(bad(R"({"type": "record", "fields": []})").find("\"name\"") != std::string::npos);
        QVERIFY(bad("{not json").find("not valid JSON") != std::string::npos);
    }

    void encodesRecordsFromJson() {
        const std::string schema = R"({"type": "record", "name": "R", "fields": [
            {"name": "a", "type": "int"},
            {"name": "b", "type": ["null", "string"]},
            {"name": "c", "type": "string", "default": "x"},
            {"name": "d", "type": {"type": "map", "values": "long"}},
            {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["X", "Y"]}}]})";
        // a=1, b missing → null branch 0, c default "x", d {} → 0, e "Y" → 1
        QCOMPARE(encodeValue(schema, {{"a", 1}, {"d", nlohmann::json::object()}, {"e", "Y"}}),
                 std::string("02 00 02 78 00 02"));
        // b "hi" → branch 1 + string; d {"k": 3}
        QCOMPARE(
            encodeValue(schema, {{"a", -1}, {"b", "hi"}, {"c", ""}, {"d", {{"k", 3}}}, {"e", "X"}}),
            std::string("01 02 04 68 69 00 02 02 6b 06 00 00"));
        // Union with explicit JSON-encoding wrapper and numeric branches chosen by value.
        const std::string u = R"(["null", "int", "double", "string"])";
        QCOMPARE(encodeValue(u, 5), std::string("02 0a"));
        QCOMPARE(encodeValue(u, 1.5), std::string("04 00 00 00 00 00 00 f8 3f"));
        QCOMPARE(encodeValue(u, {{"string", "5"}}), std::string("06 02 35"));
        QCOMPARE(encodeValue(u, nullptr), std::string("00"));
        // Logical types from their text forms.
        QCOMPARE(encodeValue(R"({"type": "int", "logicalType": "date"})", "1970-01-02"),
                 std::string("02"));
        QCOMPARE(encodeValue(R"({"type": "long", "logicalType": "timestamp-millis"})",
                             "1970-01-01T00:00:01Z"),
                 std::string("d0 0f"));
        QCOMPARE(encodeValue(
                     R"({"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 2})",
                     "-1.29"),
                 std::string("04 ff 7f"));
        QCOMPARE(encodeValue(
                     R"({"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 2})",
                     19.99),
                 std::string("04 07 cf"));
    }

    void errorsNameTheField() {
        const std::string schema = R"({"type": "record", "name": "Order", "fields": [
            {"name": "items", "type": {"type": "array", "items": {"type": "record",
               "name": "Item", "fields": [{"name": "qty", "type": "int"}]}}},
            {"name": "note", "type": "string"}]})";
        const auto e1 =
            errorOf(schema, {{"items", {{{"qty", 1}}, {{"qty", "two"}}}}, {"note", ""}});
        QVERIFY2(
            e1.find("items[1].qty: expected an integer (int), got a string") != std::string::npos,
            e1.c_str());
        const auto e2 = errorOf(schema, {{"items", nlohmann::json::array()}});
        QVERIFY2(e2.find("note: missing") != std::string::npos, e2.c_str());
        const auto e3 = errorOf(R"("int")", 3000000000LL);
        QVERIFY2(e3.find("does not fit an Avro int") != std::string::npos, e3.c_str());
        const auto e4 = errorOf(R"({"type": "enum", "name": "E", "symbols": ["A"]})", "B");
        QVERIFY2(e4.find("'B' is not a symbol of enum E") != std::string::npos, e4.c_str());
        const auto e5 = errorOf(
            R"({"type": "bytes", "logicalType": "decimal", "precision": 3, "scale": 2})", 10.5);
        QVERIFY2(e5.find("does not fit precision 3") != std::string::npos, e5.c_str());
    }

    void decodesWhatTheEncoderWrote() {
        const std::string schema = R"({"type": "record", "name": "R", "fields": [
            {"name": "a", "type": "int"},
            {"name": "b", "type": ["null", "string"]},
            {"name": "l", "type": "long"},
            {"name": "f", "type": "float"},
            {"name": "d", "type": "double"},
            {"name": "t", "type": "boolean"},
            {"name": "m", "type": {"type": "map", "values": "long"}},
            {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["X", "Y"]}},
            {"name": "arr", "type": {"type": "array", "items": "string"}},
            {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal",
                                     "precision": 6, "scale": 2}},
            {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}}]})";
        const auto parsed = avro::Schema::parse(schema);
        const nlohmann::json value = {{"a", -7},
                                      {"b", "hé"},
                                      {"l", 9'000'000'000'000LL},
                                      {"f", 1.5},
                                      {"d", -0.25},
                                      {"t", true},
                                      {"m", {{"k", 3}, {"z", -1}}},
                                      {"e", "Y"},
                                      {"arr", {"x", "", "yz"}},
                                      {"dec", "-1.29"},
                                      {"ts", 1'700'000'000'123LL}};
        Buffer b;
        avro::encodeConfluent(parsed, 258, value, b);
        const auto frame = avro::readConfluentHeader(b.view());
        QVERIFY(frame.has_value());
        QCOMPARE(frame->schemaId, 258);
        QCOMPARE(avro::decodeJson(parsed, frame->body), value);
        auto withNull = value;
        withNull["b"] = nullptr;
        b.clear();
        avro::encodeJson(parsed, withNull, b);
        QCOMPARE(avro::decodeJson(parsed, b.view()), withNull);
        // skipValue walks exactly one datum.
        avro::BinaryReader in(b.view());
        avro::skipValue(parsed, parsed.rootId(), in);
        QVERIFY(in.atEnd());
    }

    void malformedBinaryIsAnErrorNotACrash() {
        const auto parsed = avro::Schema::parse(
            R"({"type": "record", "name": "R", "fields": [{"name": "s", "type": "string"},
                {"name": "xs", "type": {"type": "array", "items": "null"}}]})");
        auto errorOfBytes = [&](std::string_view bytes) -> std::string {
            try {
                avro::decodeJson(parsed, bytes);
            } catch (const avro::AvroError& e) {
                return e.what();
            }
            return "<no error>";
        };
        // string of length 10 with 2 bytes
        QVERIFY(errorOfBytes(std::string("\x14"
                                         "ab",
                                         3))
                    .find("truncated") != std::string::npos);
        // a varint that never ends
        QVERIFY(errorOfBytes(std::string(12, '\xff')).find("varint") != std::string::npos);
        // a forged block count of null items
        const std::string forged = std::string("\x00", 1) + "\xfe\xff\xff\xff\x0f";
        QVERIFY2(errorOfBytes(forged).find("items") != std::string::npos,
                 errorOfBytes(forged).c_str());
        // bytes left over
        QVERIFY(errorOfBytes(std::string("\x00\x00\x01", 3)).find("left") != std::string::npos);
        // not framed: JSON, or too short
        QVERIFY(!avro::readConfluentHeader(R"({"a":1})"));
        QVERIFY(!avro::readConfluentHeader(std::string("\x00\x00\x01", 3)));
    }
};

QTEST_GUILESS_MAIN(AvroTest)
#include "test_avro.moc"
