// Top-level `stateMachine`: states merged into the generator, map and array transitions,
// weighted choices, merge.previous, terminal states that end forks, generators and stages,
// per-state throttles, PostgreSQL op/where per state, and the errors; `stateMachine` as a value
// function, initial/transitions given by functions, and preHook/postHook (refused).
#include <QtTest>
#include <cmath>
#include <map>
#include <set>

#include "session_test_support.h"

using namespace rdtest;
using generate::RowOp;
using generate::Session;
using nlohmann::json;

class StateMachineTest : public QObject {
    Q_OBJECT
  private slots:
    void statesMergeIntoTheGenerator();
    void mergePreviousAccumulates();
    void sequentialAndRepeatedTransitions();
    void terminalStateEndsGeneratorAndStage();
    void weightedTransitionFrequencies();
    void stateThrottleOverridesTheGenerators();
    void postgresInsertUpdateDeletePerFork();
    void generatorLevelOp();
    void valueStateMachineCycles();
    void valueStateMachineTerminatesTheGenerator();
    void valueStateMachineWeightedFrequencies();
    void valueStateMachineDynamicTransitions();
    void topLevelDynamicTransitionsAndInitial();
    void hooksAreRefused();
    void errors();
};

void StateMachineTest::statesMergeIntoTheGenerator() {
    auto p = ok(R"({"generators":[{"topic":"customers","vars":{"id":{"_gen":"uniformDistribution",
        "bounds":[1,10]}},"key":{"_gen":"var","var":"id"},"value":{},
        "stateMachine":{"_gen":"stateMachine","initial":"a","transitions":{"a":"b","b":"c","c":"a"},
        "states":{"a":{"value":{"action":"start"}},"b":{"value":{"action":"running"}},
                  "c":{"value":{"action":"stopped"}}}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 7);
    std::vector<std::string> actions;
    for (const auto& e : d.events) {
        actions.push_back(e.payload["action"].get<std::string>());
        QVERIFY(e.key.is_number());
    }
    QCOMPARE(actions, (std::vector<std::string>{"start", "running", "stopped", "start", "running",
                                                "stopped", "start"}));
    QVERIFY(p->generators()[0].stateMachine);
}

void StateMachineTest::mergePreviousAccumulates() {
    auto p = ok(R"({"generators":[{"topic":"sandbox","value":{"a":1},"stateMachine":{
        "_gen":"stateMachine","initial":"s1","merge":{"previous":true},
        "transitions":{"s1":"s2","s2":"s3"},
        "states":{"s1":{"value":{"b":2}},"s2":{"value":{"c":3}},"s3":{"value":{"d":4}}}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 10);
    QCOMPARE(d.events.size(), std::size_t(3));  // s3 has no transition: the machine ends
    QCOMPARE(d.last, Session::Status::Finished);
    QCOMPARE(d.events[0].payload, json::parse(R"({"a":1,"b":2})"));
    QCOMPARE(d.events[1].payload, json::parse(R"({"a":1,"b":2,"c":3})"));
    QCOMPARE(d.events[2].payload, json::parse(R"({"a":1,"b":2,"c":3,"d":4})"));
}

void StateMachineTest::sequentialAndRepeatedTransitions() {
    auto p = ok(R"({"generators":[
        {"name":"seq","topic":"t","value":{},"stateMachine":{"_gen":"stateMachine",
         "transitions":["s1","s2","s2","s3"],
         "states":{"s1":{"value":{"a":2}},"s2":{"value":{"b":3}},"s3":{"value":{"c":4}}}}},
        {"name":"rep","topic":"t","value":{},"stateMachine":{"_gen":"stateMachine",
         "transitions":["s1",{"state":"s2","times":3},{"state":"s1","times":0},"s3"],
         "states":{"s1":{"value":{"a":2}},"s2":{"value":{"b":3}},"s3":{"value":{"c":4}}}}}],
        "schedule":{"stages":[["seq"],["rep"]]}})");
    QVERIFY(p);
    auto d = draw(*p, 100);
    QCOMPARE(d.last, Session::Status::Finished);
    std::vector<std::string> seq, rep;
    for (const auto& e : d.events)
        (e.generator == 0 ? seq : rep).push_back(e.payload.dump());
    QCOMPARE(seq,
             (std::vector<std::string>{R"({"a":2})", R"({"b":3})", R"({"b":3})", R"({"c":4})"}));
    QCOMPARE(rep, (std::vector<std::string>{R"({"a":2})", R"({"b":3})", R"({"b":3})", R"({"b":3})",
                                            R"({"c":4})"}));
}

