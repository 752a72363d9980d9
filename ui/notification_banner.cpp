#include "ui/notification_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include "models/engine_bridge.h"

namespace riverdelta::ui {

NotificationBanner::NotificationBanner(models::EngineBridge& bridge, QWidget* parent)
    : QWidget(parent),
      icon_(new QLabel(this)),
      label_(new QLabel(this)),
      showLog_(new QToolButton(this)),
      action_(new QToolButton(this)),
      close_(new QToolButton(this)),
      hideTimer_(new QTimer(this)) {
    setObjectName(QStringLiteral("notificationBanner"));
    setAttribute(Qt::WA_StyledBackground);
    // A fixed red strip (blue for a result) with white text: the same in light and dark palettes.
    setStyleSheet(QStringLiteral(
        "#notificationBanner { background: #b71c1c; border-radius: 4px; }"
        "#notificationBanner[informing=\"true\"] { background: #1d4f80; }"
        "#notificationBanner QLabel { color: white; }"
        "#notificationBanner QToolButton { color: white; border: 1px solid rgba(255,255,255,0.6);"
        " border-radius: 3px; padding: 2px 8px; background: transparent; }"
        "#notificationBanner QToolButton:hover { background: rgba(255,255,255,0.15); }"));
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon_->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxCritical).pixmap(iconSize));
    label_->setObjectName(QStringLiteral("notificationText"));
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    showLog_->setText(tr("Show log"));
    close_->setText(tr("Dismiss"));
    close_->setToolTip(tr("Hide this message (it stays in the log)"));
    action_->setObjectName(QStringLiteral("notificationAction"));
    action_->hide();
    connect(action_, &QToolButton::clicked, this, [this] {
        const auto run = onAction_;  // dismiss() clears it
        dismiss();
        if (run) run();
    });
    connect(showLog_, &QToolButton::clicked, this, &NotificationBanner::showLogRequested);
    connect(close_, &QToolButton::clicked, this, &NotificationBanner::dismiss);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(icon_);
    layout->addWidget(label_, 1);
    layout->addWidget(action_);
    layout->addWidget(showLog_);
    layout->addWidget(close_);

    hideTimer_->setSingleShot(true);
    hideTimer_->setInterval(15000);
    connect(hideTimer_, &QTimer::timeout, this, &NotificationBanner::dismiss);
    connect(&bridge, &models::EngineBridge::logged, this, &NotificationBanner::take);
    hide();
}

void NotificationBanner::setAutoHideMs(int ms) {
    hideTimer_->setInterval(ms);
}

QString NotificationBanner::text() const {
    return label_->text();
}

void NotificationBanner::take(const std::vector<core::LogEntry>& entries) {
    for (const auto& e : entries)
        if (e.level == core::LogLevel::Error)
            notify(QString::fromStdString(e.source), QString::fromStdString(e.message));
}

void NotificationBanner::setInforming(bool informing) {
    informing_ = informing;
    setProperty("informing", informing);
    style()->unpolish(this);
    style()->polish(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon_->setPixmap(style()
                         ->standardIcon(informing ? QStyle::SP_MessageBoxInformation
                                                  : QStyle::SP_MessageBoxCritical)
                         .pixmap(iconSize));
    action_->setVisible(informing);
    showLog_->setVisible(!informing);
    if (!informing) onAction_ = nullptr;
}

void NotificationBanner::inform(const QString& message, const QString& actionText,
                                std::function<void()> onAction) {
    // The newest message wins, as between errors: those shown before stay in the log.
    pending_ = 0;
    setInforming(true);
    onAction_ = std::move(onAction);
    action_->setText(actionText);
    label_->setText(message.toHtmlEscaped());
    show();
    hideTimer_->start();
}

void NotificationBanner::notify(const QString& source, const QString& message) {
    if (informing_) {
        setInforming(false);
        pending_ = 0;
    }
    ++pending_;
    QString text =
        QStringLiteral("<b>%1</b>: %2").arg(source.toHtmlEscaped(), message.toHtmlEscaped());
    if (pending_ > 1) text += tr(" <i>(+%1 more in the log)</i>").arg(pending_ - 1);
    label_->setText(text);
    show();
    hideTimer_->start();
}

void NotificationBanner::dismiss() {
    if (informing_) setInforming(false);
    pending_ = 0;
    hideTimer_->stop();
    hide();
}

}  // namespace riverdelta::ui
