// Lookups: whole events (no path), table paths without "row", a generator's own history,
// strategies first/last/random, the looked-up event's vars, and lookups that wait on each
// other (a compile-time diagnostic).
#include <QtTest>
#include <set>

#include "session_test_support.h"

using namespace rdtest;
using generate::Session;
using nlohmann::json;

class LookupsTest : public QObject {
    Q_OBJECT
  private slots:
    void wholeEventWithoutPath();
    void tablePathWithOrWithoutRow();
    void ownEarlierEvents();
    void strategies();
    void varsOfTheLookedUpEvent();
    void mutualWaitIsACompileError();
    void committedScopeSeesOnlyAcknowledgedEvents();
    void committedScopeAfterFailuresAndOutOfOrderSinks();
    void errors();
};

void LookupsTest::wholeEventWithoutPath() {
    auto p = ok(R"({"generators":[
        {"topic":"a","key":{"name":{"_gen":"sequentialString","expr":"n~d"},
                            "magicNumber":{"_gen":"sequentialInteger"}}},
        {"topic":"b","vars":{"result":{"_gen":"lookup","topic":"a"}},
         "value":{"lookedUpName":{"_gen":"var","var":"result","path":["key","name"]},
                  "lookedUpNumber":{"_gen":"var","var":"result","path":["key","magicNumber"]},
                  "topic":{"_gen":"var","var":"result","path":["topic"]}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 400);
    int seen = 0;
    for (const auto& e : d.events) {
        if (e.generator != 1) continue;
        ++seen;
        const std::string name = e.payload["lookedUpName"].get<std::string>();
        // One lookup, read twice: the fields come from the same event.
        QCOMPARE(name, "n" + std::to_string(e.payload["lookedUpNumber"].get<int>()));
        QCOMPARE(e.payload["topic"], json("a"));
    }
    QVERIFY(seen > 100);
}

void LookupsTest::tablePathWithOrWithoutRow() {
    auto p = ok(R"({"generators":[
        {"table":"customers","row":{"id":{"_gen":"sequentialInteger","startingFrom":100}},
         "localConfigs":{"maxEvents":5}},
        {"topic":"orders","value":{
           "a":{"_gen":"lookup","table":"customers","path":["id"]},
           "b":{"_gen":"lookup","table":"customers","path":["row","id"]},
           "c":{"_gen":"lookup","table":"customers","path":["row"],"strategy":"last"}},
         "localConfigs":{"maxEvents":50}}],
        "schedule":{"stages":[["customers"],["orders"]]}})");
    QVERIFY(p);
    auto d = draw(*p, 100);
    QCOMPARE(d.events.size(), std::size_t(55));
    for (std::size_t i = 5; i < d.events.size(); ++i) {
        const auto& v = d.events[i].payload;
        QVERIFY(v["a"].get<int>() >= 100 && v["a"].get<int>() < 105);
        QVERIFY(v["b"].get<int>() >= 100 && v["b"].get<int>() < 105);
        QCOMPARE(v["c"], json({{"id", 104}}));
    }
}

void LookupsTest::ownEarlierEvents() {
    auto p = ok(R"({"generators":[{"name":"self","topic":"t","value":{
        "x":{"_gen":"sequentialInteger"},
        "prev":{"_gen":"lookup","name":"self","path":["value","x"],"strategy":"last"}},
        "localConfigs":{"maxEvents":5}}]})");
    QVERIFY(p);
    auto d = draw(*p, 10);
    QCOMPARE(d.events.size(), std::size_t(5));
    QVERIFY(d.events[0].payload["prev"].is_null());  // no earlier event: null, no waiting
    for (std::size_t i = 1; i < 5; ++i)
        QCOMPARE(d.events[i].payload["prev"].get<int>(), int(i) - 1);
}

void LookupsTest::strategies() {
    auto p = ok(R"({"generators":[
        {"name":"a","topic":"a","value":{"_gen":"sequentialInteger"},"localConfigs":{"throttleMs":10}},
        {"name":"b","topic":"b","value":{
           "first":{"_gen":"lookup","name":"a","path":["value"],"strategy":"first"},
           "last":{"_gen":"lookup","name":"a","path":["value"],"strategy":"last"},
           "random":{"_gen":"lookup","name":"a","path":["value"],"strategy":"random"}},
         "localConfigs":{"throttleMs":35}}]})");
    QVERIFY(p);
    auto d = draw(*p, 600);
    int lastA = -1, spread = 0;
    std::set<int> randoms;
    for (const auto& e : d.events) {
        if (e.generator == 0) {
            lastA = e.payload.get<int>();
            continue;
        }
        QCOMPARE(e.payload["first"].get<int>(), 0);
        QCOMPARE(e.payload["last"].get<int>(), lastA);
        const int r = e.payload["random"].get<int>();
        QVERIFY(r >= 0 && r <= lastA);
        randoms.insert(r);
        spread = std::max(spread, lastA - r);
    }
    QVERIFY(randoms.size() > 50);
}

