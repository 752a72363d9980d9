// localConfigs and globalConfigs: discard (+ retainHistory), repeat, delay, maxMs, throughput,
// events, maxEvents as a function, history size, sink-side hints, schedule overrides, and
// previousEvent.
#include <QtTest>
#include <map>
#include <set>

#include "session_test_support.h"

using namespace rdtest;
using generate::Session;
using nlohmann::json;

class LocalConfigsTest : public QObject {
    Q_OBJECT
  private slots:
    void discardDropsAShareOfEvents();
    void discardRetainHistoryKeepsThemForLookups();
    void discardingEverythingNeverHangs();
    void repeatSendsEventsAgain();
    void repeatRateStatistic();
    void delayReleasesEventsOutOfOrder();
    void maxMsEndsAGenerator();
    void throughputPacesEvents();
    void eventsExactlyAndMaxEventsFunction();
    void globalConfigsApplyToAll();
    void sinkHintsAreStored();
    void scheduleOverrides();
    void previousEvent();
    void errors();
};

void LocalConfigsTest::discardDropsAShareOfEvents() {
    auto p = ok(R"({"generators":[{"table":"orders","row":{"n":{"_gen":"sequentialInteger"}},
        "localConfigs":{"maxEvents":20000,"discard":{"rate":0.2}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 100000, 4);
    QCOMPARE(d.last, Session::Status::Finished);
    // 20,000 made, each dropped with p = 0.2: sd of the sent count ≈ 57.
    const double sent = static_cast<double>(d.events.size());
    QVERIFY2(std::abs(sent - 16000) < 350, std::to_string(sent).c_str());
    // What is sent keeps its order; the gaps are the discarded events.
    std::int64_t last = -1;
    for (const auto& e : d.events) {
        QVERIFY(e.payload["n"].get<std::int64_t>() > last);
        last = e.payload["n"].get<std::int64_t>();
    }
}

void LocalConfigsTest::discardRetainHistoryKeepsThemForLookups() {
    auto p = ok(R"({"generators":[
        {"name":"a","topic":"a","value":{"_gen":"sequentialInteger"},
         "localConfigs":{"maxEvents":400,"discard":{"rate":0.5,"retainHistory":true}}},
        {"name":"b","topic":"b","value":{"_gen":"lookup","topic":"a","path":["value"]},
         "localConfigs":{"maxEvents":3000}}],"schedule":{"stages":[["a"],["b"]]}})");
    QVERIFY(p);
    auto d = draw(*p, 100000, 2);
    std::set<std::int64_t> sent, seenByB;
    for (const auto& e : d.events)
        (e.generator == 0 ? sent : seenByB).insert(e.payload.get<std::int64_t>());
    QVERIFY(sent.size() < 300);
    std::size_t notSent = 0;
    for (auto v : seenByB)
        notSent += sent.count(v) == 0 ? 1 : 0;
    QVERIFY2(notSent > 50, std::to_string(notSent).c_str());  // b sees the discarded ones too
    // Without retainHistory the lookups only see what was sent.
    auto q = ok(R"({"generators":[
        {"name":"a","topic":"a","value":{"_gen":"sequentialInteger"},
         "localConfigs":{"maxEvents":400,"discard":{"rate":0.5}}},
        {"name":"b","topic":"b","value":{"_gen":"lookup","topic":"a","path":["value"]},
         "localConfigs":{"maxEvents":3000}}],"schedule":{"stages":[["a"],["b"]]}})");
    QVERIFY(q);
    auto e = draw(*q, 100000, 2);
    std::set<std::int64_t> sentQ;
    for (const auto& x : e.events) {
        if (x.generator == 0)
            sentQ.insert(x.payload.get<std::int64_t>());
        else
            QVERIFY(sentQ.count(x.payload.get<std::int64_t>()) == 1);
    }
}

