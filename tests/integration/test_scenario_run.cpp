#include <QtTest>
#include <map>
#include <set>

#include "engine/generate/clock.h"
#include "engine/generate/compiler.h"
#include "engine/generate/session.h"
#include "engine/generate/value_json_writer.h"
#include "engine/kafka/consumer.h"
#include "engine/kafka/embedded_cluster.h"
#include "engine/postgres/connection.h"
#include "engine/run/scenario_run.h"
#include "engine/scenario/builtin_scenarios.h"
#include "engine/scenario/diagnostic.h"
#include "support/enum_name.h"
#include "support/test_env.h"

using namespace riverdelta;

namespace {

std::unique_ptr<generate::Program> builtin() {
    scenario::Diagnostics diags;
    auto program = generate::loadProgram(scenario::builtinScenarioPath(), {}, diags);
    if (!program) qFatal("built-in scenario: %s", diags.format().c_str());
    return program;
}

// What `sample` gives for the same seed and clock, by target: payload JSON in emission order.
std::map<std::string, std::vector<std::pair<std::string, std::string>>> expectedEvents(
    const generate::Program& program, std::uint64_t seed, const generate::RunClock& clock,
    int lastStage) {
    generate::Session session(program, {.seed = seed, .clock = &clock});
    generate::Event ev;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> out;
    // Tables hold their rows as the updates left them: each update sets its columns on the
    // rows its where matches, in event order, as the sink's statements do.
    std::map<std::string, std::vector<nlohmann::json>> rows;
    while (session.next(ev) == generate::Session::Status::Event && ev.stage <= lastStage) {
        const auto& info = program.generators()[ev.generator];
        if (info.kind == generate::TargetKind::Topic) {
            out[info.target].emplace_back(std::string(ev.keyJson), std::string(ev.payloadJson));
            continue;
        }
        auto& table = rows[info.target];
        if (ev.op == generate::RowOp::Insert) {
            table.push_back(nlohmann::json::parse(ev.payloadJson));
            continue;
        }
        std::string whereJson;
        generate::ValueJsonWriter(whereJson).value(ev.where);
        const auto where = nlohmann::json::parse(whereJson);
        const auto set = nlohmann::json::parse(ev.payloadJson);
        for (auto& row : table) {
            bool match = true;
            for (const auto& [column, value] : where.items())
                match = match && row[column] == value;
            if (!match) continue;
            for (const auto& [column, value] : set.items())
                row[column] = value;
        }
    }
    for (const auto& [table, list] : rows)
        for (const auto& row : list)
            out[table].emplace_back("null", row.dump());
    return out;
}

std::string withDatabase(const std::string& conninfo, const std::string& db) {
    std::string out = conninfo;
    const auto at = out.find("dbname=");
    if (at != std::string::npos)
        out.erase(at, out.find(' ', at) == std::string::npos ? std::string::npos
                                                             : out.find(' ', at) - at + 1);
    return out + " dbname=" + db;
}

}  // namespace

