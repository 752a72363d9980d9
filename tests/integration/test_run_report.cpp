// Run reports from a real, sped-up run of the built-in River Hotels scenario on the test
// services: PDF (pdftotext), HTML (html.parser, inline images) and JSON (the committed schema),
// and a deliberately broken pipeline (a topic deleted mid-run) whose check fails.
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <csignal>

#include "engine/kafka/consumer.h"
#include "engine/postgres/connection.h"
#include "support/run_process.h"

namespace {

using riverdelta::testing::runProcess;

const QString kCli = QStringLiteral(RIVERDELTA_BINARY_DIR "/app/riverdelta-cli");

QString env(const char* name) {
    return QString::fromLocal8Bit(qgetenv(name));
}

QJsonObject checkById(const QJsonObject& report, const QString& id) {
    for (const auto& c : report[QStringLiteral("validation")][QStringLiteral("checks")].toArray())
        if (c.toObject()[QStringLiteral("id")].toString() == id) return c.toObject();
    return {};
}

}  // namespace

class RunReportTest : public QObject {
    Q_OBJECT

    QString bootstrap_, conninfo_, python_;
    QTemporaryDir dir_;
    QString suffix_;
    int databases_ = 0;

    // The built-in scenario, copied with topic names of its own so parallel tests that write
    // the scenario's topics (test_scenario_run) do not disturb the counts.
    QString scenarioCopy(const QString& tag) {
        const QString src =
            QStringLiteral(RIVERDELTA_SOURCE_DIR "/resources/scenarios/river-hotels");
        const QString dst = dir_.filePath(QStringLiteral("scenario-") + tag);
        QDirIterator it(src, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            const QString rel = QDir(src).relativeFilePath(file);
            QDir().mkpath(QFileInfo(dst + QLatin1Char('/') + rel).path());
            QFile in(file);
            in.open(QIODevice::ReadOnly);
            QString text = QString::fromUtf8(in.readAll());
            for (const char* topic : {"clickstream", "bookings", "hotel_reviews"})
                text.replace(QStringLiteral("\"topic\": \"%1\"").arg(QLatin1String(topic)),
                             QStringLiteral("\"topic\": \"%1\"").arg(topicName(topic, tag)));
            QFile out(dst + QLatin1Char('/') + rel);
            out.open(QIODevice::WriteOnly);
            out.write(text.toUtf8());
        }
        return dst + QStringLiteral("/river-hotels.json");
    }

    QString topicName(const char* topic, const QString& tag) const {
        return QStringLiteral("%1_%2_%3").arg(QLatin1String(topic), tag, suffix_);
    }

    // A fresh database per run, so the run's PostgreSQL rows are exactly its own.
    QString freshDatabase() {
        const auto name = QStringLiteral("rd_report_%1_%2").arg(suffix_).arg(++databases_);
        riverdelta::postgres::Connection admin(conninfo_.toStdString());
        admin.exec("DROP DATABASE IF EXISTS " + name.toStdString());
        admin.exec("CREATE DATABASE " + name.toStdString());
        return conninfo_ + QStringLiteral(" dbname=") + name;
    }

    QJsonObject readJson(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }

