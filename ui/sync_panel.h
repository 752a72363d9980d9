#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QSplitter;
class QTableView;

namespace riverdelta::models {
class EngineBridge;
class SyncMemory;
class SyncStatusModel;
}  // namespace riverdelta::models

namespace riverdelta::profiles {
class ProfileStore;
}

namespace riverdelta::ui {

class EnableSyncDialog;
class TablePage;

// "Enable Tableflow": turn topics into Delta tables and watch them: a status table (state
// badge, version, rows, lag, freshness, last commit, last error) with pause, resume, disable
// and open folder for the selected topic, and below it the selected table's page (TablePage).
// Enabled syncs are remembered per Kafka connection and resumed at the next start
// (models::SyncMemory); Disable forgets one.
class SyncPanel : public QWidget {
    Q_OBJECT
  public:
    explicit SyncPanel(models::EngineBridge& bridge, QWidget* parent = nullptr);

    [[nodiscard]] QTableView* statusView() const { return table_; }
    [[nodiscard]] models::SyncStatusModel* model() const { return model_; }
    [[nodiscard]] QPushButton* pauseButton() const { return pause_; }
    [[nodiscard]] QPushButton* resumeButton() const { return resume_; }
    [[nodiscard]] QPushButton* disableButton() const { return disable_; }
    [[nodiscard]] TablePage* tablePage() const { return page_; }
    [[nodiscard]] models::SyncMemory* memory() const { return memory_; }
    // The open Enable sync dialog, if any (it is window-modal, never application-modal).
    [[nodiscard]] EnableSyncDialog* enableDialog() const { return dialog_; }
    // Where S3 storage profiles come from (Enable sync offers them); none: local folders only.
    void setProfileStore(profiles::ProfileStore* store);

  public slots:
    // Opens the Enable sync dialog with `topic` preselected; OK posts EnableSync.
    void showEnableDialog(const QString& topic = {});

  private:
    [[nodiscard]] QString selectedTopic() const;
    void updateActions();

    models::EngineBridge& bridge_;
    models::SyncStatusModel* model_;
    QTableView* table_;
    QLabel* empty_;
    QPushButton* enable_;
    QPushButton* pause_;
    QPushButton* resume_;
    QPushButton* disable_;
    QPushButton* openFolder_;
    QSplitter* splitter_;
    TablePage* page_;
    models::SyncMemory* memory_;
    EnableSyncDialog* dialog_ = nullptr;
    profiles::ProfileStore* profiles_ = nullptr;
};

}  // namespace riverdelta::ui
