#include "ui/elided_label.h"

#include <QPainter>
#include <QStyle>

namespace riverdelta::ui {

QSize ElidedLabel::minimumSizeHint() const {
    return {fontMetrics().horizontalAdvance(QStringLiteral("Xxxxxxxx…")),
            QLabel::minimumSizeHint().height()};
}

void ElidedLabel::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QRect r = contentsRect();
    const QString shown = fontMetrics().elidedText(text(), Qt::ElideRight, r.width());
    style()->drawItemText(&p, r, static_cast<int>(alignment()), palette(), isEnabled(), shown,
                          foregroundRole());
    updateToolTip(shown);
}

void ElidedLabel::resizeEvent(QResizeEvent* event) {
    QLabel::resizeEvent(event);
    // Also for a label not painted yet (scrolled out of view).
    updateToolTip(fontMetrics().elidedText(text(), Qt::ElideRight, contentsRect().width()));
}

void ElidedLabel::updateToolTip(const QString& shown) {
    // Cut short: the whole text on hover, unless the owner gave a tooltip of its own.
    if (toolTip().isEmpty() || toolTip() == autoToolTip_) {
        autoToolTip_ = shown == text() ? QString() : text();
        if (toolTip() != autoToolTip_) setToolTip(autoToolTip_);
    }
}

}  // namespace riverdelta::ui
