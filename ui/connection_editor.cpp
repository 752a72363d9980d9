#include "ui/connection_editor.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include "engine/kafka/client_config.h"
#include "engine/profiles/profile_store.h"
#include "models/connection_tester.h"

namespace riverdelta::ui {

using profiles::ProfileKind;

namespace {

constexpr const char* kSandboxName = "sandbox";

QLineEdit* secretEdit(QWidget* parent) {
    auto* edit = new QLineEdit(parent);
    edit->setEchoMode(QLineEdit::Password);
    edit->setPlaceholderText(QObject::tr("stored in the keychain, never in the profile file"));
    return edit;
}

// "key=value" lines, '#' comments ignored.
std::vector<std::pair<std::string, std::string>> parseLines(const QString& text) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const QString& raw : text.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        const auto eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) continue;
        out.emplace_back(line.left(eq).trimmed().toStdString(),
                         line.mid(eq + 1).trimmed().toStdString());
    }
    return out;
}

}  // namespace

ConnectionEditor::ConnectionEditor(profiles::ProfileStore& store, QWidget* parent)
    : QWidget(parent),
      store_(store),
      tester_(new models::ConnectionTester(this)),
      list_(new QListWidget(this)),
      add_(new QPushButton(tr("New"), this)),
      remove_(new QPushButton(tr("Delete"), this)),
      form_(new QFormLayout),
      name_(new QLineEdit(this)),
      kind_(new QComboBox(this)),
      bootstrap_(new QLineEdit(this)),
      apiKey_(new QLineEdit(this)),
      apiSecret_(secretEdit(this)),
      properties_(new QPlainTextEdit(this)),
      import_(new QPushButton(tr("Import client.properties…"), this)),
      registryUrl_(new QLineEdit(this)),
      registryKey_(new QLineEdit(this)),
      registrySecret_(secretEdit(this)),
      conninfo_(new QLineEdit(this)),
      pgPassword_(secretEdit(this)),
      sandboxNote_(new QLabel(this)),
      test_(new QPushButton(tr("Test connection"), this)),
      save_(new QPushButton(tr("Save"), this)),
      use_(new QPushButton(tr("Use"), this)),
      result_(new QLabel(this)) {
    setObjectName(QStringLiteral("connectionEditor"));
    list_->setObjectName(QStringLiteral("profileList"));
    kind_->addItem(tr("Local sandbox"), static_cast<int>(ProfileKind::LocalSandbox));
    kind_->addItem(tr("Kafka"), static_cast<int>(ProfileKind::Kafka));
    kind_->addItem(tr("Confluent Cloud"), static_cast<int>(ProfileKind::ConfluentCloud));
    kind_->addItem(tr("Schema Registry"), static_cast<int>(ProfileKind::SchemaRegistry));
    kind_->addItem(tr("PostgreSQL"), static_cast<int>(ProfileKind::PostgreSQL));
    name_->setPlaceholderText(tr("letters, digits, '.', '_' or '-'"));
    bootstrap_->setPlaceholderText(tr("host:port[,host:port…]"));
    apiKey_->setPlaceholderText(tr("cluster API key"));
    properties_->setPlaceholderText(
        tr("librdkafka properties, one key=value a line (e.g. security.protocol=SASL_SSL)"));
    properties_->setTabChangesFocus(true);
    properties_->setMaximumHeight(properties_->fontMetrics().height() * 6);
    registryUrl_->setPlaceholderText(tr("https://… (optional)"));
    registryKey_->setPlaceholderText(tr("Schema Registry API key (optional)"));
    conninfo_->setPlaceholderText(tr("host=… port=5432 dbname=… user=…  or  postgresql://…"));
    sandboxNote_->setText(tr("Runs Kafka and PostgreSQL on this machine; nothing to configure."));
    sandboxNote_->setWordWrap(true);
    result_->setObjectName(QStringLiteral("testResult"));
    result_->setWordWrap(true);
    result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    result_->setMinimumHeight(result_->fontMetrics().height() * 3);
    result_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    test_->setObjectName(QStringLiteral("testConnection"));
    test_->setIcon(QIcon::fromTheme(QStringLiteral("network-wired")));
    save_->setIcon(QIcon::fromTheme(QStringLiteral("document-save")));
    use_->setObjectName(QStringLiteral("useProfile"));
    use_->setToolTip(
        tr("Work against this saved profile: runs, topics, lake sync and change "
           "data capture use it"));

    form_->addRow(tr("Name:"), name_);
    form_->addRow(tr("Kind:"), kind_);
    form_->addRow(QString(), sandboxNote_);
    form_->addRow(tr("Bootstrap servers:"), bootstrap_);
    form_->addRow(tr("API key:"), apiKey_);
    form_->addRow(tr("API secret:"), apiSecret_);
    form_->addRow(tr("Properties:"), properties_);
    form_->addRow(QString(), import_);
    form_->addRow(tr("Schema Registry URL:"), registryUrl_);
    form_->addRow(tr("Registry API key:"), registryKey_);
    form_->addRow(tr("Registry secret:"), registrySecret_);
    form_->addRow(tr("Connection:"), conninfo_);
    form_->addRow(tr("Password:"), pgPassword_);
    form_->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(list_, 1);
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(add_);
    listButtons->addWidget(remove_);
    leftLayout->addLayout(listButtons);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(form_);
    auto* actions = new QHBoxLayout;
    actions->addStretch(1);
    actions->addWidget(test_);
    actions->addWidget(save_);
    actions->addWidget(use_);
    rightLayout->addLayout(actions);
    rightLayout->addWidget(result_);
    rightLayout->addStretch(1);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(kind_, &QComboBox::currentIndexChanged, this, &ConnectionEditor::kindChanged);
    connect(list_, &QListWidget::currentRowChanged, this, &ConnectionEditor::profileSelected);
    connect(add_, &QPushButton::clicked, this, &ConnectionEditor::newProfile);
    connect(remove_, &QPushButton::clicked, this, &ConnectionEditor::deleteProfile);
    connect(import_, &QPushButton::clicked, this, &ConnectionEditor::chooseProperties);
    connect(test_, &QPushButton::clicked, this, &ConnectionEditor::testConnection);
    connect(save_, &QPushButton::clicked, this, &ConnectionEditor::saveProfile);
    connect(use_, &QPushButton::clicked, this, [this] {
        // What is in the form, saved first: Use never works against something unsaved.
        const QString name = name_->text().trimmed();
        if (name == QLatin1String(kSandboxName) || saveProfile()) emit useRequested(name);
    });
    connect(tester_, &models::ConnectionTester::finished, this, &ConnectionEditor::showResult);
    reloadList();
}