void LocalConfigsTest::discardingEverythingNeverHangs() {
    auto p =
        ok(R"({"generators":[{"topic":"t","value":1,"localConfigs":{"discard":{"rate":1}}}]})");
    QVERIFY(p);
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 1, .clock = &clock});
    generate::Event ev;
    // Nothing is ever sent: next() comes back (Idle) instead of spinning forever.
    QCOMPARE(s.next(ev), Session::Status::Idle);
    QCOMPARE(s.emitted(0), std::uint64_t(0));
}

void LocalConfigsTest::repeatSendsEventsAgain() {
    auto p = ok(R"({"generators":[{"topic":"t","value":{"_gen":"sequentialInteger"},
        "localConfigs":{"maxEvents":9,"throttleMs":10,"repeat":{"rate":1,"times":2}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 100);
    std::vector<int> values;
    std::vector<double> due;
    for (const auto& e : d.events) {
        values.push_back(e.payload.get<int>());
        due.push_back(e.due);
    }
    QCOMPARE(values, (std::vector<int>{0, 0, 0, 1, 1, 1, 2, 2, 2}));
    QCOMPARE(due, (std::vector<double>{0, 10, 20, 30, 40, 50, 60, 70, 80}));
}

void LocalConfigsTest::repeatRateStatistic() {
    auto p = ok(R"({"generators":[{"topic":"t","value":{"_gen":"sequentialInteger"},
        "localConfigs":{"maxEvents":30000,"repeat":{"rate":0.1,"times":{"_gen":"constant",
        "value":1}}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 100000, 8);
    std::map<int, int> copies;
    for (const auto& e : d.events)
        ++copies[e.payload.get<int>()];
    int doubled = 0;
    for (const auto& [v, n] : copies) {
        QVERIFY(n == 1 || n == 2);
        doubled += n == 2 ? 1 : 0;
    }
    const double share = doubled / double(copies.size());
    QVERIFY2(std::abs(share - 0.1) < 0.01, std::to_string(share).c_str());
}

void LocalConfigsTest::delayReleasesEventsOutOfOrder() {
    auto p = ok(R"({"generators":[{"topic":"t","value":{"id":{"_gen":"sequentialInteger"}},
        "localConfigs":{"maxEvents":2000,"throttleMs":100,"delay":{"rate":0.5,"ms":250}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 10000, 3);
    QCOMPARE(d.events.size(), std::size_t(2000));
    QCOMPARE(d.last, Session::Status::Finished);
    int inversions = 0;
    double lastDue = -1;
    std::set<int> ids;
    for (std::size_t i = 0; i < d.events.size(); ++i) {
        ids.insert(d.events[i].payload["id"].get<int>());
        QVERIFY(d.events[i].due >= lastDue);  // released on the logical clock, in due order
        lastDue = d.events[i].due;
        if (i > 0 && d.events[i].payload["id"] < d.events[i - 1].payload["id"]) ++inversions;
    }
    QCOMPARE(ids.size(), std::size_t(2000));  // nothing lost, nothing twice
    QVERIFY2(inversions > 300, std::to_string(inversions).c_str());
}

void LocalConfigsTest::maxMsEndsAGenerator() {
    auto p = ok(R"({"generators":[{"name":"a","topic":"t","value":1,
        "localConfigs":{"throttleMs":100,"maxMs":1000}},
        {"name":"b","topic":"u","value":2,"localConfigs":{"maxEvents":1}}],
        "schedule":{"stages":[["a"],["b"]]}})");
    QVERIFY(p);
    auto d = draw(*p, 100);
    QCOMPARE(d.events.size(), std::size_t(11));
    QCOMPARE(d.events[9].due, 900.0);
    QCOMPARE(d.events[10].generator, std::size_t(1));  // the stage ended by maxMs
}

