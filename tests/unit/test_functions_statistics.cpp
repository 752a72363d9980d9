// Statistics that must hold for the random functions (fixed seeds; tolerances of about six
// standard deviations, wide enough never to flake and tight enough to catch a wrong law).
#include <QtTest>
#include <cmath>
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

// Payloads with a clock that advances `stepMs` before every event.
std::vector<std::string> stepped(const generate::Program& p, std::int64_t startMs,
                                 std::int64_t stepMs, std::size_t n) {
    generate::FixedClock clock(startMs);
    generate::Session s(p, {.seed = 3, .speed = 1.0, .clock = &clock});
    generate::Event ev;
    std::vector<std::string> out;
    while (out.size() < n && s.next(ev) == generate::Session::Status::Event) {
        out.emplace_back(ev.payloadJson);
        clock.advance(stepMs);
    }
    return out;
}

}  // namespace

class FunctionsStatisticsTest : public QObject {
    Q_OBJECT

  private slots:
    void characterStringLettersAreUniform();
    void digitStringDigitsAreUniform();
    void someKeysKeepsEachKeyHalfTheTime();
    void repeatedlyWithUniformCountHasTheRightMean();
    void bytesAreUniform();
    void intervalsShareOfADayMatchesTheCron();
    void waypointsTimingMatchesSpeed();
    void easingFollowsTheRunClock();
};

