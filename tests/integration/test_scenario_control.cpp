#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "engine/kafka/consumer.h"
#include "support/enum_name.h"
#include "support/river_hotels.h"

using namespace riverdelta;
using namespace std::chrono_literals;

namespace {

// The named stream's status; a stream missing from the snapshot reads as an unnamed, idle one,
// so the checks on it fail instead of dereferencing nothing.
const run::GeneratorStatus& generator(const EngineSnapshot& s, const std::string& name) {
    static const run::GeneratorStatus missing{};
    for (const auto& g : s.scenario.generators)
        if (g.name == name) return g;
    return missing;
}

std::uint64_t acked(const Engine& engine, const std::string& name) {
    const auto s = engine.snapshot();
    return generator(s, name).acknowledged;
}

// Polls the engine's snapshot until `done` holds or the timeout passes.
template <typename F>
bool waitFor(const Engine& engine, std::chrono::milliseconds timeout, F done) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
        if (done(engine.snapshot())) return true;
        std::this_thread::sleep_for(50ms);
    }
    return done(engine.snapshot());
}

// What the scenario looks like, for failure messages.
std::string describe(const EngineSnapshot& s) {
    std::string out = std::string("run ") + run::toString(s.scenario.runState) + " " +
                      s.scenario.runError + " stage " + std::to_string(s.scenario.currentStage);
    for (const auto& g : s.scenario.generators)
        out += "; " + g.name + " " + run::toString(g.state) + " (" + g.reason + ") " +
               std::to_string(g.acknowledged) + "/" + std::to_string(g.generated);
    return out;
}

bool connected(const EngineSnapshot& s) {
    return s.kafka.state == ServiceState::Connected && s.postgres.state == ServiceState::Connected;
}

}  // namespace

