// `fork`: keys from arrays and functions, maxForks, keepAlive, oneTimeKeys, stagger, the
// forkKey var, per-fork streams, many live forks, and the errors.
#include <QtTest>
#include <map>
#include <set>

#include "session_test_support.h"

using namespace rdtest;
using generate::Session;
using nlohmann::json;

class ForkTest : public QObject {
    Q_OBJECT
  private slots:
    void forksOnArrayKeysInOrder();
    void forksOnFunctionKeysUpToMaxForks();
    void keepAliveRespawnsUpToMaxForks();
    void oneTimeKeysFromLookupNeverRespawn();
    void staggerSpacesSpawns();
    void staggerFromFunctionAveragesItsMean();
    void eachForkHasItsOwnThrottleAndMaxEvents();
    void maxEventsFunctionPerForkAveragesItsMean();
    void tenThousandForks();
    void deterministicPerSeed();
    void pauseResumeAndFinishForkedGenerator();
    void metadata();
    void errors();
};

void ForkTest::forksOnArrayKeysInOrder() {
    auto p = ok(R"({"generators":[{"topic":"sensors","fork":{"key":["sensor #1","sensor #2",
        "sensor #3"]},"value":{"id":{"_gen":"var","var":"forkKey"}},"localConfigs":{"maxEvents":1}}]})");
    QVERIFY(p);
    auto d = draw(*p, 100);
    QCOMPARE(d.events.size(), std::size_t(3));
    QCOMPARE(d.last, Session::Status::Finished);
    QCOMPARE(d.events[0].payload, json({{"id", "sensor #1"}}));
    QCOMPARE(d.events[1].payload, json({{"id", "sensor #2"}}));
    QCOMPARE(d.events[2].payload, json({{"id", "sensor #3"}}));
}

void ForkTest::forksOnFunctionKeysUpToMaxForks() {
    auto p = ok(R"({"generators":[{"topic":"sensors","fork":{"key":{"_gen":"sequentialString",
        "expr":"sensor-~d"},"maxForks":4},"value":{"_gen":"var","var":"forkKey"},
        "localConfigs":{"maxEvents":2}}]})");
    QVERIFY(p);
    auto d = draw(*p, 100);
    QCOMPARE(d.last, Session::Status::Finished);
    QCOMPARE(d.events.size(), std::size_t(8));
    std::map<std::string, int> perKey;
    for (const auto& e : d.events)
        ++perKey[e.payload.get<std::string>()];
    QCOMPARE(perKey, (std::map<std::string, int>{
                         {"sensor-0", 2}, {"sensor-1", 2}, {"sensor-2", 2}, {"sensor-3", 2}}));
    QCOMPARE(p->generators()[0].maxEvents, std::optional<std::uint64_t>(8));
}

void ForkTest::keepAliveRespawnsUpToMaxForks() {
    auto p = ok(R"({"generators":[{"topic":"sessions","fork":{"key":{"_gen":"uuid"},
        "maxForks":2,"keepAlive":true},"value":{"_gen":"var","var":"forkKey"},
        "localConfigs":{"maxEvents":2,"throttleMs":10}}]})");
    QVERIFY(p);
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 3, .clock = &clock});
    generate::Event ev;
    std::map<std::string, int> perKey;
    std::size_t maxLive = 0;
    for (int i = 0; i < 200; ++i) {
        QCOMPARE(s.next(ev), Session::Status::Event);
        ++perKey[std::string(ev.payload.string())];
        maxLive = std::max(maxLive, s.liveForks(0));
    }
    QCOMPARE(maxLive, std::size_t(2));  // never more than maxForks at once
    QVERIFY(s.forksSpawned(0) >= 100);  // but they keep coming
    for (const auto& [k, n] : perKey)
        QVERIFY2(n <= 2, k.c_str());  // each fork's own maxEvents
    QCOMPARE(p->generators()[0].maxEvents, std::optional<std::uint64_t>());
}

