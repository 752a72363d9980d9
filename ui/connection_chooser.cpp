#include "ui/connection_chooser.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include "engine/engine.h"
#include "engine/profiles/profile_store.h"
#include "models/engine_bridge.h"
#include "ui/main_window.h"

namespace riverdelta::ui {

using profiles::ProfileKind;

namespace {

QSettings settings() {
    return QSettings(QString::fromLatin1(MainWindow::kSettingsOrganization),
                     QString::fromLatin1(MainWindow::kSettingsApplication));
}

void select(QComboBox* box, const std::string& name) {
    const int i = box->findData(QString::fromStdString(name));
    box->setCurrentIndex(i >= 0 ? i : 0);
}

QString kindText(ProfileKind kind) {
    switch (kind) {
        case ProfileKind::ConfluentCloud:
            return QObject::tr("Confluent Cloud");
        case ProfileKind::Kafka:
            return QObject::tr("Kafka");
        case ProfileKind::SchemaRegistry:
            return QObject::tr("Schema Registry");
        case ProfileKind::PostgreSQL:
            return QObject::tr("PostgreSQL");
        case ProfileKind::S3:
            return QObject::tr("S3 storage");
        case ProfileKind::LocalSandbox:
            break;
    }
    return QObject::tr("Local sandbox");
}

}  // namespace

ConnectionChooser::ConnectionChooser(models::EngineBridge& bridge, profiles::ProfileStore& store,
                                     QWidget* parent)
    : QWidget(parent),
      bridge_(bridge),
      store_(store),
      kafka_(new QComboBox(this)),
      postgres_(new QComboBox(this)),
      registry_(new QComboBox(this)),
      connect_(new QPushButton(tr("Connect"), this)),
      warning_(new QLabel(this)),
      message_(new QLabel(this)) {
    setObjectName(QStringLiteral("connectionChooser"));
    kafka_->setObjectName(QStringLiteral("chooseKafka"));
    postgres_->setObjectName(QStringLiteral("choosePostgres"));
    registry_->setObjectName(QStringLiteral("chooseRegistry"));
    connect_->setObjectName(QStringLiteral("connect"));
    connect_->setToolTip(
        tr("Work against these services from now on (remembered for the next "
           "start)"));
    for (auto* box : {kafka_, postgres_, registry_})
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    warning_->setObjectName(QStringLiteral("connectionWarning"));
    warning_->setWordWrap(true);
    message_->setObjectName(QStringLiteral("connectionMessage"));
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(new QLabel(tr("Kafka:"), this), 0, 0);
    grid->addWidget(kafka_, 0, 1);
    grid->addWidget(new QLabel(tr("PostgreSQL:"), this), 0, 2);
    grid->addWidget(postgres_, 0, 3);
    grid->addWidget(new QLabel(tr("Schema Registry:"), this), 0, 4);
    grid->addWidget(registry_, 0, 5);
    grid->addWidget(connect_, 0, 6);
    grid->setColumnStretch(7, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(grid);
    layout->addWidget(warning_);
    layout->addWidget(message_);

    connect(kafka_, &QComboBox::currentIndexChanged, this, &ConnectionChooser::fillRegistry);
    connect(connect_, &QPushButton::clicked, this, &ConnectionChooser::connectChosen);
    connect(&bridge_, &models::EngineBridge::snapshotChanged, this,
            &ConnectionChooser::updateNotes);
    reload();
    setChoice(savedChoice());
    updateNotes();
}

profiles::ProfileChoice ConnectionChooser::savedChoice() {
    auto s = settings();
    return {s.value(QStringLiteral("connection/kafka")).toString().toStdString(),
            s.value(QStringLiteral("connection/postgres")).toString().toStdString(),
            s.value(QStringLiteral("connection/registry")).toString().toStdString()};
}

profiles::ProfileChoice ConnectionChooser::choice() const {
    return {kafka_->currentData().toString().toStdString(),
            postgres_->currentData().toString().toStdString(),
            registry_->currentData().toString().toStdString()};
}

void ConnectionChooser::setChoice(const profiles::ProfileChoice& choice) {
    select(kafka_, choice.kafka);  // refills the registry box
    select(postgres_, choice.postgres);
    select(registry_, choice.registry);
}

void ConnectionChooser::reload() {
    const auto current = choice();
    for (auto* box : {kafka_, postgres_}) {
        const QSignalBlocker blocker(box);
        box->clear();
        box->addItem(tr("Local sandbox"), QString());
    }
    try {
        for (const auto& p : store_.list()) {
            const QString name = QString::fromStdString(p.name);
            const QString text = tr("%1 — %2").arg(name, kindText(p.kind));
            if (p.kind == ProfileKind::Kafka || p.kind == ProfileKind::ConfluentCloud) {
                const QSignalBlocker blocker(kafka_);
                kafka_->addItem(text, name);
            } else if (p.kind == ProfileKind::PostgreSQL) {
                postgres_->addItem(text, name);
            }
        }
    } catch (const std::exception& e) {
        message_->setText(tr("Cannot read the profiles: %1").arg(QString::fromUtf8(e.what())));
    }
    setChoice(current);
    fillRegistry();
}

void ConnectionChooser::fillRegistry() {
    const QString kept = registry_->currentData().toString();
    const QString kafka = kafka_->currentData().toString();
    const QSignalBlocker blocker(registry_);
    registry_->clear();
    registry_->addItem(tr("None"), QString());
    bool kafkaHasOne = false;
    try {
        if (!kafka.isEmpty())
            if (auto p = store_.find(kafka.toStdString()); p && !p->registryUrl.empty()) {
                registry_->addItem(tr("%1's registry").arg(kafka), kafka);
                kafkaHasOne = true;
            }
        for (const auto& p : store_.list())
            if (p.kind == ProfileKind::SchemaRegistry)
                registry_->addItem(tr("%1 — Schema Registry").arg(QString::fromStdString(p.name)),
                                   QString::fromStdString(p.name));
    } catch (const std::exception&) {
        // reload() says why the profiles cannot be read
    }
    // A Kafka profile's own registry goes with it unless another one was chosen.
    const int keptIndex = registry_->findData(kept);
    registry_->setCurrentIndex(kafkaHasOne && (kept.isEmpty() || keptIndex < 0)
                                   ? registry_->findData(kafka)
                                   : std::max(keptIndex, 0));
}

bool ConnectionChooser::connectChosen() {
    const auto chosen = choice();
    ServiceConnections connection;
    try {
        connection = profiles::resolveConnection(store_, chosen);
    } catch (const std::exception& e) {
        message_->setText(tr("Not connected: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    pending_ = connection.describe();
    const QString environment = QString::fromStdString(pending_);
    bridge_.engine().post(command::Connect{std::move(connection)});
    auto s = settings();
    s.setValue(QStringLiteral("connection/kafka"), QString::fromStdString(chosen.kafka));
    s.setValue(QStringLiteral("connection/postgres"), QString::fromStdString(chosen.postgres));
    s.setValue(QStringLiteral("connection/registry"), QString::fromStdString(chosen.registry));
    message_->setText(tr("Connecting to %1…").arg(environment));
    return true;
}

void ConnectionChooser::useProfile(const QString& name) {
    if (name == QLatin1String("sandbox")) {
        setChoice({});
    } else {
        std::optional<profiles::Profile> p;
        try {
            p = store_.find(name.toStdString());
        } catch (const std::exception& e) {
            message_->setText(tr("Not connected: %1").arg(QString::fromUtf8(e.what())));
            return;
        }
        if (!p) return;
        reload();  // it may be new
        auto c = choice();
        switch (p->kind) {
            case ProfileKind::Kafka:
            case ProfileKind::ConfluentCloud:
                c.kafka = p->name;
                c.registry = p->registryUrl.empty() ? std::string() : p->name;
                break;
            case ProfileKind::PostgreSQL:
                c.postgres = p->name;
                break;
            case ProfileKind::SchemaRegistry:
                c.registry = p->name;
                break;
            case ProfileKind::S3:  // storage: chosen in Enable sync, not a connection
                break;
            case ProfileKind::LocalSandbox:
                c = {};
                break;
        }
        setChoice(c);
    }
    connectChosen();
}

void ConnectionChooser::updateNotes() {
    const EngineSnapshot& s = bridge_.snapshot();
    QStringList ends;
    if (s.scenario.runExists && (s.scenario.runState == run::RunState::Starting ||
                                 s.scenario.runState == run::RunState::Running))
        ends << tr("ends the current run (what is in flight is delivered)");
    if (!s.syncs.empty())
        ends << tr("stops %n lake sync(s) (each commits what it buffered)", nullptr,
                   static_cast<int>(s.syncs.size()));
    if (s.kafkaInMemory)
        ends << tr("drops the sandbox's topics when Kafka moves elsewhere (they are in memory)");
    warning_->setVisible(!ends.isEmpty());
    warning_->setText(ends.isEmpty() ? QString()
                                     : tr("Connecting elsewhere %1.").arg(ends.join(tr("; "))));
    // Once the engine works against what was asked for and both services have answered.
    if (pending_.empty() || s.environment != pending_ || s.kafka.state == ServiceState::Starting ||
        s.postgres.state == ServiceState::Starting)
        return;
    QStringList failed;
    if (s.kafka.state == ServiceState::Failed) failed << tr("Kafka");
    if (s.postgres.state == ServiceState::Failed) failed << tr("PostgreSQL");
    message_->setText(
        failed.isEmpty()
            ? tr("Working against %1.").arg(QString::fromStdString(pending_))
            : tr("%1 did not connect: its card below says why.").arg(failed.join(tr(" and "))));
    pending_.clear();
}

}  // namespace riverdelta::ui
