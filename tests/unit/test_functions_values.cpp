// The scenario language's functions, value by value: arithmetic, dates, strings, collections,
// references and sequences, with their error messages.
#include <QtTest>
#include <cstdlib>
#include <regex>
#include <set>

#include "engine/generate/value_json_writer.h"
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

// Every diagnostic, formatted.
std::string errors(const std::string& valueJson, const std::string& extra = "") {
    return compile(single(valueJson, extra)).diagnostics.format();
}

// Payloads with the run clock at `nowMs`.
std::vector<std::string> at(const generate::Program& p, std::int64_t nowMs, std::size_t n) {
    generate::FixedClock clock(nowMs);
    generate::Session s(p, {.seed = 1, .speed = 1.0, .clock = &clock});
    generate::Event ev;
    std::vector<std::string> out;
    while (out.size() < n && s.next(ev) == generate::Session::Status::Event)
        out.emplace_back(ev.payloadJson);
    return out;
}

}  // namespace

class FunctionsValuesTest : public QObject {
    Q_OBJECT

  private slots:
    void argsArithmetic();
    void argsFromAFunctionAndErrors();
    void trigAndPow();
    void mathNamesAndFunctions();
    void trichotomyAndHeading();
    void durationAndFormatDateTime();
    void formatDateTimePatterns();
    void dateTodayAndToInstant();
    void constantWithX();
    void envVariables();
    void unsupportedFunctionsSayWhy();
    void characterAndDigitStrings();
    void gitShaUlidUuid7Bytes();
    void interpolate();
    void stringNamesAndTransforms();
    void sequentialLoopAndTilde();
    void cycle();
    void intervalsFollowTheClock();
    void waypointsFollowTheRoute();
    void geoWanderStaysInItsBox();
    void repeatedlyWithLocalAndIteratedVars();
    void mapEachAndJuxt();
    void someKeysMergeMap();
    void cacheRemembersPerKey();
    void easingByEvents();
    void easingChainLoops();
};

void FunctionsValuesTest::argsArithmetic() {
    QCOMPARE(first(R"({"_gen":"add","args":[1,2,3]})"), std::string("6"));
    QCOMPARE(first(R"({"_gen":"subtract","args":[5,3]})"), std::string("2"));
    QCOMPARE(first(R"({"_gen":"multiply","args":[1003,463]})"), std::string("464389"));
    QCOMPARE(first(R"({"_gen":"divide","args":[80,2,4]})"), std::string("10"));
    QCOMPARE(first(R"({"_gen":"divide","args":[7,2]})"), std::string("3.5"));
    QCOMPARE(first(R"({"_gen":"divide","args":[7,0]})"), std::string("null"));
    QCOMPARE(first(R"({"_gen":"min","args":[10,0,4]})"), std::string("0"));
    QCOMPARE(first(R"({"_gen":"max","args":[8,4,50]})"), std::string("50"));
    QCOMPARE(first(R"({"_gen":"add","args":[1.5,{"_gen":"constant","x":2}]})"), std::string("3.5"));
    QCOMPARE(std::stod(first(R"({"_gen":"add","args":[9223372036854775807,1]})")),
             9223372036854775808.0);
    QVERIFY(
        first(R"({"_gen":"add","args":[9223372036854775807,1]})").find('.') != std::string::npos ||
        first(R"({"_gen":"add","args":[9223372036854775807,1]})").find('e') != std::string::npos);
}

void FunctionsValuesTest::argsFromAFunctionAndErrors() {
    QCOMPARE(first(R"({"_gen":"add","args":{"_gen":"constant","x":[1,2,3.5]}})"),
             std::string("6.5"));
    QCOMPARE(first(R"({"_gen":"add","args":{"_gen":"constant","x":[1,"a"]}})"),
             std::string("null"));
    QVERIFY(errors(R"({"_gen":"add","args":[]})")
                .find("/generators/0/value/args: \"args\" must not "
                      "be empty") != std::string::npos);
    QVERIFY(errors(R"({"_gen":"add","args":[1,"x"]})")
                .find("/generators/0/value/args/1: parameter \"args\" of \"add\" must be a number "
                      "or a function, not a string") != std::string::npos);
    QVERIFY(errors(R"({"_gen":"add","arg":[1]})")
                .find("/generators/0/value/arg: unknown parameter \"arg\" for function \"add\"; "
                      "did you mean \"args\"?") != std::string::npos);
}