bool ConnectionEditor::testing() const {
    return tester_->running();
}

void ConnectionEditor::reloadList(const QString& select) {
    const QSignalBlocker blocker(list_);
    list_->clear();
    list_->addItem(tr("%1 (built-in)").arg(QLatin1String(kSandboxName)));
    list_->item(0)->setData(Qt::UserRole, QString::fromLatin1(kSandboxName));
    int row = 0;
    try {
        for (const auto& p : store_.list()) {
            auto* item = new QListWidgetItem(
                QStringLiteral("%1 — %2").arg(QString::fromStdString(p.name),
                                              QString::fromUtf8(profiles::toString(p.kind))),
                list_);
            item->setData(Qt::UserRole, QString::fromStdString(p.name));
            if (QString::fromStdString(p.name) == select) row = list_->count() - 1;
        }
    } catch (const std::exception& e) {
        showMessage(tr("Cannot read the profiles: %1").arg(QString::fromUtf8(e.what())), true);
    }
    list_->setCurrentRow(row);
    profileSelected();
}

void ConnectionEditor::profileSelected() {
    const auto* item = list_->currentItem();
    if (!item) return;
    const QString name = item->data(Qt::UserRole).toString();
    result_->clear();
    if (name == QLatin1String(kSandboxName)) {
        profiles::Profile sandbox;
        sandbox.name = kSandboxName;
        setForm(sandbox, {});
        remove_->setEnabled(false);
        return;
    }
    remove_->setEnabled(true);
    try {
        if (auto p = store_.find(name.toStdString())) {
            profiles::Secrets secrets;
            try {
                secrets = store_.secretsOf(*p);
            } catch (const std::exception& e) {
                showMessage(QString::fromUtf8(e.what()), true);
            }
            setForm(*p, secrets);
        }
    } catch (const std::exception& e) {
        showMessage(QString::fromUtf8(e.what()), true);
    }
}

