// localConfigs and globalConfigs: discard (+ retainHistory), repeat, delay, maxMs, throughput,
// events, maxEvents as a function, history size, sink-side hints, schedule overrides, and
// previousEvent; schedule.loop, globalConfigs.time / timeMultiplier and localConfigs.maxBytes.
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
    void scheduleLoopRestartsEachPass();
    void scheduleLoopWithForksAndEmptyPasses();
    void timeStartsTheScenarioClock();
    void timeMultiplierScalesClockAndThrottles();
    void timeMultiplierFunction();
    void maxBytesEndsAGenerator();
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

// The docs' example: a then b, then a again, forever; each pass restarts the maxEvents counts.
void LocalConfigsTest::scheduleLoopRestartsEachPass() {
    auto p = ok(R"({"generators":[
        {"name":"a","topic":"generatorA","value":{"_gen":"oneOf","choices":[1,2,3]},
         "localConfigs":{"maxEvents":3}},
        {"name":"b","topic":"generatorB","value":{"_gen":"boolean"},"localConfigs":{"maxEvents":2}}],
        "schedule":{"loop":true,"stages":[{"generators":["a"]},{"generators":["b"]}]}})");
    QVERIFY(p);
    QVERIFY(p->runSettings().loop);
    QVERIFY(!p->generators()[0].maxEvents);  // per pass: no total is known
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 3, .clock = &clock});
    generate::Event ev;
    std::string order;
    std::set<int> aValues;
    for (int i = 0; i < 5000; ++i) {
        QCOMPARE(s.next(ev), Session::Status::Event);
        order += ev.generator == 0 ? 'a' : 'b';
        if (ev.generator == 0) aValues.insert(std::stoi(std::string(ev.payloadJson)));
        QCOMPARE(ev.firstOfStage, i % 5 == 0 || i % 5 == 3);
        QCOMPARE(ev.stage, i % 5 < 3 ? 0 : 1);
    }
    std::string expected;
    for (int i = 0; i < 1000; ++i)
        expected += "aaabb";
    QCOMPARE(order, expected);
    QCOMPARE(s.passes(), std::uint64_t(999));
    QCOMPARE(s.emitted(0), std::uint64_t(3000));
    QCOMPARE(aValues, (std::set<int>{1, 2, 3}));  // the rng stream goes on across passes
}

void LocalConfigsTest::scheduleLoopWithForksAndEmptyPasses() {
    auto p = ok(R"({"generators":[{"topic":"t","fork":{"key":["x","y"]},
        "value":{"_gen":"var","var":"forkKey"},"localConfigs":{"maxEvents":1}},
        {"topic":"n","value":{"_gen":"sequentialInteger"},
         "localConfigs":{"maxEvents":{"_gen":"oneOf","choices":[1,2]}}}],
        "schedule":{"loop":true,"stages":[["t"],["n"]]}})");
    QVERIFY(p);
    auto d = draw(*p, 600, 5);
    QCOMPARE(d.events.size(), std::size_t(600));
    std::size_t i = 0, passes = 0, ones = 0;
    int next = 0;
    while (i + 3 < d.events.size()) {  // each pass: x, y, then 1 or 2 numbers
        QCOMPARE(d.events[i].payload, json("x"));
        QCOMPARE(d.events[i + 1].payload, json("y"));
        std::size_t k = i + 2;
        while (k < d.events.size() && d.events[k].generator == 1) {
            QCOMPARE(d.events[k].payload, json(next++));  // sequences go on across passes
            ++k;
        }
        QVERIFY(k - (i + 2) == 1 || k - (i + 2) == 2 || k == d.events.size());
        if (k - (i + 2) == 1) ++ones;
        ++passes;
        i = k;
    }
    // maxEvents as a function is drawn again each pass: about half the passes make 1.
    QVERIFY2(ones > passes / 4 && ones < passes * 3 / 4, std::to_string(ones).c_str());
    // A pass that makes nothing would spin forever: the session finishes instead.
    auto empty = ok(R"({"generators":[{"topic":"t","value":1,"localConfigs":{"maxEvents":0}}],
        "schedule":{"loop":true,"stages":[["t"]]}})");
    QVERIFY(empty);
    QCOMPARE(draw(*empty, 10).last, Session::Status::Finished);
}

