#include "ui/enable_sync_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace riverdelta::ui {

using lake::sync::ErrorPolicy;

EnableSyncDialog::EnableSyncDialog(const QStringList& topics, const QString& lakeRoot,
                                   const QString& topic, QWidget* parent)
    : QDialog(parent),
      lakeRoot_(lakeRoot),
      topic_(new QComboBox(this)),
      format_(new QComboBox(this)),
      location_(new QLineEdit(this)),
      policy_(new QComboBox(this)),
      policyHelp_(new QLabel(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Enable lake sync"));
    setObjectName(QStringLiteral("enableSyncDialog"));

    topic_->setEditable(true);
    topic_->addItems(topics);
    topic_->setCurrentText(topic);
    topic_->setMinimumContentsLength(24);
    format_->addItem(tr("Delta Lake"));
    format_->setToolTip(
        tr("Parquet files and a _delta_log, readable by Spark, DuckDB, "
           "delta-rs and Databricks"));
    location_->setMinimumWidth(380);
    connect(location_, &QLineEdit::textEdited, this, [this] { locationEdited_ = true; });
    auto* chooser = new QPushButton(tr("Choose…"), this);
    connect(chooser, &QPushButton::clicked, this, &EnableSyncDialog::chooseFolder);

    policy_->addItem(tr("Suspend at the record"), static_cast<int>(ErrorPolicy::Suspend));
    policy_->addItem(tr("Skip and count it"), static_cast<int>(ErrorPolicy::Skip));
    policy_->addItem(tr("Log it to <topic>.dlq"), static_cast<int>(ErrorPolicy::Log));
    policyHelp_->setWordWrap(true);
    policyHelp_->setForegroundRole(QPalette::PlaceholderText);
    auto updateHelp = [this] {
        switch (static_cast<ErrorPolicy>(policy_->currentData().toInt())) {
            case ErrorPolicy::Suspend:
                policyHelp_->setText(
                    tr("Commits what came before a record it cannot decode and "
                       "pauses there with the offset and the reason."));
                break;
            case ErrorPolicy::Skip:
                policyHelp_->setText(tr("Leaves undecodable records out and counts them."));
                break;
            case ErrorPolicy::Log:
                policyHelp_->setText(
                    tr("Sends undecodable records with the error to the "
                       "dead-letter topic <topic>.dlq and counts them."));
                break;
        }
    };
    connect(policy_, &QComboBox::currentIndexChanged, this, updateHelp);
    updateHelp();

    auto* locationRow = new QHBoxLayout;
    locationRow->addWidget(location_, 1);
    locationRow->addWidget(chooser);
    auto* form = new QFormLayout;
    form->addRow(tr("Topic:"), topic_);
    form->addRow(tr("Format:"), format_);
    form->addRow(tr("Location:"), locationRow);
    form->addRow(tr("Undecodable records:"), policy_);
    form->addRow(QString(), policyHelp_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons_);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Enable sync"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(topic_, &QComboBox::currentTextChanged, this, &EnableSyncDialog::topicChanged);
    connect(location_, &QLineEdit::textChanged, this, &EnableSyncDialog::validate);
    topicChanged(topic_->currentText());
}

void EnableSyncDialog::topicChanged(const QString& topic) {
    if (!locationEdited_)
        location_->setText(topic.isEmpty() ? QString()
                                           : QDir::cleanPath(lakeRoot_ + QLatin1Char('/') + topic));
    validate();
}

void EnableSyncDialog::chooseFolder() {
    const QString start = location_->text().isEmpty() ? lakeRoot_ : location_->text();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Delta table folder"), start);
    if (dir.isEmpty()) return;
    locationEdited_ = true;
    location_->setText(dir);
}

void EnableSyncDialog::validate() {
    buttons_->button(QDialogButtonBox::Ok)
        ->setEnabled(!topic_->currentText().trimmed().isEmpty() &&
                     !location_->text().trimmed().isEmpty());
}

command::EnableSync EnableSyncDialog::command() const {
    command::EnableSync c;
    c.topic = topic_->currentText().trimmed().toStdString();
    c.location = location_->text().trimmed().toStdString();
    c.errorPolicy = static_cast<ErrorPolicy>(policy_->currentData().toInt());
    return c;
}

}  // namespace riverdelta::ui