void StateMachineTest::terminalStateEndsGeneratorAndStage() {
    auto p = ok(R"({"generators":[
        {"name":"machine","topic":"sandbox","value":{},"stateMachine":{"_gen":"stateMachine",
         "initial":"s1","transitions":{"s1":"s2","s2":null,"s3":"s4"},
         "states":{"s1":{"value":{"x":1}},"s2":{"value":{"x":2}},"s3":{"value":{"x":3}},
                   "s4":{"value":{"x":4}}}}},
        {"name":"next","topic":"later","value":"after","localConfigs":{"maxEvents":1}}],
        "schedule":{"stages":[["machine"],["next"]]}})");
    QVERIFY(p);
    auto d = draw(*p, 100);
    QCOMPARE(d.events.size(), std::size_t(3));
    QCOMPARE(d.events[0].payload, json({{"x", 1}}));
    QCOMPARE(d.events[1].payload, json({{"x", 2}}));
    QCOMPARE(d.events[2].payload, json("after"));
    QCOMPARE(d.events[2].stage, 1);
}

void StateMachineTest::weightedTransitionFrequencies() {
    auto p = ok(R"({"generators":[{"topic":"t","value":{},"stateMachine":{"_gen":"stateMachine",
        "initial":"A","transitions":{
          "A":{"_gen":"weightedOneOf","choices":[{"weight":7,"value":"B"},{"weight":3,"value":"C"}]},
          "B":"A","C":{"_gen":"oneOf","choices":["A","B"]}},
        "states":{"A":{"value":{"s":"A"}},"B":{"value":{"s":"B"}},"C":{"value":{"s":"C"}}}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 60000, 9);
    std::map<std::string, int> afterA, afterC;
    for (std::size_t i = 0; i + 1 < d.events.size(); ++i) {
        const auto from = d.events[i].payload["s"].get<std::string>();
        const auto to = d.events[i + 1].payload["s"].get<std::string>();
        if (from == "A") ++afterA[to];
        if (from == "C") ++afterC[to];
        if (from == "B") QCOMPARE(to, std::string("A"));
    }
    const double nA = afterA["B"] + afterA["C"];
    const double pB = afterA["B"] / nA;
    // ~26,000 draws from A: sd of the share ≈ 0.003.
    QVERIFY2(std::abs(pB - 0.7) < 0.015, std::to_string(pB).c_str());
    QCOMPARE(afterA.count("A"), std::size_t(0));
    const double pCA = afterC["A"] / double(afterC["A"] + afterC["B"]);
    QVERIFY2(std::abs(pCA - 0.5) < 0.03, std::to_string(pCA).c_str());
}

void StateMachineTest::stateThrottleOverridesTheGenerators() {
    auto p = ok(R"({"generators":[{"topic":"sandbox","value":{},"stateMachine":{
        "_gen":"stateMachine","initial":"s1","transitions":{"s1":"s2","s2":"s1"},
        "states":{"s1":{"value":{"x":1}},"s2":{"value":{"x":2},"localConfigs":{"throttleMs":500}}}},
        "localConfigs":{"throttleMs":2000}}]})");
    QVERIFY(p);
    auto d = draw(*p, 5);
    std::vector<double> due;
    for (const auto& e : d.events)
        due.push_back(e.due);
    QCOMPARE(due, (std::vector<double>{0, 2000, 2500, 4500, 5000}));
}