// globalConfigs.time: `now` starts at that instant and runs on from there.
void LocalConfigsTest::timeStartsTheScenarioClock() {
    auto p = ok(R"({"generators":[{"topic":"t","value":{"_gen":"now"},
        "localConfigs":{"maxEvents":3}}],"globalConfigs":{"time":1420099200000}})");
    QVERIFY(p);
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 1, .clock = &clock});
    generate::Event ev;
    QCOMPARE(s.next(ev), Session::Status::Event);
    QCOMPARE(ev.payloadJson, std::string_view("1420099200000"));
    clock.advance(1500);
    QCOMPARE(s.next(ev), Session::Status::Event);
    QCOMPARE(ev.payloadJson, std::string_view("1420099201500"));
    QCOMPARE(ev.nowMs, std::int64_t(1420099201500));
}

// timeMultiplier 4: the clock runs 4x, and a 1000 ms throttle of that clock takes 250 ms of
// real (logical) time; Riverdelta's speed divides on top of it.
void LocalConfigsTest::timeMultiplierScalesClockAndThrottles() {
    auto p = ok(R"({"generators":[{"topic":"t","value":{"_gen":"now"},
        "localConfigs":{"maxEvents":4,"throttleMs":1000}}],"globalConfigs":{"timeMultiplier":4}})");
    QVERIFY(p);
    for (double speed : {1.0, 2.0}) {
        generate::FixedClock clock(kNow);
        Session s(*p, {.seed = 1, .speed = speed, .clock = &clock});
        QCOMPARE(s.timeMultiplier(), 4.0);
        generate::Event ev;
        std::vector<double> due;
        std::vector<std::int64_t> now;
        while (s.next(ev) == Session::Status::Event) {
            due.push_back(ev.dueMs);
            now.push_back(std::stoll(std::string(ev.payloadJson)));
            clock.advance(100);  // 100 ms of real time between events
        }
        QCOMPARE(due, (std::vector<double>{0, 250 / speed, 500 / speed, 750 / speed}));
        QCOMPARE(now, (std::vector<std::int64_t>{kNow, kNow + 400, kNow + 800, kNow + 1200}));
    }
    // maxMs counts scenario time: 2000 ms at 4x is 500 ms of logical time (throttle 100 →
    // 25 each): 20 events.
    auto m = ok(R"({"generators":[{"topic":"t","value":1,
        "localConfigs":{"maxMs":2000,"throttleMs":100}}],"globalConfigs":{"timeMultiplier":4}})");
    QVERIFY(m);
    QCOMPARE(draw(*m, 1000).events.size(), std::size_t(20));
}

void LocalConfigsTest::timeMultiplierFunction() {
    auto p = ok(R"({"generators":[{"topic":"t","value":1,"localConfigs":{"throttleMs":100}}],
        "globalConfigs":{"timeMultiplier":{"_gen":"oneOf","choices":[0.5,2]}}})");
    QVERIFY(p);
    std::set<double> seen;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        generate::FixedClock clock(kNow);
        Session s(*p, {.seed = seed, .clock = &clock});
        const double m = s.timeMultiplier();
        QVERIFY(m == 0.5 || m == 2.0);
        seen.insert(m);
        generate::Event ev;
        QCOMPARE(s.next(ev), Session::Status::Event);
        QCOMPARE(s.next(ev), Session::Status::Event);
        QCOMPARE(ev.dueMs, 100 / m);  // evaluated once: every throttle uses it
        QCOMPARE(s.next(ev), Session::Status::Event);
        QCOMPARE(ev.dueMs, 200 / m);
    }
    QCOMPARE(seen.size(), std::size_t(2));
    auto bad = ok(R"({"generators":[{"topic":"t","value":1}],
        "globalConfigs":{"timeMultiplier":{"_gen":"oneOf","choices":[-1]}}})");
    QVERIFY(bad);
    auto d = draw(*bad, 5);
    QCOMPARE(d.last, Session::Status::Failed);
    QVERIFY2(d.error.find("timeMultiplier evaluated to -1") != std::string::npos, d.error.c_str());
}

