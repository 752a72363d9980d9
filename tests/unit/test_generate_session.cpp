// Scheduling, stages, lookups (waiting, failing, bounded history, histogram, unique),
// per-generator control, determinism and metadata of generate::Session.
#include <QtTest>
#include <map>
#include <set>

#include "scenario_test_support.h"

using namespace rdtest;
using generate::Session;
using nlohmann::json;

namespace {
std::unique_ptr<generate::Program> ok(const std::string& text) {
    auto c = compile(text);
    if (!c.program) qWarning("%s", c.diagnostics.format().c_str());
    return std::move(c.program);
}
struct Collected {
    std::vector<std::size_t> generators;
    std::vector<std::string> payloads;
    std::vector<double> due;
    std::vector<int> stages;
};
Collected run(const generate::Program& p, std::size_t limit, std::uint64_t seed = 1,
              double speed = 1.0, std::size_t maxHistory = 1000000) {
    generate::FixedClock clock(kNow);
    Session s(p, {.seed = seed, .speed = speed, .clock = &clock, .maxHistory = maxHistory});
    generate::Event ev;
    Collected c;
    while (c.payloads.size() < limit && s.next(ev) == Session::Status::Event) {
        c.generators.push_back(ev.generator);
        c.payloads.emplace_back(ev.payloadJson);
        c.due.push_back(ev.dueMs);
        c.stages.push_back(ev.stage);
    }
    return c;
}
}  // namespace

class GenerateSessionTest : public QObject {
    Q_OBJECT
  private slots:
    void stagesRunInOrder();
    void throttlesInterleaveOnLogicalClock();
    void speedDividesThrottles();
    void lookupWaitsForFirstEventAndNeverInventsOne();
    void lookupOfGeneratorThatNeverEmitsFails();
    void uniqueLookupReturnsEachEventOnceThenFails();
    void historyIsBounded();
    void histogramLookupFavoursEarlyPopulation();
    void pauseResumeAndFinish();
    void determinism();
    void addingAGeneratorDoesNotShiftOthers();
    void metadataForSinks();
};

void GenerateSessionTest::stagesRunInOrder() {
    auto p = ok(R"({"generators":[
        {"name":"a","topic":"t","value":{"_gen":"sequentialInteger"},"localConfigs":{"maxEvents":3}},
        {"name":"b","topic":"t","value":{"_gen":"sequentialInteger"},"localConfigs":{"maxEvents":2}},
        {"name":"c","topic":"t","value":1,"localConfigs":{"maxEvents":4}}],
        "schedule":{"stages":[["a","b"],["c"]]}})");
    QVERIFY(p);
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 1, .speed = 1, .clock = &clock});
    generate::Event ev;
    std::vector<std::size_t> order;
    std::vector<bool> first;
    while (s.next(ev) == Session::Status::Event) {
        order.push_back(ev.generator);
        first.push_back(ev.firstOfStage);
    }
    QCOMPARE(order, (std::vector<std::size_t>{0, 1, 0, 1, 0, 2, 2, 2, 2}));
    QCOMPARE(first,
             (std::vector<bool>{true, false, false, false, false, true, false, false, false}));
    QCOMPARE(s.currentStage(), 2);
    QVERIFY(s.stageFinished(0) && s.stageFinished(1));
    QCOMPARE(s.next(ev), Session::Status::Finished);
}

void GenerateSessionTest::throttlesInterleaveOnLogicalClock() {
    auto p = ok(R"({"generators":[
        {"name":"fast","topic":"t","value":"f","localConfigs":{"throttleMs":10}},
        {"name":"slow","topic":"t","value":"s","localConfigs":{"throttleMs":{"_gen":"uniformDistribution","bounds":[25,35]}}}]})");
    QVERIFY(p);
    auto c = run(*p, 4000);
    std::map<std::size_t, int> counts;
    for (std::size_t i = 0; i < c.due.size(); ++i) {
        counts[c.generators[i]]++;
        if (i) QVERIFY(c.due[i] >= c.due[i - 1]);
    }
    QVERIFY2(std::abs(counts[0] / double(counts[1]) - 3.0) < 0.1,
             std::to_string(counts[0] / double(counts[1])).c_str());
}

void GenerateSessionTest::speedDividesThrottles() {
    auto p = ok(R"({"generators":[{"topic":"t","value":1,"localConfigs":{"throttleMs":1000}}]})");
    QVERIFY(p);
    QCOMPARE(run(*p, 3, 1, 1.0).due, (std::vector<double>{0, 1000, 2000}));
    QCOMPARE(run(*p, 3, 1, 4.0).due, (std::vector<double>{0, 250, 500}));
}

void GenerateSessionTest::lookupWaitsForFirstEventAndNeverInventsOne() {
    auto p = ok(R"({"generators":[
        {"name":"reader","topic":"r","value":{"_gen":"lookup","name":"writer","path":["value","id"]}},
        {"name":"writer","topic":"w","value":{"id":{"_gen":"sequentialInteger"}},
         "localConfigs":{"throttleMs":100}}]})");
    QVERIFY(p);
    auto c = run(*p, 2000);
    QCOMPARE(c.generators.at(0), std::size_t(1));  // the reader waited for the writer
    std::int64_t written = -1;
    for (std::size_t i = 0; i < c.payloads.size(); ++i) {
        if (c.generators[i] == 1) {
            written = json::parse(c.payloads[i])["id"].get<std::int64_t>();
        } else {
            const auto v = std::stoll(c.payloads[i]);
            QVERIFY(v >= 0 && v <= written);
        }
    }
}

