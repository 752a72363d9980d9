// Function modifiers on any function: path, selectKeys, keyNames, sample, clamp, decimals,
// cast, cardinality, serialize, null, elide, pgHint/sqlHint/avroHint; and their errors.
#include <QtTest>
#include <map>
#include <set>

#include "scenario_test_support.h"

using namespace rdtest;

namespace {

std::unique_ptr<generate::Program> ok(const std::string& text) {
    auto c = compile(text);
    if (!c.program) qWarning("%s", c.diagnostics.format().c_str());
    return std::move(c.program);
}

std::string first(const std::string& valueJson, const std::string& extra = "") {
    auto p = ok(single(valueJson, extra));
    if (!p) return "<compile error>";
    return payloads(*p, 1).at(0);
}

std::string errors(const std::string& valueJson) {
    return compile(single(valueJson)).diagnostics.format();
}

}  // namespace

class FunctionsModifiersTest : public QObject {
    Q_OBJECT

  private slots:
    void pathOnAnyFunction();
    void selectKeysAndKeyNames();
    void decimalsRoundsHalfUpAndZeroTruncates();
    void castToAndFromStrings();
    void cardinalityCapsDistinctValues();
    void serializePostgresTimestamp();
    void serializePostgresTimestampMakesATimestampColumn();
    void serializeAvroTypes();
    void nullRate();
    void elideByRatePresenceAndAbsence();
    void sampleKeepsAShare();
    void hintsAndUnsupportedAvroHint();
    void modifierErrors();
};

void FunctionsModifiersTest::pathOnAnyFunction() {
    QCOMPARE(first(R"({"_gen":"constant","x":{"a":{"b":"c"}},"path":["a","b"]})"),
             std::string("\"c\""));
    QCOMPARE(first(R"({"_gen":"constant","x":["a",{"b":["c","d",{"e":"f"}]}],"path":[1,"b",2]})"),
             std::string(R"({"e":"f"})"));
    QCOMPARE(first(R"({"_gen":"constant","x":{"a":1},"path":["zz"]})"), std::string("null"));
    // var's own path is not applied twice.
    QCOMPARE(first(R"({"_gen":"var","var":"v","path":["a"]})", R"("vars":{"v":{"a":7}},)"),
             std::string("7"));
}

void FunctionsModifiersTest::selectKeysAndKeyNames() {
    QCOMPARE(first(R"({"_gen":"constant","x":{"a":"b","c":"d","e":"f"},"selectKeys":["a","e"]})"),
             std::string(R"({"a":"b","e":"f"})"));
    QCOMPARE(first(R"({"_gen":"constant","x":{"latitude":42,"longitude":64},)"
                   R"("keyNames":{"latitude":"lat","longitude":"lon"}})"),
             std::string(R"({"lat":42,"lon":64})"));
}

void FunctionsModifiersTest::decimalsRoundsHalfUpAndZeroTruncates() {
    QCOMPARE(first(R"({"_gen":"constant","x":10.12345,"decimals":2})"), std::string("10.12"));
    QCOMPARE(first(R"({"_gen":"constant","x":10.125,"decimals":2})"), std::string("10.13"));
    QCOMPARE(first(R"({"_gen":"constant","x":-2.5,"decimals":0})"), std::string("-2"));
    QCOMPARE(first(R"({"_gen":"constant","x":42.793853,"decimals":0})"), std::string("42"));
    QCOMPARE(first(R"({"_gen":"constant","x":"text","decimals":1})"), std::string("\"text\""));
}

void FunctionsModifiersTest::castToAndFromStrings() {
    QCOMPARE(first(R"({"_gen":"constant","x":47.25,"cast":"string"})"), std::string("\"47.25\""));
    QCOMPARE(first(R"({"_gen":"constant","x":{"a":1},"cast":"string"})"),
             std::string("\"{\\\"a\\\":1}\""));
    QCOMPARE(first(R"({"_gen":"constant","x":"18638","cast":"integer"})"), std::string("18638"));
    QCOMPARE(first(R"({"_gen":"constant","x":"10.25","cast":"double"})"), std::string("10.25"));
    QCOMPARE(first(R"({"t":{"_gen":"constant","x":"true","cast":"boolean"},)"
                   R"("f":{"_gen":"constant","x":"false","cast":"boolean"},)"
                   R"("i":{"_gen":"constant","x":"invalid","cast":"boolean"}})"),
             std::string(R"({"t":true,"f":false,"i":false})"));
    QCOMPARE(first(R"({"_gen":"constant","x":"12x","cast":"integer"})"), std::string("null"));
    QCOMPARE(first(R"({"_gen":"digitString","n":5,"cast":"integer"})").find('"'),
             std::string::npos);
    auto p = ok(
        R"({"generators":[{"table":"t","row":{"n":{"_gen":"digitString","n":3,"cast":"integer"}}}]})");
    QVERIFY(p);
    QCOMPARE(p->generators().at(0).columns.at(0).kind, std::optional(generate::ValueKind::Int));
}

