#include "ui/confluent_cloud_dialog.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "engine/profiles/profile_store.h"
#include "models/connection_tester.h"

namespace riverdelta::ui {

namespace {

QString failed(const QString& text) {
    return QStringLiteral("<span style='color:#e53935'>✖</span> ") + text;
}
QString passed(const QString& text) {
    return QStringLiteral("<span style='color:#2e9d3a'>✔</span> ") + text;
}

QLabel* statusLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

}  // namespace

ConfluentCloudDialog::ConfluentCloudDialog(profiles::ProfileStore& store, QWidget* parent)
    : QDialog(parent),
      store_(store),
      tester_(new models::ConnectionTester(this)),
      name_(new QLineEdit(QStringLiteral("confluent-cloud"), this)),
      choose_(new QPushButton(tr("Choose client.properties…"), this)),
      imported_(statusLabel(this)),
      test_(new QPushButton(tr("Test connection"), this)),
      tested_(statusLabel(this)),
      save_(new QPushButton(tr("Save profile"), this)),
      savedLabel_(statusLabel(this)) {
    setWindowTitle(tr("Connect to Confluent Cloud"));
    setObjectName(QStringLiteral("confluentCloudDialog"));
    setModal(false);

    auto* step1 = new QGroupBox(tr("1. Import the cluster's client settings"), this);
    intro_ = new QLabel(
        tr("In Confluent Cloud open your cluster, then <i>Clients → New client → C/C++</i> (or "
           "any language), create an API key and download the <b>client.properties</b> file it "
           "offers. It holds the bootstrap servers, the API key and secret, and the Schema "
           "Registry settings if you add them."),
        step1);
    intro_->setWordWrap(true);
    auto* s1 = new QVBoxLayout(step1);
    s1->addWidget(intro_);
    auto* nameRow = new QFormLayout;
    nameRow->addRow(tr("Profile name:"), name_);
    s1->addLayout(nameRow);
    auto* chooseRow = new QHBoxLayout;
    chooseRow->addWidget(choose_);
    chooseRow->addStretch(1);
    s1->addLayout(chooseRow);
    s1->addWidget(imported_);

    auto* step2 = new QGroupBox(tr("2. Test the connection"), this);
    auto* s2 = new QVBoxLayout(step2);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(test_);
    testRow->addStretch(1);
    s2->addLayout(testRow);
    s2->addWidget(tested_);

    auto* step3 = new QGroupBox(tr("3. Save it"), this);
    auto* s3 = new QVBoxLayout(step3);
    auto* saveRow = new QHBoxLayout;
    saveRow->addWidget(save_);
    saveRow->addStretch(1);
    s3->addLayout(saveRow);
    s3->addWidget(savedLabel_);

    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(step1);
    layout->addWidget(step2);
    layout->addWidget(step3);
    layout->addStretch(1);
    layout->addWidget(close);
    layout->setSizeConstraint(QLayout::SetMinimumSize);

    connect(choose_, &QPushButton::clicked, this, &ConfluentCloudDialog::chooseFile);
    connect(test_, &QPushButton::clicked, this, &ConfluentCloudDialog::testConnection);
    connect(save_, &QPushButton::clicked, this, &ConfluentCloudDialog::saveProfile);
    connect(tester_, &models::ConnectionTester::finished, this,
            [this](const profiles::ProfileTestResult& result) {
                QStringList lines;
                for (const auto& c : result.checks) {
                    const QString line =
                        QStringLiteral("<b>%1</b>: %2")
                            .arg(QString::fromStdString(c.what).toHtmlEscaped(),
                                 QString::fromStdString(c.message).toHtmlEscaped());
                    lines << (c.ok ? passed(line) : failed(line));
                }
                tested_->setText(lines.join(QStringLiteral("<br>")));
                updateButtons();
            });
    resize(600, sizeHint().height());
    updateButtons();
}

void ConfluentCloudDialog::fitContents() {
    // Wrapped labels do not make a layout taller by themselves: give each the height its text
    // needs at its width, and the dialog (SetMinimumSize) grows instead of clipping them.
    if (!intro_) return;
    for (QLabel* label : {intro_, imported_, tested_, savedLabel_}) {
        const int w = isVisible() && label->width() > 50 ? label->width() : width() - 60;
        label->setMinimumHeight(label->text().isEmpty() ? 0 : label->heightForWidth(w));
    }
}

void ConfluentCloudDialog::resizeEvent(QResizeEvent* event) {
    QDialog::resizeEvent(event);
    fitContents();
}

void ConfluentCloudDialog::updateButtons() {
    test_->setEnabled(settings_.has_value() && !tester_->running());
    save_->setEnabled(settings_.has_value());
    fitContents();
}

void ConfluentCloudDialog::chooseFile() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("client.properties"), QString(),
        tr("Client properties (*.properties *.config *.txt);;All files (*)"));
    if (!path.isEmpty()) importFile(path);
}

bool ConfluentCloudDialog::importFile(const QString& path) {
    settings_.reset();
    tested_->clear();
    savedLabel_->clear();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        imported_->setText(
            failed(tr("Cannot read %1: %2")
                       .arg(path.toHtmlEscaped(), file.errorString().toHtmlEscaped())));
        updateButtons();
        return false;
    }
    const QByteArray text = file.readAll();
    try {
        settings_ = profiles::importClientProperties(
            name_->text().trimmed().toStdString(), profiles::ProfileKind::ConfluentCloud,
            std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
        const auto& p = settings_->profile;
        QString summary = tr("Cluster <b>%1</b>, API key <b>%2</b>")
                              .arg(QString::fromStdString(p.bootstrap).toHtmlEscaped(),
                                   QString::fromStdString(p.apiKey).toHtmlEscaped());
        if (!p.registryUrl.empty())
            summary += tr(", Schema Registry %1")
                           .arg(QString::fromStdString(p.registryUrl).toHtmlEscaped());
        imported_->setText(passed(summary));
    } catch (const std::exception& e) {
        imported_->setText(failed(tr("%1: %2").arg(QFileInfo(path).fileName().toHtmlEscaped(),
                                                   QString::fromUtf8(e.what()).toHtmlEscaped())));
    }
    updateButtons();
    return settings_.has_value();
}

void ConfluentCloudDialog::testConnection() {
    if (!settings_) return;
    if (!tester_->start(settings_->profile, settings_->secrets)) return;
    tested_->setText(
        tr("Connecting to %1…")
            .arg(QString::fromStdString(settings_->profile.bootstrap).toHtmlEscaped()));
    updateButtons();
}

bool ConfluentCloudDialog::saveProfile() {
    if (!settings_) return false;
    profiles::Profile p = settings_->profile;
    p.name = name_->text().trimmed().toStdString();
    try {
        profiles::validateProfileName(p.name);
        store_.save(p, settings_->secrets, /*replace=*/true);
    } catch (const std::exception& e) {
        savedLabel_->setText(failed(QString::fromUtf8(e.what()).toHtmlEscaped()));
        return false;
    }
    savedLabel_->setText(passed(
        tr("Saved as <b>%1</b>; the secret is in %2.")
            .arg(QString::fromStdString(p.name).toHtmlEscaped(),
                 QString::fromStdString(store_.secretStore().description()).toHtmlEscaped())));
    emit saved(QString::fromStdString(p.name));
    return true;
}

}  // namespace riverdelta::ui
