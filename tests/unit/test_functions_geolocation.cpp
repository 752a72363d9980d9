// geolocation: address points from a country data set in the National Address Database layout
// (tests/scenarios/corpus/functions/geolocation-us.csv: 34 made-up rows), narrowed by state, city
// and ZIP code, in its three formats, drawn uniformly; and every problem `check` reports.
#include <QtTest>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "scenario_test_support.h"

using namespace rdtest;

namespace {

const std::string kCorpusScenario =
    RIVERDELTA_SOURCE_DIR "/tests/scenarios/corpus/functions/geolocation-test.json";

// Compiles `valueJson` as the single generator's value, with the corpus CSV as the US data
// set (named relative to the scenario's folder, as a user would).
Compiled compileWithCorpus(const std::string& valueJson) {
    const std::string text =
        R"({"generators":[{"name":"g","topic":"t","value":)" + valueJson +
        R"(}],"globalConfigs":{"geolocation":{"countryFiles":{"United States":"geolocation-us.csv"}}}})";
    scenario::FileResolver resolver;  // the real filesystem
    Compiled c;
    c.program = generate::compileText(kCorpusScenario, text, resolver, c.diagnostics);
    return c;
}

std::vector<nlohmann::json> draw(const std::string& valueJson, std::size_t n,
                                 std::uint64_t seed = 7) {
    auto c = compileWithCorpus(valueJson);
    if (!c.program) {
        qWarning("%s", c.diagnostics.format().c_str());
        return {};
    }
    std::vector<nlohmann::json> out;
    for (const auto& p : payloads(*c.program, n, seed))
        out.push_back(nlohmann::json::parse(p));
    return out;
}

// Diagnostics of a scenario whose files live in memory under /data.
std::string errors(const std::string& scenarioJson,
                   const std::map<std::string, std::string>& files) {
    auto mem = std::make_shared<scenario::MemoryFileProvider>();
    for (const auto& [path, content] : files)
        mem->add(path, content);
    return compile(scenarioJson, mem).diagnostics.format();
}

std::string withFile(const std::string& valueJson, const std::string& file = "geo.csv") {
    return R"({"generators":[{"name":"g","topic":"t","value":)" + valueJson +
           R"(}],"globalConfigs":{"geolocation":{"countryFiles":{"United States":")" + file +
           R"("}}}})";
}

const std::string kSmallHeader =
    "State,Zip_Code,Post_City,AddNo_Full,StNam_Full,Latitude,Longitude\n";
const std::string kSmall = kSmallHeader +
                           "TX,78701,Austin,12,Oak St,30.27,-97.74\n"
                           "NY,14602,Rochester,72,Oak St,43.16,-77.61\n";

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

class FunctionsGeolocationTest : public QObject {
    Q_OBJECT

  private slots:
    void narrowingByStateAndCityHolds();
    void zipCodeNarrowing();
    void addressFormatFollowsTheUsConvention();
    void coordinatesAndObjectFormats();
    void multipleFormatsDescribeOneLocation();
    void uniformOverMatchingRows();
    void everyRowReachableWithoutNarrowing();
    void olderNadSchemaIsRead();
    void quotedFieldsAndCrlf();
    void missingFile();
    void malformedRowsNameFileAndLine();
    void headerWithoutNeededColumns();
    void unknownNamesSuggestTheNearest();
    void countryWithoutFileAndUnknownCountry();
    void combinationMatchingNothing();
    void badFormats();
};

void FunctionsGeolocationTest::narrowingByStateAndCityHolds() {
    auto events = draw(
        R"({"_gen":"geolocation","country":"United States","state":["TX"],"city":["Austin","Houston"],"format":"object"})",
        500);
    QCOMPARE(events.size(), std::size_t(500));
    std::set<std::string> cities;
    for (const auto& e : events) {
        QCOMPARE(e.at("state").get<std::string>(), std::string("TX"));
        const auto city = e.at("city").get<std::string>();
        QVERIFY2(city == "Austin" || city == "Houston", city.c_str());
        cities.insert(city);
    }
    QCOMPARE(cities.size(), std::size_t(2));
}

void FunctionsGeolocationTest::zipCodeNarrowing() {
    auto events = draw(
        R"({"_gen":"geolocation","country":"United States","zipCode":["14602","95814"],"format":"object"})",
        300);
    QCOMPARE(events.size(), std::size_t(300));
    std::set<std::string> zips;
    for (const auto& e : events) {
        const auto zip = e.at("zipCode").get<std::string>();
        QVERIFY2(zip == "14602" || zip == "95814", zip.c_str());
        QCOMPARE(e.at("city").get<std::string>(),
                 std::string(zip == "14602" ? "Rochester" : "Sacramento"));
        zips.insert(zip);
    }
    QCOMPARE(zips.size(), std::size_t(2));
}