void ConnectionEditor::newProfile() {
    const QSignalBlocker blocker(list_);
    list_->clearSelection();
    list_->setCurrentRow(-1);
    profiles::Profile p;
    p.name = "";
    p.kind = ProfileKind::Kafka;
    setForm(p, {});
    remove_->setEnabled(false);
    result_->clear();
    name_->setFocus();
}

void ConnectionEditor::deleteProfile() {
    const auto* item = list_->currentItem();
    if (!item) return;
    const QString name = item->data(Qt::UserRole).toString();
    try {
        store_.remove(name.toStdString());
    } catch (const std::exception& e) {
        showMessage(QString::fromUtf8(e.what()), true);
        return;
    }
    reloadList();
    emit profilesChanged();
}

void ConnectionEditor::setForm(const profiles::Profile& p, const profiles::Secrets& secrets) {
    auto secret = [&](const std::string& slot) {
        auto it = secrets.find(slot);
        return it == secrets.end() ? QString() : QString::fromStdString(it->second);
    };
    name_->setText(QString::fromStdString(p.name));
    kind_->setCurrentIndex(kind_->findData(static_cast<int>(p.kind)));
    bootstrap_->setText(QString::fromStdString(p.bootstrap));
    apiKey_->setText(QString::fromStdString(p.apiKey));
    apiSecret_->setText(secret(profiles::slot::kApiSecret));
    QStringList lines;
    for (const auto& [k, v] : p.kafkaProperties)
        lines << QStringLiteral("%1=%2").arg(QString::fromStdString(k), QString::fromStdString(v));
    const std::string prefix = profiles::slot::kafkaProperty("");
    for (const auto& [slot, value] : secrets)
        if (slot.starts_with(prefix))
            lines << QStringLiteral("%1=%2").arg(QString::fromStdString(slot.substr(prefix.size())),
                                                 QString::fromStdString(value));
    properties_->setPlainText(lines.join(QLatin1Char('\n')));
    registryUrl_->setText(QString::fromStdString(p.registryUrl));
    registryKey_->setText(QString::fromStdString(p.registryKey));
    registrySecret_->setText(secret(profiles::slot::kRegistrySecret));
    conninfo_->setText(QString::fromStdString(p.conninfo));
    pgPassword_->setText(secret(profiles::slot::kPostgresPassword));
    kindChanged();
}

void ConnectionEditor::kindChanged() {
    const auto kind = static_cast<ProfileKind>(kind_->currentData().toInt());
    const bool sandbox = kind == ProfileKind::LocalSandbox;
    const bool kafka = kind == ProfileKind::Kafka || kind == ProfileKind::ConfluentCloud;
    const bool cloud = kind == ProfileKind::ConfluentCloud;
    const bool registry = kafka || kind == ProfileKind::SchemaRegistry;
    const bool pg = kind == ProfileKind::PostgreSQL;
    form_->setRowVisible(sandboxNote_, sandbox);
    form_->setRowVisible(bootstrap_, kafka);
    form_->setRowVisible(apiKey_, cloud);
    form_->setRowVisible(apiSecret_, cloud);
    form_->setRowVisible(properties_, kind == ProfileKind::Kafka);
    form_->setRowVisible(import_, kafka);
    form_->setRowVisible(registryUrl_, registry);
    form_->setRowVisible(registryKey_, registry);
    form_->setRowVisible(registrySecret_, registry);
    form_->setRowVisible(conninfo_, pg);
    form_->setRowVisible(pgPassword_, pg);
    const bool builtIn = name_->text() == QLatin1String(kSandboxName);
    name_->setReadOnly(builtIn);
    kind_->setEnabled(!builtIn);
    save_->setEnabled(!builtIn);
}

