// Invalid scenarios never start: every problem is reported at once, as FILE:POINTER: message.
#include <QtTest>

#include "engine/scenario/builtin_scenarios.h"
#include "scenario_test_support.h"

using namespace rdtest;

namespace {

std::shared_ptr<scenario::MemoryFileProvider> files(
    std::initializer_list<std::pair<std::string, std::string>> list) {
    auto f = std::make_shared<scenario::MemoryFileProvider>();
    for (const auto& [path, content] : list)
        f->add(path, content);
    return f;
}

// Fails the test with the full list if `text` is not among the formatted diagnostics.
bool has(const scenario::Diagnostics& d, const std::string& text) {
    if (d.format().find(text) != std::string::npos) return true;
    qWarning("expected \"%s\" in:\n%s", text.c_str(), d.format().c_str());
    return false;
}

const std::string kGen0 = R"({"name":"a","topic":"ta","value":{"x":1}})";

}  // namespace

class ScenarioErrorsTest : public QObject {
    Q_OBJECT
  private slots:
    void unknownFunctionSuggestsNearest();
    void jsonSyntaxErrorHasLineAndColumn();
    void syntaxErrorInIncludedFileNamesThatFile();
    void unreadableFiles();
    void missingAndMistypedParameters();
    void unknownParameterSuggestsNearest();
    void unknownVar();
    void cyclicVars();
    void lookupOfUnknownGenerator();
    void lookupIntoLaterStage();
    void stageNamesUnknownGenerator();
    void errorsInIncludedFilesNameTheirFile();
    void everyProblemAtOnce();
    void structuralProblems();
    void loadJsonFileCycle();
    void mountsResolveHomeData();
    void validScenarioHasNoDiagnostics();
};

void ScenarioErrorsTest::unknownFunctionSuggestsNearest() {
    auto c = compile(R"({"generators":[)" + kGen0 + "," + kGen0 + R"(,
        {"topic":"t","value":{"email":{"_gen":"stirng","expr":"x"}}}]})");
    QVERIFY(!c.program);
    QVERIFY(has(c.diagnostics,
                "/data/scenario.json:/generators/2/value/email: unknown function "
                "\"stirng\"; did you mean \"string\"?"));
    QCOMPARE(c.diagnostics.items().at(0).file, std::string("/data/scenario.json"));
}

void ScenarioErrorsTest::jsonSyntaxErrorHasLineAndColumn() {
    auto c = compile("{\n  \"generators\": [\n    {\"topic\": \"t\",, }\n  ]\n}\n");
    QVERIFY(!c.program);
    QCOMPARE(c.diagnostics.size(), std::size_t(1));
    QVERIFY(has(c.diagnostics, "/data/scenario.json: JSON syntax error at line 3, column 19"));
}

void ScenarioErrorsTest::syntaxErrorInIncludedFileNamesThatFile() {
    auto f = files({{"/data/gen/a.json", "{\"topic\": \"t\"\n  \"value\": 1}"}});
    auto c = compile(R"({"generators":[{"_gen":"loadJsonFile","file":"gen/a.json"}]})", f);
    QVERIFY(!c.program);
    QVERIFY(has(c.diagnostics, "/data/gen/a.json: JSON syntax error at line 2, column 9"));
    QCOMPARE(c.diagnostics.size(), std::size_t(1));  // no follow-on noise
}

void ScenarioErrorsTest::unreadableFiles() {
    auto c = compile(R"({"generators":[{"_gen":"loadJsonFile","file":"missing.json"}]})");
    QVERIFY(!c.program);
    QVERIFY(has(c.diagnostics,
                "/data/scenario.json:/generators/0/file: cannot read file "
                "\"/data/missing.json\""));
    scenario::Diagnostics d;
    auto p = generate::loadProgram("/nonexistent/dir/scenario.json", {}, d);
    QVERIFY(!p);
    QVERIFY(has(d, "/nonexistent/dir/scenario.json: cannot read file"));
}

void ScenarioErrorsTest::missingAndMistypedParameters() {
    auto c =
        compile(single(R"({"a":{"_gen":"normalDistribution","mean":1},)"
                       R"("b":{"_gen":"normalDistribution","mean":"abc","sd":1},)"
                       R"("c":{"_gen":"uniformDistribution","bounds":[1]},)"
                       R"("d":{"_gen":"weightedOneOf","choices":[{"weight":-1,"value":1}]},)"
                       R"("e":{"_gen":"sequentialString","expr":"no marker"},)"
                       R"("f":{"_gen":"uniformDistribution","bounds":[0,1],"decimals":"2"}})"));
    QVERIFY(!c.program);
    QVERIFY(has(c.diagnostics,
                "/generators/0/value/a: function \"normalDistribution\" needs "
                "parameter \"sd\""));
    QVERIFY(has(c.diagnostics,
                "/generators/0/value/b/mean: parameter \"mean\" of "
                "\"normalDistribution\" must be a number or a function, not a "
                "string"));
    QVERIFY(has(c.diagnostics, "/generators/0/value/c/bounds: \"bounds\" must be [low, high]"));
    QVERIFY(has(c.diagnostics, "/generators/0/value/d/choices/0: a choice needs \"weight\""));
    QVERIFY(has(c.diagnostics, "/generators/0/value/e/expr: \"expr\" must contain ~d"));
    QVERIFY(has(c.diagnostics, "/generators/0/value/f/decimals: \"decimals\" must be an integer"));
}