void LocalConfigsTest::throughputPacesEvents() {
    auto p = ok(R"({"generators":[{"topic":"t","value":1,"localConfigs":{"throughput":20}},
        {"topic":"u","value":1,"localConfigs":{"throughput":{"_gen":"constant","value":4}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 12);
    std::map<std::size_t, std::vector<double>> due;
    for (const auto& e : d.events)
        due[e.generator].push_back(e.due);
    QCOMPARE(std::vector<double>(due[0].begin(), due[0].begin() + 3),
             (std::vector<double>{0, 50, 100}));
    QCOMPARE(std::vector<double>(due[1].begin(), due[1].begin() + 2),
             (std::vector<double>{0, 250}));
}

void LocalConfigsTest::eventsExactlyAndMaxEventsFunction() {
    auto p = ok(R"({"generators":[
        {"topic":"a","value":1,"localConfigs":{"events":{"exactly":5}}},
        {"topic":"b","vars":{"n":{"_gen":"constant","value":3}},"value":2,
         "localConfigs":{"maxEvents":{"_gen":"var","var":"n"}}}]})");
    QVERIFY(p);
    QCOMPARE(p->generators()[0].maxEvents, std::optional<std::uint64_t>(5));
    QCOMPARE(p->generators()[1].maxEvents, std::optional<std::uint64_t>());
    auto d = draw(*p, 100);
    std::map<std::size_t, int> n;
    for (const auto& e : d.events)
        ++n[e.generator];
    QCOMPARE(n[0], 5);
    QCOMPARE(n[1], 3);
    QCOMPARE(d.last, Session::Status::Finished);
}

void LocalConfigsTest::globalConfigsApplyToAll() {
    auto p = ok(R"({"generators":[{"topic":"a","value":1},{"topic":"b","value":2,
        "localConfigs":{"throttleMs":10}}],
        "globalConfigs":{"throughput":10,"maxMs":1000,"lookupScope":"instantaneous",
                         "maxHistoryEvents":10}})");
    QVERIFY(p);
    auto d = draw(*p, 1000);
    std::map<std::size_t, int> n;
    for (const auto& e : d.events)
        ++n[e.generator];
    QCOMPARE(n[0], 10);   // 100 ms apart (global throughput) for 1000 ms
    QCOMPARE(n[1], 100);  // its own throttle wins; the global maxMs still ends it
}

void LocalConfigsTest::sinkHintsAreStored() {
    auto p = ok(R"x({"generators":[
        {"topic":"a","value":1,"localConfigs":{"partitions":6,
         "jsonSchemaHint":{"value":{"type":"integer"}}}},
        {"table":"b","row":{"id":1},"localConfigs":{"sqlDdlHint":"CREATE TABLE b (id int)"}}]})x");
    QVERIFY(p);
    QCOMPARE(p->generators()[0].partitions, std::optional<int>(6));
    QCOMPARE(p->generators()[0].jsonSchemaHint, json::parse(R"({"value":{"type":"integer"}})"));
    QCOMPARE(p->generators()[1].sqlDdlHint, std::string("CREATE TABLE b (id int)"));
}

void LocalConfigsTest::scheduleOverrides() {
    auto p = ok(R"({"generators":[
        {"name":"a","topic":"generatorA","value":{"_gen":"oneOf","choices":[1,2,3]}},
        {"name":"b","topic":"generatorB","value":{"_gen":"boolean"}}],
        "schedule":{"stages":[
          {"generators":["a"],"overrides":{"a":{"localConfigs":{"maxEvents":5}}}},
          {"generators":["b"],"overrides":{"b":{"localConfigs":{"maxEvents":4}}}}]}})");
    QVERIFY(p);
    QCOMPARE(p->generators()[0].maxEvents, std::optional<std::uint64_t>(5));
    auto d = draw(*p, 100);
    QCOMPARE(d.events.size(), std::size_t(9));
    QCOMPARE(d.last, Session::Status::Finished);
    auto c = compile(R"({"generators":[{"name":"a","topic":"t","value":1}],
        "schedule":{"stages":[{"generators":["a"],"overrides":{"zz":{},"a":{"topic":"u"}}}]}})");
    QVERIFY(!c.program);
    QVERIFY(hasProblem(c, "/schedule/stages/0/overrides/zz: override of unknown generator \"zz\""));
    QVERIFY(hasProblem(c,
                       "/schedule/stages/0/overrides/a/topic: an override cannot change a "
                       "generator's \"topic\""));
}