void FunctionsValuesTest::trigAndPow() {
    QCOMPARE(first(R"({"_gen":"sin","degrees":90})"), std::string("1.0"));
    QCOMPARE(first(R"({"_gen":"cos","degrees":45})"), std::string("0.7071067811865476"));
    QCOMPARE(first(R"({"_gen":"tan","degrees":45})"), std::string("0.9999999999999999"));
    QCOMPARE(first(R"({"_gen":"pow","base":5,"exp":2})"), std::string("25"));
    QCOMPARE(first(R"({"_gen":"pow","base":4,"exp":0.5})"), std::string("2.0"));
}

void FunctionsValuesTest::mathNamesAndFunctions() {
    QCOMPARE(first(R"J({"_gen":"math","expr":"2 + (log(4) * cos(10))"})J"),
             std::string("0.8367998706650697"));
    QCOMPARE(
        first(
            R"({"_gen":"math","expr":"c * 2","names":{"c":{"_gen":"var","var":"a","path":["b"]}}})",
            R"("vars":{"a":{"b":21}},)"),
        std::string("42"));
    // Names shadow vars and are not visible outside the math.
    QCOMPARE(
        first(
            R"({"x":{"_gen":"math","expr":"a + 1","names":{"a":10}},"y":{"_gen":"var","var":"a"}})",
            R"("vars":{"a":1},)"),
        std::string(R"({"x":11,"y":1})"));
    QCOMPARE(first(R"J({"_gen":"math","expr":"signum(-3) + cbrt(27) + log10(100) + log2(8)"})J"),
             std::string("7.0"));
    QCOMPARE(first(R"({"_gen":"math","expr":"now - offset","names":{"now":{"_gen":"now"},)"
                   R"("offset":{"_gen":"duration","days":1}}})"),
             std::to_string(kNow - 86'400'000));
    QVERIFY(errors(R"({"_gen":"math","expr":"b + 1","names":{"a":1}})")
                .find("unknown var \"b\" in math expression") != std::string::npos);
}

void FunctionsValuesTest::trichotomyAndHeading() {
    const std::string t = R"({"_gen":"trichotomy","value":VALUE,"low":{"bound":0,"result":"L"},)"
                          R"("high":{"bound":3,"result":"H"},"mid":{"result":"M"}})";
    auto with = [&](const char* v) { return first(std::regex_replace(t, std::regex("VALUE"), v)); };
    QCOMPARE(with("1"), std::string("\"M\""));
    QCOMPARE(with("-1"), std::string("\"L\""));
    QCOMPARE(with("3"), std::string("\"M\""));
    QCOMPARE(with("3.5"), std::string("\"H\""));
    // The docs' example: inputs in radians.
    QCOMPARE(first(R"({"_gen":"heading","src":[37.79254818258253,-122.24934557257774],)"
                   R"("dst":[37.765734798650634,-117.30763932906169]})"),
             std::string("272.658788219642"));
    const double east =
        std::stod(first(R"({"_gen":"heading","src":[0,0],"dst":[0,1],"unit":"degrees"})"));
    QVERIFY(std::fabs(east - 90.0) < 1e-9);
    QVERIFY(
        errors(
            R"({"_gen":"trichotomy","value":1,"low":{"result":"L"},"high":{"bound":3,"result":"H"},)"
            R"("mid":{"result":"M"}})")
            .find("/generators/0/value/low: \"low\" needs \"bound\"") != std::string::npos);
}

