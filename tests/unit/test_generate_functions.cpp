// Semantics, edge cases and statistics of the scenario language's functions.
#include <QtTest>
#include <map>
#include <regex>
#include <set>

#include "engine/generate/faker.h"
#include "engine/generate/value_json_writer.h"
#include "scenario_test_support.h"

using namespace rdtest;
using nlohmann::json;

class GenerateFunctionsTest : public QObject {
    Q_OBJECT

    static std::unique_ptr<generate::Program> ok(const std::string& text) {
        auto c = compile(text);
        if (!c.program) qWarning("%s", c.diagnostics.format().c_str());
        return std::move(c.program);
    }

  private slots:
    void literalsKeepOrderAndTypes();
    void constantReturnsValueVerbatim();
    void nowUsesRunClock();
    void sequentialInteger();
    void sequentialString();
    void stringTemplateVarsBeforeFaker();
    void stringTemplateFormatsNonStringVars();
    void fakerExpressions();
    void formatTime();
    void oneOfSharesAreUniform();
    void oneOfFromVarArray();
    void oneOfEvaluatesOnlyTheChosenBranch();
    void weightedOneOfWithinTolerance();
    void normalMeanAndSd();
    void normalWithFunctionParameters();
    void clampAndDecimals();
    void clampBoundsMayBeFunctions();
    void decimalsRounds();
    void uniformDoublesStayInBounds();
    void uniformIntegersIncludeBothBounds();
    void uniformBoundsMayBeFunctions();
    void histogramShares();
    void varIsEvaluatedOncePerEvent();
    void varsOnceIsEvaluatedOncePerRun();
    void varPathAndVarsUsingVars();
    void mathExpressions();
    void uuidIsVersion4();
    void booleanIsFair();
    void jsonEscaping();
};

void GenerateFunctionsTest::literalsKeepOrderAndTypes() {
    auto p = ok(single(R"({"z":1,"a":"x","m":[true,null,2.5],"o":{"k":-3}})"));
    QVERIFY(p);
    auto out = payloads(*p, 1);
    QCOMPARE(out.at(0), std::string(R"({"z":1,"a":"x","m":[true,null,2.5],"o":{"k":-3}})"));
}

void GenerateFunctionsTest::constantReturnsValueVerbatim() {
    auto p = ok(single(R"({"_gen":"constant","value":{"_gen":"uuid"}})"));
    QVERIFY(p);
    QCOMPARE(payloads(*p, 1).at(0), std::string(R"({"_gen":"uuid"})"));
}

void GenerateFunctionsTest::nowUsesRunClock() {
    auto p = ok(single(R"({"_gen":"now"})"));
    QVERIFY(p);
    QCOMPARE(numbers(*p, 3), (std::vector<double>{kNow, kNow, kNow}));
}

void GenerateFunctionsTest::sequentialInteger() {
    auto p = ok(single(R"({"a":{"_gen":"sequentialInteger"},)"
                       R"("b":{"_gen":"sequentialInteger","startingFrom":10,"advanceBy":-5}})"));
    QVERIFY(p);
    auto out = payloads(*p, 3);
    QCOMPARE(out.at(0), std::string(R"({"a":0,"b":10})"));
    QCOMPARE(out.at(2), std::string(R"({"a":2,"b":0})"));
}

void GenerateFunctionsTest::sequentialString() {
    auto p = ok(single(R"({"_gen":"sequentialString","startingFrom":7,"expr":"C~d-~d"})"));
    QVERIFY(p);
    QCOMPARE(strings(*p, 2), (std::vector<std::string>{"C7-7", "C8-8"}));
}