profiles::Profile ConnectionEditor::formProfile() const {
    profiles::Profile p;
    p.name = name_->text().trimmed().toStdString();
    p.kind = static_cast<ProfileKind>(kind_->currentData().toInt());
    switch (p.kind) {
        case ProfileKind::LocalSandbox:
            break;
        case ProfileKind::Kafka:
            for (auto& [k, v] : parseLines(properties_->toPlainText()))
                if (!kafka::ClientConfig::isSecret(k)) p.kafkaProperties.emplace_back(k, v);
            [[fallthrough]];
        case ProfileKind::ConfluentCloud:
            p.bootstrap = bootstrap_->text().trimmed().toStdString();
            if (p.kind == ProfileKind::ConfluentCloud)
                p.apiKey = apiKey_->text().trimmed().toStdString();
            [[fallthrough]];
        case ProfileKind::SchemaRegistry:
            p.registryUrl = registryUrl_->text().trimmed().toStdString();
            p.registryKey = registryKey_->text().trimmed().toStdString();
            break;
        case ProfileKind::PostgreSQL:
            p.conninfo = conninfo_->text().trimmed().toStdString();
            break;
        case ProfileKind::S3:  // made with riverdelta-cli profile add --kind s3
            break;
    }
    for (const auto& [slot, value] : formSecrets())
        p.secretSlots.push_back(slot);
    return p;
}

profiles::Secrets ConnectionEditor::formSecrets() const {
    profiles::Secrets s;
    const auto kind = static_cast<ProfileKind>(kind_->currentData().toInt());
    auto put = [&](const char* slot, const QLineEdit* edit) {
        if (!edit->text().isEmpty()) s[slot] = edit->text().toStdString();
    };
    if (kind == ProfileKind::ConfluentCloud) put(profiles::slot::kApiSecret, apiSecret_);
    if (kind == ProfileKind::Kafka)
        for (auto& [k, v] : parseLines(properties_->toPlainText()))
            if (kafka::ClientConfig::isSecret(k)) s[profiles::slot::kafkaProperty(k)] = v;
    if (kind == ProfileKind::Kafka || kind == ProfileKind::ConfluentCloud ||
        kind == ProfileKind::SchemaRegistry)
        put(profiles::slot::kRegistrySecret, registrySecret_);
    if (kind == ProfileKind::PostgreSQL) put(profiles::slot::kPostgresPassword, pgPassword_);
    return s;
}

void ConnectionEditor::testConnection() {
    profiles::Profile p = formProfile();
    profiles::Secrets secrets = formSecrets();
    if (p.kind == ProfileKind::PostgreSQL) {
        // A password typed into the conninfo goes to the secret, like on save.
        try {
            auto parts = profiles::splitConninfoPassword(p.conninfo);
            p.conninfo = parts.conninfo;
            if (parts.password) secrets[profiles::slot::kPostgresPassword] = *parts.password;
        } catch (const std::exception& e) {
            showMessage(QString::fromUtf8(e.what()), true);
            emit tested(false);
            return;
        }
    }
    if (!tester_->start(p, secrets)) return;
    test_->setEnabled(false);
    showMessage(
        tr("Testing %1…")
            .arg(p.endpoint().empty() ? tr("the connection")
                                      : QString::fromStdString(p.endpoint()).toHtmlEscaped()),
        false);
}

