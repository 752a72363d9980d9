#include <QProcess>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>

#include "engine/engine.h"
#include "engine/kafka/producer.h"
#include "lake/s3_test_env.h"
#include "models/engine_bridge.h"
#include "models/table_details_model.h"
#include "support/enum_name.h"
#include "support/sandbox_console.h"

using namespace riverdelta;
using models::TableDetailsModel;

// The table page of a table in an S3 bucket (the test services' SeaweedFS): read through the
// sync's own store settings, and snippets that name the bucket and the endpoint but never a
// credential.
class TablePageS3Test : public QObject {
    Q_OBJECT
  private slots:
    void s3TableDetailsAndSnippets() {
        RD_REQUIRE_S3();
        testing::ThrowawaySettings settings;
        QTemporaryDir dir;
        Engine engine({.dataDirectory = dir.path().toStdString(), .startSandbox = true});
        models::EngineBridge bridge(engine);
        TableDetailsModel model(bridge);
        QTRY_COMPARE_WITH_TIMEOUT(testing::nameOf(bridge.snapshot().kafka.state),
                                  testing::nameOf(ServiceState::Connected), 60000);
        {
            kafka::ClientConfig config;
            config.bootstrapServers = engine.sandboxEndpoints()->kafkaBootstrap;
            kafka::Producer producer(config);
            for (int i = 0; i < 100; ++i)
                producer.produce("clickstream", "c", "{\"click_id\":" + std::to_string(i) + "}");
            QVERIFY(producer.flush(std::chrono::seconds(30)));
        }
        const auto s3 = tests::testS3Settings();
        const std::string location = tests::freshS3Url("page") + "/clickstream";
        command::EnableSync c;
        c.topic = "clickstream";
        c.location = location;
        c.s3 = s3;
        engine.post(c);
        model.setTopic(QStringLiteral("clickstream"));
        QTRY_VERIFY_WITH_TIMEOUT(model.status() && model.status()->rows == 100, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(model.detailsVersion(), model.status()->version, 30000);
        QVERIFY2(model.readError().isEmpty(), qPrintable(model.readError()));
        QCOMPARE(model.previewModel()->rowCount(), 20);
        QCOMPARE(model.previewModel()->index(0, 0).data().toString(), QStringLiteral("99"));
        QCOMPARE(model.schemaModel()->rowCount(), 5);  // click_id + 4 Kafka columns

        const QString endpoint = QString::fromStdString(s3.endpoint);  // http://127.0.0.1:PORT
        const QString host = QString(endpoint).remove(QStringLiteral("http://"));
        const QString duck = model.snippet(TableDetailsModel::Tool::DuckDb);
        QVERIFY2(
            duck.contains(QStringLiteral("delta_scan('%1')").arg(QString::fromStdString(location))),
            qPrintable(duck));
        QVERIFY2(duck.contains(QStringLiteral("ENDPOINT '%1'").arg(host)), qPrintable(duck));
        QVERIFY(duck.contains(QStringLiteral("URL_STYLE 'path'")));
        QVERIFY(duck.contains(QStringLiteral("USE_SSL false")));
        const QString spark = model.snippet(TableDetailsModel::Tool::Spark);
        QVERIFY2(spark.contains(
                     QStringLiteral("\"s3a://%1\"").arg(QString::fromStdString(location).mid(5))),
                 qPrintable(spark));
        QVERIFY(spark.contains(QStringLiteral("fs.s3a.endpoint\", \"%1\"").arg(endpoint)));
        const QString rs = model.snippet(TableDetailsModel::Tool::DeltaRs);
        QVERIFY2(rs.contains(QStringLiteral("\"AWS_ENDPOINT_URL\": \"%1\"").arg(endpoint)),
                 qPrintable(rs));
        for (const auto& text : {duck, spark, rs}) {
            QVERIFY(!text.contains(QString::fromStdString(s3.secretAccessKey)));
            QVERIFY(!text.contains(QString::fromStdString(s3.accessKeyId)));
        }
        // The delta-rs snippet runs as it is (credentials from the environment).
        const QString python = qEnvironmentVariable("RIVERDELTA_TEST_PYTHON");
        QVERIFY2(!python.isEmpty(), "RIVERDELTA_TEST_PYTHON is not set");
        QProcess run;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QString::fromStdString(s3.accessKeyId));
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                   QString::fromStdString(s3.secretAccessKey));
        env.insert(QStringLiteral("AWS_REGION"), QString::fromStdString(s3.region));
        run.setProcessEnvironment(env);
        run.start(python, {QStringLiteral("-c"), rs});
        QVERIFY(run.waitForFinished(120000));
        const QString out = QString::fromUtf8(run.readAllStandardOutput());
        QVERIFY2(run.exitCode() == 0, qPrintable(QString::fromUtf8(run.readAllStandardError())));
        QVERIFY2(out.count(QStringLiteral("'click_id': ")) == 20, qPrintable(out));  // 20 rows
        qInfo("%s", qPrintable(rs));
    }
};

QTEST_MAIN(TablePageS3Test)
#include "test_table_page_s3.moc"
