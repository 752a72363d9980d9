#pragma once

#include <QDialog>
#include <QStringList>

#include "engine/engine.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace riverdelta::ui {

// "Enable sync" for one topic: format (Delta), the table's folder (prefilled with
// <lake root>/<topic>, a folder picker beside it) and what to do with undecodable records.
class EnableSyncDialog : public QDialog {
    Q_OBJECT
  public:
    EnableSyncDialog(const QStringList& topics, const QString& lakeRoot, const QString& topic,
                     QWidget* parent = nullptr);

    [[nodiscard]] command::EnableSync command() const;

    [[nodiscard]] QComboBox* topicBox() const { return topic_; }
    [[nodiscard]] QLineEdit* locationEdit() const { return location_; }
    [[nodiscard]] QComboBox* policyBox() const { return policy_; }
    [[nodiscard]] QDialogButtonBox* buttons() const { return buttons_; }

  private:
    void topicChanged(const QString& topic);
    void chooseFolder();
    void validate();

    QString lakeRoot_;
    QComboBox* topic_;
    QComboBox* format_;
    QLineEdit* location_;
    QComboBox* policy_;
    QLabel* policyHelp_;
    QDialogButtonBox* buttons_;
    bool locationEdited_ = false;
};

}  // namespace riverdelta::ui