class ScenarioControlTest : public QObject {
    Q_OBJECT
  private slots:
    void stageLabelsAndInvalidConfig() {
        QTemporaryDir dir;
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = false});
        engine.post(command::LoadScenario{{.config = "builtin:river-hotels"}});
        QVERIFY(waitFor(engine, 10s, [](const EngineSnapshot& s) { return s.scenario.loaded; }));
        auto s = engine.snapshot();
        QCOMPARE(s.scenario.name, std::string("river-hotels"));
        QCOMPARE(s.scenario.stages,
                 (std::vector<std::string>{"Seed", "Updates", "Historical", "Streaming"}));
        QCOMPARE(s.scenario.generators.size(), std::size_t(12));
        QCOMPARE(s.scenario.generators[0].target, std::string("cdc.customer"));
        QVERIFY(s.scenario.generators[0].table);
        QCOMPARE(*s.scenario.generators[2].maxEvents, std::uint64_t(500));  // customer_updates
        QCOMPARE(*s.scenario.generators[4].maxEvents, std::uint64_t(3000));
        for (const auto& g : s.scenario.generators) {
            QCOMPARE(testing::nameOf(g.state), testing::nameOf(run::StreamState::Waiting));
            QCOMPARE(g.reason, std::string("not started"));
        }

        // An invalid config: its problems with file and JSON pointer; the loaded one stays.
        const QString bad = dir.filePath("bad.json");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"generators": [{"topic": "t", "value": {"_gen": "noSuchFunction"}}]})");
        f.close();
        engine.post(command::LoadScenario{{.config = bad.toStdString()}});
        QVERIFY(waitFor(engine, 10s,
                        [](const EngineSnapshot& x) { return !x.scenario.problems.empty(); }));
        s = engine.snapshot();
        const auto& p = s.scenario.problems.front();
        QCOMPARE(p.file, bad.toStdString());
        QVERIFY2(p.pointer.rfind("/generators/0", 0) == 0, p.pointer.c_str());
        QVERIFY2(p.message.find("noSuchFunction") != std::string::npos, p.message.c_str());
        QCOMPARE(s.scenario.name, std::string("river-hotels"));
        QVERIFY(!s.scenario.runExists);

        // Without a connection nothing starts (the console never writes to the config's hosts):
        // the engine takes Start all and refuses it, its log says why.
        const auto seen = engine.log().lastSequence();
        engine.post(command::StartAll{});
        QVERIFY(waitFor(engine, 10s, [&](const EngineSnapshot&) {
            for (const auto& e : engine.log().since(seen))
                if (e.message.starts_with("cannot start: ") &&
                    e.message.find("is not connected") != std::string::npos)
                    return true;
            return false;
        }));
        QVERIFY(!engine.snapshot().scenario.runExists);
    }

    void startStopPerStreamOnTheSandbox() {
        QTemporaryDir dir;
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
        engine.post(command::LoadScenario{{.config = ""}});
        engine.post(command::SetSpeed{100});
        QVERIFY(waitFor(engine, 120s,
                        [](const EngineSnapshot& s) { return connected(s) && s.scenario.loaded; }));
        const std::vector<std::string> bounded(testing::kRiverHotelsBounded.begin(),
                                               testing::kRiverHotelsBounded.end());
        for (const auto& name : bounded)
            engine.post(command::StartStream{name});
        QVERIFY2(waitFor(engine, 120s,
                         [&](const EngineSnapshot& s) {
                             for (const auto& n : bounded) {
                                 if (generator(s, n).state != run::StreamState::Done) return false;
                             }
                             return true;
                         }),
                 engine.snapshot().scenario.runError.c_str());
        auto s = engine.snapshot();
        for (const auto& n : bounded) {
            const auto& g = generator(s, n);
            QVERIFY2(g.maxEvents && g.acknowledged == *g.maxEvents, describe(s).c_str());
        }
        // The streaming stage has begun but none of its streams was started.
        QCOMPARE(s.scenario.currentStage, 3);
        QCOMPARE(generator(s, "clickstream_streaming").name, std::string("clickstream_streaming"));
        QCOMPARE(testing::nameOf(generator(s, "clickstream_streaming").state),
                 testing::nameOf(run::StreamState::Waiting));
        QCOMPARE(generator(s, "clickstream_streaming").acknowledged, std::uint64_t(0));
        bool counted = false;
        for (const auto& t : s.scenario.topics)
            if (t.topic == "clickstream") {
                QCOMPARE(t.messages, std::uint64_t(3000));
                QVERIFY(t.bytes > 3000 * 100);
                counted = true;
            }
        QVERIFY(counted);

        // Streaming: 10-15 s between clicks, at speed 100 about 8 per second.
        const std::string click = "clickstream_streaming";
        engine.post(command::StartStream{click});
        QVERIFY(waitFor(engine, 30s, [&](const EngineSnapshot& x) {
            return generator(x, click).acknowledged >= 5;
        }));
        QCOMPARE(testing::nameOf(generator(engine.snapshot(), click).state),
                 testing::nameOf(run::StreamState::Running));
        engine.post(command::StopStream{click});
        // Paused as soon as the command is taken, "stopping" while the run's thread may still
        // send the event in hand; "stopped" once it halted and the sink confirmed the last one.
        QVERIFY2(waitFor(engine, 30s,
                         [&](const EngineSnapshot& x) {
                             return generator(x, click).reason == "stopped";
                         }),
                 describe(engine.snapshot()).c_str());
        s = engine.snapshot();
        const auto atStop = generator(s, click).acknowledged;
        QCOMPARE(testing::nameOf(generator(s, click).state),
                 testing::nameOf(run::StreamState::Paused));
        QCOMPARE(generator(s, click).generated, atStop);
        // Elapsed time is the claim here: 1.5 s (a dozen events at this speed) and not one more.
        std::this_thread::sleep_for(1500ms);
        QCOMPARE(acked(engine, click), atStop);
        QCOMPARE(generator(engine.snapshot(), click).generated, atStop);

        engine.post(command::StartStream{click});
        QVERIFY(waitFor(engine, 30s, [&](const EngineSnapshot& x) {
            return generator(x, click).acknowledged >= atStop + 5;
        }));

        // Speed: 10x faster from now on.
        engine.post(command::StopStream{click});
        QVERIFY(waitFor(engine, 30s, [&](const EngineSnapshot& x) {
            return generator(x, click).reason == "stopped";
        }));
        engine.post(command::SetSpeed{10});
        auto before = acked(engine, click);  // halted: it does not move until the Start
        engine.post(command::StartStream{click});
        // Events per 3 s at each speed: the windows are the measurement (10-15 s throttles make
        // 2-3 events at ×10, 20-30 at ×100; the bounds leave room for a loaded machine).
        std::this_thread::sleep_for(3s);
        const auto slow = acked(engine, click) - before;
        engine.post(command::SetSpeed{100});
        QVERIFY(waitFor(engine, 10s,
                        [](const EngineSnapshot& x) { return x.scenario.speed == 100.0; }));
        before = acked(engine, click);
        std::this_thread::sleep_for(3s);
        const auto fast = acked(engine, click) - before;
        QVERIFY2(
            slow <= 5 && fast >= 10,
            qPrintable(QStringLiteral("at 10x %1, at 100x %2 events in 3 s").arg(slow).arg(fast)));

        // Stop all, then read the topic: the streaming keys are consecutive, none lost or twice.
        engine.post(command::StopAll{});
        // "stopped", not just paused: while "stopping" the run's thread may still send the event
        // in hand (under TSan the topic then held 2 more than the counts read here).
        QVERIFY2(waitFor(engine, 30s,
                         [&](const EngineSnapshot& x) {
                             const auto& g = generator(x, click);
                             return g.reason == "stopped" && g.acknowledged == g.generated;
                         }),
                 describe(engine.snapshot()).c_str());
        s = engine.snapshot();
        const auto total = generator(s, click).acknowledged;
        QCOMPARE(generator(s, click).generated, total);
        const auto endpoints = engine.sandboxEndpoints();
        QVERIFY(endpoints.has_value());
        kafka::ClientConfig kc;
        kc.bootstrapServers = endpoints->kafkaBootstrap;
        kafka::Consumer consumer(kc);
        consumer.assign(std::vector<kafka::TopicPartitionOffset>{{"clickstream", 0, 0}});
        const auto high = consumer.queryWatermarks("clickstream", 0, 5s).high;
        QCOMPARE(high, static_cast<std::int64_t>(3000 + total));
        std::vector<std::string> keys;
        std::int64_t read = 0;
        while (read < high) {
            auto m = consumer.poll(10s);
            QVERIFY2(m.has_value(), "missing messages in clickstream");
            if (m->isPartitionEof() || m->error()) continue;
            ++read;
            const auto key = nlohmann::json::parse(std::string(m->key())).get<std::string>();
            if (key >= "A200000") keys.push_back(key);
        }
        QCOMPARE(keys.size(), static_cast<std::size_t>(total));
        for (std::size_t i = 0; i < keys.size(); ++i)
            QCOMPARE(keys[i], "A" + std::to_string(200000 + i));

        // Start all: the stopped stream continues and the never-started ones begin.
        engine.post(command::StartAll{});
        QVERIFY2(waitFor(engine, 30s,
                         [&](const EngineSnapshot& x) {
                             return generator(x, click).acknowledged > total &&
                                    generator(x, "bookings_streaming").acknowledged >= 2 &&
                                    generator(x, "reviews_streaming").acknowledged >= 1;
                         }),
                 describe(engine.snapshot()).c_str());
        for (const auto& g : engine.snapshot().scenario.generators)
            QVERIFY2(g.started, g.name.c_str());
    }
};

QTEST_GUILESS_MAIN(ScenarioControlTest)
#include "test_scenario_control.moc"