class ScenarioRunTest : public QObject {
    Q_OBJECT
  private slots:
    void builtInStagesOneAndTwoLandExactly() {
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        const std::string db = testing::uniqueName("run").substr(0, 40);
        std::string dbName;
        for (char c : db)
            dbName += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        postgres::Connection(conninfo).exec("CREATE DATABASE " + dbName);
        const std::string target = withDatabase(conninfo, dbName);

        auto program = builtin();
        const generate::FixedClock clock(1'790'000'000'000);
        const std::vector<std::string> topics = {"clickstream", "bookings", "hotel_reviews"};
        kafka::ClientConfig kc;
        kc.bootstrapServers = bootstrap;
        std::map<std::string, std::int64_t> startOffsets;
        {
            kafka::Consumer probe(kc);
            for (const auto& t : topics) {
                try {
                    startOffsets[t] = probe.queryWatermarks(t, 0, std::chrono::seconds(5)).high;
                } catch (const std::exception&) {
                    startOffsets[t] = 0;  // the run creates it
                }
            }
        }
        run::TargetOverrides overrides;
        overrides.kafka = run::KafkaTarget{.config = kc, .label = bootstrap};
        overrides.postgres = run::PostgresTarget{target, std::nullopt};
        run::RunOptions options{.seed = 7, .lastStage = 2, .runId = dbName, .clock = &clock};
        run::ScenarioRun scenario(*program, run::resolveTargets(*program, overrides), options);
        scenario.start();
        QVERIFY(scenario.waitFinished(std::chrono::minutes(5)));
        const auto status = scenario.status();
        QVERIFY2(status.state == run::RunState::Finished, status.error.c_str());
        std::map<std::string, std::uint64_t> acked;
        for (const auto& s : status.streams)
            acked[s.name] = s.acknowledged;
        QCOMPARE(acked["customer"], std::uint64_t(1000));
        QCOMPARE(acked["hotel"], std::uint64_t(30));
        QCOMPARE(acked["clickstream_historical"], std::uint64_t(3000));
        QCOMPARE(acked["bookings_historical"], std::uint64_t(400));
        QCOMPARE(acked["reviews_historical"], std::uint64_t(200));
        QCOMPARE(acked["clickstream_streaming"], std::uint64_t(0));

        const auto expected = expectedEvents(*program, 7, clock, 2);
        // PostgreSQL: every row equals the generated one.
        postgres::Connection pg(target);
        for (const std::string table : {"cdc.customer", "cdc.hotel"}) {
            auto rows = pg.exec("SELECT row_to_json(t)::text FROM " + table + " t");
            const auto& want = expected.at(table);
            QCOMPARE(static_cast<std::size_t>(rows.rows()), want.size());
            std::multiset<std::string> got, wanted;
            for (int r = 0; r < rows.rows(); ++r)
                got.insert(nlohmann::json::parse(rows.value(r, 0)).dump());
            for (const auto& [key, row] : want)
                wanted.insert(nlohmann::json::parse(row).dump());
            QVERIFY2(got == wanted, table.c_str());
        }
        // Kafka: the messages, in order, equal the generated ones.
        for (const auto& topic : topics) {
            kafka::Consumer consumer(kc);
            consumer.assign(
                std::vector<kafka::TopicPartitionOffset>{{topic, 0, startOffsets[topic]}});
            const auto& want = expected.at(topic);
            std::size_t i = 0;
            while (i < want.size()) {
                auto m = consumer.poll(std::chrono::seconds(10));
                QVERIFY2(m.has_value(), ("missing messages in " + topic).c_str());
                if (m->isPartitionEof()) continue;
                QCOMPARE(std::string(m->payload()), want[i].second);
                QCOMPARE(std::string(m->key()),
                         want[i].first == "null" ? std::string() : want[i].first);
                ++i;
            }
            auto w = consumer.queryWatermarks(topic, 0, std::chrono::seconds(5));
            QCOMPARE(w.high - startOffsets[topic], static_cast<std::int64_t>(want.size()));
        }
        pg.exec("SELECT 1");
    }

    void stopDeliversAndCountsWhatIsInFlight() {
        kafka::EmbeddedCluster cluster;
        auto program = builtin();
        run::TargetOverrides overrides;
        kafka::ClientConfig kc;
        kc.bootstrapServers = cluster.bootstrapServers();
        overrides.kafka = run::KafkaTarget{.config = kc, .embedded = &cluster, .label = "embedded"};
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        overrides.postgres = run::PostgresTarget{conninfo, postgres::TablePolicy::DropAndCreate};
        run::ScenarioRun scenario(*program, run::resolveTargets(*program, overrides),
                                  {.seed = 3, .speed = 50, .runId = testing::uniqueName("stop")});
        scenario.start();
        // Stopped mid-stream: a streaming generator has delivered some clicks, not all.
        const auto streamedClicks = [&] {
            std::uint64_t n = 0;
            for (const auto& s : scenario.status().streams)
                if (s.stage == 3 && s.target == "clickstream") n += s.acknowledged;
            return n;
        };
        QTRY_VERIFY_WITH_TIMEOUT(streamedClicks() >= 3, 120000);
        scenario.stop();
        const auto status = scenario.status();
        QCOMPARE(testing::nameOf(status.state), testing::nameOf(run::RunState::Stopped));
        kafka::Consumer consumer(kc);
        for (const auto& s : status.streams) {
            QCOMPARE(s.failed, std::uint64_t(0));
            QCOMPARE(s.acknowledged, s.generated);  // nothing half-delivered
        }
        std::uint64_t clicks = 0;
        for (const auto& s : status.streams)
            if (s.target == "clickstream") clicks += s.acknowledged;
        QCOMPARE(static_cast<std::uint64_t>(
                     consumer.queryWatermarks("clickstream", 0, std::chrono::seconds(5)).high),
                 clicks);
    }

    void unreachableBrokerFailsWithTheReason() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        auto program = builtin();
        run::TargetOverrides overrides;
        kafka::ClientConfig kc;
        kc.bootstrapServers = "127.0.0.1:9";  // nothing listens on the discard port
        kc.set("message.timeout.ms", "3000").set("socket.connection.setup.timeout.ms", "1000");
        overrides.kafka = run::KafkaTarget{.config = kc, .label = "127.0.0.1:9"};
        overrides.postgres = run::PostgresTarget{conninfo, postgres::TablePolicy::DropAndCreate};
        run::ScenarioRun scenario(*program, run::resolveTargets(*program, overrides),
                                  {.seed = 3, .runId = testing::uniqueName("down")});
        scenario.start();
        QVERIFY(scenario.waitFinished(std::chrono::minutes(2)));
        const auto status = scenario.status();
        QCOMPARE(testing::nameOf(status.state), testing::nameOf(run::RunState::Failed));
        QVERIFY2(!status.error.empty(), "no reason given");
    }
};

QTEST_GUILESS_MAIN(ScenarioRunTest)
#include "test_scenario_run.moc"