void LookupsTest::varsOfTheLookedUpEvent() {
    auto p = ok(R"({"generators":[
        {"topic":"a","varsOnce":{"x":{"_gen":"constant","value":50}},
         "vars":{"y":{"_gen":"sequentialInteger"}},"value":{"_gen":"math","expr":"x + y"}},
        {"topic":"b","value":{"result":{"_gen":"lookup","topic":"a","path":["vars"],
         "strategy":"last"},"y":{"_gen":"lookup","topic":"a","path":["vars","y"],"strategy":"last"}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 20);
    json lastA;
    for (const auto& e : d.events) {
        if (e.generator == 0) {
            lastA = e.payload;
            continue;
        }
        const auto& r = e.payload["result"];
        QCOMPARE(r["x"], json(50));
        QCOMPARE(r["x"].get<double>() + r["y"].get<double>(), lastA.get<double>());
        QCOMPARE(e.payload["y"], r["y"]);
    }
}

void LookupsTest::mutualWaitIsACompileError() {
    auto c = compile(R"({"generators":[
        {"name":"a","topic":"a","value":{"_gen":"lookup","name":"b","path":["value"]}},
        {"name":"b","topic":"b","value":{"v":{"_gen":"lookup","name":"a","path":["value"]}}},
        {"name":"c","topic":"c","value":{"_gen":"lookup","name":"a","path":["value"]}},
        {"name":"free","topic":"f","value":1},
        {"name":"d","topic":"d","value":{"_gen":"lookup","name":"free","path":["value"]}}]})");
    QVERIFY(!c.program);
    QVERIFY(hasProblem(c,
                       "/generators/0/value: generators \"a\", \"b\", \"c\" wait on each "
                       "other's lookups: none can emit an event before another has"));
    QCOMPARE(c.diagnostics.size(), std::size_t(1));  // "d" waits for "free", which emits
    // In separate stages the same lookups are fine: the earlier stage has emitted.
    auto ok2 = compile(R"({"generators":[
        {"name":"a","topic":"a","value":1,"localConfigs":{"maxEvents":2}},
        {"name":"b","topic":"b","value":{"_gen":"lookup","name":"a","path":["value"]},
         "localConfigs":{"maxEvents":2}}],"schedule":{"stages":[["a"],["b"]]}})");
    QVERIFY(ok2.program);
}

void LookupsTest::errors() {
    auto c = compile(R"({"generators":[{"topic":"a","value":1},
        {"topic":"b","value":{
          "x":{"_gen":"lookup","topic":"a","strategy":"middle"},
          "y":{"_gen":"lookup","topic":"a","path":["value"],"strategy":"last",
               "histogram":{"_gen":"histogram","bins":[{"bin":1,"frequency":1}]}},
          "z":{"_gen":"lookup","topic":"a","path":["row"]}}}]})");
    QVERIFY(!c.program);
    QVERIFY(hasProblem(c, "/generators/1/value/x/strategy: unknown lookup strategy \"middle\""));
    QVERIFY(hasProblem(c,
                       "/generators/1/value/y: a \"histogram\" weights random picks; it cannot "
                       "go with strategy \"last\""));
    QVERIFY(hasProblem(c,
                       "/generators/1/value/z/path: a lookup path into topic \"a\" must start "
                       "with \"key\" or \"value\""));
}

namespace {

const char* kCommitted = R"({"generators":[
    {"name":"c","table":"customers","row":{"id":{"_gen":"sequentialInteger"}},
     "localConfigs":{"maxEvents":4,"delay":{"rate":0.5,"ms":5},"throttleMs":1}},
    {"name":"o","table":"orders","row":{"customer":{"_gen":"lookup","table":"customers",
     "path":["row","id"]}},"localConfigs":{"maxEvents":200,"throttleMs":1}}],
    "globalConfigs":{"lookupScope":"committed"}})";

