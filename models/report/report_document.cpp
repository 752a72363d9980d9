#include "models/report/report_document.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>
#include <array>
#include <cmath>

#include "models/report/report_charts.h"

namespace riverdelta::report {

namespace {

QString str(const std::string& s) {
    return QString::fromStdString(s);
}

QString time(const TimePoint& t) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
               .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
           QStringLiteral(" UTC");
}

QString time(const std::optional<TimePoint>& t) {
    return t ? time(*t) : QStringLiteral("–");
}

QString num(double v, int decimals = 0) {
    return QString::number(v, 'f', decimals);
}

QString count(std::uint64_t v) {
    QString s = QString::number(v);
    for (auto i = s.size() - 3; i > 0; i -= 3)
        s.insert(i, QLatin1Char(','));
    return s;
}
QString count(std::int64_t v) {
    return v < 0 ? QStringLiteral("-") + count(static_cast<std::uint64_t>(-v))
                 : count(static_cast<std::uint64_t>(v));
}

// Between a number and its unit: the two never end up on different lines.
constexpr QChar kNbsp(0x00a0);

QString duration(double seconds) {
    if (seconds < 10) return num(seconds, 2) + kNbsp + QLatin1Char('s');
    if (seconds < 60) return num(seconds, 1) + kNbsp + QLatin1Char('s');
    const long long s = std::llround(seconds);
    if (s < 3600) return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

DocCell cell(const QString& text) {
    return {{TextRun{text}}, {}};
}

// A name with a secondary line below it (a topic's location, a check's id).
DocCell cell(const QString& text, const QString& secondary) {
    DocCell c{{TextRun{text}}, {}};
    if (!secondary.isEmpty()) c.lines.push_back({secondary, Tone::Muted, false, true});
    return c;
}

DocCell outcomeCell(CheckOutcome o) {
    switch (o) {
        case CheckOutcome::Passed:
            return {{{QStringLiteral("PASS"), Tone::Pass, true}}, QColor(0xdf, 0xf3, 0xe3)};
        case CheckOutcome::Failed:
            return {{{QStringLiteral("FAIL"), Tone::Fail, true}}, QColor(0xfb, 0xe0, 0xe0)};
        case CheckOutcome::Skipped:
            return {{{QStringLiteral("SKIP"), Tone::Skip, true}}, QColor(0xee, 0xee, 0xee)};
        case CheckOutcome::Pending:
            return {{{QStringLiteral("PENDING"), Tone::Pending, true}}, QColor(0xfd, 0xf0, 0xd5)};
    }
    return {};
}

DocTable table(std::initializer_list<const char*> headers, std::initializer_list<int> right = {}) {
    DocTable t;
    int i = 0;
    for (const char* h : headers) {
        t.columns.push_back(
            {QString::fromUtf8(h), std::find(right.begin(), right.end(), i) != right.end()});
        ++i;
    }
    return t;
}

// Two columns without a header row: the Run and CDC summaries.
DocTable keyValue() {
    return DocTable{{{QString(), false}, {QString(), false}}, {}};
}

DocBlock heading(const QString& text) {
    DocBlock b;
    b.kind = DocBlock::Kind::Heading;
    b.text = {text};
    return b;
}
DocBlock subHeading(const QString& text) {
    DocBlock b;
    b.kind = DocBlock::Kind::SubHeading;
    b.text = {text};
    return b;
}
DocBlock paragraph(TextRun text) {
    DocBlock b;
    b.kind = DocBlock::Kind::Paragraph;
    b.text = std::move(text);
    return b;
}
DocBlock tableBlock(DocTable t) {
    DocBlock b;
    b.kind = DocBlock::Kind::Table;
    b.table = std::move(t);
    return b;
}

QImage topicChart(const TopicReport& topic, int width, qreal scale) {
    std::vector<ChartSeries> series;
    series.push_back(
        {QStringLiteral("messages/s"), QColor(0x1f, 0x6f, 0xb5), topic.messagesPerSecond, false});
    std::vector<SeriesPoint> kib;
    for (const auto& p : topic.bytesPerSecond)
        kib.push_back({p.t, p.v / 1024.0});
    series.push_back({QStringLiteral("KiB/s"), QColor(0xd9, 0x7a, 0x1c), kib, true});
    return renderChart(
        QStringLiteral("Topic %1: throughput").arg(QString::fromStdString(topic.name)),
        QStringLiteral("messages/s"), QStringLiteral("KiB/s"), series, QSize(width, width * 3 / 8),
        scale);
}

}  // namespace

bool DocTable::hasHeader() const {
    return std::any_of(columns.begin(), columns.end(),
                       [](const DocColumn& c) { return !c.header.isEmpty(); });
}

QString byteSize(double b) {
    // As the console's throughput chart: binary units, one decimal below 10.
    static constexpr std::array units = {"B", "KiB", "MiB", "GiB", "TiB"};
    std::size_t u = 0;
    for (; b >= 1024 && u + 1 < units.size(); ++u)
        b /= 1024;
    const QString v = b == 0 ? QStringLiteral("0") : b < 10 && u > 0 ? num(b, 1) : num(b, 0);
    return v + kNbsp + QLatin1String(units[u]);
}

QString freshnessText(double ms) {
    // As the console's lake sync table: ms below a second, then seconds.
    if (ms < 1000) return num(ms, 0) + kNbsp + QStringLiteral("ms");
    return num(ms / 1000.0, ms < 10000 ? 1 : 0) + kNbsp + QLatin1Char('s');
}

TextRun checksVerdict(const RunReport& r) {
    const auto failed = r.checksFailed(), passed = r.checksPassed(), pending = r.checksPending();
    const auto skipped = r.checks.size() - failed - passed - pending;
    QStringList rest;
    if (!r.validated) return {QStringLiteral("pipeline not validated"), Tone::Muted};
    if (failed) {
        rest << QStringLiteral("%1 passed").arg(passed);
        if (pending) rest << QStringLiteral("%1 pending").arg(pending);
        if (skipped) rest << QStringLiteral("%1 skipped").arg(skipped);
        return {QStringLiteral("%1 of %2 checks FAILED (%3)")
                    .arg(failed)
                    .arg(r.checks.size())
                    .arg(rest.join(QStringLiteral(", "))),
                Tone::Fail, true};
    }
    if (skipped) rest << QStringLiteral("%1 skipped").arg(skipped);
    if (pending)
        return {QStringLiteral("%1 of %2 checks passed, %3 pending: the run is still going, events "
                               "are in flight%4")
                    .arg(passed)
                    .arg(r.checks.size())
                    .arg(pending)
                    .arg(rest.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(rest.first())),
                Tone::Pending, true};
    return {QStringLiteral("%1 of %2 checks passed%3")
                .arg(passed)
                .arg(r.checks.size())
                .arg(rest.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(rest.first())),
            Tone::Pass, true};
}

ReportDocument reportDocument(const RunReport& r, int chartWidth, qreal chartScale) {
    ReportDocument d;
    d.appName = str(r.appName);
    d.title = r.scenarioName.empty() ? QStringLiteral("(unnamed scenario)") : str(r.scenarioName);
    d.verdict = checksVerdict(r);
    d.facts.push_back(
        {QStringLiteral("Run"),
         {str(r.state) +
          (r.complete ? QString() : QStringLiteral(" (still running when exported)"))}});
    d.facts.push_back({QStringLiteral("Started"), {time(r.startedAt)}});
    d.facts.push_back({QStringLiteral("Ended"), {time(r.endedAt)}});
    d.facts.push_back({QStringLiteral("Duration"), {duration(r.durationSeconds)}});
    d.facts.push_back({QStringLiteral("Validation"), d.verdict});
    d.facts.push_back(
        {QStringLiteral("Seed / speed"), {QStringLiteral("%1 / %2×").arg(r.seed).arg(r.speed)}});
    d.facts.push_back({QStringLiteral("Generated"),
                       {time(r.generatedAt) +
                        QStringLiteral(" by %1 %2").arg(str(r.appName), str(r.appVersion))}});
    d.footer = QStringLiteral("Generated %1 by %2 %3.")
                   .arg(time(r.generatedAt), str(r.appName), str(r.appVersion));
    auto& b = d.blocks;

    b.push_back(heading(QStringLiteral("Run")));
    {
        DocTable t = keyValue();
        auto kv = [&](const char* k, const QString& v) {
            t.rows.push_back({cell(QString::fromUtf8(k)), cell(v)});
        };
        kv("Application", str(r.appName) + QLatin1Char(' ') + str(r.appVersion));
        kv("Scenario", d.title);
        kv("Scenario file", str(r.scenarioFile));
        kv("Seed", QString::number(r.seed));
        kv("Speed", QStringLiteral("%1×").arg(r.speed));
        kv("State",
           str(r.state) + (r.error.empty() ? QString() : QStringLiteral(": ") + str(r.error)));
        kv("Started", time(r.startedAt));
        kv("Ended", time(r.endedAt));
        kv("Duration", duration(r.durationSeconds));
        b.push_back(tableBlock(std::move(t)));
    }

    if (!r.endpoints.empty()) {
        b.push_back(subHeading(QStringLiteral("Endpoints")));
        DocTable t = table({"kind", "connection", "hosts", "profile"});
        for (const auto& e : r.endpoints)
            t.rows.push_back(
                {cell(str(e.kind)),
                 cell(e.connection.empty() ? QStringLiteral("(default)") : str(e.connection)),
                 cell(str(e.hosts)),
                 cell(e.profile.empty() ? QStringLiteral("–") : str(e.profile))});
        b.push_back(tableBlock(std::move(t)));
    }

    b.push_back(heading(QStringLiteral("Validation")));
    if (!r.validated) {
        b.push_back(paragraph(
            {QStringLiteral("The pipeline was not read back (no checks ran)."), Tone::Muted}));
    } else {
        b.push_back(paragraph(d.verdict));
        DocTable t = table({"result", "check", "observed"});
        for (const auto& c : r.checks)
            t.rows.push_back(
                {outcomeCell(c.outcome), cell(str(c.title), str(c.id)), cell(str(c.observed))});
        b.push_back(tableBlock(std::move(t)));
    }

    b.push_back(heading(QStringLiteral("Stage timeline")));
    {
        DocTable t = table({"stage", "generators", "started", "ended", "duration"}, {0, 4});
        for (const auto& s : r.stages) {
            DocCell gens;
            for (const auto& g : s.generators)
                gens.lines.push_back({str(g)});
            const QString dur =
                s.started && s.ended
                    ? duration(std::chrono::duration<double>(*s.ended - *s.started).count())
                : s.started ? QStringLiteral("running")
                            : QStringLiteral("not started");
            t.rows.push_back({cell(QString::number(s.index + 1)), gens, cell(time(s.started)),
                              cell(time(s.ended)), cell(dur)});
        }
        b.push_back(tableBlock(std::move(t)));
    }

    b.push_back(heading(QStringLiteral("Generators")));
    {
        DocTable t = table({"generator → target", "stage", "state", "acknowledged", "failed",
                            "mean /s", "p95 /s", "throttled"},
                           {1, 3, 4, 5, 6, 7});
        for (const auto& g : r.generators)
            t.rows.push_back(
                {cell(str(g.name), QStringLiteral("→ ") + str(g.target)),
                 cell(QString::number(g.stage + 1)), cell(str(g.state)),
                 cell(count(g.acknowledged) +
                      (g.maxEvents ? QStringLiteral(" / ") + count(*g.maxEvents) : QString())),
                 cell(count(g.failed)), cell(num(g.rateMean, 1)), cell(num(g.rateP95, 1)),
                 cell(duration(g.throttledSeconds))});
        b.push_back(tableBlock(std::move(t)));
    }

    b.push_back(heading(QStringLiteral("Kafka topics")));
    if (r.topics.empty()) {
        b.push_back(paragraph({QStringLiteral("The run wrote no topics."), Tone::Muted}));
    } else {
        DocTable t = table({"topic", "partitions", "messages (watermarks)", "written this run",
                            "acknowledged", "bytes"},
                           {1, 2, 3, 4, 5});
        for (const auto& tp : r.topics) {
            DocCell name = cell(str(tp.name));
            if (!tp.error.empty()) name.lines.push_back({str(tp.error), Tone::Fail});
            t.rows.push_back({name, cell(QString::number(tp.partitions)), cell(count(tp.messages)),
                              cell(count(tp.messagesThisRun)), cell(count(tp.acknowledged)),
                              cell(byteSize(static_cast<double>(tp.bytes)))});
        }
        b.push_back(tableBlock(std::move(t)));
        int n = 0;
        for (const auto& tp : r.topics) {
            DocBlock img;
            img.kind = DocBlock::Kind::Image;
            img.image = topicChart(tp, chartWidth, chartScale);
            img.imageName = QStringLiteral("chart-topic-%1.png").arg(n++);
            img.imageWidth = chartWidth;
            img.text = {QStringLiteral("throughput of topic %1").arg(str(tp.name))};
            b.push_back(std::move(img));
        }
    }

    b.push_back(heading(QStringLiteral("PostgreSQL tables")));
    if (r.tables.empty()) {
        b.push_back(paragraph({QStringLiteral("The run wrote no tables."), Tone::Muted}));
    } else {
        DocTable t = table({"table", "rows (read back)", "rows committed by the run"}, {1, 2});
        for (const auto& tb : r.tables) {
            DocCell rows =
                tb.rows ? cell(count(*tb.rows))
                        : DocCell{{{tb.error.empty() ? QStringLiteral("not read") : str(tb.error),
                                    Tone::Fail}},
                                  {}};
            t.rows.push_back({cell(str(tb.name)), rows, cell(count(tb.acknowledged))});
        }
        b.push_back(tableBlock(std::move(t)));
    }

    if (r.cdc) {
        b.push_back(heading(QStringLiteral("Change data capture")));
        DocTable kv = keyValue();
        kv.rows.push_back({cell(QStringLiteral("State")), cell(str(r.cdc->state))});
        if (!r.cdc->reason.empty())
            kv.rows.push_back({cell(QStringLiteral("Reason")), cell(str(r.cdc->reason))});
        kv.rows.push_back({cell(QStringLiteral("Events captured / acknowledged")),
                           cell(count(r.cdc->eventsCaptured) + QStringLiteral(" / ") +
                                count(r.cdc->eventsAcknowledged))});
        // The lag as the console's capture row shows it (binary units, seconds).
        kv.rows.push_back(
            {cell(QStringLiteral("Lag at end")),
             cell((r.cdc->lagBytes ? byteSize(static_cast<double>(*r.cdc->lagBytes))
                                   : QStringLiteral("–")) +
                  QStringLiteral(", ") +
                  (r.cdc->lagSeconds ? num(*r.cdc->lagSeconds, 1) + kNbsp + QLatin1Char('s')
                                     : QStringLiteral("–")))});
        b.push_back(tableBlock(std::move(kv)));
        DocTable t = table({"table", "events"}, {1});
        for (const auto& ct : r.cdc->tables)
            t.rows.push_back({cell(str(ct.table)), cell(count(ct.events))});
        b.push_back(tableBlock(std::move(t)));
    }

    b.push_back(heading(QStringLiteral("Delta tables")));
    if (r.delta.empty()) {
        b.push_back(
            paragraph({QStringLiteral("No topic was synced into Delta Lake."), Tone::Muted}));
    } else {
        DocTable t =
            table({"topic", "state", "version", "files", "rows", "bytes", "committed / high",
                   "freshness p50 / p95", "skipped", "last maintenance"},
                  {2, 3, 4, 5, 6, 8});
        for (const auto& dt : r.delta) {
            std::int64_t committed = 0, high = 0;
            for (const auto& p : dt.partitions) {
                committed += p.committedOffset + 1;
                high += p.highWatermark;
            }
            auto fresh = [](const std::optional<double>& v) {
                return v ? freshnessText(*v) : QStringLiteral("–");
            };
            t.rows.push_back(
                {cell(str(dt.topic), str(dt.location)),
                 cell(str(dt.state) +
                      (dt.reason.empty() ? QString() : QStringLiteral(": ") + str(dt.reason))),
                 cell(QString::number(dt.version)), cell(count(dt.files)), cell(count(dt.rows)),
                 cell(byteSize(static_cast<double>(dt.bytes))),
                 cell(count(committed) + QStringLiteral(" / ") + count(high)),
                 cell(fresh(dt.freshnessP50Ms) + QStringLiteral(" / ") + fresh(dt.freshnessP95Ms)),
                 cell(count(dt.skipped)),
                 cell(dt.lastMaintenance ? str(dt.lastMaintenance->summary())
                                         : QStringLiteral("–"))});
        }
        b.push_back(tableBlock(std::move(t)));
    }

    b.push_back(heading(QStringLiteral("Warnings and errors")));
    if (r.log.empty()) {
        b.push_back(paragraph({QStringLiteral("None were logged."), Tone::Muted}));
    } else {
        DocTable t = table({"time", "level", "source", "message"});
        for (const auto& l : r.log)
            t.rows.push_back({cell(time(l.time)), cell(str(l.level)), cell(str(l.source)),
                              cell(str(l.message))});
        b.push_back(tableBlock(std::move(t)));
        if (r.logOmitted)
            b.push_back(paragraph(
                {QStringLiteral("%1 more not shown.").arg(count(r.logOmitted)), Tone::Muted}));
    }
    return d;
}

}  // namespace riverdelta::report
