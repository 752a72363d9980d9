#pragma once

#include <QStyledItemDelegate>

namespace riverdelta::ui {

// Draws a sync state as a coloured pill (Caught up green, Syncing blue, Paused amber, Failed
// red, Pending/Stopped grey) whose text contrasts in light and dark palettes. The state comes
// from `stateRole` (lake::sync::SyncState as int), the text from the display role.
class StateBadgeDelegate : public QStyledItemDelegate {
    Q_OBJECT
  public:
    explicit StateBadgeDelegate(int stateRole, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    static QColor colorOf(int state);

  private:
    int stateRole_;
};

}  // namespace riverdelta::ui
