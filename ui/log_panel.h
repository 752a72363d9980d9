#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace riverdelta::models {
class EngineBridge;
class LogFilterModel;
class LogModel;
}  // namespace riverdelta::models

namespace riverdelta::ui {

// The engine's log with a level filter and a text search; follows new entries while scrolled
// to the bottom.
class LogPanel : public QWidget {
    Q_OBJECT
  public:
    explicit LogPanel(models::EngineBridge& bridge, QWidget* parent = nullptr);

    [[nodiscard]] QComboBox* levelBox() const { return level_; }
    [[nodiscard]] QLineEdit* searchEdit() const { return search_; }
    [[nodiscard]] QTableView* view() const { return view_; }
    [[nodiscard]] models::LogModel* model() const { return model_; }
    [[nodiscard]] models::LogFilterModel* filter() const { return filter_; }

  private:
    void updateCount();

    models::LogModel* model_;
    models::LogFilterModel* filter_;
    QComboBox* level_;
    QLineEdit* search_;
    QLabel* count_;
    QTableView* view_;
};

}  // namespace riverdelta::ui
