#pragma once

#include <QFrame>
#include <QString>
#include <filesystem>
#include <optional>

namespace riverdelta {
struct EngineSnapshot;
struct SandboxEndpoints;
}  // namespace riverdelta
namespace riverdelta::models {
class EngineBridge;
}

class QLabel;
class QToolButton;

namespace riverdelta::ui {

// "Connect your own tools": the Kafka bootstrap, a `kcat -L -b …` line and a `psql …` line for
// what the console is connected to, each with a Copy button. Never a password: the sandbox's
// psql line reads it from the sandbox's credentials file (PGPASSWORD="$(cat …)"), a profile's
// lets psql ask for it.
class ConnectToolsPanel : public QFrame {
    Q_OBJECT
  public:
    struct Lines {
        QString bootstrap;  // empty until Kafka is connected
        QString kcat;
        QString kcatNote;  // what else a secured cluster needs
        QString psql;      // empty until PostgreSQL is connected
        QString psqlNote;
    };
    // The lines for a snapshot; `sandbox` tells which services are the local sandbox's, whose
    // files live below `dataDirectory`.
    [[nodiscard]] static Lines linesFor(const EngineSnapshot& snapshot,
                                        const std::optional<SandboxEndpoints>& sandbox,
                                        const std::filesystem::path& dataDirectory);

    explicit ConnectToolsPanel(models::EngineBridge& bridge, QWidget* parent = nullptr);

    [[nodiscard]] const Lines& lines() const { return lines_; }
    // The Copy buttons: "copy:bootstrap", "copy:kcat", "copy:psql" (objectName).
    [[nodiscard]] QToolButton* copyButton(const QString& what) const;

  public slots:
    void refresh();

  private:
    struct Row {
        QLabel* caption = nullptr;
        QLabel* line = nullptr;
        QToolButton* copy = nullptr;
    };
    Row addRow(const QString& what, const QString& caption, int gridRow);
    void showLine(Row& row, const QString& text, const QString& note);

    models::EngineBridge& bridge_;
    Lines lines_;
    QLabel* empty_;
    QLabel* notes_;
    Row bootstrap_, kcat_, psql_;
};

}  // namespace riverdelta::ui
