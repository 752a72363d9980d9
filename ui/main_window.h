#pragma once

#include <QMainWindow>
#include <vector>

#include "engine/core/log.h"

class QLabel;
class QPlainTextEdit;
class QTabWidget;

namespace riverdelta::profiles {
class ProfileStore;
}
namespace riverdelta::models {
class EngineBridge;
class ServiceStatusModel;
}  // namespace riverdelta::models

namespace riverdelta::ui {

class ServiceCard;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(models::EngineBridge& bridge, QWidget* parent = nullptr);

    [[nodiscard]] ServiceCard* kafkaCard() const { return kafkaCard_; }
    [[nodiscard]] ServiceCard* postgresCard() const { return postgresCard_; }

    // The Connections tab and Help → Connect to Confluent Cloud… (the store outlives the window).
    void addConnections(profiles::ProfileStore& store);

  public slots:
    void showAbout();

  private:
    void createMenus();
    void appendLog(const std::vector<core::LogEntry>& entries);
    void updateStatusBar();

    models::EngineBridge& bridge_;
    models::ServiceStatusModel* services_;
    ServiceCard* kafkaCard_;
    ServiceCard* postgresCard_;
    QPlainTextEdit* log_;
    QLabel* statusSummary_;
    QTabWidget* panels_;
};

}  // namespace riverdelta::ui