void ScenarioErrorsTest::unknownParameterSuggestsNearest() {
    auto c = compile(single(R"({"_gen":"normalDistribution","meen":1,"mean":1,"sd":2})"));
    QVERIFY(!c.program);
    QVERIFY(has(c.diagnostics,
                "/generators/0/value/meen: unknown parameter \"meen\" for "
                "function \"normalDistribution\"; did you mean \"mean\"?"));
}

void ScenarioErrorsTest::unknownVar() {
    auto c = compile(single(R"({"a":{"_gen":"var","var":"hotelld"},)"
                            R"("b":{"_gen":"string","expr":"#{hotelId}-#{nope}"},)"
                            R"("c":{"_gen":"math","expr":"hotelid + 1"}})",
                            R"("vars":{"hotelId":1},)"));
    QVERIFY(!c.program);
    QVERIFY(has(c.diagnostics,
                "/generators/0/value/a/var: unknown var \"hotelld\"; did you mean "
                "\"hotelId\"?"));
    QVERIFY(has(c.diagnostics,
                "/generators/0/value/b/expr: unknown var or Faker expression "
                "\"nope\" in template"));
    QVERIFY(has(c.diagnostics,
                "/generators/0/value/c/expr: unknown var \"hotelid\" in math "
                "expression; did you mean \"hotelId\"?"));
}

void ScenarioErrorsTest::cyclicVars() {
    auto c =
        compile(single(R"({"_gen":"var","var":"a"})",
                       R"("vars":{"a":{"_gen":"var","var":"b"},"b":{"_gen":"math","expr":"a+1"},)"
                       R"("ok":1},)"));
    QVERIFY(!c.program);
    QVERIFY(has(c.diagnostics, "cyclic vars: a -> b -> a"));
}

void ScenarioErrorsTest::lookupOfUnknownGenerator() {
    auto c = compile(R"({"generators":[)" + kGen0 + R"(,
        {"topic":"t","value":{"x":{"_gen":"lookup","name":"b","path":["value","x"]},
                              "y":{"_gen":"lookup","topic":"tb","path":["value","x"]},
                              "z":{"_gen":"lookup","topic":"ta","path":["row","x"]}}}]})");
    QVERIFY(!c.program);
    QVERIFY(has(c.diagnostics,
                "/generators/1/value/x/name: lookup of unknown generator \"b\"; "
                "did you mean \"a\"?"));
    QVERIFY(has(c.diagnostics,
                "/generators/1/value/y/topic: lookup of unknown generator: no "
                "generator writes topic \"tb\"; did you mean \"ta\"?"));
    QVERIFY(has(c.diagnostics,
                "/generators/1/value/z/path: a lookup path into topic \"ta\" must "
                "start with \"key\" or \"value\""));
}

void ScenarioErrorsTest::lookupIntoLaterStage() {
    auto c = compile(R"({"generators":[)" + kGen0 + R"(,
        {"name":"b","topic":"t","value":{"_gen":"lookup","name":"a","path":["value"]}}],
        "schedule":{"stages":[["b"],["a"]]}})");
    QVERIFY(!c.program);
    QVERIFY(has(c.diagnostics, "lookup of generator \"a\" (stage 1) from stage 0"));
}

void ScenarioErrorsTest::stageNamesUnknownGenerator() {
    auto c = compile(R"({"generators":[)" + kGen0 +
                     R"(],"schedule":{"stages":[{"generators":["a","aa"]},["a"]]}})");
    QVERIFY(!c.program);
    QVERIFY(has(c.diagnostics,
                "/schedule/stages/0/generators/1: unknown generator \"aa\" in "
                "stage; did you mean \"a\"?"));
    QVERIFY(has(c.diagnostics, "/schedule/stages/1/0: generator \"a\" is already in stage 0"));
}

