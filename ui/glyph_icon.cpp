#include "ui/glyph_icon.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace riverdelta::ui {

QIcon glyphIcon(Glyph glyph, const QColor& color) {
    QIcon icon;
    for (int size : {16, 20, 24, 32, 40, 48, 64, 96}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        const double m = size * 0.2;  // margin
        if (glyph == Glyph::Play) {
            QPainterPath path;
            path.moveTo(m + size * 0.05, m);
            path.lineTo(size - m, size / 2.0);
            path.lineTo(m + size * 0.05, size - m);
            path.closeSubpath();
            p.drawPath(path);
        } else {
            p.drawRoundedRect(QRectF(m, m, size - 2 * m, size - 2 * m), size * 0.06, size * 0.06);
        }
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

}  // namespace riverdelta::ui
