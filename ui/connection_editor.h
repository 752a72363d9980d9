#pragma once

#include <QWidget>

#include "engine/profiles/profile.h"
#include "engine/profiles/profile_connections.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace riverdelta::profiles {
class ProfileStore;
}
namespace riverdelta::models {
class ConnectionTester;
}

namespace riverdelta::ui {

// Connection profiles: the built-in sandbox, Kafka, Confluent Cloud (client.properties
// import), Schema Registry and PostgreSQL. Secrets go to the profile store's secret store
// (keychain or 0600 file), never to the profile file. "Test connection" runs off the UI thread
// and shows each check's result inline.
class ConnectionEditor : public QWidget {
    Q_OBJECT
  public:
    explicit ConnectionEditor(profiles::ProfileStore& store, QWidget* parent = nullptr);

    // The form's profile and secrets (what Save would store, what Test uses).
    [[nodiscard]] profiles::Profile formProfile() const;
    [[nodiscard]] profiles::Secrets formSecrets() const;
    void setForm(const profiles::Profile& profile, const profiles::Secrets& secrets);

    [[nodiscard]] QListWidget* profileList() const { return list_; }
    [[nodiscard]] QLineEdit* nameEdit() const { return name_; }
    [[nodiscard]] QComboBox* kindBox() const { return kind_; }
    [[nodiscard]] QLineEdit* bootstrapEdit() const { return bootstrap_; }
    [[nodiscard]] QLineEdit* conninfoEdit() const { return conninfo_; }
    [[nodiscard]] QLineEdit* registryUrlEdit() const { return registryUrl_; }
    [[nodiscard]] QPushButton* testButton() const { return test_; }
    [[nodiscard]] QPushButton* saveButton() const { return save_; }
    [[nodiscard]] QPushButton* useButton() const { return use_; }
    [[nodiscard]] QLabel* resultLabel() const { return result_; }
    [[nodiscard]] bool testing() const;

  public slots:
    void newProfile();
    void testConnection();
    bool saveProfile();
    // Fills the form from a client.properties file (keeps the name and kind when set).
    bool importProperties(const QString& path);
    void chooseProperties();

  signals:
    void saved(const QString& name);
    void tested(bool ok);
    void profilesChanged();  // saved or deleted
    // "Use": work against this saved profile ("sandbox": the local sandbox).
    void useRequested(const QString& name);

  private:
    void reloadList(const QString& select = {});
    void profileSelected();
    void kindChanged();
    void showResult(const profiles::ProfileTestResult& result);
    void showMessage(const QString& html, bool error);
    void deleteProfile();

    profiles::ProfileStore& store_;
    models::ConnectionTester* tester_;
    QListWidget* list_;
    QPushButton* add_;
    QPushButton* remove_;
    QFormLayout* form_;
    QLineEdit* name_;
    QComboBox* kind_;
    QLineEdit* bootstrap_;
    QLineEdit* apiKey_;
    QLineEdit* apiSecret_;
    QPlainTextEdit* properties_;
    QPushButton* import_;
    QLineEdit* registryUrl_;
    QLineEdit* registryKey_;
    QLineEdit* registrySecret_;
    QLineEdit* conninfo_;
    QLineEdit* pgPassword_;
    QLabel* sandboxNote_;
    QPushButton* test_;
    QPushButton* save_;
    QPushButton* use_;
    QLabel* result_;
};

}  // namespace riverdelta::ui