void FunctionsValuesTest::durationAndFormatDateTime() {
    // The docs' example prints 358365000: ShadowTraffic's schema knows only "ms" and drops the
    // "milliseconds" it shows; Riverdelta counts both spellings.
    QCOMPARE(
        first(
            R"({"_gen":"duration","days":4,"hours":3,"minutes":32,"seconds":45,"milliseconds":250})"),
        std::string("358365250"));
    QCOMPARE(first(R"({"_gen":"duration","ms":5})"), std::string("5"));
    QCOMPARE(first(R"({"_gen":"duration","hours":0.5})"), std::string("1800000"));
    // kNow = 2025-06-15T15:06:40Z; the default pattern ends with the UTC offset.
    QCOMPARE(first(R"({"_gen":"formatDateTime","ms":{"_gen":"now"}})"),
             std::string("\"2025-06-15T15:06:40.000+00:00\""));
    QCOMPARE(first(R"({"_gen":"formatDateTime","ms":{"_gen":"now"},"format":"yyyy-MM-dd"})"),
             std::string("\"2025-06-15\""));
    QVERIFY(errors(R"({"_gen":"formatDateTime","ms":1,"format":"yyyy-MM-ddTHH"})")
                .find("/generators/0/value/format: unsupported letter 'T' at position 11") !=
            std::string::npos);
    QVERIFY(errors(R"({"_gen":"formatDateTime"})")
                .find("function \"formatDateTime\" needs parameter \"ms\"") != std::string::npos);
}

void FunctionsValuesTest::formatDateTimePatterns() {
    // 2024-02-29T13:05:09.042Z, a Thursday.
    const std::string ms = "1709211909042";
    auto fmt = [&](const std::string& pattern) {
        return first(R"({"_gen":"formatDateTime","ms":)" + ms + R"(,"format":")" + pattern + "\"}");
    };
    QCOMPARE(fmt("yyyy-MM-dd HH:mm:ss.SSS"), std::string("\"2024-02-29 13:05:09.042\""));
    QCOMPARE(fmt("yy M d H m s S"), std::string("\"24 2 29 13 5 9 0\""));
    QCOMPARE(fmt("EEE, d MMM yyyy hh:mm a"), std::string("\"Thu, 29 Feb 2024 01:05 PM\""));
    QCOMPARE(fmt("EEEE MMMM D"), std::string("\"Thursday February 60\""));
    QCOMPARE(fmt("xxxx-'W'ww-e"), std::string("\"2024-W09-4\""));
    QCOMPARE(fmt("HH'h''' Z ZZ z"), std::string("\"13h' +0000 +00:00 UTC\""));
    // Before the epoch, and ISO week years that differ from the calendar year.
    QCOMPARE(first(R"({"_gen":"formatDateTime","ms":-1,"format":"yyyy-MM-dd HH:mm:ss.SSS"})"),
             std::string("\"1969-12-31 23:59:59.999\""));
    QCOMPARE(first(R"({"_gen":"formatDateTime","ms":1704067200000,"format":"xxxx-ww"})"),
             std::string("\"2024-01\""));  // Monday 2024-01-01
    QCOMPARE(first(R"({"_gen":"formatDateTime","ms":1735603200000,"format":"xxxx-ww"})"),
             std::string("\"2025-01\""));  // Tuesday 2024-12-31
}

void FunctionsValuesTest::dateTodayAndToInstant() {
    QCOMPARE(first(R"({"_gen":"dateToday"})"), std::string("\"2025-06-15\""));
    QCOMPARE(first(R"({"_gen":"toInstant","ms":{"_gen":"now"}})"),
             std::string("\"2025-06-15T15:06:40.000Z\""));
    auto p = ok(R"({"generators":[{"table":"t","row":{"d":{"_gen":"dateToday"},)"
                R"("i":{"_gen":"toInstant","ms":0},"n":{"_gen":"now"}}}]})");
    QVERIFY(p);
    const auto& cols = p->generators().at(0).columns;
    QCOMPARE(cols.at(0).pgHint, std::string("DATE"));
    QCOMPARE(cols.at(1).pgHint, std::string("TIMESTAMPTZ"));
    QCOMPARE(cols.at(2).pgHint, std::string());
}