void FunctionsGeolocationTest::addressFormatFollowsTheUsConvention() {
    auto events = draw(R"({"_gen":"geolocation","country":"United States","state":["NY"]})", 200);
    QCOMPARE(events.size(), std::size_t(200));
    // "NUMBER STREET[ UNIT], CITY STATE ZIP"
    const std::regex address(
        R"(^\d+ [A-Z0-9][A-Za-z0-9 ]*( Apt \d+)?, (Rochester|New York|Albany) NY \d{5}$)");
    for (const auto& e : events) {
        QVERIFY(e.is_string());
        const auto s = e.get<std::string>();
        QVERIFY2(std::regex_match(s, address), s.c_str());
    }
}

void FunctionsGeolocationTest::coordinatesAndObjectFormats() {
    auto coords = draw(
        R"({"_gen":"geolocation","country":"United States","city":["Sacramento"],"format":"coordinates"})",
        50);
    QCOMPARE(coords.size(), std::size_t(50));
    for (const auto& e : coords) {
        QCOMPARE(e.size(), std::size_t(2));
        const double lat = e.at("latitude").get<double>(), lon = e.at("longitude").get<double>();
        QVERIFY(lat > 38.4 && lat < 38.7);
        QVERIFY(lon > -121.6 && lon < -121.3);
    }
    auto objects = draw(
        R"({"_gen":"geolocation","country":"United States","city":["Fresno"],"format":"object"})",
        20);
    QCOMPARE(objects.size(), std::size_t(20));
    for (const auto& e : objects) {
        std::vector<std::string> keys;
        for (auto it = e.begin(); it != e.end(); ++it)
            keys.push_back(it.key());
        std::sort(keys.begin(), keys.end());
        QCOMPARE(keys, (std::vector<std::string>{"city", "county", "latitude", "longitude",
                                                 "number", "state", "street", "unit", "zipCode"}));
        QCOMPARE(e.at("county").get<std::string>(), std::string("Fresno"));
        QCOMPARE(e.at("zipCode").get<std::string>(), std::string("93721"));
        QVERIFY(e.at("unit").is_null() || e.at("unit").get<std::string>().starts_with("Apt "));
    }
}

void FunctionsGeolocationTest::multipleFormatsDescribeOneLocation() {
    auto events = draw(
        R"({"_gen":"geolocation","country":"United States","state":["TX"],"format":["object","address","coordinates"]})",
        100);
    QCOMPARE(events.size(), std::size_t(100));
    for (const auto& e : events) {
        QCOMPARE(e.size(), std::size_t(3));
        const auto& o = e.at("object");
        const auto address = e.at("address").get<std::string>();
        const std::string expectedTail =
            ", " + o.at("city").get<std::string>() + " TX " + o.at("zipCode").get<std::string>();
        QVERIFY2(address.ends_with(expectedTail), address.c_str());
        QVERIFY2(address.starts_with(o.at("number").get<std::string>() + " " +
                                     o.at("street").get<std::string>()),
                 address.c_str());
        QCOMPARE(e.at("coordinates").at("latitude").get<double>(), o.at("latitude").get<double>());
        QCOMPARE(e.at("coordinates").at("longitude").get<double>(),
                 o.at("longitude").get<double>());
    }
}

// Austin has 9 rows and Houston 6: picking uniformly over the 15 rows (not over cities) gives
// each row 1/15. A chi-square over the 15 rows (14 degrees of freedom) stays far below 40
// (p < 0.0003) when uniform; picking a city first then a row gives about 80.
void FunctionsGeolocationTest::uniformOverMatchingRows() {
    const std::size_t n = 6000;
    auto events = draw(
        R"({"_gen":"geolocation","country":"United States","city":["Austin","Houston"],"format":"object"})",
        n, 11);
    QCOMPARE(events.size(), n);
    std::map<std::pair<double, double>, int> perRow;
    int austin = 0;
    for (const auto& e : events) {
        ++perRow[{e.at("latitude").get<double>(), e.at("longitude").get<double>()}];
        if (e.at("city") == "Austin") ++austin;
    }
    QCOMPARE(perRow.size(), std::size_t(15));
    const double expected = static_cast<double>(n) / 15.0;
    double chi2 = 0;
    for (const auto& [row, count] : perRow)
        chi2 += (count - expected) * (count - expected) / expected;
    QVERIFY2(chi2 < 40.0, std::to_string(chi2).c_str());
    // Austin's share is 9/15 = 0.6 (sd of the share ~0.0063 here).
    const double share = austin / static_cast<double>(n);
    QVERIFY2(std::abs(share - 0.6) < 0.03, std::to_string(share).c_str());
}