    // Waits until `topic` holds `count` messages while the CLI runs.
    bool waitForMessages(const QString& topic, std::int64_t count, const QProcess& cli) {
        riverdelta::kafka::ClientConfig config;
        config.bootstrapServers = bootstrap_.toStdString();
        riverdelta::kafka::Consumer probe(config);
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 120000 && cli.state() == QProcess::Running) {
            try {
                if (probe.queryWatermarks(topic.toStdString(), 0, std::chrono::seconds(2)).high >=
                    count)
                    return true;
            } catch (const std::exception&) {
                // not created yet
            }
            QThread::msleep(100);
        }
        return false;
    }

  private slots:
    void initTestCase() {
        bootstrap_ = env("RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        conninfo_ = env("RIVERDELTA_TEST_PG_CONNINFO");
        python_ = env("RIVERDELTA_TEST_PYTHON");
        QVERIFY2(!bootstrap_.isEmpty() && !conninfo_.isEmpty() && !python_.isEmpty(),
                 "RIVERDELTA_TEST_KAFKA_BOOTSTRAP, _PG_CONNINFO and _PYTHON must be set "
                 "(scripts/test-services.sh)");
        QVERIFY(dir_.isValid());
        suffix_ = QString::number(QCoreApplication::applicationPid()) + QLatin1Char('_') +
                  QString::number(QDateTime::currentMSecsSinceEpoch() % 100000);
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty(),
                 "pdftotext missing: scripts/install-deps.sh --test installs poppler-utils");
    }

    void unknownExtensionIsAUsageErrorBeforeTheRun() {
        const auto r = runProcess(kCli,
                                  {QStringLiteral("run"), QStringLiteral("--report"),
                                   dir_.filePath(QStringLiteral("report.docx"))},
                                  {.timeoutMs = 30000});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral(".pdf, .html or .json")), qPrintable(r.err));
        QVERIFY2(!r.out.contains(QStringLiteral("Scenario:")), qPrintable(r.out));
    }

    void allThreeFormatsFromARealRun() {
        const QString scenario = scenarioCopy(QStringLiteral("ok"));
        const QString pdf = dir_.filePath(QStringLiteral("report.pdf")),
                      html = dir_.filePath(QStringLiteral("report.html")),
                      json = dir_.filePath(QStringLiteral("report.json"));
        const QString topics = QStringList{topicName("clickstream", QStringLiteral("ok")),
                                           topicName("bookings", QStringLiteral("ok")),
                                           topicName("hotel_reviews", QStringLiteral("ok"))}
                                   .join(QLatin1Char(','));
        QElapsedTimer timer;
        timer.start();
        const auto r =
            runProcess(kCli, {QStringLiteral("run"),        scenario,
                              QStringLiteral("--kafka"),    bootstrap_,
                              QStringLiteral("--postgres"), freshDatabase(),
                              QStringLiteral("--speed"),    QStringLiteral("100"),
                              QStringLiteral("--sync"),     topics,
                              QStringLiteral("--lake"),     dir_.filePath(QStringLiteral("lake")),
                              QStringLiteral("--data-dir"), dir_.filePath(QStringLiteral("data")),
                              QStringLiteral("--report"),   pdf,
                              QStringLiteral("--report"),   html,
                              QStringLiteral("--report"),   json},
                       {.timeoutMs = 240000});
        qInfo("run with reports took %.1f s", timer.elapsed() / 1000.0);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        for (const auto& f : {pdf, html, json})
            QVERIFY2(QFileInfo(f).size() > 1000,
                     qPrintable(f + QStringLiteral(" missing\n") + r.out));

        // JSON: the figures and the checks.
        const auto report = readJson(json);
        QCOMPARE(report[QStringLiteral("schemaVersion")].toInt(), 1);
        QCOMPARE(report[QStringLiteral("run")][QStringLiteral("state")].toString(),
                 QStringLiteral("finished"));
        std::map<QString, qint64> acked;
        for (const auto& t : report[QStringLiteral("topics")].toArray())
            acked[t.toObject()[QStringLiteral("name")].toString()] =
                t.toObject()[QStringLiteral("messagesThisRun")].toInteger();
        QCOMPARE(acked[topicName("clickstream", QStringLiteral("ok"))], qint64(3125));
        QCOMPARE(acked[topicName("bookings", QStringLiteral("ok"))], qint64(420));
        QCOMPARE(acked[topicName("hotel_reviews", QStringLiteral("ok"))], qint64(210));
        std::map<QString, qint64> rows;
        for (const auto& t : report[QStringLiteral("tables")].toArray())
            rows[t.toObject()[QStringLiteral("name")].toString()] =
                t.toObject()[QStringLiteral("rows")].toInteger();
        QCOMPARE(rows[QStringLiteral("cdc.customer")], qint64(1000));
        QCOMPARE(rows[QStringLiteral("cdc.hotel")], qint64(30));
        // Change data capture: one event per row the run wrote or updated, all acknowledged
        // (customers: 1,000 + 500 + 20 updates; hotels: 30 + 30 + 5).
        const auto cdc = report[QStringLiteral("cdc")].toObject();
        QVERIFY2(!cdc.isEmpty(), "no CDC section");
        std::map<QString, qint64> events;
        for (const auto& t : cdc[QStringLiteral("tables")].toArray())
            events[t.toObject()[QStringLiteral("table")].toString()] =
                t.toObject()[QStringLiteral("events")].toInteger();
        QCOMPARE(events[QStringLiteral("cdc.customer")], qint64(1520));
        QCOMPARE(events[QStringLiteral("cdc.hotel")], qint64(65));
        QCOMPARE(cdc[QStringLiteral("eventsAcknowledged")].toInteger(), qint64(1585));
        QVERIFY(cdc[QStringLiteral("lagBytes")].isDouble());
        const auto validation = report[QStringLiteral("validation")].toObject();
        QVERIFY2(validation[QStringLiteral("failed")].toInt() == 0,
                 qPrintable(QJsonDocument(validation).toJson()));
        const QString clicks = topicName("clickstream", QStringLiteral("ok")),
                      bookings = topicName("bookings", QStringLiteral("ok")),
                      reviews = topicName("hotel_reviews", QStringLiteral("ok"));
        for (const auto& id :
             {QStringLiteral("topic-count:") + clicks, QStringLiteral("delta-rows:") + bookings,
              QStringLiteral("delta-caught-up:") + reviews,
              QStringLiteral("references:") + clicks + QStringLiteral(".customer_email"),
              QStringLiteral("references:") + clicks + QStringLiteral(".hotel_id"),
              QStringLiteral("references:") + bookings + QStringLiteral(".customer_email"),
              QStringLiteral("references:") + bookings + QStringLiteral(".hotel_id"),
              QStringLiteral("references:") + reviews + QStringLiteral(".booking_id"),
              QStringLiteral("distinct:") + reviews + QStringLiteral(".booking_id"),
              QStringLiteral("repeat-share:") + clicks + QStringLiteral(".customer_email"),
              QStringLiteral("cdc:cdc.customer"), QStringLiteral("cdc:cdc.hotel"),
              QStringLiteral("generator-failures")}) {
            const auto c = checkById(report, id);
            QVERIFY2(!c.isEmpty(), qPrintable(QStringLiteral("no check ") + id));
            QVERIFY2(c[QStringLiteral("outcome")].toString() == QStringLiteral("passed"),
                     qPrintable(QJsonDocument(c).toJson()));
        }
        // 420 bookings over 1,000 customers are too few to tell the busiest 20 % apart.
        QCOMPARE(checkById(report, QStringLiteral("repeat-share:") + bookings +
                                       QStringLiteral(".customer_email"))[QStringLiteral("outcome")]
                     .toString(),
                 QStringLiteral("skipped"));
        QVERIFY(
            checkById(report, QStringLiteral("distinct:") + reviews + QStringLiteral(".hotel_id"))
                .isEmpty());
        const auto share =
            checkById(report, QStringLiteral("repeat-share:") + clicks +
                                  QStringLiteral(".customer_email"))[QStringLiteral("figures")]
                .toObject();
        QCOMPARE(share[QStringLiteral("events")].toInteger(), qint64(3125));
        QVERIFY(std::abs(share[QStringLiteral("observedShare")].toDouble() - 0.8) <= 0.05);
        const auto points =
            report[QStringLiteral("topics")][0][QStringLiteral("messagesPerSecond")].toArray();
        QVERIFY2(points.size() >= 3, "a run of several seconds has a time series");

        // JSON schema and HTML, with the reference readers.
        const auto checked = runProcess(
            python_,
            {QStringLiteral(RIVERDELTA_SOURCE_DIR "/tests/integration/python/check_report.py"),
             QStringLiteral(RIVERDELTA_SOURCE_DIR "/docs/run-report.schema.json"), json, html},
            {.timeoutMs = 60000});
        QVERIFY2(checked.exitCode == 0, qPrintable(checked.err));
        const auto found = QJsonDocument::fromJson(checked.out.toUtf8()).object();
        QVERIFY2(found[QStringLiteral("schemaErrors")].toArray().isEmpty(),
                 qPrintable(checked.out));
        QCOMPARE(found[QStringLiteral("images")].toInt(), 3);  // one chart per topic
        QCOMPARE(found[QStringLiteral("pngImages")].toInt(), 3);
        QVERIFY2(found[QStringLiteral("external")].toArray().isEmpty(), qPrintable(checked.out));

        // PDF: its text holds the counts, pages render.
        const auto text =
            runProcess(QStringLiteral("pdftotext"),
                       {QStringLiteral("-layout"), pdf, QStringLiteral("-")}, {.timeoutMs = 60000});
        QCOMPARE(text.exitCode, 0);
        for (const char* needle : {"3,125", "1,000", "420", "210", "PASS", "Stage timeline",
                                   "Delta tables", "cdc.customer", "Change data capture", "1,585"})
            QVERIFY2(text.out.contains(QLatin1String(needle)),
                     qPrintable(QStringLiteral("PDF text lacks ") + QLatin1String(needle) +
                                QStringLiteral("\n") + text.out.left(3000)));
        QVERIFY2(text.out.contains(clicks), qPrintable(text.out.left(3000)));
        const auto info = runProcess(QStringLiteral("pdfinfo"), {pdf}, {.timeoutMs = 30000});
        QVERIFY2(info.out.contains(QStringLiteral("Pages:")), qPrintable(info.out));
        QDir().mkpath(QStringLiteral(RIVERDELTA_TEST_ARTIFACTS "/run-report"));
        for (const auto& f : {pdf, html, json}) {
            const QString keep =
                QStringLiteral(RIVERDELTA_TEST_ARTIFACTS "/run-report/") + QFileInfo(f).fileName();
            QFile in(f), out(keep);
            QVERIFY2(in.open(QIODevice::ReadOnly) &&
                         out.open(QIODevice::WriteOnly | QIODevice::Truncate),
                     qPrintable(keep));
            QVERIFY(out.write(in.readAll()) == in.size());
        }
        const auto png =
            runProcess(QStringLiteral("pdftoppm"),
                       {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("60"), pdf,
                        QStringLiteral(RIVERDELTA_TEST_ARTIFACTS "/run-report/page")},
                       {.timeoutMs = 60000});
        QCOMPARE(png.exitCode, 0);
    }

    void brokenPipelineFailsItsCheck() {
        const QString tag = QStringLiteral("broken");
        const QString scenario = scenarioCopy(tag);
        const QString json = dir_.filePath(QStringLiteral("broken.json"));
        const QString reviews = topicName("hotel_reviews", tag);
        QProcess cli;
        cli.start(kCli, {QStringLiteral("run"), scenario, QStringLiteral("--kafka"), bootstrap_,
                         QStringLiteral("--postgres"), freshDatabase(), QStringLiteral("--speed"),
                         QStringLiteral("100"), QStringLiteral("--data-dir"),
                         dir_.filePath(QStringLiteral("data")), QStringLiteral("--report"), json});
        QVERIFY(cli.waitForStarted());
        // Once the historical reviews have landed, delete their topic (the streaming stage then
        // writes into a topic the broker creates again): the topic no longer holds what was
        // acknowledged.
        QVERIFY2(waitForMessages(reviews, 200, cli),
                 "the reviews topic never reached 200 messages");
        const auto del = runProcess(
            python_,
            {QStringLiteral("-c"),
             QStringLiteral("import sys\nfrom confluent_kafka.admin import AdminClient\n"
                            "a = AdminClient({'bootstrap.servers': sys.argv[1]})\n"
                            "[f.result(30) for f in a.delete_topics([sys.argv[2]]).values()]"),
             bootstrap_, reviews},
            {.timeoutMs = 60000});
        QVERIFY2(del.exitCode == 0, qPrintable(del.err));
        QVERIFY(cli.waitForFinished(240000));
        const QString out = QString::fromUtf8(cli.readAllStandardOutput()) +
                            QString::fromUtf8(cli.readAllStandardError());
        const auto report = readJson(json);
        QVERIFY2(!report.isEmpty(), qPrintable(out));
        const auto c = checkById(report, QStringLiteral("topic-count:") + reviews);
        QVERIFY2(c[QStringLiteral("outcome")].toString() == QStringLiteral("failed"),
                 qPrintable(QJsonDocument(c).toJson() + out));
        QVERIFY(c[QStringLiteral("figures")][QStringLiteral("messages")].toDouble() <
                c[QStringLiteral("figures")][QStringLiteral("acknowledged")].toDouble());
        QVERIFY(report[QStringLiteral("validation")][QStringLiteral("failed")].toInt() >= 1);
        // The other topics are untouched and still pass.
        QCOMPARE(checkById(report, QStringLiteral("topic-count:") +
                                       topicName("clickstream", tag))[QStringLiteral("outcome")]
                     .toString(),
                 QStringLiteral("passed"));
        QVERIFY(out.contains(QStringLiteral("FAILED topic-count:") + reviews));
    }

    void writtenAfterCtrlC() {
        const QString tag = QStringLiteral("stopped");
        const QString scenario = scenarioCopy(tag);
        const QString json = dir_.filePath(QStringLiteral("stopped.json"));
        QProcess cli;
        cli.start(kCli, {QStringLiteral("run"), scenario, QStringLiteral("--kafka"), bootstrap_,
                         QStringLiteral("--postgres"), freshDatabase(), QStringLiteral("--speed"),
                         QStringLiteral("20"), QStringLiteral("--data-dir"),
                         dir_.filePath(QStringLiteral("data")), QStringLiteral("--report"), json});
        QVERIFY(cli.waitForStarted());
        // In the streaming stage (the historical reviews are in, and a streaming click past the
        // 3,000 historical ones), stop it as Ctrl-C would.
        QVERIFY(waitForMessages(topicName("hotel_reviews", tag), 200, cli));
        QVERIFY(waitForMessages(topicName("clickstream", tag), 3001, cli));
        ::kill(static_cast<pid_t>(cli.processId()), SIGINT);
        QVERIFY(cli.waitForFinished(120000));
        const QString out = QString::fromUtf8(cli.readAllStandardOutput()) +
                            QString::fromUtf8(cli.readAllStandardError());
        QVERIFY2(cli.exitCode() == 0, qPrintable(out));
        const auto report = readJson(json);
        QVERIFY2(!report.isEmpty(), qPrintable(out));
        QCOMPARE(report[QStringLiteral("run")][QStringLiteral("state")].toString(),
                 QStringLiteral("stopped"));
        // What was in flight was delivered and counted: the topics hold exactly what was
        // acknowledged, and every check holds.
        QVERIFY2(
            report[QStringLiteral("validation")][QStringLiteral("failed")].toInt() == 0,
            qPrintable(QJsonDocument(report[QStringLiteral("validation")].toObject()).toJson()));
        const auto c =
            checkById(report, QStringLiteral("topic-count:") + topicName("clickstream", tag));
        QCOMPARE(c[QStringLiteral("outcome")].toString(), QStringLiteral("passed"));
        QVERIFY(c[QStringLiteral("figures")][QStringLiteral("acknowledged")].toDouble() >= 3000);
        QVERIFY(c[QStringLiteral("figures")][QStringLiteral("acknowledged")].toDouble() < 3125);
    }
};

QTEST_GUILESS_MAIN(RunReportTest)
#include "test_run_report.moc"
