// riverdelta-cli check and sample, run as a user would (the built binary via QProcess).
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "support/run_process.h"

namespace {
riverdelta::testing::ProcessResult cli(const QStringList& args) {
    return riverdelta::testing::runProcess(
        QStringLiteral(RIVERDELTA_BINARY_DIR "/app/riverdelta-cli"), args);
}

void write(const QString& path, const QByteArray& content) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
}
}  // namespace

class CliScenarioTest : public QObject {
    Q_OBJECT
  private slots:
    void checkBuiltinIsValid();
    void checkReportsEveryProblemAndExits2();
    void checkHonoursMount();
    void sampleIsDeterministicForASeed();
    void sampleOneGenerator();
    void sampleErrors();
    void helpTexts();
};

void CliScenarioTest::checkBuiltinIsValid() {
    auto r = cli({"check", "builtin:river-hotels"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("OK (12 generators, 4 stages)"));
    r = cli({"check", RIVERDELTA_SOURCE_DIR "/resources/scenarios/river-hotels/river-hotels.json"});
    QCOMPARE(r.exitCode, 0);
}

void CliScenarioTest::checkReportsEveryProblemAndExits2() {
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.json");
    write(path, R"({"generators":[{"topic":"t","value":{"a":{"_gen":"stirng","expr":"x"},
        "b":{"_gen":"var","var":"nope"}}}]})");
    auto r = cli({"check", path});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(path + ":/generators/0/value/a: unknown function \"stirng\"; did you "
                                   "mean \"string\"?"),
             qPrintable(r.err));
    QVERIFY(r.err.contains(path + ":/generators/0/value/b/var: unknown var \"nope\""));
    write(path, "{\n  \"generators\": [\n");
    r = cli({"check", path});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("JSON syntax error at line 3"), qPrintable(r.err));
    r = cli({"check", dir.filePath("missing.json")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("cannot read file"));
}

void CliScenarioTest::checkHonoursMount() {
    QTemporaryDir dir, other;
    write(dir.filePath("main.json"),
          R"({"generators":[{"_gen":"loadJsonFile","file":"/home/data/gen.json"}]})");
    write(other.filePath("gen.json"), R"({"topic":"t","value":{"_gen":"uuid"}})");
    QCOMPARE(cli({"check", dir.filePath("main.json")}).exitCode, 2);  // /home/data = dir by default
    auto r = cli({"check", dir.filePath("main.json"), "--mount", "/home/data=" + other.path()});
    QCOMPARE(r.exitCode, 0);
    r = cli({"sample", dir.filePath("main.json"), "--mount=/home/data=" + other.path(), "-n", "2",
             "--seed", "1"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.count('\n'), 2);
}

void CliScenarioTest::sampleIsDeterministicForASeed() {
    const QStringList args = {"sample", "-n", "50", "--seed", "9", "--now", "1750000000000"};
    auto a = cli(args), b = cli(args);
    QCOMPARE(a.exitCode, 0);
    QCOMPARE(a.out, b.out);
    QCOMPARE(a.out.count('\n'), 50);
    auto c = cli({"sample", "-n", "50", "--seed", "10", "--now", "1750000000000"});
    QVERIFY(a.out != c.out);
    const auto first = nlohmann::json::parse(a.out.split('\n').first().toStdString());
    QCOMPARE(first["generator"], nlohmann::json("customer"));
    QCOMPARE(first["table"], nlohmann::json("cdc.customer"));
    QVERIFY(first.contains("row") && first.contains("key"));
}

void CliScenarioTest::sampleOneGenerator() {
    auto r = cli({"sample", "--generator", "reviews_historical", "-n", "5", "--seed", "3"});
    QCOMPARE(r.exitCode, 0);
    const auto lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 5);
    for (const auto& line : lines) {
        const auto j = nlohmann::json::parse(line.toStdString());
        QCOMPARE(j["generator"], nlohmann::json("reviews_historical"));
        QCOMPARE(j["topic"], nlohmann::json("hotel_reviews"));
        QVERIFY(j["key"].get<std::string>().rfind('R', 0) == 0);
        QVERIFY(j["value"]["booking_id"].get<std::string>().rfind('B', 0) == 0);
    }
    // Past the end of a finite scenario, sample stops with what there is.
    r = cli({"sample", "--generator", "reviews_streaming", "-n", "100", "--seed", "3"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.count('\n'), 10);
}

void CliScenarioTest::sampleErrors() {
    auto r = cli({"sample", "--generator", "nope"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("no generator named \"nope\""));
    QCOMPARE(cli({"sample", "-n", "x"}).exitCode, 2);
    QCOMPARE(cli({"sample", "--bogus"}).exitCode, 2);
    QCOMPARE(cli({"check"}).exitCode, 2);
}

void CliScenarioTest::helpTexts() {
    for (const char* cmd : {"check", "sample"}) {
        auto r = cli({cmd, "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("Usage: riverdelta-cli " + QString(cmd)));
    }
    auto r = cli({"--help"});
    QVERIFY(r.out.contains("check") && r.out.contains("sample"));
}

QTEST_GUILESS_MAIN(CliScenarioTest)
#include "test_cli_scenario.moc"