void FunctionsGeolocationTest::everyRowReachableWithoutNarrowing() {
    auto events =
        draw(R"({"_gen":"geolocation","country":"United States","format":"coordinates"})", 3000);
    std::set<std::pair<double, double>> rows;
    for (const auto& e : events)
        rows.insert({e.at("latitude").get<double>(), e.at("longitude").get<double>()});
    QCOMPARE(rows.size(), std::size_t(34));
}

// The 2017-2020 NAD releases name the columns differently (Post_Comm, StreetName, StN_*).
void FunctionsGeolocationTest::olderNadSchemaIsRead() {
    const std::string csv =
        "OID,State,County,Inc_Muni,Post_Comm,Zip_Code,StN_PreDir,StreetName,StN_PosTyp,"
        "AddNum_Pre,Add_Number,AddNum_Suf,Unit,Longitude,Latitude\n"
        "-1,AR,Arkansas,Stuttgart,Stuttgart,72160,East,10th,Street,,1300,,,-91.5375,34.4933\n";
    auto mem = std::make_shared<scenario::MemoryFileProvider>();
    mem->add("/data/geo.csv", csv);
    auto c = compile(withFile(R"({"_gen":"geolocation","country":"United States"})"), mem);
    QVERIFY2(c.program, c.diagnostics.format().c_str());
    QCOMPARE(payloads(*c.program, 1).at(0),
             std::string(R"("1300 East 10th Street, Stuttgart AR 72160")"));
}

void FunctionsGeolocationTest::quotedFieldsAndCrlf() {
    const std::string csv =
        "\xEF\xBB\xBFState,Zip_Code,Post_City,AddNo_Full,StNam_Full,Latitude,Longitude\r\n"
        "TX,78701,Austin,12,\"Smith, Jr. \"\"Old\"\" St\",30.27,-97.74\r\n";
    auto mem = std::make_shared<scenario::MemoryFileProvider>();
    mem->add("/data/geo.csv", csv);
    auto c = compile(withFile(R"({"_gen":"geolocation","country":"United States"})"), mem);
    QVERIFY2(c.program, c.diagnostics.format().c_str());
    QCOMPARE(payloads(*c.program, 1).at(0),
             std::string("\"12 Smith, Jr. \\\"Old\\\" St, Austin TX 78701\""));
}

void FunctionsGeolocationTest::missingFile() {
    const auto e = errors(
        withFile(R"({"_gen":"geolocation","country":"United States"})", "nowhere/us.csv"), {});
    QVERIFY2(contains(e,
                      "/data/scenario.json:/globalConfigs/geolocation/countryFiles/United "
                      "States: cannot read /data/nowhere/us.csv"),
             e.c_str());
}

void FunctionsGeolocationTest::malformedRowsNameFileAndLine() {
    const std::string csv = kSmallHeader +
                            "TX,78701,Austin,12,Oak St,30.27,-97.74\n"
                            "TX,78701,Austin,12,Oak St,30.27\n"
                            "TX,78701,Austin,12,Oak St,north,-97.74\n"
                            "TX,78701,Austin,12,Oak St,30.27,-197.74\n"
                            ",78701,Austin,12,Oak St,30.27,-97.74\n"
                            "TX,78701,Austin,12,\"Oak St,30.27,-97.74\n";
    const auto e = errors(withFile(R"({"_gen":"geolocation","country":"United States"})"),
                          {{"/data/geo.csv", csv}});
    QVERIFY2(contains(e, "/data/geo.csv:3: 6 columns, but the header has 7"), e.c_str());
    QVERIFY2(contains(e,
                      "/data/geo.csv:4: Latitude \"north\" is not a number between -90 and "
                      "90"),
             e.c_str());
    QVERIFY2(contains(e, "/data/geo.csv:5: Longitude \"-197.74\" is not a number"), e.c_str());
    QVERIFY2(contains(e, "/data/geo.csv:6: State is empty"), e.c_str());
    QVERIFY2(contains(e, "/data/geo.csv:7: a quoted field is not closed"), e.c_str());
    // The function itself is not blamed again for its country's broken file.
    QVERIFY2(!contains(e, "/generators/0/value"), e.c_str());
}