void ConnectionEditor::showResult(const profiles::ProfileTestResult& result) {
    test_->setEnabled(true);
    QStringList lines;
    for (const auto& c : result.checks)
        lines << QStringLiteral("<span style='color:%1'>%2</span> <b>%3</b>: %4")
                     .arg(c.ok ? QStringLiteral("#2e9d3a") : QStringLiteral("#e53935"),
                          c.ok ? QStringLiteral("✔") : QStringLiteral("✖"),
                          QString::fromStdString(c.what).toHtmlEscaped(),
                          QString::fromStdString(c.message).toHtmlEscaped());
    result_->setText(lines.join(QStringLiteral("<br>")));
    emit tested(result.ok());
}

void ConnectionEditor::showMessage(const QString& html, bool error) {
    result_->setText(error ? QStringLiteral("<span style='color:#e53935'>✖</span> %1").arg(html)
                           : html);
}

bool ConnectionEditor::saveProfile() {
    profiles::Profile p = formProfile();
    profiles::Secrets secrets = formSecrets();
    try {
        profiles::validateProfileName(p.name);
        if (p.name == kSandboxName)
            throw profiles::ProfileError("\"sandbox\" is the built-in local profile");
        if (p.kind == ProfileKind::PostgreSQL) {
            auto parts = profiles::splitConninfoPassword(p.conninfo);
            p.conninfo = parts.conninfo;
            if (parts.password) secrets[profiles::slot::kPostgresPassword] = *parts.password;
        }
        store_.save(p, secrets, /*replace=*/true);
    } catch (const std::exception& e) {
        showMessage(tr("Not saved: %1").arg(QString::fromUtf8(e.what()).toHtmlEscaped()), true);
        return false;
    }
    const QString name = QString::fromStdString(p.name);
    reloadList(name);
    showMessage(
        tr("Saved profile <b>%1</b>; secrets in %2.")
            .arg(name.toHtmlEscaped(),
                 QString::fromStdString(store_.secretStore().description()).toHtmlEscaped()),
        false);
    emit saved(name);
    emit profilesChanged();
    return true;
}

void ConnectionEditor::chooseProperties() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import client.properties"), QString(),
        tr("Client properties (*.properties *.config *.txt);;All files (*)"));
    if (!path.isEmpty()) importProperties(path);
}

bool ConnectionEditor::importProperties(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showMessage(tr("Cannot read %1: %2").arg(path.toHtmlEscaped(), file.errorString()), true);
        return false;
    }
    const QByteArray text = file.readAll();
    auto kind = static_cast<ProfileKind>(kind_->currentData().toInt());
    if (kind != ProfileKind::Kafka) kind = ProfileKind::ConfluentCloud;
    std::string name = name_->text().trimmed().toStdString();
    if (name.empty() || name == kSandboxName) name = "confluent-cloud";
    try {
        profiles::ImportedSettings imported = profiles::importClientProperties(
            name, kind, std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
        setForm(imported.profile, imported.secrets);
        QStringList notes;
        for (const auto& n : imported.notes)
            notes << QString::fromStdString(n).toHtmlEscaped();
        for (const auto& w : imported.warnings)
            notes << tr("not used: %1").arg(QString::fromStdString(w).toHtmlEscaped());
        showMessage(
            tr("Imported %1.").arg(QFileInfo(path).fileName().toHtmlEscaped()) +
                (notes.isEmpty() ? QString()
                                 : QStringLiteral("<br>") + notes.join(QStringLiteral("<br>"))),
            false);
        return true;
    } catch (const std::exception& e) {
        showMessage(tr("Cannot import %1: %2")
                        .arg(QFileInfo(path).fileName().toHtmlEscaped(),
                             QString::fromUtf8(e.what()).toHtmlEscaped()),
                    true);
        return false;
    }
}

}  // namespace riverdelta::ui
