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

#include "engine/lake/storage/lake_location.h"

namespace riverdelta::ui {

using lake::sync::ErrorPolicy;

EnableSyncDialog::EnableSyncDialog(const QStringList& topics, const QString& lakeRoot,
                                   const QString& topic, QWidget* parent,
                                   const std::vector<StorageChoice>& storage)
    : QDialog(parent),
      lakeRoot_(lakeRoot),
      storageChoices_(storage),
      storage_(new QComboBox(this)),
      chooser_(new QPushButton(tr("Choose…"), this)),
      locationHelp_(new QLabel(this)),
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
    connect(chooser_, &QPushButton::clicked, this, &EnableSyncDialog::chooseFolder);
    storage_->setObjectName(QStringLiteral("storageBox"));
    storage_->addItem(tr("Local folder"));
    for (const auto& s : storageChoices_)
        storage_->addItem(tr("Your bucket: S3 profile '%1' (%2)")
                              .arg(s.profile, s.endpoint.isEmpty() ? tr("AWS") : s.endpoint),
                          s.profile);
    storage_->setEnabled(!storageChoices_.empty());
    storage_->setToolTip(
        storageChoices_.empty()
            ? tr("Add an S3 storage profile (riverdelta-cli profile add NAME "
                 "--kind s3 …) to store tables in your own bucket")
            : tr("A local folder, or a bucket through a saved S3 storage profile"));
    locationHelp_->setWordWrap(true);
    locationHelp_->setForegroundRole(QPalette::PlaceholderText);

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
    locationRow->addWidget(chooser_);
    auto* form = new QFormLayout;
    form->addRow(tr("Topic:"), topic_);
    form->addRow(tr("Store in:"), storage_);
    form->addRow(tr("Format:"), format_);
    form->addRow(tr("Location:"), locationRow);
    form->addRow(QString(), locationHelp_);
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
    connect(storage_, &QComboBox::currentIndexChanged, this, &EnableSyncDialog::storageChanged);
    storageChanged();
}

QString EnableSyncDialog::rootForStorage() const {
    const int i = storage_->currentIndex() - 1;
    if (i < 0 || i >= static_cast<int>(storageChoices_.size())) return lakeRoot_;
    const QString lake = storageChoices_[static_cast<std::size_t>(i)].lake;
    return lake.isEmpty() ? QStringLiteral("s3://BUCKET/PREFIX") : lake;
}

void EnableSyncDialog::storageChanged() {
    const bool s3 = storage_->currentIndex() > 0;
    chooser_->setEnabled(!s3);
    locationHelp_->setText(s3 ? tr("Commits are conditional writes (If-None-Match), checked "
                                   "once against the bucket before the first one.")
                              : QString());
    locationHelp_->setVisible(s3);
    adjustSize();  // room for the help line
    locationEdited_ = false;
    topicChanged(topic_->currentText());
}

void EnableSyncDialog::topicChanged(const QString& topic) {
    if (!locationEdited_) {
        const QString root = rootForStorage();
        location_->setText(topic.isEmpty() ? QString()
                           : root.startsWith(QStringLiteral("s3://"))
                               ? root + QLatin1Char('/') + topic
                               : QDir::cleanPath(root + QLatin1Char('/') + topic));
    }
    validate();
}

QString EnableSyncDialog::storageProfile() const {
    return storage_->currentData().toString();
}

void EnableSyncDialog::chooseFolder() {
    const QString start = location_->text().isEmpty() ? lakeRoot_ : location_->text();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Delta table folder"), start);
    if (dir.isEmpty()) return;
    locationEdited_ = true;
    location_->setText(dir);
}

void EnableSyncDialog::validate() {
    const QString location = location_->text().trimmed();
    // An S3 profile stores in a bucket: the location must be an s3:// URL, and a folder is
    // never one (parsed the engine's way).
    bool ok = !topic_->currentText().trimmed().isEmpty() && !location.isEmpty();
    if (ok) {
        try {
            const auto parsed = lake::storage::LakeLocation::parse(location.toStdString());
            ok = parsed.isS3() == (storage_->currentIndex() > 0);
        } catch (const std::exception&) {
            ok = false;
        }
    }
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

command::EnableSync EnableSyncDialog::command() const {
    command::EnableSync c;
    c.topic = topic_->currentText().trimmed().toStdString();
    c.location = location_->text().trimmed().toStdString();
    c.errorPolicy = static_cast<ErrorPolicy>(policy_->currentData().toInt());
    return c;
}

}  // namespace riverdelta::ui