void GenerateSessionTest::lookupOfGeneratorThatNeverEmitsFails() {
    auto p = ok(R"({"generators":[
        {"name":"empty","topic":"e","value":1,"localConfigs":{"maxEvents":0}},
        {"name":"reader","topic":"r","value":{"_gen":"lookup","name":"empty","path":["value"]}}]})");
    QVERIFY(p);
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 1, .speed = 1, .clock = &clock});
    generate::Event ev;
    QCOMPARE(s.next(ev), Session::Status::Failed);
    QVERIFY2(s.error().find("\"reader\" looks up \"empty\", which has finished without emitting") !=
                 std::string::npos,
             s.error().c_str());
}

void GenerateSessionTest::uniqueLookupReturnsEachEventOnceThenFails() {
    auto p = ok(R"({"generators":[
        {"name":"w","topic":"w","value":{"_gen":"sequentialInteger"},"localConfigs":{"maxEvents":50}},
        {"name":"r","topic":"r","value":{"_gen":"lookup","name":"w","path":["value"],"unique":true},
         "localConfigs":{"maxEvents":100}}],
        "schedule":{"stages":[["w"],["r"]]}})");
    QVERIFY(p);
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 1, .speed = 1, .clock = &clock});
    generate::Event ev;
    std::set<std::string> seen;
    Session::Status st;
    while ((st = s.next(ev)) == Session::Status::Event) {
        if (ev.generator == 1) QVERIFY(seen.insert(std::string(ev.payloadJson)).second);
    }
    QCOMPARE(seen.size(), std::size_t(50));
    QCOMPARE(st, Session::Status::Failed);
    QVERIFY2(s.error().find("all 50 of them are taken") != std::string::npos, s.error().c_str());
}

void GenerateSessionTest::historyIsBounded() {
    auto p = ok(R"({"generators":[
        {"name":"w","topic":"w","value":{"_gen":"sequentialInteger"},"localConfigs":{"maxEvents":1000}},
        {"name":"r","topic":"r","value":{"_gen":"lookup","name":"w","path":["value"]},
         "localConfigs":{"maxEvents":500}}],
        "schedule":{"stages":[["w"],["r"]]}})");
    QVERIFY(p);
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 1, .speed = 1, .clock = &clock, .maxHistory = 10});
    generate::Event ev;
    while (s.next(ev) == Session::Status::Event) {
        if (ev.generator == 1) QVERIFY(ev.payload.integer >= 990 && ev.payload.integer < 1000);
    }
    QCOMPARE(s.history(0)->size(), std::size_t(10));
    QCOMPARE(s.history(0)->total(), std::uint64_t(1000));
}

void GenerateSessionTest::histogramLookupFavoursEarlyPopulation() {
    auto p = ok(R"({"generators":[
        {"name":"w","table":"people","row":{"n":{"_gen":"sequentialInteger"}},"localConfigs":{"maxEvents":1000}},
        {"name":"r","topic":"r","value":{"_gen":"lookup","table":"people","path":["row","n"],
          "histogram":{"_gen":"histogram","bins":[{"bin":0.2,"frequency":8},{"bin":0.8,"frequency":2}]}},
         "localConfigs":{"maxEvents":120000}}],
        "schedule":{"stages":[["w"],["r"]]}})");
    QVERIFY(p);
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 1, .speed = 1, .clock = &clock});
    generate::Event ev;
    int core = 0, total = 0;
    std::set<std::int64_t> distinct;
    while (s.next(ev) == Session::Status::Event) {
        if (ev.generator != 1) continue;
        ++total;
        core += ev.payload.integer < 200;
        distinct.insert(ev.payload.integer);
    }
    QCOMPARE(total, 120000);
    QVERIFY2(std::abs(core / double(total) - 0.8) < 0.015, std::to_string(core).c_str());
    QCOMPARE(distinct.size(), std::size_t(1000));
}

void GenerateSessionTest::pauseResumeAndFinish() {
    auto p = ok(R"({"generators":[
        {"name":"a","topic":"t","value":{"_gen":"sequentialInteger"},"localConfigs":{"throttleMs":10}},
        {"name":"b","topic":"t","value":{"_gen":"sequentialInteger"},"localConfigs":{"throttleMs":10}},
        {"name":"c","topic":"t","value":"c","localConfigs":{"maxEvents":1}}],
        "schedule":{"stages":[["a","b"],["c"]]}})");
    QVERIFY(p);
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 1, .speed = 1, .clock = &clock});
    generate::Event ev;
    for (int i = 0; i < 4; ++i)
        QCOMPARE(s.next(ev), Session::Status::Event);
    s.pause(0);
    QCOMPARE(s.status(0), generate::GeneratorStatus::Paused);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(s.next(ev), Session::Status::Event);
        QCOMPARE(ev.generator, std::size_t(1));
    }
    s.pause(1);
    QCOMPARE(s.next(ev), Session::Status::Idle);
    s.resume(0);
    QCOMPARE(s.next(ev), Session::Status::Event);
    QCOMPARE(ev.generator, std::size_t(0));
    QCOMPARE(ev.payloadJson, std::string_view("2"));  // continues its sequence
    s.finish(0);
    s.finish(1);
    QCOMPARE(s.next(ev), Session::Status::Event);
    QCOMPARE(ev.generator, std::size_t(2));
    QVERIFY(ev.firstOfStage);
    QCOMPARE(s.emitted(1), std::uint64_t(7));
}