void FunctionsStatisticsTest::characterStringLettersAreUniform() {
    auto p = ok(single(R"({"_gen":"characterString","case":"lower","n":10})"));
    QVERIFY(p);
    std::map<char, int> counts;
    for (const auto& s : strings(*p, 26'000))
        for (char c : s)
            ++counts[c];
    QCOMPARE(counts.size(), std::size_t{26});
    // 260,000 letters: 10,000 expected each, sd ~98.
    for (const auto& [c, n] : counts)
        QVERIFY2(std::abs(n - 10'000) < 600, std::string(1, c).c_str());
}

void FunctionsStatisticsTest::digitStringDigitsAreUniform() {
    auto p = ok(single(R"({"_gen":"digitString","n":10})"));
    QVERIFY(p);
    std::map<char, int> counts;
    for (const auto& s : strings(*p, 10'000))
        for (char c : s)
            ++counts[c];
    QCOMPARE(counts.size(), std::size_t{10});
    for (const auto& [c, n] : counts)  // 10,000 expected, sd ~95
        QVERIFY2(std::abs(n - 10'000) < 600, std::string(1, c).c_str());
}

void FunctionsStatisticsTest::someKeysKeepsEachKeyHalfTheTime() {
    auto p = ok(single(R"({"_gen":"someKeys","object":{"a":1,"b":2,"c":3,"d":4}})"));
    QVERIFY(p);
    std::map<std::string, int> counts;
    const int n = 15'000;
    for (const auto& line : payloads(*p, n)) {
        const auto j = nlohmann::json::parse(line);
        for (auto it = j.begin(); it != j.end(); ++it)
            ++counts[it.key()];
    }
    // Each key: P(kept | not all dropped) = 0.5 / (1 - 1/16) = 8/15.
    for (const auto& [k, c] : counts) {
        const double share = static_cast<double>(c) / n;
        QVERIFY2(std::fabs(share - 8.0 / 15.0) < 0.025, k.c_str());  // sd ~0.004
    }
}

void FunctionsStatisticsTest::repeatedlyWithUniformCountHasTheRightMean() {
    auto p = ok(single(
        R"({"_gen":"repeatedly","n":{"_gen":"uniformDistribution","bounds":[0,5],"decimals":0},)"
        R"("target":1})"));
    QVERIFY(p);
    std::map<std::size_t, int> lengths;
    for (const auto& line : payloads(*p, 12'000))
        ++lengths[nlohmann::json::parse(line).size()];
    QCOMPARE(lengths.size(), std::size_t{6});  // 0..5, each 1/6
    for (const auto& [len, c] : lengths)
        QVERIFY2(std::abs(c - 2000) < 250, std::to_string(len).c_str());  // sd ~41
}

void FunctionsStatisticsTest::bytesAreUniform() {
    auto p = ok(single(R"({"_gen":"bytes","size":3})"));
    QVERIFY(p);
    // 3 bytes give 4 base64 characters with no padding; each character uniform over 64.
    std::map<char, int> counts;
    for (const auto& s : strings(*p, 16'000)) {
        QCOMPARE(s.size(), std::size_t{4});
        for (char c : s)
            ++counts[c];
    }
    QCOMPARE(counts.size(), std::size_t{64});
    for (const auto& [c, n] : counts)  // 1000 expected, sd ~31
        QVERIFY2(std::abs(n - 1000) < 190, std::string(1, c).c_str());
}

void FunctionsStatisticsTest::intervalsShareOfADayMatchesTheCron() {
    // Over one day in steps of a minute: 9-17 on weekdays is 9 hours, even minutes elsewhere.
    auto p = ok(single(R"({"_gen":"intervals","intervals":[["* 9-17 * * MON-FRI","office"],)"
                       R"(["*/2 * * * *","even"]],"defaultValue":"odd"})"));
    QVERIFY(p);
    const std::int64_t friday = 1709251200000;  // 2024-03-01T00:00Z
    std::map<std::string, int> counts;
    for (const auto& line : stepped(*p, friday, 60'000, 1440))
        ++counts[line];
    QCOMPARE(counts["\"office\""], 9 * 60);
    QCOMPARE(counts["\"even\""], (1440 - 9 * 60) / 2);
    QCOMPARE(counts["\"odd\""], (1440 - 9 * 60) / 2);
    // Saturday: no office hours.
    counts.clear();
    for (const auto& line : stepped(*p, friday + 86'400'000, 60'000, 1440))
        ++counts[line];
    QCOMPARE(counts.count("\"office\""), std::size_t{0});
    QCOMPARE(counts["\"even\""], 720);
}

void FunctionsStatisticsTest::waypointsTimingMatchesSpeed() {
    // Along the equator, 1 degree of longitude is 111.195 km: at 60 km/h with 0.5 km steps a
    // point every 30 s, 222 points per degree, 3.7 hours.
    auto p = ok(
        single(R"({"_gen":"waypoints","waypoints":[{"coordinates":[0,0]},{"coordinates":[0,1]}],)"
               R"("speed":60,"scale":0.5,"unit":"degrees"})"));
    QVERIFY(p);
    auto out = payloads(*p, 230);
    auto j = nlohmann::json::parse(out.at(0));
    QCOMPARE(j["duration"].get<double>(), 30'000.0);
    QCOMPARE(j["points"].get<std::int64_t>(), 223);  // 222 steps + the last waypoint
    QVERIFY(std::fabs(j["distance"].get<double>() - 111.195) < 0.01);
    QVERIFY(std::fabs(j["time"].get<double>() - 111.195 / 60.0) < 1e-3);
    QVERIFY(std::fabs(j["heading"].get<double>() - 90.0) < 1e-9);
    // Equal steps of longitude, then it stays on the last waypoint.
    double previous = -1;
    for (int i = 0; i < 223; ++i) {
        const double lon =
            nlohmann::json::parse(out.at(static_cast<std::size_t>(i)))["longitude"].get<double>();
        if (i > 0) QVERIFY(std::fabs((lon - previous) - 1.0 / 222) < 1e-12);
        previous = lon;
    }
    QCOMPARE(nlohmann::json::parse(out.at(229))["longitude"].get<double>(), 1.0);
}

void FunctionsStatisticsTest::easingFollowsTheRunClock() {
    // Linear from 5 to 125 over 8000 ms with the clock moving 1000 ms per event.
    auto p = ok(single(
        R"({"_gen":"easing","direction":"easeIn","degree":"linear","from":5,"to":125,"duration":8001})"));
    QVERIFY(p);
    auto out = stepped(*p, 0, 1000, 10);
    QCOMPARE(out.at(0), std::string("5.0"));
    QCOMPARE(out.at(4), std::string("65.0"));
    QCOMPARE(out.at(8), std::string("125.0"));
    QCOMPARE(out.at(9), std::string("125.0"));
}

QTEST_GUILESS_MAIN(FunctionsStatisticsTest)
#include "test_functions_statistics.moc"
