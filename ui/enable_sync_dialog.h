#pragma once

#include <QDialog>
#include <QStringList>
#include <vector>

#include "engine/engine.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace riverdelta::ui {

// A saved S3 storage profile the dialog offers ("Store in your own bucket").
struct StorageChoice {
    QString profile;  // profile name
    QString lake;     // its s3://BUCKET/PREFIX, may be empty (then typed in)
    QString endpoint;
};

// "Enable sync" for one topic: where to store it (a local folder, or a saved S3 storage
// profile), format (Delta), the table's location (prefilled with <lake root>/<topic> or the
// profile's s3://BUCKET/PREFIX/<topic>; a folder picker for folders) and what to do with
// undecodable records.
class EnableSyncDialog : public QDialog {
    Q_OBJECT
  public:
    EnableSyncDialog(const QStringList& topics, const QString& lakeRoot, const QString& topic,
                     QWidget* parent = nullptr, const std::vector<StorageChoice>& storage = {});

    // The command; `storageProfile()` names the S3 profile whose settings the caller fills in.
    [[nodiscard]] command::EnableSync command() const;
    [[nodiscard]] QString storageProfile() const;
    [[nodiscard]] QComboBox* storageBox() const { return storage_; }

    [[nodiscard]] QComboBox* topicBox() const { return topic_; }
    [[nodiscard]] QLineEdit* locationEdit() const { return location_; }
    [[nodiscard]] QComboBox* policyBox() const { return policy_; }
    [[nodiscard]] QDialogButtonBox* buttons() const { return buttons_; }

  private:
    void topicChanged(const QString& topic);
    void chooseFolder();
    void validate();
    void storageChanged();
    [[nodiscard]] QString rootForStorage() const;

    QString lakeRoot_;
    std::vector<StorageChoice> storageChoices_;
    QComboBox* storage_;
    QPushButton* chooser_;
    QLabel* locationHelp_;
    QComboBox* topic_;
    QComboBox* format_;
    QLineEdit* location_;
    QComboBox* policy_;
    QLabel* policyHelp_;
    QDialogButtonBox* buttons_;
    bool locationEdited_ = false;
};

}  // namespace riverdelta::ui