void ForkTest::oneTimeKeysFromLookupNeverRespawn() {
    auto p = ok(R"({"generators":[
        {"topic":"parent","value":{"_gen":"sequentialString","expr":"id-~d"},
         "localConfigs":{"maxEvents":3}},
        {"topic":"child","fork":{"key":{"_gen":"lookup","topic":"parent","path":["value"]},
         "oneTimeKeys":true},"value":{"_gen":"var","var":"forkKey"},
         "localConfigs":{"maxEvents":1}}]})");
    QVERIFY(p);
    auto d = draw(*p, 1000);
    QCOMPARE(d.last, Session::Status::Finished);
    std::vector<std::string> child;
    for (const auto& e : d.events)
        if (e.generator == 1) child.push_back(e.payload.get<std::string>());
    // The child topic only ever receives 3 events, one per parent id, in creation order.
    QCOMPARE(child, (std::vector<std::string>{"id-0", "id-1", "id-2"}));
}

void ForkTest::staggerSpacesSpawns() {
    for (const char* stagger :
         {R"("stagger":{"ms":250})", R"("staggerMs":250)", R"("stagger":250)"}) {
        auto p = ok(std::string(R"({"generators":[{"table":"sensors","fork":{"key":{"_gen":
            "sequentialString","expr":"sensor-~d"},"maxForks":5,)") +
                    stagger + R"(},"row":{"id":{"_gen":"var","var":"forkKey"}},
            "localConfigs":{"maxEvents":1}}]})");
        QVERIFY(p);
        auto d = draw(*p, 100);
        std::vector<double> due;
        for (const auto& e : d.events)
            due.push_back(e.due);
        QCOMPARE(due, (std::vector<double>{0, 250, 500, 750, 1000}));
    }
}

void ForkTest::staggerFromFunctionAveragesItsMean() {
    auto p = ok(R"({"generators":[{"topic":"t","fork":{"key":{"_gen":"sequentialInteger"},
        "maxForks":4000,"stagger":{"ms":{"_gen":"uniformDistribution","bounds":[100,300]}}},
        "value":{"_gen":"var","var":"forkKey"},"localConfigs":{"maxEvents":1}}]})");
    QVERIFY(p);
    auto d = draw(*p, 5000, 11);
    QCOMPARE(d.events.size(), std::size_t(4000));
    const double meanGap = d.events.back().due / 3999.0;
    // Uniform on [100, 300): mean 200, sd of the mean of 3999 gaps ≈ 0.9.
    QVERIFY2(std::abs(meanGap - 200) < 6, std::to_string(meanGap).c_str());
}