void FunctionsModifiersTest::cardinalityCapsDistinctValues() {
    auto p =
        ok(single(R"({"a":{"_gen":"uuid","cardinality":1},"b":{"_gen":"uuid","cardinality":3},)"
                  R"("c":{"_gen":"uuid"}})"));
    QVERIFY(p);
    std::set<std::string> a, b, c;
    for (const auto& line : payloads(*p, 200)) {
        auto j = nlohmann::json::parse(line);
        a.insert(j["a"].get<std::string>());
        b.insert(j["b"].get<std::string>());
        c.insert(j["c"].get<std::string>());
    }
    QCOMPARE(a.size(), std::size_t{1});
    QCOMPARE(b.size(), std::size_t{3});
    QCOMPARE(c.size(), std::size_t{200});
}

void FunctionsModifiersTest::serializePostgresTimestamp() {
    QCOMPARE(first(R"({"_gen":"now","serialize":{"type":"postgresTimestamp"}})"),
             std::string("\"2025-06-15T15:06:40.000Z\""));
    QCOMPARE(
        first(R"({"_gen":"constant","x":1714076927262,"serialize":{"type":"sqlServerTimestamp"}})"),
        std::string("\"2024-04-25T20:28:47.262Z\""));
    // Java Datagen style: on math and var too.
    QCOMPARE(first(R"({"_gen":"math","expr":"t - 1000","serialize":{"type":"postgresTimestamp"}})",
                   R"("vars":{"t":{"_gen":"now"}},)"),
             std::string("\"2025-06-15T15:06:39.000Z\""));
    QCOMPARE(first(R"({"_gen":"var","var":"t","serialize":{"type":"postgresTimestamp"}})",
                   R"("vars":{"t":0},)"),
             std::string("\"1970-01-01T00:00:00.000Z\""));
}

void FunctionsModifiersTest::serializePostgresTimestampMakesATimestampColumn() {
    auto p = ok(
        R"({"generators":[{"table":"t","row":{)"
        R"("a":{"_gen":"now","serialize":{"type":"postgresTimestamp"}},)"
        R"("b":{"_gen":"now","serialize":{"type":"postgresTimestamp"},"pgHint":"TIMESTAMP NOT NULL"},)"
        R"("c":{"_gen":"now","serialize":{"type":"postgresTimestamp"},"null":{"rate":0.5}},)"
        R"("d":{"_gen":"now"}}}]})");
    QVERIFY(p);
    const auto& cols = p->generators().at(0).columns;
    QCOMPARE(cols.at(0).pgHint, std::string("TIMESTAMPTZ"));
    QCOMPARE(cols.at(1).pgHint, std::string("TIMESTAMP NOT NULL"));  // the user's hint wins
    QCOMPARE(cols.at(2).pgHint, std::string("TIMESTAMPTZ"));
    QCOMPARE(cols.at(3).pgHint, std::string());
    QCOMPARE(cols.at(0).kind, std::optional(generate::ValueKind::String));
}

void FunctionsModifiersTest::serializeAvroTypes() {
    // 50.123 with scale 3: unscaled 50123 = 0x00C3CB (a leading zero keeps it positive), each
    // byte one character.
    QCOMPARE(
        first(R"({"_gen":"constant","x":50.123,"serialize":{"type":"avroDecimal","scale":3}})"),
        std::string("\"\\u0000\xC3\x83\xC3\x8B\""));
    QCOMPARE(first(R"({"_gen":"constant","x":-1,"serialize":{"type":"avroDecimal","scale":0}})"),
             std::string("\"\xC3\xBF\""));
    QCOMPARE(first(R"({"_gen":"constant","x":"AAE=","serialize":{"type":"avroFixed"}})"),
             std::string("\"\\u0000\\u0001\""));
    QVERIFY(errors(R"({"_gen":"constant","x":1,"serialize":{"type":"avroDecimal"}})")
                .find("\"avroDecimal\" needs \"scale\"") != std::string::npos);
    QVERIFY(errors(R"({"_gen":"now","serialize":{"type":"postgresTimestamps"}})")
                .find("/generators/0/value/serialize/type: \"serialize\" needs \"type\": "
                      "\"postgresTimestamp\", \"sqlServerTimestamp\", \"avroDecimal\" or "
                      "\"avroFixed\"; did you mean \"postgresTimestamp\"?") != std::string::npos);
}

