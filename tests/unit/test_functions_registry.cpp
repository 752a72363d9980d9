// The function registry: one registration per function drives suggestions, parameter errors,
// `riverdelta-cli functions` and the table in docs/scenario-language.md.
#include <QtTest>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/generate/functions/function_registry.h"
#include "scenario_test_support.h"

using namespace rdtest;
using generate::FunctionRegistry;

class FunctionsRegistryTest : public QObject {
    Q_OBJECT

  private slots:
    void everyFunctionIsCompleteAndSorted();
    void docsTableMatchesRegistry();
    void compilerKnowsExactlyTheRegistry();
    void fuzzDictionaryListsTheLanguage();
    void unknownFunctionSuggestsNearest();
    void unknownParameterSuggestsNearestAndListsAll();
    void missingRequiredParameter();
    void mistypedParameter();
};

void FunctionsRegistryTest::everyFunctionIsCompleteAndSorted() {
    const auto& reg = FunctionRegistry::instance();
    QVERIFY(reg.functions().size() >= 10);
    std::string previous;
    for (const auto& f : reg.functions()) {
        QVERIFY2(!f.summary.empty(), std::string(f.name).c_str());
        QVERIFY2(f.compile != nullptr, std::string(f.name).c_str());
        QVERIFY2(!f.theme.empty(), std::string(f.name).c_str());
        QVERIFY2(std::string(f.name) > previous, std::string(f.name).c_str());
        previous = f.name;
        for (const auto& p : f.params)
            QVERIFY2(!p.summary.empty(), (std::string(f.name) + "." + std::string(p.name)).c_str());
        QCOMPARE(reg.find(f.name), &f);
    }
    QVERIFY(reg.find("noSuchFunction") == nullptr);
    for (const auto& m : reg.modifiers())
        QVERIFY2(!m.summary.empty(), std::string(m.name).c_str());
}

void FunctionsRegistryTest::docsTableMatchesRegistry() {
    std::ifstream in(RIVERDELTA_SOURCE_DIR "/docs/scenario-language.md");
    QVERIFY(in.good());
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string doc = buffer.str();
    const std::string begin = "<!-- BEGIN riverdelta-cli functions -->\n";
    const std::string end = "<!-- END riverdelta-cli functions -->";
    const auto b = doc.find(begin);
    const auto e = doc.find(end);
    QVERIFY2(b != std::string::npos && e != std::string::npos && e > b,
             "docs/scenario-language.md lacks the generated function table markers");
    const std::string table = doc.substr(b + begin.size(), e - b - begin.size());
    const std::string expected = FunctionRegistry::instance().markdown();
    if (table != expected) {
        const std::string path = RIVERDELTA_TEST_ARTIFACTS "/functions-table.md";
        std::ofstream(path) << expected;
        qWarning(
            "docs/scenario-language.md is out of date; replace the table between the "
            "markers with the output of `riverdelta-cli functions` (also in %s)",
            path.c_str());
    }
    QCOMPARE(table, expected);
}

void FunctionsRegistryTest::fuzzDictionaryListsTheLanguage() {
    std::ifstream in(RIVERDELTA_SOURCE_DIR "/tests/fuzz/scenario.dict");
    QVERIFY(in.good());
    std::set<std::string> entries;
    for (std::string line; std::getline(in, line);) {
        if (line.size() >= 2 && line.front() == '"' && line.back() == '"')
            entries.insert(line.substr(1, line.size() - 2));
    }
    std::string missing;
    auto need = [&](std::string_view word) {
        if (!entries.count(std::string(word))) missing += " " + std::string(word);
    };
    for (const auto& f : FunctionRegistry::instance().functions()) {
        need(f.name);
        for (const auto& p : f.params)
            need(p.name);
    }
    for (const auto& m : FunctionRegistry::instance().modifiers())
        need(m.name);
    QVERIFY2(missing.empty(), ("tests/fuzz/scenario.dict lacks:" + missing).c_str());
}

void FunctionsRegistryTest::compilerKnowsExactlyTheRegistry() {
    QCOMPARE(generate::functionNames(), FunctionRegistry::instance().names());
}

void FunctionsRegistryTest::unknownFunctionSuggestsNearest() {
    auto c = compile(single(R"({"_gen":"normalDistributon","mean":1,"sd":1})"));
    QVERIFY(!c.program);
    QVERIFY(c.diagnostics.contains(
        "unknown function \"normalDistributon\"; did you mean \"normalDistribution\"?"));
    QCOMPARE(c.diagnostics.items().at(0).pointer, std::string("/generators/0/value"));
}

void FunctionsRegistryTest::unknownParameterSuggestsNearestAndListsAll() {
    auto c = compile(single(R"({"_gen":"sequentialString","expr":"a~d","startFrom":3})"));
    QVERIFY(!c.program);
    const auto& d = c.diagnostics.items().at(0);
    QCOMPARE(d.pointer, std::string("/generators/0/value/startFrom"));
    QVERIFY2(d.message.find("unknown parameter \"startFrom\" for function \"sequentialString\"; "
                            "did you mean \"startingFrom\"?; expected \"expr\", "
                            "\"startingFrom\", \"advanceBy\"") == 0,
             d.message.c_str());
    QVERIFY(d.message.find("\"clamp\"") != std::string::npos);  // modifiers are listed too
}

void FunctionsRegistryTest::missingRequiredParameter() {
    auto c = compile(single(R"({"_gen":"string"})"));
    QVERIFY(!c.program);
    QVERIFY(c.diagnostics.format().find(
                "/data/scenario.json:/generators/0/value: function \"string\" needs parameter "
                "\"expr\"") != std::string::npos);
}

void FunctionsRegistryTest::mistypedParameter() {
    auto c = compile(single(R"({"_gen":"string","expr":42})"));
    QVERIFY(!c.program);
    QVERIFY2(c.diagnostics.format().find(
                 "/generators/0/value/expr: parameter \"expr\" of \"string\" must be a string, "
                 "not a number") != std::string::npos,
             c.diagnostics.format().c_str());
}

QTEST_GUILESS_MAIN(FunctionsRegistryTest)
#include "test_functions_registry.moc"
