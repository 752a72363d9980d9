#include "ui/state_badge_delegate.h"

#include <QApplication>
#include <QPainter>

#include "engine/lake/sync/sync_job.h"

namespace riverdelta::ui {

using lake::sync::SyncState;

StateBadgeDelegate::StateBadgeDelegate(int stateRole, QObject* parent)
    : QStyledItemDelegate(parent), stateRole_(stateRole) {}

QColor StateBadgeDelegate::colorOf(int state) {
    switch (static_cast<SyncState>(state)) {
        case SyncState::CaughtUp:
            return QColor(0x2e, 0x7d, 0x32);
        case SyncState::Syncing:
            return QColor(0x15, 0x65, 0xc0);
        case SyncState::Paused:
            return QColor(0xef, 0x9a, 0x00);
        case SyncState::Failed:
        case SyncState::Damaged:
            return QColor(0xc6, 0x28, 0x28);
        case SyncState::Pending:
        case SyncState::Stopped:
            break;
    }
    return QColor(0x75, 0x75, 0x75);
}

void StateBadgeDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                               const QModelIndex& index) const {
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const QString text = index.data(Qt::DisplayRole).toString();
    const QColor fill = colorOf(index.data(stateRole_).toInt());
    const QFontMetrics metrics(option.font);
    const int padding = metrics.height() / 2;
    const int width =
        std::min(metrics.horizontalAdvance(text) + 2 * padding, option.rect.width() - 4);
    const int height = std::min(metrics.height() + 4, option.rect.height() - 2);
    const QRect pill(option.rect.left() + 4, option.rect.center().y() - height / 2, width, height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(pill, height / 2.0, height / 2.0);
    // Black on the light amber, white on the darker fills: readable on any palette.
    painter->setPen(fill.lightnessF() > 0.55 ? Qt::black : Qt::white);
    painter->setFont(option.font);
    painter->drawText(pill, Qt::AlignCenter, text);
    painter->restore();
}

QSize StateBadgeDelegate::sizeHint(const QStyleOptionViewItem& option,
                                   const QModelIndex& index) const {
    const QFontMetrics metrics(option.font);
    const QString text = index.data(Qt::DisplayRole).toString();
    return {metrics.horizontalAdvance(text) + metrics.height() + 8, metrics.height() + 8};
}

}  // namespace riverdelta::ui
