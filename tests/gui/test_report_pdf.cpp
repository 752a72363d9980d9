// The PDF run report's own layout: lines break at word boundaries (a token wider than its
// column at '_' / '.' first), a table row never straddles two pages, a table continued on a
// new page repeats its header, and a report exported mid-run shows its in-flight checks as
// PENDING, never FAILED. The PDFs and their pages as PNG stay under the test artifacts.
#include <QFontMetricsF>
#include <QImage>
#include <QPdfWriter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <map>

#include "engine/report/count_checks.h"
#include "models/report/pdf_layout.h"
#include "models/report/report_document.h"
#include "models/report/report_pdf.h"
#include "support/run_process.h"

using namespace riverdelta;
using report::CheckOutcome;

namespace {

QImage device300dpi() {
    QImage image(8, 8, QImage::Format_RGB32);
    image.setDotsPerMeterX(qRound(300 / 0.0254));
    image.setDotsPerMeterY(qRound(300 / 0.0254));
    return image;
}

report::CheckResult checkResult(std::string id, std::string title, CheckOutcome outcome,
                                std::string observed) {
    report::CheckResult c;
    c.id = std::move(id);
    c.title = std::move(title);
    c.outcome = outcome;
    c.observed = std::move(observed);
    return c;
}

// A River Hotels run as the console exports it mid-run: clickstream streaming, its Delta table
// one commit behind, 208 of 209 clickstream events acknowledged at the last sample.
report::RunReport midRunReport(int extraLogLines) {
    report::RunReport r;
    r.appName = "Riverdelta";
    r.appVersion = "0.1.0";
    r.scenarioName = "river-hotels";
    r.scenarioFile = "/usr/share/riverdelta/scenarios/river-hotels/river-hotels.json";
    r.state = "running";
    r.complete = false;
    r.validated = true;
    r.seed = 42;
    r.startedAt = std::chrono::system_clock::time_point(std::chrono::seconds(1764000000));
    r.generatedAt = r.startedAt + std::chrono::seconds(95);
    r.durationSeconds = 95;
    r.endpoints = {{"kafka", "", "127.0.0.1:39641", "sandbox"},
                   {"postgres", "pg", "127.0.0.1:54329/riverdelta", "sandbox"}};
    const char* names[] = {"customer",
                           "hotel",
                           "customer_updates",
                           "hotel_updates",
                           "clickstream_historical",
                           "bookings_historical",
                           "reviews_historical",
                           "clickstream",
                           "bookings"};
    const char* targets[] = {"cdc.customer",  "cdc.hotel",   "cdc.customer",
                             "cdc.hotel",     "clickstream", "bookings",
                             "hotel_reviews", "clickstream", "bookings"};
    for (int i = 0; i < 9; ++i) {
        report::GeneratorReport g;
        g.name = names[i];
        g.target = targets[i];
        g.table = i < 4;
        g.stage = i < 2 ? 0 : i < 4 ? 1 : i < 7 ? 2 : 3;
        g.state = i < 7 ? "done" : "running";
        g.acknowledged = g.generated = i == 7 ? 208 : 1000;
        g.maxEvents = i < 7 ? std::optional<std::uint64_t>(1000) : std::nullopt;
        g.rateMean = 12.5;
        g.rateP95 = 40;
        r.generators.push_back(g);
    }
    for (int s = 0; s < 4; ++s) {
        report::StageReport st;
        st.index = s;
        st.started = r.startedAt + std::chrono::seconds(s * 3);
        if (s < 3) st.ended = r.startedAt + std::chrono::seconds(s * 3 + 3);
        for (const auto& g : r.generators)
            if (g.stage == s) st.generators.push_back(g.name);
        r.stages.push_back(st);
    }
    for (const char* t : {"clickstream", "bookings", "hotel_reviews"}) {
        report::TopicReport topic;
        topic.name = t;
        topic.partitions = 1;
        topic.exists = true;
        topic.messages = topic.messagesThisRun = 3209;
        topic.acknowledged = 3208;
        topic.bytes = 1'234'567;
        for (int i = 0; i < 90; ++i)
            topic.messagesPerSecond.push_back({double(i), i < 6 ? 500.0 : 2.0});
        r.topics.push_back(topic);
    }
    r.tables = {{"cdc.customer", 1000, 1000, {}}, {"cdc.hotel", 30, 30, {}}};
    r.cdc = report::CdcReport{
        "Streaming", {{"cdc.customer", 990}, {"cdc.hotel", 60}}, 1050, 1050, 2048, 0.2};
    report::DeltaTableReport delta;
    delta.topic = "clickstream";
    delta.location = "/root/.local/share/riverdelta/lake/clickstream_historical_and_streaming";
    delta.state = "Syncing";
    delta.version = 14;
    delta.files = 15;
    delta.rows = 3207;
    delta.bytes = 412'345;
    delta.partitions = {{0, 3206, 3209}};
    delta.freshnessP50Ms = 3400;
    delta.freshnessP95Ms = 5200;
    r.delta.push_back(delta);

    r.checks.push_back(report::topicCountCheck("clickstream", 208, 3000, 3209, r.complete));
    r.checks.push_back(report::topicCountCheck("bookings", 420, 0, 420, r.complete));
    r.checks.push_back(report::deltaCaughtUpCheck(delta, 3209, 2));
    r.checks.push_back(report::cdcTableCheck(*r.cdc, {"cdc.customer", 990}, 1000, r.complete));
    for (int i = 0; i < 14; ++i)
        r.checks.push_back(checkResult(
            "references:clickstream.customer_email_" + std::to_string(i),
            "Every clickstream.customer_email refers to an existing row of cdc.customer.email",
            CheckOutcome::Passed,
            "3,209 values checked against 1,000 known; 0 not found in "
            "riverhotel.cdc.customer_with_a_rather_long_generated_topic_name"));
    for (int i = 0; i < extraLogLines; ++i)
        r.log.push_back({r.startedAt + std::chrono::seconds(i), "warning", "sync",
                         "clickstream: commit " + std::to_string(i) +
                             " took longer than the commit interval while the broker was busy "
                             "serving the historical stage; the next commit catches up"});
    return r;
}

QStringList pdfText(const QString& pdf) {
    const auto out = testing::runProcess(QStringLiteral("pdftotext"),
                                         {QStringLiteral("-layout"), pdf, QStringLiteral("-")},
                                         {.timeoutMs = 60000});
    // Numbers and units are joined by no-break spaces; read them as spaces.
    QString text = out.out;
    text.replace(QChar(0x00a0), QLatin1Char(' '));
    return out.exitCode == 0 ? QStringList{text} : QStringList{};
}

}  // namespace

class ReportPdfTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

  private slots:
    void initTestCase() {
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty(),
                 "pdftotext missing: scripts/install-deps.sh --test installs poppler-utils");
    }

    void linesBreakAtWordBoundaries() {
        const QImage device = device300dpi();
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPointSizeF(8.5);
        const QFontMetricsF fm(font, &device);
        // A column just wide enough for "clickstream" keeps it whole and moves the next word.
        const qreal clickstream = fm.horizontalAdvance(QStringLiteral("clickstream"));
        QCOMPARE(report::wrapText(QStringLiteral("clickstream"), fm, clickstream + 1),
                 QStringList{QStringLiteral("clickstream")});
        QCOMPARE(report::wrapText(QStringLiteral("clickstream events"), fm, clickstream + 1),
                 (QStringList{QStringLiteral("clickstream"), QStringLiteral("events")}));

        // A sentence in a narrow column: each line whole words, no line wider than the column.
        const QString sentence =
            QStringLiteral("Messages written to topic clickstream equal the events acknowledged");
        const qreal narrow = fm.horizontalAdvance(QStringLiteral("clickstream equ"));
        const QStringList lines = report::wrapText(sentence, fm, narrow);
        QVERIFY(lines.size() >= 4);
        QCOMPARE(lines.join(QLatin1Char(' ')), sentence);
        const QStringList words = sentence.split(QLatin1Char(' '));
        for (const QString& line : lines) {
            QVERIFY2(fm.horizontalAdvance(line) <= narrow, qPrintable(line));
            for (const QString& w : line.split(QLatin1Char(' ')))
                QVERIFY2(words.contains(w), qPrintable(QStringLiteral("broken word: ") + w));
        }

        // A figure and its unit stay together (report_document joins them with a no-break
        // space), as in the Delta table's freshness column.
        const QString fresh =
            report::freshnessText(3600) + QStringLiteral(" / ") + report::freshnessText(3600);
        QCOMPARE(report::wrapText(fresh, fm, fm.horizontalAdvance(QStringLiteral("3.6 s / 3.6"))),
                 (QStringList{report::freshnessText(3600) + QStringLiteral(" /"),
                              report::freshnessText(3600)}));
        QCOMPARE(report::freshnessText(850), QStringLiteral("850\u00a0ms"));
        QCOMPARE(report::byteSize(126'000), QStringLiteral("123\u00a0KiB"));

        // A single token wider than its column is cut after '.', '_' or '-' where one fits.
        const auto cutAt = [&](const QString& token, const QString& fits) {
            return report::wrapText(token, fm, fm.horizontalAdvance(fits) + 1);
        };
        QCOMPARE(
            cutAt(QStringLiteral("riverhotel.cdc.customer"), QStringLiteral("riverhotel.cdc.cus")),
            (QStringList{QStringLiteral("riverhotel.cdc."), QStringLiteral("customer")}));
        QCOMPARE(
            cutAt(QStringLiteral("riverhotel.cdc.customer_updates"),
                  QStringLiteral("riverhotel.cdc.customer_up")),
            (QStringList{QStringLiteral("riverhotel.cdc.customer_"), QStringLiteral("updates")}));
        // Without such a character: between characters, every piece within the column.
        const QString digits = QStringLiteral("0123456789012345678901234567890123456789");
        const qreal tiny = fm.horizontalAdvance(QStringLiteral("0123456"));
        const QStringList cut = report::wrapText(digits, fm, tiny);
        QCOMPARE(cut.join(QString()), digits);
        QVERIFY(cut.size() >= 5);
        for (const QString& piece : cut)
            QVERIFY2(fm.horizontalAdvance(piece) <= tiny, qPrintable(piece));
    }

    void rowsNeverStraddleAPageAndHeadersRepeat() {
        const auto r = midRunReport(160);
        const QString path = dir_.filePath(QStringLiteral("layout.pdf"));
        QPdfWriter writer(path);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(18, 16, 18, 14), QPageLayout::Millimeter);
        writer.setResolution(300);
        const QSizeF page(writer.width(), writer.height());
        const auto document = report::reportDocument(r, 640, 1.0);
        const auto layout = report::layoutReport(document, writer, page);
        QVERIFY2(layout.pages.size() >= 6, qPrintable(QString::number(layout.pages.size())));
        QVERIFY(layout.bodyBottom > page.height() * 0.9 && layout.bodyBottom < page.height());

        std::map<std::pair<int, int>, int> placements;
        std::map<int, std::map<int, std::vector<int>>> rowsByBlockAndPage;
        for (const auto& row : layout.rows) {
            // Inside the page, above the footer line.
            QVERIFY(row.rect.top() >= 0);
            QVERIFY2(row.rect.bottom() <= layout.bodyBottom,
                     qPrintable(QStringLiteral("row %1 of block %2 ends at %3 of %4")
                                    .arg(row.row)
                                    .arg(row.block)
                                    .arg(row.rect.bottom())
                                    .arg(page.height())));
            if (row.row >= 0) ++placements[{row.block, row.row}];
            rowsByBlockAndPage[row.block][row.page].push_back(row.row);
        }
        // Every data row of every table once: none was split over two pages.
        int dataRows = 0;
        for (std::size_t b = 0; b < document.blocks.size(); ++b) {
            if (document.blocks[b].kind != report::DocBlock::Kind::Table) continue;
            for (std::size_t i = 0; i < document.blocks[b].table.rows.size(); ++i) {
                const int n = placements[{int(b), int(i)}];
                QVERIFY2(
                    n == 1,
                    qPrintable(
                        QStringLiteral("block %1 row %2 placed %3 times").arg(b).arg(i).arg(n)));
                ++dataRows;
            }
        }
        QVERIFY(dataRows > 200);
        // A table on several pages starts each of them with its header row.
        int continued = 0;
        for (const auto& [block, pages] : rowsByBlockAndPage) {
            if (!document.blocks[std::size_t(block)].table.hasHeader()) continue;
            for (const auto& [pageNo, rows] : pages) {
                QVERIFY2(rows.front() == -1,
                         qPrintable(QStringLiteral("block %1 on page %2 starts with row %3")
                                        .arg(block)
                                        .arg(pageNo + 1)
                                        .arg(rows.front())));
                if (pageNo != pages.begin()->first) ++continued;
            }
        }
        QVERIFY2(continued >= 3, qPrintable(QString::number(continued)));
    }

    void midRunReportSaysPendingNotFailed() {
        const auto r = midRunReport(40);
        QCOMPARE(r.checksFailed(), std::size_t(0));
        QCOMPARE(r.checksPending(), std::size_t(3));
        QDir().mkpath(QStringLiteral(RIVERDELTA_TEST_ARTIFACTS "/report-pdf"));
        const QString pdf = QStringLiteral(RIVERDELTA_TEST_ARTIFACTS "/report-pdf/mid-run.pdf");
        QFile::remove(pdf);
        report::writePdf(r, pdf, QLocale(QLocale::English, QLocale::Germany));
        const QStringList text = pdfText(pdf);
        QVERIFY(!text.isEmpty());
        const QString all = text.first();
        QVERIFY2(all.contains(QStringLiteral("PENDING")), qPrintable(all.left(3000)));
        QVERIFY2(all.contains(QStringLiteral("3 pending")), qPrintable(all.left(3000)));
        QVERIFY2(!all.contains(QStringLiteral("FAIL")), qPrintable(all.left(3000)));
        QVERIFY2(all.contains(QStringLiteral("still running when exported")),
                 qPrintable(all.left(3000)));
        // Freshness in seconds as the console shows it; no word cut inside.
        QVERIFY2(all.contains(QStringLiteral("3.4 s")) && all.contains(QStringLiteral("5.2 s")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("in flight")), qPrintable(all));  // no ligature
        QVERIFY(!all.contains(QStringLiteral(" ms")));
        QVERIFY(all.count(QStringLiteral("clickstream")) >= 20);
        const QStringList words = all.simplified().split(QLatin1Char(' '));
        for (const QString& w : words)
            QVERIFY2(!(QStringLiteral("clickstream").startsWith(w) && w.size() >= 4 &&
                       w != QStringLiteral("clickstream")),
                     qPrintable(QStringLiteral("a broken word: ") + w));
        // Every header and state word of the Delta table whole, though it has ten columns.
        for (const char* word :
             {"version", "committed", "freshness", "skipped", "maintenance", "Syncing"})
            QVERIFY2(words.contains(QLatin1String(word)),
                     qPrintable(QStringLiteral("%1 is not whole in\n%2").arg(word, all)));

        // Pages as images, to look at.
        if (!QStandardPaths::findExecutable(QStringLiteral("pdftoppm")).isEmpty()) {
            const auto png = testing::runProcess(
                QStringLiteral("pdftoppm"),
                {QStringLiteral("-r"), QStringLiteral("70"), QStringLiteral("-png"), pdf,
                 QStringLiteral(RIVERDELTA_TEST_ARTIFACTS "/report-pdf/mid-run")},
                {.timeoutMs = 60000});
            QCOMPARE(png.exitCode, 0);
        }
    }
};

QTEST_MAIN(ReportPdfTest)
#include "test_report_pdf.moc"