void StateMachineTest::postgresInsertUpdateDeletePerFork() {
    auto p = ok(R"({"generators":[{"table":"sandbox","fork":{"key":{"_gen":"uuid"},"maxForks":50},
        "row":{"id":{"_gen":"var","var":"forkKey"}},
        "stateMachine":{"_gen":"stateMachine","initial":"insertIt",
          "transitions":{"insertIt":"updateIt","updateIt":"deleteIt"},
          "states":{
            "insertIt":{"row":{"value":{"_gen":"normalDistribution","mean":50,"sd":15}}},
            "updateIt":{"op":"update","where":{"id":{"_gen":"var","var":"forkKey"}},
                        "row":{"value":{"_gen":"oneOf","choices":[1,5,10]}}},
            "deleteIt":{"op":"delete","where":{"id":{"_gen":"var","var":"forkKey"}}}}}}]})");
    QVERIFY(p);
    const auto& info = p->generators()[0];
    QCOMPARE(info.columns.size(), std::size_t(2));
    QCOMPARE(info.columns[0].name, std::string("id"));
    QCOMPARE(info.columns[1].name, std::string("value"));
    QCOMPARE(info.ops, (std::vector<RowOp>{RowOp::Insert, RowOp::Update, RowOp::Delete}));
    auto d = draw(*p, 1000);
    QCOMPARE(d.last, Session::Status::Finished);
    QCOMPARE(d.events.size(), std::size_t(150));
    std::map<std::string, std::vector<RowOp>> ops;
    for (const auto& e : d.events) {
        const std::string id = e.payload["id"].get<std::string>();
        ops[id].push_back(e.op);
        if (e.op == RowOp::Insert) {
            QVERIFY(e.where.is_null());
            QVERIFY(e.payload["value"].is_number());
        } else {
            QCOMPARE(e.where, json({{"id", id}}));
        }
        if (e.op == RowOp::Update) {
            // The row carries the columns to SET.
            const auto v = e.payload["value"].get<int>();
            QVERIFY(v == 1 || v == 5 || v == 10);
        }
    }
    QCOMPARE(ops.size(), std::size_t(50));
    for (const auto& [id, list] : ops)
        QCOMPARE(list, (std::vector<RowOp>{RowOp::Insert, RowOp::Update, RowOp::Delete}));
}

void StateMachineTest::generatorLevelOp() {
    auto p = ok(R"({"generators":[
        {"name":"seed","table":"t","row":{"id":{"_gen":"sequentialInteger"},"v":1},
         "localConfigs":{"maxEvents":3}},
        {"name":"upd","table":"t","op":"update",
         "vars":{"id":{"_gen":"lookup","name":"seed","path":["id"]}},
         "where":{"id":{"_gen":"var","var":"id"}},"row":{"v":2},"localConfigs":{"maxEvents":4}}],
        "schedule":{"stages":[["seed"],["upd"]]}})");
    QVERIFY(p);
    QCOMPARE(p->generators()[1].ops, (std::vector<RowOp>{RowOp::Update}));
    auto d = draw(*p, 100);
    QCOMPARE(d.events.size(), std::size_t(7));
    for (std::size_t i = 3; i < 7; ++i) {
        QCOMPARE(d.events[i].op, RowOp::Update);
        QVERIFY(d.events[i].where["id"].get<int>() >= 0 && d.events[i].where["id"].get<int>() < 3);
        QCOMPARE(d.events[i].payload, json({{"v", 2}}));
    }
}

// The docs' basic example: a → b → c → a yields 1, 2, 3, 1, …
void StateMachineTest::valueStateMachineCycles() {
    auto p = ok(R"({"generators":[{"topic":"sandbox","value":{"_gen":"stateMachine","initial":"a",
        "transitions":{"a":"b","b":"c","c":"a"},"states":{"a":1,"b":2,"c":3}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 7);
    std::vector<int> values;
    for (const auto& e : d.events)
        values.push_back(e.payload.get<int>());
    QCOMPARE(values, (std::vector<int>{1, 2, 3, 1, 2, 3, 1}));
    // Array form with times; states' values may be functions, evaluated when entered.
    auto q = ok(R"({"generators":[{"topic":"t","value":{"n":{"_gen":"sequentialInteger"},
        "phase":{"_gen":"stateMachine","transitions":["s1",{"state":"s2","times":3},"s3"],
        "states":{"s1":"one","s2":{"_gen":"oneOf","choices":["two"]},"s3":"three"}}}}]})");
    QVERIFY(q);
    auto e = draw(*q, 10);
    QCOMPARE(e.events.size(), std::size_t(5));  // the machine ends: the generator goes dormant
    QCOMPARE(e.last, Session::Status::Finished);
    std::vector<std::string> phases;
    for (const auto& x : e.events)
        phases.push_back(x.payload["phase"].get<std::string>());
    QCOMPARE(phases, (std::vector<std::string>{"one", "two", "two", "two", "three"}));
}

void StateMachineTest::valueStateMachineTerminatesTheGenerator() {
    auto q = ok(R"({"generators":[{"topic":"t","value":{"_gen":"stateMachine","initial":"s1",
        "transitions":{"s1":"s2","s2":null,"s3":"s1"},"states":{"s1":1,"s2":2,"s3":3}}},
        {"topic":"u","value":"other","localConfigs":{"maxEvents":5}}]})");
    QVERIFY(q);
    auto d = draw(*q, 100);
    QCOMPARE(d.last, Session::Status::Finished);  // the stage ends: t went dormant
    std::vector<int> t;
    for (const auto& e : d.events)
        if (e.generator == 0) t.push_back(e.payload.get<int>());
    QCOMPARE(t, (std::vector<int>{1, 2}));
    QCOMPARE(d.events.size(), std::size_t(7));
}