void GenerateFunctionsTest::stringTemplateVarsBeforeFaker() {
    auto p = ok(single(R"({"_gen":"string","expr":"#{x}|#{Name.firstName}|#{Name.first_name}"})",
                       R"("vars":{"x":{"_gen":"constant","value":"hello"}},)"));
    QVERIFY(p);
    std::set<std::string> names(generate::Faker::firstNames().begin(),
                                generate::Faker::firstNames().end());
    for (const auto& s : strings(*p, 50)) {
        const auto a = s.find('|'), b = s.rfind('|');
        QCOMPARE(s.substr(0, a), std::string("hello"));
        QVERIFY2(names.count(s.substr(a + 1, b - a - 1)), s.c_str());
        QVERIFY2(names.count(s.substr(b + 1)), s.c_str());
    }
}

void GenerateFunctionsTest::stringTemplateFormatsNonStringVars() {
    auto p = ok(single(R"({"_gen":"string","expr":"n=#{n} d=#{d} b=#{b}"})",
                       R"("vars":{"n":42,"d":2.5,"b":true},)"));
    QVERIFY(p);
    QCOMPARE(strings(*p, 1).at(0), std::string("n=42 d=2.5 b=true"));
}

void GenerateFunctionsTest::fakerExpressions() {
    auto p = ok(
        single(R"({"email":{"_gen":"string","expr":"#{Internet.emailAddress}"},)"
               R"("city":{"_gen":"string","expr":"#{Address.city}"},)"
               R"("country":{"_gen":"string","expr":"#{Address.country}"},)"
               R"("street":{"_gen":"string","expr":"#{Address.streetAddress}"},)"
               R"("phone":{"_gen":"string","expr":"#{PhoneNumber.cellPhone}"},)"
               R"("full":{"_gen":"string","expr":"#{Name.fullName}"},)"
               "\"bday\":{\"_gen\":\"string\",\"expr\":\"#{Date.birthday \047yyyy-MM-dd\047}\"},"
               "\"old\":{\"_gen\":\"string\",\"expr\":\"#{Date.birthday \04770\047,\04780\047}\"},"
               R"("lorem":{"_gen":"string","expr":"#{Lorem.sentence}"}})"));
    QVERIFY(p);
    const std::regex email("[a-z]+\\.[a-z\\x80-\\xff]+[0-9]{2}@[a-z.]+");
    const std::regex date("(\\d{4})-(\\d{2})-(\\d{2})");
    const std::regex street("\\d+ [A-Z][a-z]+ [A-Z][a-z]+");
    const std::regex phone("555-\\d{3}-\\d{4}");
    const std::regex sentence("[A-Z][a-z]+( [a-z]+){3,9}\\.");
    for (const auto& line : payloads(*p, 200)) {
        const json v = json::parse(line);
        const auto s = [&](const char* k) { return v[k].get<std::string>(); };
        QVERIFY2(std::regex_match(s("email"), email), s("email").c_str());
        QVERIFY(std::find(generate::Faker::cities().begin(), generate::Faker::cities().end(),
                          s("city")) != generate::Faker::cities().end());
        QVERIFY(std::find(generate::Faker::countries().begin(), generate::Faker::countries().end(),
                          s("country")) != generate::Faker::countries().end());
        QVERIFY2(std::regex_match(s("street"), street), s("street").c_str());
        QVERIFY2(std::regex_match(s("phone"), phone), s("phone").c_str());
        QVERIFY(s("full").find(' ') != std::string::npos);
        std::smatch m;
        const std::string bday = s("bday");
        QVERIFY2(std::regex_match(bday, m, date), bday.c_str());
        const int year = std::stoi(m[1]);  // kNow is in 2025; default ages 18..65
        QVERIFY2(year >= 2025 - 66 && year <= 2025 - 18, bday.c_str());
        const std::string old = s("old");
        QVERIFY2(std::regex_match(old, m, date), old.c_str());
        QVERIFY(std::stoi(m[1]) >= 2025 - 81 && std::stoi(m[1]) <= 2025 - 70);
        QVERIFY2(std::regex_match(s("lorem"), sentence), s("lorem").c_str());
    }
}

void GenerateFunctionsTest::formatTime() {
    std::string out;
    generate::Faker::formatTime(kNow, "yyyy-MM-dd'T'HH:mm:ss.SSS", out);
    QCOMPARE(out, std::string("2025-06-15T15:06:40.000"));
    out.clear();
    generate::Faker::formatTime(-86400000, "yyyy-MM-dd", out);
    QCOMPARE(out, std::string("1969-12-31"));
}

void GenerateFunctionsTest::oneOfSharesAreUniform() {
    auto p = ok(single(R"({"_gen":"oneOf","choices":["a","b","c"]})"));
    QVERIFY(p);
    std::map<std::string, int> counts;
    const int n = 120000;
    for (const auto& s : strings(*p, n))
        counts[s]++;
    QCOMPARE(counts.size(), std::size_t(3));
    for (const auto& [k, c] : counts) {
        QVERIFY2(std::abs(c / double(n) - 1.0 / 3) < 0.015, k.c_str());
    }
}

void GenerateFunctionsTest::oneOfFromVarArray() {
    auto p = ok(single(R"({"_gen":"oneOf","choices":{"_gen":"var","var":"list"}})",
                       R"("varsOnce":{"list":{"_gen":"constant","value":["x","y"]}},)"));
    QVERIFY(p);
    std::set<std::string> seen;
    for (const auto& s : strings(*p, 200))
        seen.insert(s);
    QCOMPARE(seen, (std::set<std::string>{"x", "y"}));
}

void GenerateFunctionsTest::oneOfEvaluatesOnlyTheChosenBranch() {
    // Sequences in unchosen branches must not advance.
    auto p = ok(single(R"({"_gen":"oneOf","choices":[)"
                       R"({"_gen":"sequentialString","expr":"a~d"},)"
                       R"({"_gen":"sequentialString","expr":"b~d"}]})"));
    QVERIFY(p);
    int na = 0, nb = 0;
    for (const auto& s : strings(*p, 1000)) {
        // The number after the prefix: "a" + std::to_string(n) trips GCC 12's false
        // -Wrestrict at -O3 (bug 105329).
        if (s[0] == 'a') QCOMPARE(s.substr(1), std::to_string(na++));
        if (s[0] == 'b') QCOMPARE(s.substr(1), std::to_string(nb++));
    }
    QCOMPARE(na + nb, 1000);
}

void GenerateFunctionsTest::weightedOneOfWithinTolerance() {
    auto p = ok(single(R"({"_gen":"weightedOneOf","choices":[)"
                       R"({"weight":5,"value":"page-view"},{"weight":3,"value":"page-click"},)"
                       R"({"weight":2,"value":"booking-click"},{"weight":0,"value":"never"}]})"));
    QVERIFY(p);
    std::map<std::string, int> counts;
    const int n = 150000;
    for (const auto& s : strings(*p, n))
        counts[s]++;
    QCOMPARE(counts.count("never"), std::size_t(0));
    QVERIFY(std::abs(counts["page-view"] / double(n) - 0.5) < 0.015);
    QVERIFY(std::abs(counts["page-click"] / double(n) - 0.3) < 0.015);
    QVERIFY(std::abs(counts["booking-click"] / double(n) - 0.2) < 0.015);
}

void GenerateFunctionsTest::normalMeanAndSd() {
    auto p = ok(single(R"({"_gen":"normalDistribution","mean":180,"sd":30})"));
    QVERIFY(p);
    auto v = numbers(*p, 200000);
    QVERIFY2(std::abs(mean(v) - 180) / 180 < 0.02, std::to_string(mean(v)).c_str());
    QVERIFY2(std::abs(stddev(v) - 30) / 30 < 0.02, std::to_string(stddev(v)).c_str());
    // Floats unless decimals is set.
    QVERIFY(payloads(*p, 1).at(0).find('.') != std::string::npos);
}

void GenerateFunctionsTest::normalWithFunctionParameters() {
    auto p = ok(single(R"({"_gen":"normalDistribution","mean":{"_gen":"var","var":"m"},"sd":0})",
                       R"("vars":{"m":{"_gen":"constant","value":42}},)"));
    QVERIFY(p);
    QCOMPARE(numbers(*p, 2), (std::vector<double>{42, 42}));
}

void GenerateFunctionsTest::clampAndDecimals() {
    auto p = ok(single(R"({"_gen":"normalDistribution","mean":250,"sd":50,)"
                       R"("clamp":[150,500],"decimals":0})"));
    QVERIFY(p);
    auto v = numbers(*p, 100000);
    int low = 0;
    for (double x : v) {
        QVERIFY(x >= 150 && x <= 500);
        QCOMPARE(x, std::round(x));
        if (x == 150) ++low;
    }
    // P(N(250,50) < 150) = 2.28%: the clamp piles those at the bound.
    QVERIFY2(std::abs(low / 100000.0 - 0.0228) < 0.005, std::to_string(low).c_str());
    for (const auto& s : payloads(*p, 100))
        QVERIFY(s.find('.') == std::string::npos);
}

void GenerateFunctionsTest::clampBoundsMayBeFunctions() {
    auto p = ok(single(R"({"_gen":"uniformDistribution","bounds":[0,100],)"
                       R"("clamp":[{"_gen":"var","var":"lo"},60]})",
                       R"("vars":{"lo":40},)"));
    QVERIFY(p);
    for (double x : numbers(*p, 5000))
        QVERIFY(x >= 40 && x <= 60);
}

void GenerateFunctionsTest::decimalsRounds() {
    auto p = ok(single(R"({"_gen":"uniformDistribution","bounds":[0,1],"decimals":2})"));
    QVERIFY(p);
    for (const auto& s : payloads(*p, 500)) {
        const double x = std::stod(s);
        QVERIFY2(std::abs(x * 100 - std::round(x * 100)) < 1e-9, s.c_str());
        QVERIFY(s.size() <= 4);
    }
}

void GenerateFunctionsTest::uniformDoublesStayInBounds() {
    auto p = ok(single(R"({"_gen":"uniformDistribution","bounds":[-5,15]})"));
    QVERIFY(p);
    auto v = numbers(*p, 100000);
    for (double x : v)
        QVERIFY(x >= -5 && x < 15);
    QVERIFY(std::abs(mean(v) - 5) < 0.1);
    QVERIFY(std::abs(stddev(v) - 20 / std::sqrt(12.0)) / (20 / std::sqrt(12.0)) < 0.02);
}

void GenerateFunctionsTest::uniformIntegersIncludeBothBounds() {
    auto p = ok(single(R"({"_gen":"uniformDistribution","bounds":[1,6],"decimals":0})"));
    QVERIFY(p);
    std::map<int, int> counts;
    const int n = 120000;
    for (double x : numbers(*p, n))
        counts[static_cast<int>(x)]++;
    QCOMPARE(counts.size(), std::size_t(6));
    QCOMPARE(counts.begin()->first, 1);
    QCOMPARE(counts.rbegin()->first, 6);
    for (const auto& [k, c] : counts)
        QVERIFY(std::abs(c / double(n) - 1.0 / 6) < 0.015);
}

void GenerateFunctionsTest::uniformBoundsMayBeFunctions() {
    auto p =
        ok(single(R"({"_gen":"uniformDistribution","decimals":0,)"
                  R"("bounds":[{"_gen":"math","expr":"now - 1000"},{"_gen":"var","var":"now"}]})",
                  R"("vars":{"now":{"_gen":"now"}},)"));
    QVERIFY(p);
    for (double x : numbers(*p, 1000))
        QVERIFY(x >= kNow - 1000 && x <= kNow);
}

void GenerateFunctionsTest::histogramShares() {
    auto p = ok(single(R"({"_gen":"histogram","bins":[{"bin":0.2,"frequency":8},)"
                       R"({"bin":0.8,"frequency":2}]})"));
    QVERIFY(p);
    const int n = 150000;
    int core = 0;
    for (double x : numbers(*p, n)) {
        QVERIFY(x >= 0 && x < 1);
        if (x < 0.2) ++core;
    }
    QVERIFY2(std::abs(core / double(n) - 0.8) < 0.015, std::to_string(core).c_str());
}

void GenerateFunctionsTest::varIsEvaluatedOncePerEvent() {
    auto p = ok(single(R"({"a":{"_gen":"var","var":"r"},"b":{"_gen":"var","var":"r"}})",
                       R"("vars":{"r":{"_gen":"uuid"}},)"));
    QVERIFY(p);
    std::set<std::string> seen;
    for (const auto& s : payloads(*p, 100)) {
        const json v = json::parse(s);
        QCOMPARE(v["a"], v["b"]);
        seen.insert(v["a"].get<std::string>());
    }
    QCOMPARE(seen.size(), std::size_t(100));
}

void GenerateFunctionsTest::varsOnceIsEvaluatedOncePerRun() {
    auto p = ok(single(R"({"_gen":"var","var":"r"})", R"("varsOnce":{"r":{"_gen":"uuid"}},)"));
    QVERIFY(p);
    std::set<std::string> seen;
    for (const auto& s : strings(*p, 100))
        seen.insert(s);
    QCOMPARE(seen.size(), std::size_t(1));
}

void GenerateFunctionsTest::varPathAndVarsUsingVars() {
    auto p = ok(single(R"({"_gen":"var","var":"b","path":["k",1]})",
                       R"("vars":{"b":{"k":["x",{"_gen":"var","var":"a"}]},"a":"deep"},)"));
    QVERIFY(p);
    QCOMPARE(strings(*p, 1).at(0), std::string("deep"));
}

void GenerateFunctionsTest::mathExpressions() {
    auto p =
        ok(single(R"x({"i":{"_gen":"math","expr":"(a + 2) * 3 % 7"},)x"
                  R"x("d":{"_gen":"math","expr":"a / 4"},)x"
                  R"x("f":{"_gen":"math","expr":"max(abs(-a), pow(2, 3)) + floor(2.7) - -1"},)x"
                  R"x("r":{"_gen":"math","expr":"sqrt(b)","decimals":2}})x",
                  R"("vars":{"a":5,"b":2},)"));
    QVERIFY(p);
    QCOMPARE(payloads(*p, 1).at(0), std::string(R"({"i":0,"d":1.25,"f":11.0,"r":1.41})"));
}

void GenerateFunctionsTest::uuidIsVersion4() {
    auto p = ok(single(R"({"_gen":"uuid"})"));
    QVERIFY(p);
    const std::regex re("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    std::set<std::string> seen;
    for (const auto& s : strings(*p, 1000)) {
        QVERIFY2(std::regex_match(s, re), s.c_str());
        seen.insert(s);
    }
    QCOMPARE(seen.size(), std::size_t(1000));
}

void GenerateFunctionsTest::booleanIsFair() {
    auto p = ok(single(R"({"_gen":"boolean"})"));
    QVERIFY(p);
    int t = 0;
    const int n = 100000;
    for (const auto& s : payloads(*p, n))
        t += s == "true";
    QVERIFY(std::abs(t / double(n) - 0.5) < 0.015);
}

void GenerateFunctionsTest::jsonEscaping() {
    generate::Value v = generate::Value::ofString("a\"b\\c\n\x01é");
    QCOMPARE(generate::toJson(v), std::string("\"a\\\"b\\\\c\\n\\u0001é\""));
    QCOMPARE(generate::toJson(generate::Value::ofDouble(3.0)), std::string("3.0"));
    QCOMPARE(generate::toJson(generate::Value::ofDouble(0.1)), std::string("0.1"));
    QCOMPARE(generate::toJson(generate::Value::ofDouble(NAN)), std::string("null"));
}

QTEST_GUILESS_MAIN(GenerateFunctionsTest)
#include "test_generate_functions.moc"