void FunctionsValuesTest::constantWithX() {
    QCOMPARE(first(R"({"_gen":"constant","x":"foo"})"), std::string("\"foo\""));
    QCOMPARE(first(R"({"_gen":"constant","value":{"_gen":"uuid"}})"),
             std::string(R"({"_gen":"uuid"})"));
    QVERIFY(errors(R"({"_gen":"constant"})").find("function \"constant\" needs parameter \"x\"") !=
            std::string::npos);
    QVERIFY(errors(R"({"_gen":"constant","x":1,"value":2})")
                .find("give \"x\" or \"value\", not both") != std::string::npos);
}

void FunctionsValuesTest::envVariables() {
    ::setenv("RD_TEST_ENV_TEXT", "transactions", 1);
    ::setenv("RD_TEST_ENV_NUMBER", "42", 1);
    ::setenv("RD_TEST_ENV_SECRET", "hunter2", 1);
    ::unsetenv("RD_TEST_ENV_UNSET");
    QCOMPARE(first(R"({"_gen":"env","var":"RD_TEST_ENV_TEXT"})"), std::string("\"transactions\""));
    QCOMPARE(first(R"({"_gen":"env","var":"RD_TEST_ENV_NUMBER","as":"double"})"),
             std::string("42.0"));
    QCOMPARE(first(R"({"_gen":"env","var":"RD_TEST_ENV_NUMBER","as":"integer"})"),
             std::string("42"));
    QCOMPARE(first(R"({"_gen":"env","var":"RD_TEST_ENV_UNSET","default":"localhost:9092"})"),
             std::string("\"localhost:9092\""));
    QVERIFY(errors(R"({"_gen":"env","var":"RD_TEST_ENV_UNSET"})")
                .find("environment variable \"RD_TEST_ENV_UNSET\" is not set and has no "
                      "\"default\"") != std::string::npos);
    const std::string masked =
        errors(R"({"_gen":"env","var":"RD_TEST_ENV_SECRET","as":"integer","mask":true})");
    QVERIFY(masked.find("<< masked >>") != std::string::npos);
    QVERIFY(masked.find("hunter2") == std::string::npos);
}

void FunctionsValuesTest::unsupportedFunctionsSayWhy() {
    const std::string e =
        errors(R"({"_gen":"customFunction","language":"python","file":"/f.py","function":"f"})");
    QVERIFY2(e.find("/generators/0/value: function \"customFunction\" is not supported: it runs "
                    "user Python, Ruby or JavaScript code inside ShadowTraffic's JVM") !=
                 std::string::npos,
             e.c_str());
    QVERIFY(
        errors(R"({"_gen":"ai","service":"ollama"})").find("function \"ai\" is not supported") !=
        std::string::npos);
    // geolocation is supported now; without a data set it says where to name one.
    QVERIFY(errors(R"({"_gen":"geolocation","country":"United States"})")
                .find("has no data set: name its CSV file in "
                      "globalConfigs.geolocation.countryFiles") != std::string::npos);
}

void FunctionsValuesTest::characterAndDigitStrings() {
    auto p = ok(single(R"({"m":{"_gen":"characterString","case":"mixed","n":8},)"
                       R"("u":{"_gen":"characterString","case":"upper","unique":true,"n":5},)"
                       R"("l":{"_gen":"characterString","case":"lower","unique":true,"n":50},)"
                       R"("d":{"_gen":"digitString","n":5}})"));
    QVERIFY(p);
    for (const auto& line : payloads(*p, 50)) {
        auto j = nlohmann::json::parse(line);
        QVERIFY(std::regex_match(j["m"].get<std::string>(), std::regex("[A-Za-z]{8}")));
        const std::string u = j["u"].get<std::string>();
        QVERIFY(std::regex_match(u, std::regex("[A-Z]{5}")));
        QCOMPARE(std::set<char>(u.begin(), u.end()).size(), std::size_t{5});
        const std::string l = j["l"].get<std::string>();
        QCOMPARE(std::set<char>(l.begin(), l.end()).size(), std::size_t{26});  // capped
        QVERIFY(std::regex_match(j["d"].get<std::string>(), std::regex("[0-9]{5}")));
    }
    QVERIFY(errors(R"({"_gen":"characterString","case":"title","n":3})")
                .find("\"case\" must be \"lower\", \"upper\" or \"mixed\"") != std::string::npos);
    QVERIFY(errors(R"({"_gen":"characterString","n":3})")
                .find("function \"characterString\" needs parameter \"case\"") !=
            std::string::npos);
}