void FunctionsGeolocationTest::headerWithoutNeededColumns() {
    const auto e = errors(withFile(R"({"_gen":"geolocation","country":"United States"})"),
                          {{"/data/geo.csv", "State,City,Lat,Lon\nTX,Austin,30,-97\n"}});
    QVERIFY2(contains(e,
                      "/data/geo.csv:1: the header has no column Zip_Code, Latitude, "
                      "Longitude, Post_City (or Inc_Muni), AddNo_Full, StNam_Full"),
             e.c_str());
    const auto empty = errors(withFile(R"({"_gen":"geolocation","country":"United States"})"),
                              {{"/data/geo.csv", ""}});
    QVERIFY2(contains(empty, "/data/geo.csv: the file is empty"), empty.c_str());
}

void FunctionsGeolocationTest::unknownNamesSuggestTheNearest() {
    const auto e = errors(
        withFile(
            R"({"_gen":"geolocation","country":"United States","state":["TX","TXX"],"city":["Rochestr"],"zipCode":["1460"]})"),
        {{"/data/geo.csv", kSmall}});
    QVERIFY2(contains(e,
                      "/generators/0/value/state/1: no address in /data/geo.csv has state "
                      "\"TXX\"; did you mean \"TX\"?"),
             e.c_str());
    QVERIFY2(contains(e,
                      "/generators/0/value/city/0: no address in /data/geo.csv has city "
                      "\"Rochestr\"; did you mean \"Rochester\"?"),
             e.c_str());
    QVERIFY2(contains(e,
                      "/generators/0/value/zipCode/0: no address in /data/geo.csv has zipCode "
                      "\"1460\""),
             e.c_str());
    QVERIFY2(!contains(e, "/state/0"), e.c_str());
}

void FunctionsGeolocationTest::countryWithoutFileAndUnknownCountry() {
    const auto none = errors(single(R"({"_gen":"geolocation","country":"United States"})"), {});
    QVERIFY2(contains(none,
                      "/generators/0/value/country: country \"United States\" has no data "
                      "set: name its CSV file in globalConfigs.geolocation.countryFiles"),
             none.c_str());
    const auto typo = errors(withFile(R"({"_gen":"geolocation","country":"United Stats"})"),
                             {{"/data/geo.csv", kSmall}});
    QVERIFY2(contains(typo,
                      "/generators/0/value/country: unknown country \"United Stats\"; did "
                      "you mean \"United States\"?"),
             typo.c_str());
    const auto canada = errors(
        R"({"generators":[{"topic":"t","value":1}],"globalConfigs":{"geolocation":{"countryFiles":{"Canada":"ca.csv"},"cache":"/tmp"}}})",
        {});
    QVERIFY2(contains(canada,
                      "/globalConfigs/geolocation/countryFiles/Canada: unknown country "
                      "\"Canada\""),
             canada.c_str());
    QVERIFY2(contains(canada, "/globalConfigs/geolocation/cache: unknown key \"cache\""),
             canada.c_str());
    const auto missingParam =
        errors(withFile(R"({"_gen":"geolocation"})"), {{"/data/geo.csv", kSmall}});
    QVERIFY2(contains(missingParam, "needs parameter \"country\""), missingParam.c_str());
}

void FunctionsGeolocationTest::combinationMatchingNothing() {
    const auto e = errors(
        withFile(
            R"({"_gen":"geolocation","country":"United States","state":["NY"],"city":["Austin"]})"),
        {{"/data/geo.csv", kSmall}});
    QVERIFY2(contains(e,
                      "/generators/0/value: no address in /data/geo.csv matches all of the "
                      "narrowing parameters together"),
             e.c_str());
    const auto emptyList =
        errors(withFile(R"({"_gen":"geolocation","country":"United States","state":[]})"),
               {{"/data/geo.csv", kSmall}});
    QVERIFY2(contains(emptyList,
                      "/generators/0/value/state: \"state\" must list at least one "
                      "value"),
             emptyList.c_str());
}

void FunctionsGeolocationTest::badFormats() {
    const auto e = errors(
        withFile(
            R"({"_gen":"geolocation","country":"United States","format":["object","adress","object"]})"),
        {{"/data/geo.csv", kSmall}});
    QVERIFY2(contains(e, "/generators/0/value/format/1: unknown format \"adress\""), e.c_str());
    QVERIFY2(contains(e, "did you mean \"address\"?"), e.c_str());
    QVERIFY2(contains(e, "/generators/0/value/format/2: format \"object\" is listed twice"),
             e.c_str());
}

QTEST_GUILESS_MAIN(FunctionsGeolocationTest)
#include "test_functions_geolocation.moc"
