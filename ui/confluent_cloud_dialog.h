#pragma once

#include <QDialog>
#include <optional>

#include "engine/profiles/profile_connections.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace riverdelta::profiles {
class ProfileStore;
}
namespace riverdelta::models {
class ConnectionTester;
}

namespace riverdelta::ui {

// Help → "Connect to Confluent Cloud…": three steps in one non-modal window: import the
// client.properties Confluent Cloud offers for download, test the connection, save it as a
// profile (secrets into the keychain).
class ConfluentCloudDialog : public QDialog {
    Q_OBJECT
  public:
    explicit ConfluentCloudDialog(profiles::ProfileStore& store, QWidget* parent = nullptr);

    [[nodiscard]] QLineEdit* nameEdit() const { return name_; }
    [[nodiscard]] QLabel* importStatus() const { return imported_; }
    [[nodiscard]] QLabel* testStatus() const { return tested_; }
    [[nodiscard]] QPushButton* testButton() const { return test_; }
    [[nodiscard]] QPushButton* saveButton() const { return save_; }

  public slots:
    bool importFile(const QString& path);
    void testConnection();
    bool saveProfile();

  signals:
    void saved(const QString& name);

  private:
    void chooseFile();
    void updateButtons();
    void fitContents();
    void resizeEvent(QResizeEvent* event) override;

    profiles::ProfileStore& store_;
    models::ConnectionTester* tester_;
    std::optional<profiles::ImportedSettings> settings_;
    QLabel* intro_ = nullptr;
    QLineEdit* name_;
    QPushButton* choose_;
    QLabel* imported_;
    QPushButton* test_;
    QLabel* tested_;
    QPushButton* save_;
    QLabel* savedLabel_;
};

}  // namespace riverdelta::ui
