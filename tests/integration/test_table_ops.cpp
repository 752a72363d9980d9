// TableSink against a real PostgreSQL: Event::op updates, deletes and upserts with `where` run as
// SQL statements in event order (change data capture sees u and d), a where that matches no row
// is counted, and a resumed writer applies nothing twice.
#include <QtTest>

#include "engine/cdc/pg_source.h"
#include "engine/generate/program.h"
#include "engine/generate/session.h"
#include "engine/postgres/connection.h"
#include "engine/run/run_targets.h"
#include "engine/run/stream_counters.h"
#include "engine/run/table_sink.h"
#include "integration/cdc_test_support.h"

using namespace riverdelta;
using namespace riverdelta::testing;

namespace {

// One event's row and where, kept alive while the sink reads them.
struct OpEvent {
    generate::RowOp op;
    std::vector<std::pair<std::string, std::optional<std::int64_t>>> row;  // "id" → text
    std::string id;       // the row's id, when the row has one
    std::string whereId;  // empty: no where
};

class EventBuilder {
  public:
    generate::Event make(std::uint64_t sequence, const OpEvent& e) {
        auto& members = members_.emplace_back();
        if (!e.id.empty()) members.push_back({"id", generate::Value::ofString(e.id)});
        for (const auto& [name, value] : e.row)
            members.push_back(
                {name, value ? generate::Value::ofInt(*value) : generate::Value::null()});
        auto& where = members_.emplace_back();
        if (!e.whereId.empty()) where.push_back({"id", generate::Value::ofString(e.whereId)});
        generate::Event ev;
        ev.generator = 0;
        ev.sequence = sequence;
        ev.op = e.op;
        ev.payload =
            generate::Value::ofObject(members.data(), static_cast<std::uint32_t>(members.size()));
        if (!where.empty())
            ev.where =
                generate::Value::ofObject(where.data(), static_cast<std::uint32_t>(where.size()));
        return ev;
    }

  private:
    std::deque<std::vector<generate::Member>> members_;
};

generate::GeneratorInfo opsTable() {
    generate::GeneratorInfo info;
    info.name = "ops";
    info.kind = generate::TargetKind::Table;
    info.target = "ops";
    info.connectionKind = "postgres";
    info.columns = {{"id", generate::ValueKind::String, "TEXT PRIMARY KEY"},
                    {"v", generate::ValueKind::Int, ""}};
    return info;
}

const std::vector<OpEvent> kEvents = {
    {generate::RowOp::Insert, {{"v", 1}}, "a", ""},
    {generate::RowOp::Insert, {{"v", 2}}, "b", ""},
    {generate::RowOp::Update, {{"v", 10}}, "", "a"},
    {generate::RowOp::Delete, {}, "", "b"},
    {generate::RowOp::Update, {{"v", 5}}, "", "nobody"},  // matches no row: counted
    {generate::RowOp::Upsert, {{"v", 7}}, "a", ""},       // conflicts on the primary key
    {generate::RowOp::Upsert, {{"v", 3}}, "c", ""},       // new row
    {generate::RowOp::Insert, {{"v", 4}}, "d", ""},       // an insert after statements
    {generate::RowOp::Delete, {}, "", "gone"},            // matches no row: counted
};

std::map<std::string, std::int64_t> tableRows(postgres::Connection& pg) {
    std::map<std::string, std::int64_t> out;
    const auto r = pg.exec("SELECT id, v FROM public.ops");
    for (int i = 0; i < r.rows(); ++i)
        out[std::string(r.value(i, 0))] = std::stoll(std::string(r.value(i, 1)));
    return out;
}

}  // namespace

class TableOpsTest : public QObject {
    Q_OBJECT
  private:
    std::string conninfo_, bootstrap_, database_, db_;

  private slots:
    void init() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        conninfo_ = conninfo;
        bootstrap_ = bootstrap;
        database_ = lowerUnique("table_ops");
        db_ = createDatabase(conninfo_, database_);
    }
    void cleanup() { dropDatabase(conninfo_, database_); }

    void updatesDeletesUpsertsReachCdcOnceAndResume() {
        const auto info = opsTable();
        run::PostgresTarget target;
        target.conninfo = db_;
        run::StreamCounters counters;
        auto sink = std::make_unique<run::TableSink>(target, info, "ops-test", nullptr, counters);
        QCOMPARE(sink->resumeAfter(), std::int64_t(0));

        // Capture the table (created by the sink) before anything is written to it.
        const auto options = sourceOptions(db_, bootstrap_, {"public.ops"});
        cdc::PgSource source(options);
        source.start();
        cdc::SourceStatus s;
        QVERIFY2(waitForStatus(source, streamingWithAcknowledged(0), std::chrono::seconds(90), &s),
                 s.failureReason.c_str());

        EventBuilder builder;
        for (std::size_t i = 0; i < kEvents.size(); ++i)
            sink->deliver(builder.make(i, kEvents[i]));
        sink->flushDue(true);
        QCOMPARE(counters.acknowledged.load(), std::uint64_t(kEvents.size()));
        QCOMPARE(counters.unmatched.load(), std::uint64_t(2));

        postgres::Connection pg(db_);
        const std::map<std::string, std::int64_t> expected = {{"a", 7}, {"c", 3}, {"d", 4}};
        QCOMPARE(tableRows(pg), expected);

        // CDC: inserts a, b, c (upsert), d; updates a twice (update, upsert); delete b.
        const std::string topic = options.topicPrefix + ".public.ops";
        const auto records = readTopic(bootstrap_, topic, 20, std::chrono::seconds(15));
        auto ops = countOps(records);
        QCOMPARE(ops["c"], 4);
        QCOMPARE(ops["u"], 2);
        QCOMPARE(ops["d"], 1);
        source.stop();

        // A resumed writer with the same id skips every event it committed.
        sink.reset();
        run::StreamCounters again;
        run::TableSink resumed(target, info, "ops-test", nullptr, again);
        QCOMPARE(resumed.resumeAfter(), std::int64_t(kEvents.size()));
        EventBuilder builder2;
        for (std::size_t i = 0; i < kEvents.size(); ++i)
            resumed.deliver(builder2.make(i, kEvents[i]));
        resumed.flushDue(true);
        QCOMPARE(again.acknowledged.load(), std::uint64_t(0));
        QCOMPARE(again.unmatched.load(), std::uint64_t(0));
        QCOMPARE(tableRows(pg), expected);

        // New events after the committed ones are applied, in order with inserts.
        const std::vector<OpEvent> more = {{generate::RowOp::Insert, {{"v", 8}}, "e", ""},
                                           {generate::RowOp::Update, {{"v", 9}}, "", "e"}};
        for (std::size_t i = 0; i < more.size(); ++i)
            resumed.deliver(builder2.make(kEvents.size() + i, more[i]));
        resumed.flushDue(true);
        QCOMPARE(again.acknowledged.load(), std::uint64_t(2));
        QCOMPARE(tableRows(pg)["e"], std::int64_t(9));
    }

    void updateWithoutWhereIsRefused() {
        const auto info = opsTable();
        run::PostgresTarget target;
        target.conninfo = db_;
        run::StreamCounters counters;
        run::TableSink sink(target, info, "ops-nowhere", nullptr, counters);
        EventBuilder builder;
        sink.deliver(builder.make(0, {generate::RowOp::Update, {{"v", 1}}, "", ""}));
        QVERIFY_THROWS_EXCEPTION(std::exception, sink.flushDue(true));
    }
};

QTEST_GUILESS_MAIN(TableOpsTest)
#include "test_table_ops.moc"
