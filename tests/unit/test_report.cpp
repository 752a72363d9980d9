// Run report pieces without servers: bounded time series, the recorder's rates and totals,
// the reference rules read from the built-in scenario, the JSON shape, when a chart's value
// axis turns logarithmic, and the count checks on a run still going (pending, never failed,
// while events are in flight) and on a finished one.
#include <QtTest>

#include "engine/metrics/rate_scale.h"
#include "engine/report/count_checks.h"
#include "engine/report/report_json.h"
#include "engine/report/run_recorder.h"
#include "engine/report/scenario_intent.h"
#include "engine/scenario/builtin_scenarios.h"

using namespace riverdelta;

class ReportTest : public QObject {
    Q_OBJECT
  private slots:
    void timeSeriesStaysBoundedAndKeepsTheMean() {
        report::TimeSeries series(100);
        double sum = 0;
        for (int i = 1; i <= 10000; ++i) {
            series.add(i, i % 7);
            sum += i % 7;
        }
        QVERIFY(series.points().size() <= 100);
        QVERIFY(series.points().size() >= 50);
        QVERIFY(series.merges() > 0);
        // Every stored point covers the same number of samples, so their mean is the samples'.
        std::vector<double> values;
        for (const auto& p : series.points())
            values.push_back(p.v);
        const double covered = static_cast<double>(values.size()) * (1 << series.merges());
        QVERIFY(std::abs(report::mean(values) - sum / 10000) < 0.05);
        QVERIFY(covered <= 10000 && covered > 10000 - (1 << series.merges()));
        QVERIFY(series.points().back().t <= 10000 &&
                series.points().back().t > 10000 - (1 << series.merges()));
        QCOMPARE(report::percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 95), 10.0);
        QCOMPARE(report::percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 50), 5.0);
    }

    void aBurstNextToATrickleNeedsALogScale() {
        using metrics::needsLogScale;
        // A second of historical events, then a stream at a few a second; zeros in between.
        const std::vector<double> burstThenTrickle = {0, 5000, 4800, 0, 0, 6, 8, 6, 0, 8, 6};
        QVERIFY(needsLogScale(burstThenTrickle));
        // The trickle alone, the burst alone, a steady rate with noise: linear reads best.
        QVERIFY(!needsLogScale(std::vector<double>{0, 6, 8, 6, 0, 8, 6}));
        QVERIFY(!needsLogScale(std::vector<double>{0, 5000, 4800, 5200, 0, 0}));
        QVERIFY(!needsLogScale(std::vector<double>{100, 180, 20, 150, 2900}));
        // Too few non-zero rates to call anything steady; nothing at all.
        QVERIFY(!needsLogScale(std::vector<double>{0, 0, 5000, 2, 0}));
        QVERIFY(!needsLogScale({}));
    }

    void recorderRatesAndTotals() {
        report::RunRecorder recorder;
        run::RunStatus s;
        s.state = run::RunState::Running;
        s.stageCount = 1;
        s.startedAt = std::chrono::system_clock::now();
        s.stageStarted = {s.startedAt};
        s.streams.resize(2);
        s.streams[0] = {.name = "a", .target = "t", .stage = 0, .state = run::StreamState::Running};
        s.streams[1] = {.name = "b", .target = "t", .stage = 0, .state = run::StreamState::Running};
        const auto t0 = std::chrono::steady_clock::now();
        recorder.sample(s, t0);
        for (int i = 1; i <= 10; ++i) {
            s.streams[0].acknowledged = 100u * static_cast<unsigned>(i);  // 100/s
            s.streams[1].acknowledged = 10u * static_cast<unsigned>(i);   // 10/s
            s.streams[0].bytes = 1000u * static_cast<unsigned>(i);
            recorder.sample(s, t0 + std::chrono::seconds(i));
            // Samples closer than the interval only refresh the totals.
            recorder.sample(s, t0 + std::chrono::seconds(i) + std::chrono::milliseconds(300));
        }
        s.state = run::RunState::Finished;
        for (auto& st : s.streams)
            st.state = run::StreamState::Done;
        s.endedAt = s.startedAt + std::chrono::seconds(10);
        recorder.sample(s, t0 + std::chrono::seconds(11));
        const auto r = recorder.report();
        QCOMPARE(r.state, std::string("finished"));
        QVERIFY(r.complete);
        QCOMPARE(r.generators.size(), std::size_t(2));
        QVERIFY(std::abs(r.generators[0].rateP95 - 100) < 1);
        QVERIFY(std::abs(r.generators[1].rateMean - 10) < 0.2);
        QCOMPARE(r.topics.size(), std::size_t(1));
        QCOMPARE(r.topics[0].acknowledged, std::uint64_t(1100));
        QCOMPARE(r.topics[0].bytes, std::uint64_t(10000));
        QVERIFY(r.topics[0].messagesPerSecond.size() >= 10);
        QVERIFY(std::abs(r.topics[0].messagesPerSecond[3].v - 110) < 2);
        QVERIFY(std::abs(r.topics[0].bytesPerSecond[3].v - 1000) < 20);
        QCOMPARE(r.stages.size(), std::size_t(1));
        QVERIFY(r.stages[0].ended.has_value());
        const auto j = report::toJson(r);
        QCOMPARE(j["schemaVersion"].get<int>(), report::kSchemaVersion);
        QCOMPARE(j["topics"][0]["messagesPerSecond"][3].size(), std::size_t(2));
        QVERIFY(j["cdc"].is_null());
    }

    void rulesFromTheBuiltInScenario() {
        const auto rules = report::referenceRulesFromFile(scenario::builtinScenarioPath(), {});
        auto find = [&](const std::string& id) -> const report::ReferenceRule* {
            for (const auto& r : rules)
                if (r.id() == id) return &r;
            return nullptr;
        };
        const auto* email = find("clickstream.customer_email");
        QVERIFY(email);
        QVERIFY(email->sourceIsTable);
        QCOMPARE(email->source, std::string("cdc.customer"));
        QCOMPARE(email->sourceField, std::string("email"));
        QVERIFY(email->hot.has_value());
        QCOMPARE(email->hot->populationShare, 0.2);
        QCOMPARE(email->hot->eventShare, 0.8);
        const auto* hotel = find("clickstream.hotel_id");  // through the hotelId variable
        QVERIFY(hotel);
        QCOMPARE(hotel->source, std::string("cdc.hotel"));
        QVERIFY(!hotel->hot);
        QVERIFY(find("bookings.customer_email"));
        QVERIFY(find("bookings.hotel_id"));
        const auto* review = find("hotel_reviews.booking_id");
        QVERIFY(review);
        QVERIFY(!review->sourceIsTable);
        QCOMPARE(review->source, std::string("bookings"));
        QCOMPARE(review->sourceField, std::string("booking_id"));
        QVERIFY(review->unique);
    }

    // The report exported mid-run in issue 16: 209 messages in the topic, 208 acknowledged at
    // the last sample, the Delta table one record behind its topic.
    void inFlightEventsArePendingNotFailed() {
        using report::CheckOutcome;
        const auto midRun = report::topicCountCheck("clickstream", 208, 0, 209, false);
        QCOMPARE(midRun.outcome, CheckOutcome::Pending);
        QVERIFY2(midRun.observed.find("208 of 209 acknowledged, 1 in flight") != std::string::npos,
                 midRun.observed.c_str());
        QCOMPARE(midRun.figures.at("inFlight"), 1.0);
        // The same numbers once the run ended: nothing can be in flight, a real mismatch.
        QCOMPARE(report::topicCountCheck("clickstream", 208, 0, 209, true).outcome,
                 CheckOutcome::Failed);
        // Acknowledged events missing from the topic fail even mid-run; equal counts pass.
        QCOMPARE(report::topicCountCheck("clickstream", 210, 0, 209, false).outcome,
                 CheckOutcome::Failed);
        QCOMPARE(report::topicCountCheck("clickstream", 209, 100, 309, true).outcome,
                 CheckOutcome::Passed);

        report::DeltaTableReport delta;
        delta.topic = "clickstream";
        delta.state = "Syncing";
        delta.partitions = {{0, 207, 209}};  // 208 committed
        const auto lagging = report::deltaCaughtUpCheck(delta, 209, 1);
        QCOMPARE(lagging.outcome, CheckOutcome::Pending);
        QVERIFY2(
            lagging.observed.find("208 of 209 records committed, 1 in flight") != std::string::npos,
            lagging.observed.c_str());
        delta.state = "Failed";  // a sync that stopped for good does not catch up
        QCOMPARE(report::deltaCaughtUpCheck(delta, 209, 1).outcome, CheckOutcome::Failed);
        delta.state = "Caught up";
        delta.partitions = {{0, 208, 209}};
        QCOMPARE(report::deltaCaughtUpCheck(delta, 209, 0).outcome, CheckOutcome::Passed);

        report::CdcReport cdc;
        cdc.state = "Streaming";
        cdc.lagBytes = 120;
        const report::CdcTableReport customer{"cdc.customer", 990};
        const auto capturing = report::cdcTableCheck(cdc, customer, 1000, false);
        QCOMPARE(capturing.outcome, CheckOutcome::Pending);
        QVERIFY2(capturing.observed.find("990 of 1,000 rows written arrived as events, 10 in "
                                         "flight") != std::string::npos,
                 capturing.observed.c_str());
        cdc.lagBytes = 0;  // finished run, capture caught up, rows still missing: a real loss
        QCOMPARE(report::cdcTableCheck(cdc, customer, 1000, true).outcome, CheckOutcome::Failed);
        cdc.state = "Failed";
        QCOMPARE(report::cdcTableCheck(cdc, customer, 1000, false).outcome, CheckOutcome::Failed);
        QCOMPARE(report::cdcTableCheck(cdc, {"cdc.customer", 1000}, 1000, true).outcome,
                 CheckOutcome::Passed);

        QVERIFY(report::referencesMayBeInFlight(2, 3, false));
        QVERIFY(!report::referencesMayBeInFlight(4, 3, false));
        QVERIFY(!report::referencesMayBeInFlight(2, 3, true));

        // The JSON counts them apart; none is a failure.
        report::RunReport r;
        r.validated = true;
        r.checks = {midRun, lagging, capturing,
                    report::topicCountCheck("bookings", 42, 0, 42, false)};
        QCOMPARE(r.checksFailed(), std::size_t(0));
        QCOMPARE(r.checksPending(), std::size_t(3));
        const auto j = report::toJson(r);
        QCOMPARE(j["validation"]["pending"].get<int>(), 3);
        QCOMPARE(j["validation"]["checks"][0]["outcome"].get<std::string>(),
                 std::string("pending"));
    }

    // delta-rows holds the table's invariant across runs: offsets an earlier run skipped
    // (the table's unwritten count) are not "missing rows" for a later one.
    void deltaRowsCheckUsesTheTablesUnwrittenCount() {
        using report::CheckOutcome;
        report::DeltaTableReport delta;
        delta.topic = "bookings";
        delta.partitions = {{0, 599, 600}, {1, 399, 400}, {2, -1, 0}};  // 1,000 offsets
        delta.rows = 990;
        delta.skipped = 0;     // this run skipped nothing...
        delta.unwritten = 10;  // ...an earlier one skipped 10 (or tombstones, gaps)
        const auto held = report::deltaRowsCheck(delta);
        QCOMPARE(held.id, std::string("delta-rows:bookings"));
        QCOMPARE(held.outcome, CheckOutcome::Passed);
        QCOMPARE(held.figures.at("unwritten"), 10.0);
        QCOMPARE(held.figures.at("committedOffsets"), 1000.0);
        // A row lost: the invariant breaks, the text gives the three numbers.
        delta.rows = 989;
        const auto broken = report::deltaRowsCheck(delta);
        QCOMPARE(broken.outcome, CheckOutcome::Failed);
        QVERIFY2(broken.observed.find("989 rows + 10 offsets without a row") != std::string::npos &&
                     broken.observed.find("cover 1,000 records") != std::string::npos,
                 broken.observed.c_str());
        // A table from before the count: this run's skipped records stand in for it.
        delta.unwritten.reset();
        delta.rows = 995;
        delta.skipped = 5;
        QCOMPARE(report::deltaRowsCheck(delta).outcome, CheckOutcome::Passed);
    }

    void isoTimes() {
        const auto t =
            std::chrono::system_clock::time_point(std::chrono::milliseconds(1764024965123));
        QCOMPARE(report::isoTime(t), std::string("2025-11-24T22:56:05.123Z"));
    }
};

QTEST_GUILESS_MAIN(ReportTest)
#include "test_report.moc"
