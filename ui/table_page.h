#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace riverdelta::models {
class EngineBridge;
class TableDetailsModel;
}  // namespace riverdelta::models

namespace riverdelta::ui {

// One synced topic's Delta table, the way Confluent Tableflow shows it: state, storage location
// (copyable), rows / files / size / version / lag / freshness / last commit / last maintenance,
// then tabs: the newest 20 rows read from the table, the schema with its Delta types, the
// commit history, and code that reads the table from DuckDB, Spark or delta-rs (copyable).
class TablePage : public QWidget {
    Q_OBJECT
  public:
    explicit TablePage(models::EngineBridge& bridge, QWidget* parent = nullptr);

    void setTopic(const QString& topic);
    [[nodiscard]] models::TableDetailsModel* model() const { return model_; }
    [[nodiscard]] QLabel* stateLabel() const { return state_; }
    [[nodiscard]] QLabel* locationLabel() const { return location_; }
    [[nodiscard]] QLabel* freshnessLabel() const { return freshness_; }
    [[nodiscard]] QLabel* figuresLabel() const { return figures_; }
    [[nodiscard]] QPushButton* copyLocationButton() const { return copyLocation_; }
    [[nodiscard]] QTabWidget* tabs() const { return tabs_; }
    [[nodiscard]] QTableView* previewView() const { return preview_; }
    [[nodiscard]] QTableView* schemaView() const { return schema_; }
    [[nodiscard]] QTableView* historyView() const { return history_; }
    [[nodiscard]] QComboBox* toolBox() const { return tool_; }
    [[nodiscard]] QPlainTextEdit* snippetView() const { return snippet_; }
    [[nodiscard]] QPushButton* copySnippetButton() const { return copySnippet_; }

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void useFixedFont();
    void updateStatus();
    void updateDetails();
    void updateSnippet();

    models::TableDetailsModel* model_;
    QLabel* title_;
    QLabel* state_;
    QLabel* location_;
    QPushButton* copyLocation_;
    QLabel* figures_;
    QLabel* freshness_;
    QLabel* maintenance_;
    QLabel* readNote_;
    QTabWidget* tabs_;
    QTableView* preview_;
    QTableView* schema_;
    QTableView* history_;
    QComboBox* tool_;
    QPlainTextEdit* snippet_;
    QPushButton* copySnippet_;
};

}  // namespace riverdelta::ui