// maxBytes counts the key and value JSON each event writes; the event that reaches the limit
// is the last one.
void LocalConfigsTest::maxBytesEndsAGenerator() {
    auto p = ok(R"({"generators":[{"topic":"t","value":"abcdefgh","localConfigs":{"maxBytes":35}},
        {"topic":"k","key":7,"value":"abcdefgh","localConfigs":{"maxBytes":33}},
        {"topic":"f","fork":{"key":["x","y","z"]},"value":{"_gen":"var","var":"forkKey"},
         "localConfigs":{"maxBytes":7,"throttleMs":10}}]})");
    QVERIFY(p);
    auto d = draw(*p, 1000);
    QCOMPARE(d.last, Session::Status::Finished);
    std::map<std::size_t, int> counts;
    for (const auto& e : d.events)
        ++counts[e.generator];
    QCOMPARE(counts[0], 4);  // 10 bytes each ("abcdefgh" quoted): 10, 20, 30, 40 ≥ 35
    QCOMPARE(counts[1], 3);  // 1 + 10 each: 11, 22, 33
    QCOMPARE(counts[2], 3);  // 3 bytes per event, shared by the forks: 3, 6, 9 ≥ 7
}

void LocalConfigsTest::errors() {
    auto c = compile(R"({"generators":[{"topic":"a","value":1,"localConfigs":{
        "discard":{"rate":2},"repeat":{"rate":0.5},"delay":{"rate":0.1,"ms":"x"},
        "throughput":0,"maxMs":-1,"partitions":0,"colour":1}},
        {"table":"b","row":{"id":1},"localConfigs":{"partitions":3}}],
        "globalConfigs":{"lookupScope":"sometimes","discard":{"rate":0.1,"keep":true},
        "time":"yesterday","timeMultiplier":0},"schedule":{"loop":"yes","stages":[["a"],["b"]]}})");
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
                       "/globalConfigs/lookupScope: \"lookupScope\" must be \"instantaneous\" or "
                       "\"committed\""));
    QVERIFY(hasProblem(c,
                       "/globalConfigs/time: \"time\" (the UNIX time in ms the run starts "
                       "at) must be an integer, not a string"));
    QVERIFY(hasProblem(c,
                       "/globalConfigs/timeMultiplier: \"timeMultiplier\" must be a positive "
                       "number"));
    QVERIFY(hasProblem(c, "/schedule/loop: \"loop\" must be true or false, not a string"));
    auto b = compile(R"({"generators":[{"topic":"a","value":1,"localConfigs":{"maxBytes":0}},
        {"topic":"b","value":1,"localConfigs":{"maxBytes":"1 GB"}}],
        "globalConfigs":{"maxBytes":10}})");
    QVERIFY(!b.program);
    QVERIFY(hasProblem(b, "/generators/0/localConfigs/maxBytes: \"maxBytes\" must be at least 1"));
    QVERIFY(hasProblem(b, "/generators/1/localConfigs/maxBytes: \"maxBytes\" must be an integer"));
    QVERIFY(hasProblem(b, "/globalConfigs/maxBytes: unknown key \"maxBytes\" in globalConfigs"));
    QVERIFY(hasProblem(c, "/globalConfigs/discard/keep: unknown key \"keep\" in discard"));
}

QTEST_APPLESS_MAIN(LocalConfigsTest)
#include "test_local_configs.moc"