void FunctionsValuesTest::gitShaUlidUuid7Bytes() {
    auto p =
        ok(single(R"({"g":{"_gen":"gitSha"},"u":{"_gen":"ulid"},"v":{"_gen":"uuid","version":7},)"
                  R"("b":{"_gen":"bytes","size":24},"c":{"_gen":"bytes","size":4}})"));
    QVERIFY(p);
    auto j = nlohmann::json::parse(payloads(*p, 1).at(0));
    QVERIFY(std::regex_match(j["g"].get<std::string>(), std::regex("[0-9a-f]{64}")));
    const std::string ulid = j["u"].get<std::string>();
    QVERIFY(std::regex_match(ulid, std::regex("[0-9A-HJKMNP-TV-Z]{26}")));
    // The first 10 characters are the run clock's milliseconds.
    std::uint64_t ms = 0;
    static const std::string kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (int i = 0; i < 10; ++i)
        ms = ms * 32 + kAlphabet.find(ulid[static_cast<std::size_t>(i)]);
    QCOMPARE(ms, static_cast<std::uint64_t>(kNow));
    const std::string v7 = j["v"].get<std::string>();
    QVERIFY(std::regex_match(
        v7, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
    QCOMPARE(std::stoull(v7.substr(0, 8) + v7.substr(9, 4), nullptr, 16),
             static_cast<unsigned long long>(kNow));
    QVERIFY(std::regex_match(j["b"].get<std::string>(), std::regex("[A-Za-z0-9+/]{32}")));
    QVERIFY(std::regex_match(j["c"].get<std::string>(), std::regex("[A-Za-z0-9+/]{6}==")));
    QVERIFY(errors(R"({"_gen":"uuid","version":5})").find("\"version\" must be 4 or 7") !=
            std::string::npos);
}

void FunctionsValuesTest::interpolate() {
    QCOMPARE(
        first(R"({"_gen":"interpolate","template":"SELECT * FROM t WHERE id=':id' AND n=:idx:;",)"
              R"("params":{"id":"a1","idx":7}})"),
        std::string(R"("SELECT * FROM t WHERE id='a1' AND n=7:;")"));
}

void FunctionsValuesTest::stringNamesAndTransforms() {
    QCOMPARE(first(R"({"_gen":"string","names":{"age":{"_gen":"var","var":"p","path":["age"]}},)"
                   R"("expr":"I am #{age} years old"})",
                   R"("vars":{"p":{"age":30}},)"),
             std::string("\"I am 30 years old\""));
    QCOMPARE(
        first(R"({"lower":{"_gen":"string","expr":"Ab Cd","case":"lower"},)"
              R"("upper":{"_gen":"string","expr":"Ab Cd","case":"upper"},)"
              R"("cap":{"_gen":"string","expr":"jILL MOEN","case":"capitalized"},)"
              R"("short":{"_gen":"string","expr":"Devora","length":3},)"
              R"("scrub":{"_gen":"string","expr":"Santiago-Rolfson","removeSubstring":"-"}})"),
        std::string(
            R"({"lower":"ab cd","upper":"AB CD","cap":"Jill moen","short":"Dev","scrub":"SantiagoRolfson"})"));
    QVERIFY(errors(R"({"_gen":"string","expr":"x","locale":["en","gb"]})")
                .find("only the locale [\"en\", \"us\"] is supported") != std::string::npos);
}

void FunctionsValuesTest::sequentialLoopAndTilde() {
    auto p = ok(single(
        R"({"a":{"_gen":"sequentialInteger","startingFrom":42,"advanceBy":3,"loopAfter":50},)"
        R"("b":{"_gen":"sequentialString","startingFrom":1,"expr":"~~sensor-~d"}})"));
    QVERIFY(p);
    auto out = payloads(*p, 5);
    QCOMPARE(out.at(0), std::string(R"({"a":42,"b":"~sensor-1"})"));
    QCOMPARE(out.at(2), std::string(R"({"a":48,"b":"~sensor-3"})"));
    QCOMPARE(out.at(3), std::string(R"({"a":42,"b":"~sensor-4"})"));
    QVERIFY(errors(R"({"_gen":"sequentialInteger","startingFrom":10,"loopAfter":5})")
                .find("\"loopAfter\" must be reachable") != std::string::npos);
}

void FunctionsValuesTest::cycle() {
    auto p = ok(single(R"({"a":{"_gen":"cycle","sequence":["a","b","c"]},)"
                       R"("b":{"_gen":"cycle","sequence":{"_gen":"var","var":"colors"}}})",
                       R"("varsOnce":{"colors":["red","green"]},)"));
    QVERIFY(p);
    auto out = payloads(*p, 4);
    QCOMPARE(out.at(0), std::string(R"({"a":"a","b":"red"})"));
    QCOMPARE(out.at(1), std::string(R"({"a":"b","b":"green"})"));
    QCOMPARE(out.at(3), std::string(R"({"a":"a","b":"green"})"));
}

void FunctionsValuesTest::intervalsFollowTheClock() {
    auto p = ok(single(
        R"({"_gen":"intervals","intervals":[[["* * * * 4","0-29 * * * *"],"thursday or early"],)"
        R"(["* 9-17 * * MON-FRI","office"],["*/2 * * * *","even"]],"defaultValue":"other"})"));
    QVERIFY(p);
    // 2024-02-29 is a Thursday; 2024-03-01 a Friday.
    QCOMPARE(at(*p, 1709211909042, 1).at(0),
             std::string("\"thursday or early\""));  // Thu 13:05
    QCOMPARE(at(*p, 1709285100000, 1).at(0),
             std::string("\"thursday or early\""));                       // Fri 09:25
    QCOMPARE(at(*p, 1709293500000, 1).at(0), std::string("\"office\""));  // Fri 11:45
    QCOMPARE(at(*p, 1709321520000, 1).at(0), std::string("\"even\""));    // Fri 19:32
    QCOMPARE(at(*p, 1709321580000, 1).at(0), std::string("\"other\""));   // Fri 19:33
    auto idx = ok(single(
        R"({"_gen":"intervals","intervals":[["* * * * 0",50],["* * * * 1",60]],"defaultIndex":1})"));
    QVERIFY(idx);
    QCOMPARE(at(*idx, 1709321580000, 1).at(0), std::string("60"));
    QVERIFY(errors(R"({"_gen":"intervals","intervals":[["61 * * * *",1]]})")
                .find("/generators/0/value/intervals/0/0: \"61\" is outside 0-59 in the minute "
                      "field") != std::string::npos);
    QVERIFY(errors(R"({"_gen":"intervals","intervals":[["* * *",1]]})")
                .find("a cron expression has 5 fields") != std::string::npos);
}

void FunctionsValuesTest::waypointsFollowTheRoute() {
    auto p = ok(single(
        R"({"_gen":"var","var":"location"})",
        R"("vars":{"location":{"_gen":"waypoints","waypoints":[{"coordinates":[19.784437,-94.723348]},)"
        R"({"coordinates":[20,-92]},{"coordinates":[18,-97]}],"speed":500,"scale":1,"unit":"degrees"}},)"));
    QVERIFY(p);
    auto out = payloads(*p, 300);
    auto j0 = nlohmann::json::parse(out.at(0));
    auto j1 = nlohmann::json::parse(out.at(1));
    QCOMPARE(j0["latitude"].get<double>(), 19.784437);
    QCOMPARE(j1["latitude"].get<double>(), 19.785193361403508);  // the docs' second point
    QCOMPARE(j1["longitude"].get<double>(), -94.71379239298246);
    QCOMPARE(j0["duration"].get<double>(), 7200.0);  // 1 km at 500 km/h
    // The first segment has 285 one-km steps: point 285 is the second waypoint.
    auto j285 = nlohmann::json::parse(out.at(285));
    QCOMPARE(j285["latitude"].get<double>(), 20.0);
    QCOMPARE(j285["longitude"].get<double>(), -92.0);
    const std::int64_t points = j0["points"].get<std::int64_t>();
    QVERIFY(points > 285 && points < 1000);
    QVERIFY(std::fabs(j0["time"].get<double>() - j0["distance"].get<double>() / 500.0) < 1e-9);
    QVERIFY(errors(R"({"_gen":"waypoints","waypoints":[{"coordinates":[1,2]}],"speed":5})")
                .find("\"waypoints\" needs at least 2 waypoints") != std::string::npos);
}

void FunctionsValuesTest::geoWanderStaysInItsBox() {
    auto p = ok(single(R"({"_gen":"geoWander","boundingBox":[[45,-125],[50,-70]],"speed":500,)"
                       R"("scale":25,"unit":"degrees"})"));
    QVERIFY(p);
    double previousHeading = -1;
    int legs = 0;
    for (const auto& line : payloads(*p, 2000)) {
        auto j = nlohmann::json::parse(line);
        const double lat = j["latitude"].get<double>(), lon = j["longitude"].get<double>();
        QVERIFY(lat >= 45 && lat <= 50 && lon >= -125 && lon <= -70);
        QCOMPARE(j["duration"].get<double>(), 180'000.0);  // 25 km at 500 km/h
        const double heading = j["heading"].get<double>();
        QVERIFY(heading >= 0 && heading < 360);
        if (heading != previousHeading) ++legs;  // straight legs: the heading changes per leg
        previousHeading = heading;
    }
    QVERIFY2(legs > 10 && legs < 1000, std::to_string(legs).c_str());
    QVERIFY(errors(R"({"_gen":"geoWander","boundingBox":[[50,-70],[45,-125]],"speed":5})")
                .find("\"boundingBox\" must list the lower-left point first") != std::string::npos);
}

void FunctionsValuesTest::repeatedlyWithLocalAndIteratedVars() {
    auto p = ok(single(
        R"({"r":{"_gen":"repeatedly","n":3,"iterateVars":["e"],"target":{"a":{"_gen":"var","var":"e"},)"
        R"("b":{"_gen":"var","var":"e"}}},"l":{"_gen":"repeatedly","n":2,"localVars":{"k":)"
        R"({"_gen":"sequentialInteger"}},"target":{"_gen":"var","var":"k"}}})",
        R"("vars":{"e":{"_gen":"sequentialInteger","startingFrom":100}},)"));
    QVERIFY(p);
    auto out = payloads(*p, 2);
    QCOMPARE(
        out.at(0),
        std::string(R"({"r":[{"a":101,"b":101},{"a":102,"b":102},{"a":103,"b":103}],"l":[0,1]})"));
    QCOMPARE(
        out.at(1),
        std::string(R"({"r":[{"a":105,"b":105},{"a":106,"b":106},{"a":107,"b":107}],"l":[2,3]})"));
    QVERIFY(errors(R"({"_gen":"repeatedly","n":2,"target":1,"iterateVars":["nope"]})")
                .find("unknown var \"nope\"") != std::string::npos);
}

void FunctionsValuesTest::mapEachAndJuxt() {
    QCOMPARE(
        first(
            R"({"_gen":"mapEach","over":[0,90],"function":{"_gen":"sin","degrees":{"_gen":"var","var":"mapItem"}}})"),
        std::string("[0.0,1.0]"));
    QCOMPARE(
        first(
            R"({"_gen":"add","args":{"_gen":"mapEach","over":[{"p":2,"q":3},{"p":4,"q":5}],)"
            R"("juxt":[["p"],["q"]],"function":{"_gen":"multiply","args":{"_gen":"var","var":"mapItem"}}}})"),
        std::string("26"));
    QVERIFY(errors(R"({"_gen":"var","var":"mapItem"})").find("unknown var \"mapItem\"") !=
            std::string::npos);
}

void FunctionsValuesTest::someKeysMergeMap() {
    auto p = ok(single(R"({"_gen":"someKeys","object":{"a":1,"b":2,"c":3}})"));
    QVERIFY(p);
    std::set<std::string> seen;
    for (const auto& line : payloads(*p, 400)) {
        auto j = nlohmann::json::parse(line);
        QVERIFY(!j.empty() && j.size() <= 3);
        seen.insert(line);
    }
    QCOMPARE(seen.size(), std::size_t{7});  // every non-empty subset
    QCOMPARE(first(R"({"_gen":"merge","objects":[{"a":1,"b":2},{"b":3,"c":4}]})"),
             std::string(R"({"a":1,"b":3,"c":4})"));
    const std::string m = first(
        R"({"_gen":"map","key":{"_gen":"sequentialString","expr":"k~d"},"value":true,"n":3})");
    QCOMPARE(m, std::string(R"({"k0":true,"k1":true,"k2":true})"));
}

void FunctionsValuesTest::cacheRemembersPerKey() {
    auto p = ok(single(
        R"({"from":{"_gen":"var","var":"i"},"to":{"_gen":"var","var":"cached","path":["x"]}})",
        R"("vars":{"i":{"_gen":"oneOf","choices":[1,2]},"cached":{"_gen":"cache","on":)"
        R"({"_gen":"var","var":"i"},"to":{"x":{"_gen":"uuid"}}}},)"));
    QVERIFY(p);
    std::map<int, std::string> first;
    for (const auto& line : payloads(*p, 100)) {
        auto j = nlohmann::json::parse(line);
        const int from = j["from"].get<int>();
        const std::string to = j["to"].get<std::string>();
        auto [it, fresh] = first.emplace(from, to);
        QCOMPARE(it->second, to);
    }
    QCOMPARE(first.size(), std::size_t{2});
    QVERIFY(first[1] != first[2]);
}

void FunctionsValuesTest::easingByEvents() {
    auto p = ok(single(
        R"({"_gen":"easing","direction":"easeInOut","degree":"linear","from":3,"to":12,"events":5})"));
    QVERIFY(p);
    QCOMPARE(payloads(*p, 6),
             (std::vector<std::string>{"3.0", "5.25", "7.5", "9.75", "12.0", "12.0"}));
    auto q = ok(single(
        R"({"_gen":"easing","direction":"easeOut","degree":"cubic","from":50,"to":70,"events":21})"));
    QVERIFY(q);
    QCOMPARE(payloads(*q, 2).at(1), std::string("52.8525"));
    QVERIFY(errors(R"({"_gen":"easing","direction":"easeIn","degree":"linear","from":1,"to":2})")
                .find("needs exactly one of \"duration\" (ms) and \"events\"") !=
            std::string::npos);
}

void FunctionsValuesTest::easingChainLoops() {
    auto p = ok(single(
        R"({"_gen":"easingChain","loop":true,"stages":[)"
        R"({"_gen":"easing","direction":"easeIn","degree":"linear","from":1,"to":10,"events":4},)"
        R"({"_gen":"easing","direction":"easeIn","degree":"linear","from":10,"to":1,"events":4}]})"));
    QVERIFY(p);
    QCOMPARE(payloads(*p, 9), (std::vector<std::string>{"1.0", "4.0", "7.0", "10.0", "10.0", "7.0",
                                                        "4.0", "1.0", "1.0"}));
}

QTEST_GUILESS_MAIN(FunctionsValuesTest)
#include "test_functions_values.moc"
