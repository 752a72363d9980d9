#include "app/report/report_html.h"

#include <QBuffer>
#include <QDateTime>
#include <QTimeZone>

#include "app/report/report_charts.h"

namespace riverdelta::report {

namespace {

QString esc(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
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
    for (int i = s.size() - 3; i > 0; i -= 3)
        s.insert(i, QLatin1Char(','));
    return s;
}
QString count(std::int64_t v) {
    return v < 0 ? QStringLiteral("-") + count(static_cast<std::uint64_t>(-v))
                 : count(static_cast<std::uint64_t>(v));
}

QString bytes(double b) {
    if (b >= 1024.0 * 1024 * 1024)
        return num(b / (1024.0 * 1024 * 1024), 2) + QStringLiteral(" GiB");
    if (b >= 1024.0 * 1024) return num(b / (1024.0 * 1024), 2) + QStringLiteral(" MiB");
    if (b >= 1024.0) return num(b / 1024.0, 1) + QStringLiteral(" KiB");
    return num(b) + QStringLiteral(" B");
}

QString duration(double seconds) {
    if (seconds < 10) return num(seconds, 2) + QStringLiteral(" s");
    if (seconds < 60) return num(seconds, 1) + QStringLiteral(" s");
    const auto s = static_cast<long long>(seconds + 0.5);
    if (s < 3600) return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

QString outcomeCell(CheckOutcome o) {
    switch (o) {
        case CheckOutcome::Passed:
            return QStringLiteral(
                "<td class=\"pass\" bgcolor=\"#dff3e3\"><b><font "
                "color=\"#17622b\">PASS</font></b></td>");
        case CheckOutcome::Failed:
            return QStringLiteral(
                "<td class=\"fail\" bgcolor=\"#fbe0e0\"><b><font "
                "color=\"#a11a1a\">FAIL</font></b></td>");
        case CheckOutcome::Skipped:
            return QStringLiteral(
                "<td class=\"skip\" bgcolor=\"#eeeeee\"><b><font "
                "color=\"#555555\">SKIP</font></b></td>");
    }
    return {};
}

constexpr const char* kTable =
    "<table class=\"grid\" width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\">";

QString head(std::initializer_list<const char*> cells) {
    QString h = QStringLiteral("<tr>");
    for (const char* c : cells)
        h += QStringLiteral("<th bgcolor=\"#e8eef5\" align=\"left\">%1</th>")
                 .arg(QString::fromUtf8(c));
    return h + QStringLiteral("</tr>");
}

QString row(std::initializer_list<QString> cells, std::initializer_list<int> rightAligned = {}) {
    QString r = QStringLiteral("<tr>");
    int i = 0;
    for (const auto& c : cells) {
        const bool right =
            std::find(rightAligned.begin(), rightAligned.end(), i) != rightAligned.end();
        r += right ? QStringLiteral("<td align=\"right\">%1</td>").arg(c)
                   : QStringLiteral("<td>%1</td>").arg(c);
        ++i;
    }
    return r + QStringLiteral("</tr>");
}

constexpr const char* kCss = R"css(
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: #1f2328; }
h1 { font-size: 20pt; margin-bottom: 4px; }
h2 { font-size: 14pt; color: #1d4f80; margin-top: 22px; border-bottom: 1px solid #c9d6e3; }
h3 { font-size: 11pt; margin-top: 14px; }
table.grid { border-collapse: collapse; border-color: #b8c4d0; }
table.grid th, table.grid td { border: 1px solid #c5ced8; padding: 3px 6px; }
.muted { color: #666666; }
.summary-fail { color: #a11a1a; font-weight: bold; }
.summary-pass { color: #17622b; font-weight: bold; }
)css";

}  // namespace

QString pngDataUri(const QImage& image) {
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
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

QString reportHtml(const RunReport& r, const HtmlOptions& o) {
    QString h;
    const QString scenario =
        esc(r.scenarioName.empty() ? std::string("(unnamed scenario)") : r.scenarioName);
    h += QStringLiteral(
             "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             "<title>Riverdelta run report: %1</title><style>%2</style></head><body>\n")
             .arg(scenario, QString::fromUtf8(kCss));
    const auto failed = r.checksFailed(), passed = r.checksPassed();
    const auto skipped = r.checks.size() - failed - passed;
    const QString skippedNote = skipped ? QStringLiteral(", %1 skipped").arg(skipped) : QString();
    QString verdict;
    if (!r.validated)
        verdict = QStringLiteral("<span class=\"muted\">pipeline not validated</span>");
    else if (failed)
        verdict = QStringLiteral(
                      "<span class=\"summary-fail\"><font color=\"#a11a1a\">%1 of "
                      "%2 checks FAILED</font></span> (%3 passed%4)")
                      .arg(failed)
                      .arg(r.checks.size())
                      .arg(passed)
                      .arg(skippedNote);
    else
        verdict = QStringLiteral(
                      "<span class=\"summary-pass\"><font color=\"#17622b\">%1 of "
                      "%2 checks passed</font></span>%3")
                      .arg(passed)
                      .arg(r.checks.size())
                      .arg(skipped ? QStringLiteral(" (%1 skipped)").arg(skipped) : QString());

    if (o.forPrint) {
        // Title page.
        h += QStringLiteral(
                 "<p>&nbsp;</p><p>&nbsp;</p><p>&nbsp;</p>"
                 "<p><font size=\"+2\" color=\"#1d4f80\">%1 run report</font></p>"
                 "<h1 style=\"font-size:26pt\">%2</h1>")
                 .arg(esc(r.appName), scenario);
        h += QStringLiteral("<p>&nbsp;</p><table cellpadding=\"5\" cellspacing=\"0\">");
        auto line = [&](const QString& k, const QString& v) {
            h += QStringLiteral(
                     "<tr><td><font color=\"#666666\">%1</font></td><td><b>%2</b></td></tr>")
                     .arg(k, v);
        };
        line(QStringLiteral("Run"),
             esc(r.state) +
                 (r.complete ? QString() : QStringLiteral(" (still running when exported)")));
        line(QStringLiteral("Started"), time(r.startedAt));
        line(QStringLiteral("Ended"), time(r.endedAt));
        line(QStringLiteral("Duration"), duration(r.durationSeconds));
        line(QStringLiteral("Validation"), verdict);
        line(QStringLiteral("Seed / speed"), QStringLiteral("%1 / %2×").arg(r.seed).arg(r.speed));
        line(QStringLiteral("Generated"),
             time(r.generatedAt) +
                 QStringLiteral(" by %1 %2").arg(esc(r.appName), esc(r.appVersion)));
        h += QStringLiteral("</table><p style=\"page-break-after: always\">&nbsp;</p>\n");
    } else {
        h += QStringLiteral("<h1>Run report: %1</h1><p>%2</p>\n").arg(scenario, verdict);
    }

    h += QStringLiteral("<h2>Run</h2>") + QString::fromUtf8(kTable);
    h +=
        row({QStringLiteral("Application"), esc(r.appName) + QLatin1Char(' ') + esc(r.appVersion)});
    h += row({QStringLiteral("Scenario"), scenario});
    h += row({QStringLiteral("Scenario file"), esc(r.scenarioFile)});
    h += row({QStringLiteral("Seed"), QString::number(r.seed)});
    h += row({QStringLiteral("Speed"), QStringLiteral("%1×").arg(r.speed)});
    h += row({QStringLiteral("State"),
              esc(r.state) + (r.error.empty() ? QString() : QStringLiteral(": ") + esc(r.error))});
    h += row({QStringLiteral("Started"), time(r.startedAt)});
    h += row({QStringLiteral("Ended"), time(r.endedAt)});
    h += row({QStringLiteral("Duration"), duration(r.durationSeconds)});
    h += QStringLiteral("</table>\n");

    if (!r.endpoints.empty()) {
        h += QStringLiteral("<h3>Endpoints</h3>") + QString::fromUtf8(kTable) +
             head({"kind", "connection", "hosts", "profile"});
        for (const auto& e : r.endpoints)
            h += row({esc(e.kind),
                      esc(e.connection.empty() ? std::string("(default)") : e.connection),
                      esc(e.hosts), esc(e.profile.empty() ? std::string("–") : e.profile)});
        h += QStringLiteral("</table>\n");
    }

    h += QStringLiteral("<h2>Validation</h2>");
    if (!r.validated) {
        h += QStringLiteral(
            "<p class=\"muted\">The pipeline was not read back (no checks ran).</p>");
    } else {
        h += QStringLiteral("<p>%1</p>").arg(verdict) + QString::fromUtf8(kTable) +
             head({"result", "check", "observed"});
        for (const auto& c : r.checks)
            h += QStringLiteral(
                     "<tr>%1<td>%2<br><font size=\"-1\" "
                     "color=\"#666666\">%3</font></td><td>%4</td></tr>")
                     .arg(outcomeCell(c.outcome), esc(c.title), esc(c.id), esc(c.observed));
        h += QStringLiteral("</table>\n");
    }

    h += QStringLiteral("<h2>Stage timeline</h2>") + QString::fromUtf8(kTable) +
         head({"stage", "generators", "started", "ended", "duration"});
    for (const auto& s : r.stages) {
        QString gens;
        for (const auto& g : s.generators)
            gens += (gens.isEmpty() ? QString() : QStringLiteral("<br>")) + esc(g);
        const QString d =
            s.started && s.ended
                ? duration(std::chrono::duration<double>(*s.ended - *s.started).count())
            : s.started ? QStringLiteral("running")
                        : QStringLiteral("not started");
        h += row({QString::number(s.index + 1), gens, time(s.started), time(s.ended), d}, {4});
    }
    h += QStringLiteral("</table>\n");

    h += QStringLiteral("<h2>Generators</h2>") + QString::fromUtf8(kTable) +
         head({"generator → target", "stage", "state", "acknowledged", "failed", "mean /s",
               "p95 /s", "throttled"});
    for (const auto& g : r.generators)
        h += row(
            {esc(g.name) + QStringLiteral("<br><font size=\"-1\" color=\"#666666\">→ %1</font>")
                               .arg(esc(g.target)),
             QString::number(g.stage + 1), esc(g.state),
             count(g.acknowledged) +
                 (g.maxEvents ? QStringLiteral(" / ") + count(*g.maxEvents) : QString()),
             count(g.failed), num(g.rateMean, 1), num(g.rateP95, 1), duration(g.throttledSeconds)},
            {1, 3, 4, 5, 6, 7});
    h += QStringLiteral("</table>\n");

    h += QStringLiteral("<h2>Kafka topics</h2>");
    if (r.topics.empty())
        h += QStringLiteral("<p class=\"muted\">The run wrote no topics.</p>");
    else {
        h += QString::fromUtf8(kTable) + head({"topic", "partitions", "messages (watermarks)",
                                               "written this run", "acknowledged", "bytes"});
        for (const auto& t : r.topics)
            h += row({esc(t.name) + (t.error.empty()
                                         ? QString()
                                         : QStringLiteral("<br><font color=\"#a11a1a\">%1</font>")
                                               .arg(esc(t.error))),
                      QString::number(t.partitions), count(t.messages), count(t.messagesThisRun),
                      count(t.acknowledged), bytes(static_cast<double>(t.bytes))},
                     {1, 2, 3, 4, 5});
        h += QStringLiteral("</table>\n");
        int n = 0;
        for (const auto& t : r.topics) {
            const QImage chart = topicChart(t, o.chartWidth, o.forPrint ? 4.0 : 2.0);
            const QString url = o.imageUrl(chart, QStringLiteral("chart-topic-%1.png").arg(n++));
            h += QStringLiteral(
                     "<p><img src=\"%1\" width=\"%2\" alt=\"throughput of topic %3\" "
                     "style=\"max-width:100%\"></p>\n")
                     .arg(url)
                     .arg(o.chartWidth)
                     .arg(esc(t.name));
        }
    }

    h += QStringLiteral("<h2>PostgreSQL tables</h2>");
    if (r.tables.empty())
        h += QStringLiteral("<p class=\"muted\">The run wrote no tables.</p>");
    else {
        h += QString::fromUtf8(kTable) +
             head({"table", "rows (read back)", "rows committed by the run"});
        for (const auto& t : r.tables)
            h += row({esc(t.name),
                      t.rows ? count(*t.rows)
                             : QStringLiteral("<font color=\"#a11a1a\">%1</font>")
                                   .arg(esc(t.error.empty() ? std::string("not read") : t.error)),
                      count(t.acknowledged)},
                     {1, 2});
        h += QStringLiteral("</table>\n");
    }

    if (r.cdc) {
        h += QStringLiteral("<h2>Change data capture</h2>") + QString::fromUtf8(kTable);
        h += row({QStringLiteral("State"), esc(r.cdc->state)});
        h += row({QStringLiteral("Events captured / acknowledged"),
                  count(r.cdc->eventsCaptured) + QStringLiteral(" / ") +
                      count(r.cdc->eventsAcknowledged)});
        h += row({QStringLiteral("Lag at end"),
                  (r.cdc->lagBytes ? bytes(static_cast<double>(*r.cdc->lagBytes))
                                   : QStringLiteral("–")) +
                      QStringLiteral(", ") +
                      (r.cdc->lagSeconds ? num(*r.cdc->lagSeconds, 1) + QStringLiteral(" s")
                                         : QStringLiteral("–"))});
        h += QStringLiteral("</table>") + QString::fromUtf8(kTable) + head({"table", "events"});
        for (const auto& t : r.cdc->tables)
            h += row({esc(t.table), count(t.events)}, {1});
        h += QStringLiteral("</table>\n");
    }

    h += QStringLiteral("<h2>Delta tables</h2>");
    if (r.delta.empty())
        h += QStringLiteral("<p class=\"muted\">No topic was synced into Delta Lake.</p>");
    else {
        h += QString::fromUtf8(kTable) +
             head({"topic", "state", "ver.", "files", "rows", "bytes", "committed / high",
                   "freshness p50 / p95", "skipped", "last maintenance"});
        for (const auto& d : r.delta) {
            std::int64_t committed = 0, high = 0;
            for (const auto& p : d.partitions) {
                committed += p.committedOffset + 1;
                high += p.highWatermark;
            }
            auto ms = [](const std::optional<double>& v) {
                return v ? num(*v, 0) + QStringLiteral(" ms") : QStringLiteral("–");
            };
            h += row(
                {esc(d.topic) + QStringLiteral("<br><font size=\"-1\" color=\"#666666\">%1</font>")
                                    .arg(esc(d.location)),
                 esc(d.state) +
                     (d.reason.empty() ? QString() : QStringLiteral(": ") + esc(d.reason)),
                 QString::number(d.version), count(d.files), count(d.rows),
                 bytes(static_cast<double>(d.bytes)),
                 count(committed) + QStringLiteral(" / ") + count(high),
                 ms(d.freshnessP50Ms) + QStringLiteral(" / ") + ms(d.freshnessP95Ms),
                 count(d.skipped),
                 d.lastMaintenance ? esc(d.lastMaintenance->summary()) : QStringLiteral("–")},
                {2, 3, 4, 5, 6, 8});
        }
        h += QStringLiteral("</table>\n");
    }

    h += QStringLiteral("<h2>Warnings and errors</h2>");
    if (r.log.empty())
        h += QStringLiteral("<p class=\"muted\">None were logged.</p>");
    else {
        h += QString::fromUtf8(kTable) + head({"time", "level", "source", "message"});
        for (const auto& l : r.log)
            h += row({time(l.time), esc(l.level), esc(l.source), esc(l.message)});
        h += QStringLiteral("</table>\n");
        if (r.logOmitted)
            h += QStringLiteral("<p class=\"muted\">%1 more not shown.</p>")
                     .arg(count(r.logOmitted));
    }
    h += QStringLiteral(
             "<p class=\"muted\"><font color=\"#666666\">Generated %1 by %2 "
             "%3.</font></p></body></html>\n")
             .arg(time(r.generatedAt), esc(r.appName), esc(r.appVersion));
    return h;
}

}  // namespace riverdelta::report
