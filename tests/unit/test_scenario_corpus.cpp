// Every scenario under tests/scenarios/corpus/ (recursively) must pass `check` and `sample`:
// it compiles without a diagnostic and a session produces events from it. Other parts of the
// language add their folders there; a failure names the file.
#include <QtTest>
#include <filesystem>

#include "engine/generate/clock.h"
#include "engine/generate/compiler.h"
#include "engine/generate/session.h"

using namespace riverdelta;

class ScenarioCorpusTest : public QObject {
    Q_OBJECT

  private slots:
    void everyCorpusScenarioChecksAndSamples();
};

void ScenarioCorpusTest::everyCorpusScenarioChecksAndSamples() {
    const std::filesystem::path root =
        std::filesystem::path(RIVERDELTA_SOURCE_DIR) / "tests" / "scenarios" / "corpus";
    QVERIFY2(std::filesystem::is_directory(root), root.c_str());
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json")
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    QVERIFY(files.size() >= 50);
    std::string failures;
    for (const auto& file : files) {
        scenario::Diagnostics diagnostics;
        auto program = generate::loadProgram(file.string(), {}, diagnostics);
        if (!program) {
            failures += "check " + file.string() + ":\n" + diagnostics.format();
            continue;
        }
        generate::FixedClock clock(1750000000000);
        generate::Session session(*program, {.seed = 1, .speed = 1.0, .clock = &clock});
        generate::Event ev;
        int events = 0;
        generate::Session::Status status = generate::Session::Status::Event;
        while (events < 200 && (status = session.next(ev)) == generate::Session::Status::Event) {
            ++events;
            clock.advance(1);
        }
        if (events == 0 || status == generate::Session::Status::Failed) {
            failures += "sample " + file.string() + ": " +
                        (events == 0 ? "no event" : "session failed: " + session.error()) + "\n";
        }
    }
    QVERIFY2(failures.empty(), failures.c_str());
}

QTEST_GUILESS_MAIN(ScenarioCorpusTest)
#include "test_scenario_corpus.moc"
