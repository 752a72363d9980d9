#pragma once

#include <QFrame>
#include <vector>

#include "engine/scenario/diagnostic.h"

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace riverdelta::ui {

// Why the last scenario could not be loaded: one line per problem with its file and JSON
// pointer. Shown above the pipeline while there are problems; double-clicking a line shows
// where it is (file and pointer) in the status bar and copies it.
class ProblemsView : public QFrame {
    Q_OBJECT
  public:
    explicit ProblemsView(QWidget* parent = nullptr);

    void setProblems(const std::vector<scenario::Diagnostic>& problems);
    [[nodiscard]] QTreeWidget* list() const { return list_; }

  protected:
    void changeEvent(QEvent* event) override;

  signals:
    void locationActivated(const QString& location);  // "FILE:POINTER"

  private:
    void renderTitle();

    QLabel* title_;
    QTreeWidget* list_;
    std::vector<scenario::Diagnostic> shown_;
};

}  // namespace riverdelta::ui