void ForkTest::eachForkHasItsOwnThrottleAndMaxEvents() {
    auto p = ok(R"({"generators":[{"topic":"t","fork":{"key":["a","b"]},
        "vars":{"n":{"_gen":"sequentialInteger"}},
        "value":{"k":{"_gen":"var","var":"forkKey"}},
        "localConfigs":{"maxEvents":3,"throttleMs":{"_gen":"constant","value":1000}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 100);
    QCOMPARE(d.events.size(), std::size_t(6));
    std::map<std::string, std::vector<double>> dues;
    for (const auto& e : d.events)
        dues[e.payload["k"].get<std::string>()].push_back(e.due);
    QCOMPARE(dues["a"], (std::vector<double>{0, 1000, 2000}));
    QCOMPARE(dues["b"], (std::vector<double>{0, 1000, 2000}));
}

void ForkTest::maxEventsFunctionPerForkAveragesItsMean() {
    auto p = ok(R"({"generators":[{"topic":"t","fork":{"key":{"_gen":"sequentialInteger"},
        "maxForks":3000},"value":{"_gen":"var","var":"forkKey"},
        "localConfigs":{"maxEvents":{"_gen":"uniformDistribution","bounds":[1,10],"decimals":0}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 100000, 5);
    QCOMPARE(d.last, Session::Status::Finished);
    std::map<std::int64_t, int> perFork;
    for (const auto& e : d.events)
        ++perFork[e.payload.get<std::int64_t>()];
    QCOMPARE(perFork.size(), std::size_t(3000));
    const double mean = static_cast<double>(d.events.size()) / 3000.0;
    // Uniform over 1..10: mean 5.5, sd 2.87; the mean of 3000 has sd 0.05.
    QVERIFY2(std::abs(mean - 5.5) < 0.25, std::to_string(mean).c_str());
    for (const auto& [k, n] : perFork)
        QVERIFY(n >= 1 && n <= 10);
}

void ForkTest::tenThousandForks() {
    auto p = ok(R"({"generators":[{"topic":"t","fork":{"key":{"_gen":"sequentialString",
        "expr":"dev-~d"},"maxForks":10000},"value":{"id":{"_gen":"var","var":"forkKey"},
        "reading":{"_gen":"normalDistribution","mean":20,"sd":2}},
        "localConfigs":{"maxEvents":5,"throttleMs":1000}}]})");
    QVERIFY(p);
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 1, .clock = &clock});
    generate::Event ev;
    std::uint64_t n = 0;
    std::size_t maxLive = 0;
    double lastDue = -1;
    while (s.next(ev) == Session::Status::Event) {
        ++n;
        QVERIFY(ev.dueMs >= lastDue);  // one logical clock across all forks
        lastDue = ev.dueMs;
        if ((n & 1023) == 0) maxLive = std::max(maxLive, s.liveForks(0));
    }
    QCOMPARE(n, std::uint64_t(50000));
    QCOMPARE(s.forksSpawned(0), std::uint64_t(10000));
    QCOMPARE(maxLive, std::size_t(10000));  // all alive together (throttled, spawned at once)
    QCOMPARE(lastDue, 4000.0);
    QCOMPARE(s.status(0), generate::GeneratorStatus::Finished);
}

void ForkTest::deterministicPerSeed() {
    const std::string text = R"({"generators":[{"topic":"t","fork":{"key":{"_gen":"uuid"},
        "maxForks":20,"stagger":{"ms":{"_gen":"uniformDistribution","bounds":[0,50]}}},
        "value":{"k":{"_gen":"var","var":"forkKey"},"x":{"_gen":"uniformDistribution",
        "bounds":[0,1]}},"localConfigs":{"maxEvents":3,"throttleMs":{"_gen":"normalDistribution",
        "mean":30,"sd":5}}}]})";
    auto p = ok(text);
    QVERIFY(p);
    auto a = draw(*p, 1000, 42), b = draw(*p, 1000, 42), c = draw(*p, 1000, 43);
    QCOMPARE(a.events.size(), std::size_t(60));
    bool same = true, differs = false;
    for (std::size_t i = 0; i < a.events.size(); ++i) {
        same = same && a.events[i].payload == b.events[i].payload;
        differs = differs || a.events[i].payload != c.events[i].payload;
    }
    QVERIFY(same);
    QVERIFY(differs);
}

void ForkTest::pauseResumeAndFinishForkedGenerator() {
    auto p = ok(R"({"generators":[
        {"name":"f","topic":"t","fork":{"key":{"_gen":"sequentialInteger"},"maxForks":3},
         "value":{"k":{"_gen":"var","var":"forkKey"},"n":{"_gen":"sequentialInteger"}},
         "localConfigs":{"throttleMs":10}},
        {"name":"after","topic":"u","value":1,"localConfigs":{"maxEvents":1}}],
        "schedule":{"stages":[["f"],["after"]]}})");
    QVERIFY(p);
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 1, .clock = &clock});
    generate::Event ev;
    for (int i = 0; i < 9; ++i)
        QCOMPARE(s.next(ev), Session::Status::Event);
    QCOMPARE(s.liveForks(0), std::size_t(3));
    s.pause(0);
    QCOMPARE(s.next(ev), Session::Status::Idle);
    QCOMPARE(s.status(0), generate::GeneratorStatus::Paused);
    s.resume(0);
    QCOMPARE(s.next(ev), Session::Status::Event);
    QCOMPARE(ev.generator, std::size_t(0));
    QCOMPARE(json::parse(ev.payloadJson)["n"], json(9));  // the forks continue their sequence
    s.finish(0);                                          // ends every fork; the next stage begins
    QCOMPARE(s.next(ev), Session::Status::Event);
    QCOMPARE(ev.generator, std::size_t(1));
    QVERIFY(ev.firstOfStage);
    QCOMPARE(s.next(ev), Session::Status::Finished);
}

