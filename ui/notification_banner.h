#pragma once

#include <QWidget>
#include <vector>

#include "engine/core/log.h"

class QLabel;
class QTimer;
class QToolButton;

namespace riverdelta::models {
class EngineBridge;
}

namespace riverdelta::ui {

// A non-modal strip that shows engine errors as they happen (never a blocking message box):
// the newest error with its source, "+N more" when several arrived, a Show log action and a
// close button. It hides itself after a while; the main window puts it above its content.
class NotificationBanner : public QWidget {
    Q_OBJECT
  public:
    explicit NotificationBanner(models::EngineBridge& bridge, QWidget* parent = nullptr);

    void setAutoHideMs(int ms);
    [[nodiscard]] QString text() const;
    [[nodiscard]] int pending() const { return pending_; }

  public slots:
    void notify(const QString& source, const QString& message);
    void dismiss();

  signals:
    void showLogRequested();

  private:
    void take(const std::vector<core::LogEntry>& entries);

    QLabel* icon_;
    QLabel* label_;
    QToolButton* showLog_;
    QToolButton* close_;
    QTimer* hideTimer_;
    int pending_ = 0;
};

}  // namespace riverdelta::ui