void FunctionsModifiersTest::nullRate() {
    auto p = ok(single(R"({"_gen":"string","expr":"#{Name.fullName}","null":{"rate":0.25}})"));
    QVERIFY(p);
    int nulls = 0;
    const auto out = payloads(*p, 20000);
    for (const auto& line : out)
        nulls += line == "null";
    // Binomial(20000, 0.25): sd ~61; 6 sd.
    QVERIFY2(std::abs(nulls - 5000) < 370, std::to_string(nulls).c_str());
    QCOMPARE(first(R"({"_gen":"boolean","null":{"rate":1}})"), std::string("null"));
    QCOMPARE(first(R"({"_gen":"constant","x":1,"null":{"rate":0}})"), std::string("1"));
}

void FunctionsModifiersTest::elideByRatePresenceAndAbsence() {
    auto p = ok(single(R"({"a":{"_gen":"uuid","elide":{"rate":0.7}},"b":1})"));
    QVERIFY(p);
    int withA = 0;
    for (const auto& line : payloads(*p, 10000)) {
        auto j = nlohmann::json::parse(line);
        QCOMPARE(j["b"].get<int>(), 1);
        withA += j.contains("a");
    }
    QVERIFY2(std::abs(withA - 3000) < 280, std::to_string(withA).c_str());  // sd ~46
    QCOMPARE(
        first(
            R"({"a":{"_gen":"constant","x":1,"elide":{"whenPresent":{"_gen":"var","var":"m","path":["k"]}}},)"
            R"("b":{"_gen":"constant","x":2,"elide":{"whenPresent":{"_gen":"var","var":"m","path":["none"]}}},)"
            R"("c":{"_gen":"constant","x":3,"elide":{"whenAbsent":{"_gen":"var","var":"m","path":["k"]}}},)"
            R"("d":{"_gen":"constant","x":4,"elide":{"whenAbsent":{"_gen":"var","var":"m","path":["f"]}}}})",
            R"("vars":{"m":{"k":42,"f":false}},)"),
        std::string(R"({"b":2,"c":3})"));
    // In arrays the position is removed; at the top level the value is null.
    QCOMPARE(first(R"([1,{"_gen":"constant","x":2,"elide":{"rate":1}},3])"), std::string("[1,3]"));
    QCOMPARE(first(R"({"_gen":"constant","x":2,"elide":{"rate":1}})"), std::string("null"));
}

void FunctionsModifiersTest::sampleKeepsAShare() {
    auto p = ok(single(R"({"_gen":"repeatedly","n":100,"target":1,"sample":{"rate":0.5}})"));
    QVERIFY(p);
    std::size_t total = 0;
    const auto out = payloads(*p, 100);
    for (const auto& line : out)
        total += nlohmann::json::parse(line).size();
    QVERIFY2(total > 4700 && total < 5300, std::to_string(total).c_str());  // sd 50
}

void FunctionsModifiersTest::hintsAndUnsupportedAvroHint() {
    auto p = ok(
        R"J({"generators":[{"table":"t","row":{"id":{"_gen":"uuid","pgHint":"VARCHAR(36) PRIMARY KEY"},)J"
        R"J("x":{"_gen":"uuid","sqlHint":"nvarchar(36)"}}}]})J");
    QVERIFY(p);
    QCOMPARE(p->generators().at(0).columns.at(0).pgHint, std::string("VARCHAR(36) PRIMARY KEY"));
    QCOMPARE(p->generators().at(0).columns.at(1).pgHint, std::string());
    QVERIFY(errors(R"({"_gen":"uuid","avroHint":{"type":"string"}})")
                .find("\"avroHint\" is not supported; give the schema with "
                      "localConfigs.avroSchemaHint") != std::string::npos);
}

void FunctionsModifiersTest::modifierErrors() {
    QVERIFY(
        errors(R"({"_gen":"uuid","cast":"integr"})")
            .find(
                "/generators/0/value/cast: \"cast\" must be \"string\", \"integer\", \"double\" or "
                "\"boolean\"; did you mean \"integer\"?") != std::string::npos);
    QVERIFY(errors(R"({"_gen":"uuid","null":{"rate":2}})")
                .find("/generators/0/value/null/rate: \"rate\" must be from 0 to 1") !=
            std::string::npos);
    QVERIFY(errors(R"({"_gen":"uuid","elide":{"often":true}})")
                .find("/generators/0/value/elide/often: unknown key \"often\"") !=
            std::string::npos);
    QVERIFY(errors(R"({"_gen":"uuid","cardinality":0})")
                .find("\"cardinality\" must be an integer from 1") != std::string::npos);
    QVERIFY(errors(R"({"_gen":"uuid","selectKeys":"a"})")
                .find("modifier \"selectKeys\" must be an array, not a string") !=
            std::string::npos);
    QVERIFY(errors(R"({"_gen":"uuid","nul":{"rate":0.1}})")
                .find("unknown parameter \"nul\" for function \"uuid\"; did you mean \"null\"?") !=
            std::string::npos);
}

QTEST_GUILESS_MAIN(FunctionsModifiersTest)
#include "test_functions_modifiers.moc"