// A weighted transition green → {amber 3, green 1}: green lasts 4/3 events on average, the
// stationary shares are red 3/10, green 4/10, amber 3/10.
void StateMachineTest::valueStateMachineWeightedFrequencies() {
    auto p = ok(R"({"generators":[{"topic":"t","value":{"_gen":"stateMachine","initial":"red",
        "transitions":{"red":"green","green":{"_gen":"weightedOneOf","choices":[
            {"weight":3,"value":"amber"},{"weight":1,"value":"green"}]},"amber":"red"},
        "states":{"red":"R","green":"G","amber":"A"}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 30000, 9);
    std::map<std::string, double> share;
    for (std::size_t i = 0; i < d.events.size(); ++i) {
        const std::string v = d.events[i].payload.get<std::string>();
        share[v] += 1.0 / static_cast<double>(d.events.size());
        if (i > 0 && v == "A") QCOMPARE(d.events[i - 1].payload, json("G"));
        if (i > 0 && v == "R") QCOMPARE(d.events[i - 1].payload, json("A"));
    }
    QVERIFY2(std::fabs(share["R"] - 0.3) < 0.02, std::to_string(share["R"]).c_str());
    QVERIFY2(std::fabs(share["G"] - 0.4) < 0.02, std::to_string(share["G"]).c_str());
    QVERIFY2(std::fabs(share["A"] - 0.3) < 0.02, std::to_string(share["A"]).c_str());
}

void StateMachineTest::valueStateMachineDynamicTransitions() {
    // Given by a function, evaluated once (here from varsOnce), locked afterwards.
    auto p = ok(R"({"generators":[{"topic":"t","varsOnce":{"path":{"_gen":"oneOf",
        "choices":[["a","b","c"],["c","b"]]}},
        "value":{"_gen":"stateMachine","transitions":{"_gen":"var","var":"path"},
        "states":{"a":1,"b":2,"c":3}}}]})");
    QVERIFY(p);
    std::set<std::vector<int>> seen;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        auto d = draw(*p, 10, seed);
        QCOMPARE(d.last, Session::Status::Finished);
        std::vector<int> v;
        for (const auto& e : d.events)
            v.push_back(e.payload.get<int>());
        seen.insert(v);
    }
    QCOMPARE(seen, (std::set<std::vector<int>>{{1, 2, 3}, {3, 2}}));
    // An object from a function, with the initial state from a function too.
    auto q = ok(R"({"generators":[{"topic":"t","value":{"_gen":"stateMachine",
        "initial":{"_gen":"oneOf","choices":["b"]},
        "transitions":{"_gen":"constant","x":{"a":"b","b":"a"}},"states":{"a":1,"b":2}}}]})");
    QVERIFY(q);
    auto e = draw(*q, 4);
    QCOMPARE(e.events[0].payload, json(2));
    QCOMPARE(e.events[1].payload, json(1));
    QCOMPARE(e.events[2].payload, json(2));
    // A state a function names must exist: the run stops with the reason.
    auto bad = ok(R"({"generators":[{"topic":"t","value":{"_gen":"stateMachine",
        "transitions":{"_gen":"constant","x":["a","zz"]},"states":{"a":1}}}]})");
    QVERIFY(bad);
    auto f = draw(*bad, 4);
    QCOMPARE(f.last, Session::Status::Failed);
    QVERIFY2(
        f.error.find("generator \"t\": a stateMachine chose state \"zz\"") != std::string::npos,
        f.error.c_str());
}

// The docs' dynamic transitions example, and `initial` chosen by a function.
void StateMachineTest::topLevelDynamicTransitionsAndInitial() {
    auto p = ok(R"({"generators":[{"topic":"sandbox","vars":{"transitions":["a","b","c"]},
        "value":{},"stateMachine":{"_gen":"stateMachine",
        "transitions":{"_gen":"var","var":"transitions"},
        "states":{"a":{"value":{"x":1}},"b":{"value":{"x":2}},"c":{"value":{"x":3}}}}}]})");
    QVERIFY(p);
    auto d = draw(*p, 10);
    QCOMPARE(d.last, Session::Status::Finished);
    QCOMPARE(d.events.size(), std::size_t(3));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(d.events[static_cast<std::size_t>(i)].payload, json({{"x", i + 1}}));
    auto q = ok(R"({"generators":[{"topic":"t","fork":{"key":[1,2,3,4,5,6,7,8,9,10,11,12]},
        "value":{},"stateMachine":{"_gen":"stateMachine",
        "initial":{"_gen":"oneOf","choices":["a","b"]},"transitions":{"a":"b","b":null},
        "states":{"a":{"value":{"s":"a"}},"b":{"value":{"s":"b"}}}}}]})");
    QVERIFY(q);
    auto e = draw(*q, 100, 2);
    QCOMPARE(e.last, Session::Status::Finished);
    int a = 0;
    for (const auto& x : e.events)
        a += x.payload["s"] == "a" ? 1 : 0;
    // Each fork starts at a (2 events) or b (1 event): both happen among 12 forks.
    QVERIFY(a > 0 && a < 12);
    QCOMPARE(e.events.size(), std::size_t(12 + a));
}

