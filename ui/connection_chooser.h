#pragma once

#include <QWidget>
#include <string>

#include "engine/profiles/profile_connections.h"

class QComboBox;
class QLabel;
class QPushButton;

namespace riverdelta::profiles {
class ProfileStore;
}
namespace riverdelta::models {
class EngineBridge;
}

namespace riverdelta::ui {

// What the console works against: per service the local sandbox or a saved profile (Kafka or
// Confluent Cloud, PostgreSQL, Schema Registry). Connect reads the profiles' secrets, points the
// engine at them and remembers the choice for the next start; problems show inline, never in a
// modal box. While a run or a lake sync is going it says what switching ends.
class ConnectionChooser : public QWidget {
    Q_OBJECT
  public:
    ConnectionChooser(models::EngineBridge& bridge, profiles::ProfileStore& store,
                      QWidget* parent = nullptr);

    [[nodiscard]] profiles::ProfileChoice choice() const;  // as the boxes say
    void setChoice(const profiles::ProfileChoice& choice);

    [[nodiscard]] QComboBox* kafkaBox() const { return kafka_; }
    [[nodiscard]] QComboBox* postgresBox() const { return postgres_; }
    [[nodiscard]] QComboBox* registryBox() const { return registry_; }
    [[nodiscard]] QPushButton* connectButton() const { return connect_; }
    [[nodiscard]] QLabel* messageLabel() const { return message_; }

    // The choice saved by the last Connect (QSettings), empty names for the sandbox.
    [[nodiscard]] static profiles::ProfileChoice savedChoice();

  public slots:
    void reload();  // the saved profiles changed
    // Resolves the choice, posts Connect and saves it; false (the reason shown) when a profile
    // cannot be used.
    bool connectChosen();
    // The editor's Use: puts the profile into the box of its kind and connects.
    void useProfile(const QString& name);

  private:
    void fillRegistry();
    void updateNotes();  // on every snapshot: the warning, what is connected now

    models::EngineBridge& bridge_;
    profiles::ProfileStore& store_;
    QComboBox* kafka_;
    QComboBox* postgres_;
    QComboBox* registry_;
    QPushButton* connect_;
    QLabel* warning_;
    QLabel* message_;
    std::string pending_;  // the environment asked for, until the engine works against it
};

}  // namespace riverdelta::ui
