#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QtTest>

#include "engine/profiles/profile_store.h"
#include "engine/profiles/secret_store.h"
#include "support/enum_name.h"
#include "support/screenshot.h"
#include "ui/confluent_cloud_dialog.h"
#include "ui/connection_editor.h"

using namespace riverdelta;
using profiles::ProfileKind;

namespace {

void writeFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

QByteArray cloudProperties() {
    QByteArray t;
    t += "bootstrap.servers=pkc-nowhere.riverdelta.invalid:9092\n";
    t += "security.protocol=SASL_SSL\nsasl.mechanisms=PLAIN\n";
    t += "sasl.username=WORKSHOPKEY\nsasl.password=workshop-secret-value\n";
    t += "session.timeout.ms=45000\n";
    t += "schema.registry.url=https://psrc-nowhere.riverdelta.invalid\n";
    t += "basic.auth.credentials.source=USER_INFO\n";
    t += "basic.auth.user.info=SRKEY:sr-secret-value\n";
    return t;
}

}  // namespace

class ConnectionEditorTest : public QObject {
    Q_OBJECT
  private slots:
    void wrongHostTestsAsFailedWithAReason() {
        QTemporaryDir dir;
        profiles::MemorySecretStore secrets;
        profiles::ProfileStore store((dir.path() + "/profiles.json").toStdString(), secrets);
        ui::ConnectionEditor editor(store);
        editor.resize(900, 560);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QCOMPARE(editor.profileList()->count(), 1);  // the built-in sandbox
        RD_SCREENSHOT(&editor, "connections-sandbox");

        editor.newProfile();
        editor.nameEdit()->setText(QStringLiteral("lab-kafka"));
        editor.kindBox()->setCurrentIndex(editor.kindBox()->findData(int(ProfileKind::Kafka)));
        QVERIFY(editor.bootstrapEdit()->isVisible());
        QVERIFY(!editor.conninfoEdit()->isVisible());
        editor.bootstrapEdit()->setText(QStringLiteral("kafka.riverdelta.invalid:9092"));
        QSignalSpy tested(&editor, &ui::ConnectionEditor::tested);
        editor.testButton()->click();
        // Off the UI thread: the click returns before the test ends, and the form says it is
        // testing.
        QCOMPARE(tested.count(), 0);
        QVERIFY(editor.testing());
        QVERIFY(!editor.testButton()->isEnabled());
        QVERIFY(editor.resultLabel()->text().contains(QStringLiteral("Testing")));
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 30000);
        QCOMPARE(tested.first().first().toBool(), false);
        const QString result = editor.resultLabel()->text();
        QVERIFY2(result.contains(QStringLiteral("✖")) && result.contains(QStringLiteral("Kafka")),
                 qPrintable(result));
        QVERIFY2(result.contains(QStringLiteral("kafka.riverdelta.invalid:9092")),
                 qPrintable(result));
        QVERIFY2(result.contains(QStringLiteral("resolve"), Qt::CaseInsensitive),
                 qPrintable(result));
        QVERIFY(editor.testButton()->isEnabled());
        RD_SCREENSHOT(&editor, "connections-kafka-failed");

        // Saved: listed, secrets in the secret store only.
        QVERIFY(editor.saveProfile());
        QCOMPARE(editor.profileList()->count(), 2);
        QVERIFY(store.find("lab-kafka").has_value());

        // PostgreSQL on a host that does not resolve: also failed, with libpq's reason.
        editor.newProfile();
        editor.nameEdit()->setText(QStringLiteral("lab-pg"));
        editor.kindBox()->setCurrentIndex(editor.kindBox()->findData(int(ProfileKind::PostgreSQL)));
        QVERIFY(editor.conninfoEdit()->isVisible());
        editor.conninfoEdit()->setText(
            QStringLiteral("host=pg.riverdelta.invalid port=5432 dbname=hotels user=me "
                           "connect_timeout=5"));
        editor.testButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 2, 30000);
        QCOMPARE(tested.last().first().toBool(), false);
        const QString pgResult = editor.resultLabel()->text();
        QVERIFY2(pgResult.contains(QStringLiteral("PostgreSQL")) &&
                     pgResult.contains(QStringLiteral("pg.riverdelta.invalid")),
                 qPrintable(pgResult));
        RD_SCREENSHOT(&editor, "connections-postgres-failed");

        // client.properties import fills a Confluent Cloud form; the secret never shows as text.
        const QString props = dir.path() + "/client.properties";
        writeFile(props, cloudProperties());
        editor.newProfile();
        editor.nameEdit()->setText(QStringLiteral("workshop"));
        editor.kindBox()->setCurrentIndex(
            editor.kindBox()->findData(int(ProfileKind::ConfluentCloud)));
        QVERIFY(editor.importProperties(props));
        QCOMPARE(editor.bootstrapEdit()->text(),
                 QStringLiteral("pkc-nowhere.riverdelta.invalid:9092"));
        QCOMPARE(editor.registryUrlEdit()->text(),
                 QStringLiteral("https://psrc-nowhere.riverdelta.invalid"));
        QCOMPARE(editor.formSecrets().at(profiles::slot::kApiSecret), "workshop-secret-value");
        QVERIFY(!editor.resultLabel()->text().contains(QStringLiteral("workshop-secret-value")));
        RD_SCREENSHOT(&editor, "connections-cloud-imported");
    }

    void confluentCloudWalkthrough() {
        QTemporaryDir dir;
        profiles::MemorySecretStore secrets;
        profiles::ProfileStore store((dir.path() + "/profiles.json").toStdString(), secrets);
        const QString props = dir.path() + "/client.properties";
        writeFile(props, cloudProperties());
        ui::ConfluentCloudDialog dialog(store);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!dialog.isModal());
        QVERIFY(!dialog.testButton()->isEnabled());
        QVERIFY(dialog.importFile(props));
        QVERIFY2(dialog.importStatus()->text().contains(QStringLiteral("WORKSHOPKEY")),
                 qPrintable(dialog.importStatus()->text()));
        QVERIFY(dialog.testButton()->isEnabled());
        dialog.testButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.testStatus()->text().contains(QStringLiteral("✖")), 30000);
        QVERIFY2(dialog.testStatus()->text().contains(QStringLiteral("pkc-nowhere")),
                 qPrintable(dialog.testStatus()->text()));
        QVERIFY(!dialog.testStatus()->text().contains(QStringLiteral("secret-value")));
        QVERIFY(dialog.saveProfile());
        const auto saved = store.find("confluent-cloud");
        QVERIFY(saved.has_value());
        QCOMPARE(testing::nameOf(saved->kind), testing::nameOf(ProfileKind::ConfluentCloud));
        QCOMPARE(saved->apiKey, std::string("WORKSHOPKEY"));
        QCOMPARE(store.secretsOf(*saved).at(profiles::slot::kApiSecret), "workshop-secret-value");
        RD_SCREENSHOT(&dialog, "connections-cloud-walkthrough");
    }
};

QTEST_MAIN(ConnectionEditorTest)
#include "test_connection_editor.moc"