// Draws until `o` has made `want` events or the session stops; returns o's customers and how
// many c events went out, in dispatch order.
struct CommittedRun {
    std::vector<std::int64_t> seen;
    std::vector<std::int64_t> dispatched;  // c's ids in the order the session handed them out
    Session::Status last = Session::Status::Event;
};

CommittedRun drawCommitted(Session& s, std::size_t want, CommittedRun run = {}) {
    generate::Event ev;
    while (run.seen.size() < want) {
        run.last = s.next(ev);
        if (run.last != Session::Status::Event) break;
        const auto row = json::parse(ev.payloadJson);
        if (ev.generator == 0) {
            run.dispatched.push_back(row["id"].get<std::int64_t>());
        } else {
            run.seen.push_back(row["customer"].get<std::int64_t>());
        }
    }
    return run;
}

}  // namespace

// lookupScope "committed": a lookup reads only events whose sink acknowledged them; the run
// reports acknowledgements in dispatch order (delayed events are dispatched late).
void LookupsTest::committedScopeSeesOnlyAcknowledgedEvents() {
    auto p = ok(kCommitted);
    QVERIFY(p);
    QVERIFY(p->runSettings().committedLookups);
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 2, .clock = &clock, .acknowledgements = true});
    QVERIFY(s.holdsForAcknowledgement());
    // Nothing acknowledged: o waits; c runs to its end and the session idles.
    auto run = drawCommitted(s, 1);
    QCOMPARE(run.last, Session::Status::Idle);
    QCOMPARE(run.seen.size(), std::size_t(0));
    QCOMPARE(run.dispatched.size(), std::size_t(4));
    // The first two dispatched are written: o reads only them.
    s.acknowledge(0, 2, 0, true);
    run = drawCommitted(s, 100, run);
    const std::set<std::int64_t> written{run.dispatched[0], run.dispatched[1]};
    for (auto id : run.seen)
        QVERIFY(written.count(id));
    QCOMPARE(std::set<std::int64_t>(run.seen.begin(), run.seen.end()), written);
    // The rest too: now all four appear.
    s.acknowledge(0, 4, 0, true);
    run = drawCommitted(s, 200, run);
    QCOMPARE(run.last, Session::Status::Event);
    const std::set<std::int64_t> later(run.seen.begin() + 100, run.seen.end());
    QCOMPARE(later, (std::set<std::int64_t>{0, 1, 2, 3}));
    // Without acknowledgements (sample), committed lookups see events at once.
    Session sample(*p, {.seed = 2, .clock = &clock});
    QVERIFY(!sample.holdsForAcknowledgement());
    QCOMPARE(drawCommitted(sample, 5).seen.size(), std::size_t(5));
}

void LookupsTest::committedScopeAfterFailuresAndOutOfOrderSinks() {
    auto p = ok(kCommitted);
    QVERIFY(p);
    generate::FixedClock clock(kNow);
    {
        // Three have an outcome and one failed: which one is unknown, so none of the three
        // is read; the fourth, acknowledged later with no new failure, is.
        Session s(*p, {.seed = 4, .clock = &clock, .acknowledgements = true});
        auto run = drawCommitted(s, 1);
        QCOMPARE(run.dispatched.size(), std::size_t(4));
        s.acknowledge(0, 3, 1, true);
        run = drawCommitted(s, 1, run);
        QCOMPARE(run.last, Session::Status::Idle);
        QCOMPARE(run.seen.size(), std::size_t(0));
        s.acknowledge(0, 4, 1, true);
        run = drawCommitted(s, 50, run);
        QCOMPARE(std::set<std::int64_t>(run.seen.begin(), run.seen.end()),
                 std::set<std::int64_t>{run.dispatched[3]});
    }
    {
        // Kafka: counts say nothing about which events are done until all are.
        Session s(*p, {.seed = 4, .clock = &clock, .acknowledgements = true});
        auto run = drawCommitted(s, 1);
        s.acknowledge(0, 3, 0, false);
        run = drawCommitted(s, 1, run);
        QCOMPARE(run.seen.size(), std::size_t(0));
        s.acknowledge(0, 4, 0, false);
        run = drawCommitted(s, 100, run);
        QCOMPARE(std::set<std::int64_t>(run.seen.begin(), run.seen.end()),
                 (std::set<std::int64_t>{0, 1, 2, 3}));
    }
}

QTEST_APPLESS_MAIN(LookupsTest)
#include "test_lookups.moc"
