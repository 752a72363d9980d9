// A webhook generator against a real local HTTP server (Python's http.server from the test
// venv): one request per event with the generator's method, URL suffix, query, headers and the
// data as a JSON body; 503 answers are retried until the server accepts.
#include <QtTest>
#include <filesystem>
#include <fstream>

#include "engine/generate/clock.h"
#include "engine/run/scenario_run.h"
#include "support/test_env.h"
#include "unit/scenario_test_support.h"

using namespace riverdelta;

std::string webhookScenario(const std::string& url);

class WebhookSinkTest : public QObject {
    Q_OBJECT
  private slots:
    void requestsCarryTheEventAndRetry503() {
        RD_REQUIRE_ENV(python, "RIVERDELTA_TEST_PYTHON");
        QTemporaryDir dir;
        const QString log = dir.filePath("requests.jsonl");
        QProcess server;
        server.start(QString::fromStdString(python),
                     {QStringLiteral(RIVERDELTA_SOURCE_DIR "/tests/support/webhook_server.py"), log,
                      QStringLiteral("2")});
        QVERIFY(server.waitForStarted());
        QString portLine;
        QDeadlineTimer deadline(20000);
        while (!portLine.contains('\n') && !deadline.hasExpired()) {
            server.waitForReadyRead(200);
            portLine += QString::fromUtf8(server.readAllStandardOutput());
        }
        QVERIFY2(portLine.startsWith("PORT "), qPrintable(portLine));
        const std::string port = portLine.mid(5).trimmed().toStdString();

        const std::string text =
            webhookScenario("http:" + std::string("//127.0.0.1:") + port + "/hook");
        auto c = rdtest::compile(text);
        QVERIFY2(c.program, c.diagnostics.format().c_str());

        generate::FixedClock clock(rdtest::kNow);
        run::RunOptions o;
        o.seed = 9;
        o.clock = &clock;
        run::ScenarioRun r(*c.program, {}, o);
        r.start();
        QVERIFY(r.waitFinished(std::chrono::seconds(60)));
        const auto st = r.status();
        QCOMPARE(st.state, run::RunState::Finished);
        QCOMPARE(st.streams[0].acknowledged, std::uint64_t(5));
        QCOMPARE(st.streams[0].failed, std::uint64_t(0));
        server.kill();
        server.waitForFinished();

        // What the server saw: the two refused attempts of the first event, then the 5 events.
        std::ifstream in(log.toStdString());
        std::vector<nlohmann::json> requests;
        for (std::string line; std::getline(in, line);)
            requests.push_back(nlohmann::json::parse(line));
        QCOMPARE(requests.size(), std::size_t(7));
        QCOMPARE(requests[0]["status"].get<int>(), 503);
        QCOMPARE(requests[1]["status"].get<int>(), 503);
        QCOMPARE(requests[0]["body"], requests[2]["body"]);  // the same event, retried

        generate::FixedClock sampleClock(rdtest::kNow);
        generate::Session session(*c.program, {.seed = 9, .speed = 1.0, .clock = &sampleClock});
        generate::Event ev;
        for (std::size_t i = 2; i < requests.size(); ++i) {
            QCOMPARE(session.next(ev), generate::Session::Status::Event);
            const auto& req = requests[i];
            QCOMPARE(req["status"].get<int>(), 200);
            QCOMPARE(req["method"].get<std::string>(), std::string("PUT"));
            const auto key = nlohmann::json::parse(ev.keyJson);
            QCOMPARE(req["path"].get<std::string>(),
                     "/hook" + key["urlSuffix"].get<std::string>() + "?foo=bar%20baz");
            QCOMPARE(req["headers"]["x-origin"].get<std::string>(), std::string("US-EAST-2"));
            QCOMPARE(req["headers"]["content-type"].get<std::string>(),
                     std::string("application/json"));
            QCOMPARE(nlohmann::json::parse(req["body"].get<std::string>()),
                     nlohmann::json::parse(ev.payloadJson));
        }
    }
};

QTEST_GUILESS_MAIN(WebhookSinkTest)
#include "test_webhook_sink.moc"

// The scenario, defined after the test class: moc does not read raw strings.
std::string webhookScenario(const std::string& url) {
    return R"({"generators":[{"name":"hook","url":")" + url + R"(",
            "method":"PUT","urlSuffix":{"_gen":"oneOf","choices":["/a","/b"]},
            "headers":{"X-Origin":"US-EAST-2"},"queryParams":{"foo":"bar baz"},
            "data":{"n":{"_gen":"sequentialInteger"},"ok":{"_gen":"boolean"}},
            "localConfigs":{"maxEvents":5}}],
            "connections":{"wh":{"kind":"webhook"}}})";
}