void LocalConfigsTest::previousEvent() {
    auto p = ok(R"({"generators":[{"topic":"t","value":{"i":{"_gen":"sequentialInteger"},
        "prev":{"_gen":"previousEvent","path":["value","i"],"defaultValue":{"value":{"i":-1}}},
        "raw":{"_gen":"previousEvent","path":["value","i"]}},"localConfigs":{"maxEvents":4}}]})");
    QVERIFY(p);
    auto d = draw(*p, 10);
    QCOMPARE(d.events.size(), std::size_t(4));
    for (std::size_t i = 0; i < 4; ++i) {
        QCOMPARE(d.events[i].payload["prev"].get<int>(), int(i) - 1);
        if (i == 0)
            QVERIFY(d.events[i].payload["raw"].is_null());
        else
            QCOMPARE(d.events[i].payload["raw"].get<int>(), int(i) - 1);
    }
    // Per fork: each fork sees its own previous event.
    auto f = ok(R"({"generators":[{"topic":"t","fork":{"key":["a","b"]},"value":{
        "k":{"_gen":"var","var":"forkKey"},
        "prevKey":{"_gen":"previousEvent","path":["value","k"]}},"localConfigs":{"maxEvents":3}}]})");
    QVERIFY(f);
    auto e = draw(*f, 10);
    QCOMPARE(e.events.size(), std::size_t(6));
    int nulls = 0;
    for (const auto& x : e.events) {
        if (x.payload["prevKey"].is_null())
            ++nulls;
        else
            QCOMPARE(x.payload["prevKey"], x.payload["k"]);
    }
    QCOMPARE(nulls, 2);
}

void LocalConfigsTest::errors() {
    auto c = compile(R"({"generators":[{"topic":"a","value":1,"localConfigs":{
        "discard":{"rate":2},"repeat":{"rate":0.5},"delay":{"rate":0.1,"ms":"x"},
        "throughput":0,"maxMs":-1,"partitions":0,"colour":1}},
        {"table":"b","row":{"id":1},"localConfigs":{"partitions":3}}],
        "globalConfigs":{"lookupScope":"committed","discard":{"rate":0.1,"keep":true}}})");
    QVERIFY(!c.program);
    QVERIFY(hasProblem(c,
                       "/generators/0/localConfigs/discard: \"discard\" needs \"rate\": a "
                       "probability from 0 to 1"));
    QVERIFY(hasProblem(c, "/generators/0/localConfigs/repeat: \"repeat\" needs \"times\""));
    QVERIFY(hasProblem(c,
                       "/generators/0/localConfigs/delay/ms: \"ms\" must be a number or a "
                       "function, not a string"));
    QVERIFY(hasProblem(c,
                       "/generators/0/localConfigs/throughput: \"throughput\" must be a "
                       "positive number"));
    QVERIFY(hasProblem(c, "/generators/0/localConfigs/maxMs: \"maxMs\" must be a non-negative"));
    QVERIFY(hasProblem(c,
                       "/generators/0/localConfigs/partitions: \"partitions\" must be an "
                       "integer from 1 to 100000"));
    QVERIFY(hasProblem(c,
                       "/generators/0/localConfigs/colour: unknown key \"colour\" in "
                       "localConfigs"));
    QVERIFY(hasProblem(c,
                       "/generators/1/localConfigs/partitions: \"partitions\" is for topic "
                       "generators"));
    QVERIFY(hasProblem(c,
                       "/globalConfigs/lookupScope: \"lookupScope\": \"committed\" is not "
                       "supported"));
    QVERIFY(hasProblem(c, "/globalConfigs/discard/keep: unknown key \"keep\" in discard"));
}

QTEST_APPLESS_MAIN(LocalConfigsTest)
#include "test_local_configs.moc"