void ScenarioErrorsTest::errorsInIncludedFilesNameTheirFile() {
    auto f = files({{"/data/generators/g.json",
                     R"({"topic":"t","value":{"n":{"_gen":"normalDistributon","mean":1,"sd":1}}})"},
                    {"/data/content/list.json", R"(["a","b"])"}});
    auto c = compile(R"({"generators":[{"_gen":"loadJsonFile","file":"generators/g.json"},
        {"topic":"u","value":{"_gen":"oneOf","choices":{"_gen":"loadJsonFile",
                                                         "file":"/home/data/content/list.json"}},
         "localConfigs":{"maxEvnts":3}}]})",
                     f);
    QVERIFY(!c.program);
    QCOMPARE(c.diagnostics.size(), std::size_t(2));
    QVERIFY(has(c.diagnostics,
                "/data/generators/g.json:/value/n: unknown function "
                "\"normalDistributon\"; did you mean \"normalDistribution\"?"));
    QVERIFY(has(c.diagnostics,
                "/data/scenario.json:/generators/1/localConfigs/maxEvnts: unknown "
                "key \"maxEvnts\" in localConfigs; did you mean \"maxEvents\"?"));
}

void ScenarioErrorsTest::everyProblemAtOnce() {
    auto c = compile(R"({"generators":[
        {"topic":"t","value":{"a":{"_gen":"uuidd"},"b":{"_gen":"var","var":"x"}}},
        {"table":"r","row":{"c":{"_gen":"boolean","extra":1}}}],
        "schedule":{"stages":[["nobody"]]}})");
    QVERIFY(!c.program);
    QCOMPARE(c.diagnostics.size(), std::size_t(4));
}

void ScenarioErrorsTest::structuralProblems() {
    auto c = compile(R"({"generatorz":[], "connections":{"k":{"kind":"kafak"}}})");
    QVERIFY(!c.program);
    QVERIFY(has(c.diagnostics,
                "/generatorz: unknown key \"generatorz\" in the scenario; did you "
                "mean \"generators\"?"));
    QVERIFY(has(c.diagnostics, "the scenario needs \"generators\""));
    QVERIFY(has(c.diagnostics,
                "/connections/k/kind: unsupported connection kind \"kafak\"; did "
                "you mean \"kafka\"?"));
    auto d = compile(R"({"generators":[{"value":1},{"topic":"t","table":"u","row":{}},
        {"table":"u","value":{}}]})");
    QVERIFY(!d.program);
    QVERIFY(has(d.diagnostics, "/generators/0: a generator needs \"topic\" (Kafka) or \"table\""));
    QVERIFY(has(d.diagnostics, "/generators/1: a generator has either \"topic\""));
    QVERIFY(has(d.diagnostics, "/generators/2/value: \"value\" is for topic generators"));
    QVERIFY(has(d.diagnostics, "/generators/2: a table generator needs \"row\""));
    auto e = compile("[1,2]");
    QVERIFY(!e.program);
    QVERIFY(has(e.diagnostics, "a scenario must be a JSON object"));
}

void ScenarioErrorsTest::loadJsonFileCycle() {
    auto f = files({{"/data/a.json", R"({"_gen":"loadJsonFile","file":"b.json"})"},
                    {"/data/b.json", R"({"_gen":"loadJsonFile","file":"a.json"})"}});
    auto c = compile(R"({"generators":[{"_gen":"loadJsonFile","file":"a.json"}]})", f);
    QVERIFY(!c.program);
    QVERIFY(has(c.diagnostics, "loadJsonFile cycle"));
}

void ScenarioErrorsTest::mountsResolveHomeData() {
    auto f = files({{"/data/g.json", R"({"topic":"t","value":1})"},
                    {"/elsewhere/g.json", R"({"topic":"t","value":2})"}});
    // Default: /home/data is the main file's folder.
    auto c = compile(R"({"generators":[{"_gen":"loadJsonFile","file":"/home/data/g.json"}]})", f);
    QVERIFY(c.program);
    QCOMPARE(payloads(*c.program, 1).at(0), std::string("1"));
    // --mount overrides it.
    scenario::FileResolver resolver(f);
    QVERIFY(resolver.addMountSpec("/home/data=/elsewhere"));
    scenario::Diagnostics d;
    auto p = generate::compileText(
        "/data/scenario.json",
        R"({"generators":[{"_gen":"loadJsonFile","file":"/home/data/g.json"}]})", resolver, d);
    QVERIFY(p);
    QCOMPARE(payloads(*p, 1).at(0), std::string("2"));
    QVERIFY(!resolver.addMountSpec("nodir"));
}

void ScenarioErrorsTest::validScenarioHasNoDiagnostics() {
    scenario::Diagnostics d;
    auto p = generate::loadProgram(scenario::builtinScenarioPath(), {}, d);
    QVERIFY2(p, d.format().c_str());
    QVERIFY(d.empty());
}

QTEST_GUILESS_MAIN(ScenarioErrorsTest)
#include "test_scenario_errors.moc"
