#pragma once

#include <QFrame>
#include <QPersistentModelIndex>

class QLabel;

namespace riverdelta::ui {

// One service's connection status: name, a state badge, where it listens and what it is (or
// why it failed). Bound to one row of a ServiceStatusModel.
class ServiceCard : public QFrame {
    Q_OBJECT
  public:
    ServiceCard(const QModelIndex& index, QWidget* parent = nullptr);

    [[nodiscard]] QString stateText() const;

  public slots:
    void refresh();

  protected:
    void changeEvent(QEvent* event) override;  // follows palette changes (dark mode)

  private:
    QPersistentModelIndex index_;
    QLabel* title_;
    QLabel* badge_;
    QLabel* endpoint_;
    QLabel* detail_;
    QLabel* error_;
};

}  // namespace riverdelta::ui
