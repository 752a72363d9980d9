#pragma once

#include <QWidget>
#include <functional>
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
// inform() uses the same strip, in blue, for a result with one action ("Run report saved" +
// Open); like errors, the newest message replaces what the strip showed (the log keeps it).
class NotificationBanner : public QWidget {
    Q_OBJECT
  public:
    explicit NotificationBanner(models::EngineBridge& bridge, QWidget* parent = nullptr);

    void setAutoHideMs(int ms);
    [[nodiscard]] QString text() const;
    [[nodiscard]] int pending() const { return pending_; }
    [[nodiscard]] bool informing() const { return informing_; }
    // The action button of inform() (hidden otherwise).
    [[nodiscard]] QToolButton* actionButton() const { return action_; }

  public slots:
    void notify(const QString& source, const QString& message);
    void inform(const QString& message, const QString& actionText, std::function<void()> onAction);
    void dismiss();

  signals:
    void showLogRequested();

  private:
    void take(const std::vector<core::LogEntry>& entries);
    void setInforming(bool informing);

    QLabel* icon_;
    QLabel* label_;
    QToolButton* showLog_;
    QToolButton* action_;
    std::function<void()> onAction_;
    QToolButton* close_;
    QTimer* hideTimer_;
    int pending_ = 0;
    bool informing_ = false;
};

}  // namespace riverdelta::ui