void ForkTest::metadata() {
    auto p = ok(R"({"generators":[{"topic":"t","fork":{"key":["a","b","c"]},"value":1,
        "localConfigs":{"maxEvents":4}}]})");
    QVERIFY(p);
    const auto& info = p->generators()[0];
    QVERIFY(info.forked);
    QCOMPARE(info.maxEventsPerFork, std::optional<std::uint64_t>(4));
    QCOMPARE(info.maxEvents, std::optional<std::uint64_t>(12));
}

void ForkTest::errors() {
    auto c = compile(R"({"generators":[
        {"topic":"a","fork":{"key":null},"value":1},
        {"topic":"b","fork":{"key":"k"},"value":1},
        {"topic":"c","fork":{"key":["x",null],"maxForks":0,"keepAlive":true,"colour":1},"value":1},
        {"topic":"d","fork":{"key":[1],"stagger":5,"staggerMs":5},"value":1},
        {"topic":"e","fork":{"key":[1]},"vars":{"forkKey":1},"value":1},
        {"topic":"f","fork":{"key":[1],"stagger":{"ms":-1}},"value":1},
        {"topic":"g","value":{"_gen":"var","var":"forkKey"}}]})");
    QVERIFY(!c.program);
    QVERIFY(hasProblem(c, "/generators/0/fork/key: a fork key cannot be null"));
    QVERIFY(hasProblem(c,
                       "/generators/1/fork/key: the fork \"key\" must be an array of keys or "
                       "a function, not a string"));
    QVERIFY(hasProblem(c, "/generators/2/fork/key/1: a fork key cannot be null"));
    QVERIFY(hasProblem(c, "/generators/2/fork/maxForks: \"maxForks\" must be at least 1"));
    QVERIFY(hasProblem(c, "/generators/2/fork/colour: unknown key \"colour\" in fork"));
    QVERIFY(
        hasProblem(c, "/generators/3/fork: give either \"stagger\" or \"staggerMs\", not both"));
    QVERIFY(hasProblem(c, "/generators/4/vars/forkKey: var \"forkKey\" is the fork's key"));
    QVERIFY(hasProblem(c, "/generators/5/fork/stagger/ms: \"stagger\" must not be negative"));
    QVERIFY(hasProblem(c, "/generators/6/value/var: unknown var \"forkKey\""));
    auto k =
        compile(R"({"generators":[{"topic":"a","fork":{"key":[1],"keepAlive":true},"value":1}]})");
    QVERIFY(hasProblem(k,
                       "/generators/0/fork/keepAlive: \"keepAlive\" respawns forks up to "
                       "\"maxForks\""));
    // A function key that yields null stops the run with the reason.
    auto n = ok(R"({"generators":[{"topic":"a","fork":{"key":{"_gen":"constant","value":null}},
        "value":1}]})");
    QVERIFY(n);
    auto d = draw(*n, 10);
    QCOMPARE(d.last, Session::Status::Failed);
    QVERIFY2(d.error.find("fork key of generator \"a\" evaluated to null") != std::string::npos,
             d.error.c_str());
}

QTEST_APPLESS_MAIN(ForkTest)
#include "test_fork.moc"