void GenerateSessionTest::determinism() {
    scenario::Diagnostics d;
    auto p = generate::loadProgram("builtin:/river-hotels/river-hotels.json", {}, d);
    QVERIFY2(p, d.format().c_str());
    auto a = run(*p, 5000, 42), b = run(*p, 5000, 42), c = run(*p, 5000, 43);
    QCOMPARE(a.payloads, b.payloads);
    QCOMPARE(a.generators, b.generators);
    QVERIFY(a.payloads != c.payloads);
}

void GenerateSessionTest::addingAGeneratorDoesNotShiftOthers() {
    const std::string g =
        R"({"name":"g","topic":"t","value":{"_gen":"normalDistribution","mean":0,"sd":1}})";
    auto one = ok(R"({"generators":[)" + g + "]}");
    auto two =
        ok(R"({"generators":[{"name":"other","topic":"o","value":{"_gen":"uuid"}},)" + g + "]}");
    QVERIFY(one && two);
    auto a = payloads(*one, 100, 5);
    auto b = payloads(*two, 100, 5, std::size_t(1));
    QCOMPARE(a, b);
}

void GenerateSessionTest::metadataForSinks() {
    auto p = ok(R"({"generators":[
        {"name":"rows","table":"s.t","connection":"pg","row":{
            "id":{"_gen":"sequentialString","expr":"X~d","pgHint":"VARCHAR(8) PRIMARY KEY"},
            "n":{"_gen":"uniformDistribution","bounds":[1,2],"decimals":0},
            "x":{"_gen":"normalDistribution","mean":1,"sd":1},
            "b":{"_gen":"boolean"},"c":"lit"}},
        {"name":"events","topic":"ev","key":{"_gen":"lookup","name":"rows","path":["row","id"]},
         "value":{"ref":{"_gen":"lookup","name":"rows","path":["row","n"]}},
         "localConfigs":{"avroSchemaHint":{"value":{"type":"record","name":"E","fields":[]}}}}],
        "connections":{"pg":{"kind":"postgres","connectionConfigs":{"host":"h","port":5432,"db":"d"}},
                       "k":{"kind":"kafka","producerConfigs":{"bootstrap.servers":"b:9092"}}}})");
    QVERIFY(p);
    const auto& rows = p->generators().at(0);
    QCOMPARE(rows.kind, generate::TargetKind::Table);
    QCOMPARE(rows.target, std::string("s.t"));
    QCOMPARE(rows.connection, std::string("pg"));
    QCOMPARE(rows.columns.size(), std::size_t(5));
    QCOMPARE(rows.columns[0].pgHint, std::string("VARCHAR(8) PRIMARY KEY"));
    QCOMPARE(rows.columns[0].kind, std::optional(generate::ValueKind::String));
    QCOMPARE(rows.columns[1].kind, std::optional(generate::ValueKind::Int));
    QCOMPARE(rows.columns[2].kind, std::optional(generate::ValueKind::Double));
    QCOMPARE(rows.columns[3].kind, std::optional(generate::ValueKind::Bool));
    QCOMPARE(rows.columns[4].kind, std::optional(generate::ValueKind::String));
    const auto& events = p->generators().at(1);
    QCOMPARE(events.connection, std::string("k"));  // the only kafka connection
    QCOMPARE(events.avroSchemaHint["value"]["name"], nlohmann::json("E"));
    QCOMPARE(events.columns.at(0).kind, std::optional(generate::ValueKind::Int));  // via lookup
    QVERIFY(p->findConnection("pg")->configs["host"] == "h");
    // Typed fields of an event, in declaration order.
    generate::FixedClock clock(kNow);
    Session s(*p, {.seed = 1, .speed = 1, .clock = &clock});
    generate::Event ev;
    QCOMPARE(s.next(ev), Session::Status::Event);
    const auto fields = ev.fields();
    QCOMPARE(fields.size(), std::size_t(5));
    // Also what GCC 12 -O3's -Wnull-dereference needs to know: an empty span has no data.
    QVERIFY(fields.data() != nullptr);
    QCOMPARE(fields[0].key, std::string_view("id"));
    QCOMPARE(fields[0].value.string(), std::string_view("X0"));
    QCOMPARE(fields[1].value.kind, generate::ValueKind::Int);
}

QTEST_GUILESS_MAIN(GenerateSessionTest)
#include "test_generate_session.moc"
