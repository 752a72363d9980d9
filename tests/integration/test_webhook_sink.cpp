// A webhook generator against a real local HTTP server (Python's http.server from the test
// venv): one request per event with the generator's method, URL suffix, query, headers and the
// data as a JSON body; 503 answers are retried until the server accepts. With maxRequests 0 they
// go one at a time in order; with maxRequests N up to N are outstanding at once, and
// printExchange logs every pair with the API key masked.
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <set>

#include "engine/core/log.h"
#include "engine/generate/clock.h"
#include "engine/run/scenario_run.h"
#include "support/test_env.h"
#include "unit/scenario_test_support.h"

using namespace riverdelta;

std::string webhookScenario(const std::string& url);
std::string concurrentScenario(const std::string& url);

namespace {

// Starts tests/support/webhook_server.py; returns its port, or "" when it did not start.
std::string startServer(QProcess& server, const std::string& python, const QString& log,
                        int failFirst, int delayMs) {
    server.start(QString::fromStdString(python),
                 {QStringLiteral(RIVERDELTA_SOURCE_DIR "/tests/support/webhook_server.py"), log,
                  QString::number(failFirst), QString::number(delayMs)});
    if (!server.waitForStarted()) return {};
    QString portLine;
    QDeadlineTimer deadline(20000);
    while (!portLine.contains('\n') && !deadline.hasExpired()) {
        server.waitForReadyRead(200);
        portLine += QString::fromUtf8(server.readAllStandardOutput());
    }
    if (!portLine.startsWith("PORT ")) return {};
    return portLine.mid(5).trimmed().toStdString();
}

std::vector<nlohmann::json> readRequests(const QString& log) {
    std::ifstream in(log.toStdString());
    std::vector<nlohmann::json> requests;
    for (std::string line; std::getline(in, line);)
        requests.push_back(nlohmann::json::parse(line));
    return requests;
}

}  // namespace

class WebhookSinkTest : public QObject {
    Q_OBJECT
  private slots:
    void requestsCarryTheEventAndRetry503() {
        RD_REQUIRE_ENV(python, "RIVERDELTA_TEST_PYTHON");
        QTemporaryDir dir;
        const QString log = dir.filePath("requests.jsonl");
        QProcess server;
        const std::string port = startServer(server, python, log, 2, 0);
        QVERIFY2(!port.empty(), "the webhook server did not start");

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

        // What the server saw: the two refused attempts of the first event, then the 5 events,
        // one at a time (maxRequests 0).
        const auto requests = readRequests(log);
        QCOMPARE(requests.size(), std::size_t(7));
        for (const auto& req : requests)
            QCOMPARE(req["inflight"].get<int>(), 1);
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

    // maxRequests 4 against a server that takes 300 ms per answer: several requests are on the
    // wire at once (never more than 4), every event arrives once, and printExchange logs each
    // pair without the API key.
    void concurrentRequestsAndPrintedExchanges() {
        RD_REQUIRE_ENV(python, "RIVERDELTA_TEST_PYTHON");
        QTemporaryDir dir;
        const QString log = dir.filePath("requests.jsonl");
        QProcess server;
        const std::string port = startServer(server, python, log, 0, 300);
        QVERIFY2(!port.empty(), "the webhook server did not start");

        auto c = rdtest::compile(concurrentScenario("http:" + std::string("//127.0.0.1:") + port));
        QVERIFY2(c.program, c.diagnostics.format().c_str());
        generate::FixedClock clock(rdtest::kNow);
        core::Log engineLog;
        run::RunOptions o;
        o.seed = 4;
        o.clock = &clock;
        o.log = &engineLog;
        run::ScenarioRun r(*c.program, {}, o);
        r.start();
        QVERIFY(r.waitFinished(std::chrono::seconds(60)));
        const auto st = r.status();
        QCOMPARE(st.state, run::RunState::Finished);
        QCOMPARE(st.streams[0].acknowledged, std::uint64_t(12));
        QCOMPARE(st.streams[0].failed, std::uint64_t(0));
        server.kill();
        server.waitForFinished();

        const auto requests = readRequests(log);
        QCOMPARE(requests.size(), std::size_t(12));
        int most = 0;
        std::multiset<std::string> bodies;
        for (const auto& req : requests) {
            most = std::max(most, req["inflight"].get<int>());
            QCOMPARE(req["headers"]["x-api-key"].get<std::string>(), std::string("s3cr3t"));
            bodies.insert(nlohmann::json::parse(req["body"].get<std::string>()).dump());
        }
        QVERIFY2(most >= 2 && most <= 4, std::to_string(most).c_str());
        generate::FixedClock sampleClock(rdtest::kNow);
        generate::Session session(*c.program, {.seed = 4, .speed = 1.0, .clock = &sampleClock});
        generate::Event ev;
        std::multiset<std::string> expected;
        while (session.next(ev) == generate::Session::Status::Event)
            expected.insert(nlohmann::json::parse(ev.payloadJson).dump());
        QCOMPARE(bodies, expected);  // each event once, in whatever order they arrived

        int pairs = 0;
        for (const auto& e : engineLog.since(0)) {
            if (e.source != "webhook") continue;
            ++pairs;
            QVERIFY2(e.message.find("s3cr3t") == std::string::npos, e.message.c_str());
            QVERIFY2(e.message.find("\"x-api-key\": \"****\"") != std::string::npos,
                     e.message.c_str());
            QVERIFY2(e.message.find("\"status\": 200") != std::string::npos, e.message.c_str());
        }
        QCOMPARE(pairs, 12);
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
            "connections":{"wh":{"kind":"webhook","connectionConfigs":{"maxRequests":0}}}})";
}

std::string concurrentScenario(const std::string& url) {
    return R"({"generators":[{"name":"hook","url":")" + url + R"(/in",
            "headers":{"X-Api-Key":"s3cr3t"},
            "data":{"n":{"_gen":"sequentialInteger"}},
            "localConfigs":{"maxEvents":12}}],
            "connections":{"wh":{"kind":"webhook","printExchange":true,
                                 "connectionConfigs":{"maxRequests":4}}}})";
}
