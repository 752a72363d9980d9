#include <QtTest>
#include <array>
#include <string_view>
#include <thread>

#include "engine/core/blocking_queue.h"
#include "engine/core/command_line.h"
#include "engine/core/json_escape.h"
#include "engine/core/log.h"
#include "engine/core/process.h"
#include "engine/kafka/client_config.h"
#include "engine/kafka/kafka_error.h"
#include "engine/postgres/connection.h"

using namespace riverdelta;

class CoreTest : public QObject {
    Q_OBJECT
  private slots:
    void jsonEscapingCoversQuotesBackslashesAndControlCharacters() {
        std::string out = "x";
        core::appendJsonEscaped(out, std::string_view("a\"b\\c\n\r\t\b\f\x01\x1f\0z", 14));
        QCOMPARE(out, std::string("xa\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\\u0000z"));
        out.clear();
        core::appendJsonString(out, "Zo\xc3\xab \x7f plain");  // UTF-8 and DEL pass through
        QCOMPARE(out, std::string("\"Zo\xc3\xab \x7f plain\""));
        out.clear();
        core::appendJsonString(out, "");
        QCOMPARE(out, std::string("\"\""));
    }
    void commandLineParsesValuesFlagsAndPositionals() {
        std::array<std::string_view, 7> args{"cfg.json",     "--seed", "42",       "--start",
                                             "--mount=/a=b", "--",     "--literal"};
        core::CommandLine cl(args,
                             {.valueOptions = {"--seed", "--mount"}, .flagOptions = {"--start"}});
        QVERIFY2(cl.ok(), cl.error().c_str());
        QCOMPARE(cl.positionals().size(), std::size_t(2));
        QCOMPARE(cl.positionals()[1], std::string("--literal"));
        QCOMPARE(cl.value("--seed").value(), std::string("42"));
        QCOMPARE(cl.value("--mount").value(), std::string("/a=b"));
        QVERIFY(cl.flag("--start"));
        QVERIFY(!cl.value("--missing"));
    }

    void commandLineRejectsBadInput() {
        std::array<std::string_view, 1> unknown{"--bogus"};
        core::CommandLine a(unknown, {});
        QCOMPARE(a.error(), std::string("unknown option --bogus"));
        std::array<std::string_view, 1> noValue{"--seed"};
        core::CommandLine b(noValue, {.valueOptions = {"--seed"}});
        QCOMPARE(b.error(), std::string("option --seed needs a value"));
        std::array<std::string_view, 4> twice{"--seed", "1", "--seed", "2"};
        core::CommandLine c(twice, {.valueOptions = {"--seed"}});
        QCOMPARE(c.error(), std::string("option --seed given more than once"));
        std::array<std::string_view, 4> repeat{"--mount", "a", "--mount", "b"};
        core::CommandLine d(repeat, {.repeatableOptions = {"--mount"}});
        QVERIFY(d.ok());
        QCOMPARE(d.values("--mount").size(), std::size_t(2));
    }

    void blockingQueueDeliversAcrossThreadsAndCloses() {
        core::BlockingQueue<int> q;
        std::jthread producer([&] {
            for (int i = 0; i < 1000; ++i)
                q.push(i);
            q.close();
        });
        long sum = 0;
        int count = 0;
        while (auto v = q.pop(std::chrono::seconds(5))) {
            sum += *v;
            ++count;
        }
        QCOMPARE(count, 1000);
        QCOMPARE(sum, 999L * 1000 / 2);
    }

    void logIsBoundedAndReadableSinceASequence() {
        core::Log log(3);
        for (int i = 0; i < 5; ++i)
            log.write(core::LogLevel::Info, "t", std::to_string(i));
        auto all = log.since(0);
        QCOMPARE(all.size(), std::size_t(3));
        QCOMPARE(all.front().message, std::string("2"));
        auto tail = log.since(4);
        QCOMPARE(tail.size(), std::size_t(1));
        QCOMPARE(tail.front().sequence, std::uint64_t(5));
    }

    void processRunnerReportsExitCodesOutputAndTimeouts() {
        auto ok = core::runProcess({"sh", "-c", "echo out; echo err >&2; exit 3"});
        QCOMPARE(ok.exitCode, 3);
        QVERIFY(ok.output.find("out") != std::string::npos);
        QVERIFY(ok.output.find("err") != std::string::npos);
        auto missing = core::runProcess({"riverdelta-no-such-program"});
        QCOMPARE(missing.exitCode, -1);
        QVERIFY(missing.output.find("not found") != std::string::npos);
        auto slow = core::runProcess({"sleep", "10"}, {.timeout = std::chrono::milliseconds(200)});
        QVERIFY(slow.timedOut);
        QVERIFY(!slow.ok());
        const int port = core::freeLoopbackPort();
        QVERIFY(port > 0);
        QVERIFY(core::loopbackPortIsFree(port));
    }

    void kafkaConfigNamesBadPropertiesWithoutLeakingSecrets() {
        kafka::ClientConfig config;
        config.set("sasl.password", "hunter2").set("no.such.property", "x");
        try {
            (void)config.build();
            QFAIL("expected an error");
        } catch (const kafka::KafkaError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("no.such.property") != std::string::npos, e.what());
            QVERIFY(what.find("hunter2") == std::string::npos);
        }
        kafka::ClientConfig secret;
        secret.set("sasl.password", "hunter2").set("sasl.mechanism", "NOT-A-MECHANISM");
        QVERIFY(kafka::ClientConfig::isSecret("sasl.password"));
        QVERIFY(kafka::ClientConfig::isSecret("basic.auth.user.info"));
        QVERIFY(!kafka::ClientConfig::isSecret("bootstrap.servers"));
        QCOMPARE(kafka::ClientConfig::redact("sasl.password", "hunter2"), std::string("********"));
    }

    void postgresDescriptionsHidePasswords() {
        const auto d = postgres::Connection::describe(
            "host=db.example port=6543 user=alice password=hunter2 dbname=shop");
        QCOMPARE(d, std::string("alice@db.example:6543/shop"));
        const auto u = postgres::Connection::describe("postgresql://bob:pw@h:1/x");
        QCOMPARE(u, std::string("bob@h:1/x"));
    }
};

QTEST_APPLESS_MAIN(CoreTest)
#include "test_core.moc"