void StateMachineTest::hooksAreRefused() {
    auto c = compile(R"({"generators":[{"topic":"cart","value":{},"stateMachine":{
        "_gen":"stateMachine","transitions":["addItem","removeItem"],"states":{
        "addItem":{"value":{"a":1},"postHook":{"_gen":"customFunction","language":"python",
            "file":"/home/hooks.py","function":"add_item"}},
        "removeItem":{"preHook":{"_gen":"customFunction","language":"python",
            "file":"/home/hooks.py","function":"remove_item","exposeVars":["item"]},
            "value":{"b":2}}}}}]})");
    QVERIFY(!c.program);
    QVERIFY(hasProblem(c,
                       "/generators/0/stateMachine/states/addItem/postHook: \"postHook\" is "
                       "not supported: ShadowTraffic runs it as a customFunction, user code "
                       "(Python, Ruby or JavaScript) executed in its JVM after the state"));
    QVERIFY(hasProblem(c,
                       "/generators/0/stateMachine/states/removeItem/preHook: \"preHook\" is "
                       "not supported"));
}

void StateMachineTest::errors() {
    auto c = compile(R"({"generators":[
        {"topic":"a","value":{},"stateMachine":{"initial":"x","transitions":{"s1":"s3","s9":"s1"},
         "states":{"s1":{"value":1},"s2":{"row":{}}}}},
        {"table":"b","row":{"id":1},"stateMachine":{"initial":"s1","transitions":{"s1":"s2"},
         "states":{"s1":{"op":"update"},"s2":{"op":"upsert","where":{"id":1}}}}},
        {"topic":"c","op":"delete","value":1},
        {"table":"d","op":"delete","row":{"id":1}},
        {"table":"e","op":"update","where":[1],"row":{"id":1}},
        {"topic":"f","value":1,"stateMachine":{"transitions":{"_gen":"var","var":"t"},"states":{"a":{}}}},
        {"topic":"g","value":1,"stateMachine":{"transitions":["a",{"state":"zz","times":1}],
         "states":{"a":{}}}}]})");
    QVERIFY(!c.program);
    QVERIFY(hasProblem(c, "/generators/0/stateMachine/initial: unknown initial state \"x\""));
    QVERIFY(hasProblem(c,
                       "/generators/0/stateMachine/transitions/s1: transition to unknown state "
                       "\"s3\""));
    QVERIFY(hasProblem(c,
                       "/generators/0/stateMachine/transitions/s9: transition from unknown "
                       "state \"s9\""));
    QVERIFY(
        hasProblem(c, "/generators/0/stateMachine/states/s2/row: unknown key \"row\" in a state"));
    QVERIFY(hasProblem(c,
                       "/generators/1/stateMachine/states/s1/op: state \"s1\" updates rows but "
                       "neither it nor the generator has \"where\""));
    QVERIFY(hasProblem(c, "/generators/1/stateMachine/states/s2/op: unsupported op \"upsert\""));
    QVERIFY(hasProblem(c, "expected \"insert\", \"update\" or \"delete\""));
    QVERIFY(hasProblem(c, "/generators/2/op: \"op\" is for table generators"));
    QVERIFY(hasProblem(c, "/generators/3/op: \"op\": \"delete\" needs \"where\""));
    QVERIFY(hasProblem(c, "/generators/4/where: \"where\" must be a non-empty object"));
    // Transitions may be a function (evaluated once); this one names a var that is not there.
    QVERIFY(hasProblem(c, "/generators/5/stateMachine/transitions/var: unknown var \"t\""));
    QVERIFY(hasProblem(c, "/generators/6/stateMachine/transitions/1/state: unknown state \"zz\""));
}

QTEST_APPLESS_MAIN(StateMachineTest)
#include "test_state_machine.moc"
